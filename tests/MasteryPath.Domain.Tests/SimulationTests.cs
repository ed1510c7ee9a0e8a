using MasteryPath.Domain.Simulation;

namespace MasteryPath.Domain.Tests;

public class SimulationTests
{
    [Fact]
    public void A_higher_bar_costs_more_questions_and_buys_fewer_false_masteries_and_the_estimate_repeats()
    {
        var policy = new Mastery.MasteryPolicy();
        var estimates = new[] { 0.80, 0.90, 0.95, 0.99 }.Select(bar => BarWhatIf.Estimate(bar, policy)).ToList();

        for (var i = 1; i < estimates.Count; i++)
        {
            Assert.True(estimates[i].ItemsPerSkill > estimates[i - 1].ItemsPerSkill, $"{estimates[i].Bar}: {estimates[i].ItemsPerSkill:0.0} questions, not more than {estimates[i - 1].ItemsPerSkill:0.0} at {estimates[i - 1].Bar}");
        }

        Assert.True(estimates[^1].FalseMasteryRate < estimates[0].FalseMasteryRate, $"false mastery {estimates[^1].FalseMasteryRate:P1} at 0.99 against {estimates[0].FalseMasteryRate:P1} at 0.80");
        Assert.All(estimates, e => Assert.InRange(e.FalseMasteryRate, 0, 1));
        Assert.Equal(estimates[2], BarWhatIf.Estimate(0.95, policy));

        // A stricter check (5 of 5) at the same bar costs more and lets fewer through unmastered.
        var strict = BarWhatIf.Estimate(0.95, policy with { CheckPassRatio = 1.0 });
        Assert.True(strict.ItemsPerSkill > estimates[2].ItemsPerSkill);
        Assert.True(strict.FalseMasteryRate <= estimates[2].FalseMasteryRate);
    }

    private static int? DeclaredAt(IMasteryRule rule, string answers)
    {
        var tracker = rule.Start();
        for (var i = 0; i < answers.Length; i++)
        {
            if (tracker.Observe(answers[i] == '1'))
            {
                return i + 1;
            }
        }

        return null;
    }

    [Fact]
    public void Simulation_is_deterministic_for_a_seed()
    {
        var first = MasterySimulator.SimulateAll(200, 5);
        var second = MasterySimulator.SimulateAll(200, 5);
        var other = MasterySimulator.SimulateAll(200, 6);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(new ClassWhatIf().Run(5), new ClassWhatIf().Run(5));
    }

    [Fact]
    public void Three_in_a_row_declares_at_the_third_consecutive_correct()
    {
        var rule = new InARowRule();

        Assert.Equal(3, DeclaredAt(rule, "111"));
        Assert.Equal(6, DeclaredAt(rule, "110111"));
        Assert.Null(DeclaredAt(rule, "11011011"));
    }

    [Fact]
    public void Eighty_percent_of_last_ten_needs_ten_answers_and_eight_right()
    {
        var rule = new LastWindowRule();

        Assert.Null(DeclaredAt(rule, "111111111"));
        Assert.Equal(10, DeclaredAt(rule, "1111111111"));
        Assert.Equal(10, DeclaredAt(rule, "0111011111"));
        Assert.Null(DeclaredAt(rule, "0001111111"));
        Assert.Equal(11, DeclaredAt(rule, "00011111111"));
    }

    [Fact]
    public void Smartscore_gains_diminish_and_misses_cost_more_when_high()
    {
        var rule = new SmartScoreRule();

        Assert.Equal(15, SmartScoreRule.Next(0, true), 9);
        Assert.True(SmartScoreRule.Next(60, true) - 60 < SmartScoreRule.Next(20, true) - 20);
        Assert.Equal(70, SmartScoreRule.Next(80, false), 9);
        Assert.True(80 - SmartScoreRule.Next(80, false) > 40 - SmartScoreRule.Next(40, false));
        Assert.Null(DeclaredAt(rule, "111111111"));
        Assert.Equal(10, DeclaredAt(rule, "1111111111"));
        Assert.True(DeclaredAt(rule, "111111110111111") > 10);
    }

    [Fact]
    public void Bkt_threshold_with_default_parameters_declares_at_the_third_correct()
    {
        var rule = new BktThresholdRule();

        Assert.Null(DeclaredAt(rule, "11"));
        Assert.Equal(3, DeclaredAt(rule, "111"));
        Assert.Equal(4, DeclaredAt(rule, "0111111"));
    }

    [Fact]
    public void Ema_declares_at_the_seventh_correct_from_zero()
    {
        var rule = new EmaRule();

        Assert.Null(DeclaredAt(rule, "111111"));
        Assert.Equal(7, DeclaredAt(rule, "1111111"));
        Assert.Equal(8, DeclaredAt(rule, "01111111"));
    }

    [Fact]
    public void Masterypath_enters_a_check_after_three_answers_and_declares_on_the_fourth_correct_check_item()
    {
        var rule = new MasteryPathRule();
        var tracker = (MasteryPathRule.Tracker)rule.Start();

        Assert.False(tracker.Observe(true));
        Assert.False(tracker.Observe(true));
        Assert.Equal(MasteryPathRule.Phase.Practice, tracker.Phase);
        Assert.False(tracker.Observe(true));
        Assert.Equal(MasteryPathRule.Phase.Check, tracker.Phase);
        Assert.True(tracker.Estimate >= rule.Threshold);
        Assert.Equal(7, DeclaredAt(rule, "1111111"));
        Assert.Equal(8, DeclaredAt(rule, "11110111"));
    }

    [Fact]
    public void Masterypath_failed_check_returns_to_practice_and_needs_fresh_evidence()
    {
        var rule = new MasteryPathRule();
        var tracker = (MasteryPathRule.Tracker)rule.Start();
        foreach (var answer in new[] { true, true, true, false, false })
        {
            Assert.False(tracker.Observe(answer));
        }

        Assert.Equal(MasteryPathRule.Phase.Practice, tracker.Phase);
        Assert.Equal(1, tracker.FailedChecks);
        Assert.False(tracker.Observe(true));
        Assert.False(tracker.Observe(true));
        Assert.Equal(MasteryPathRule.Phase.Practice, tracker.Phase);

        // 3 + 2 (failed check) + at least 3 practice + 4 check items.
        var declared = DeclaredAt(rule, "11100" + new string('1', 20));
        Assert.NotNull(declared);
        Assert.True(declared >= 12);
    }

    [Theory]
    [InlineData("irt-learning")]
    [InlineData("bkt-forgetting")]
    public void Masterypath_has_less_false_mastery_than_three_in_a_row_and_no_baseline_beats_it_on_both(string generatorName)
    {
        var generator = MasteryRuleCatalog.Generators.Single(g => g.Name == generatorName);
        var results = MasteryRuleCatalog.All.Select(r => MasterySimulator.Simulate(generator, r, 1500, 3)).ToList();
        var masterypath = results.Single(r => r.Rule == "masterypath");
        var threeInARow = results.Single(r => r.Rule == "three-in-a-row");

        Assert.True(masterypath.FalseMasteryRate < threeInARow.FalseMasteryRate, $"{masterypath.FalseMasteryRate} vs {threeInARow.FalseMasteryRate}");
        foreach (var baseline in results.Where(r => r.Rule != "masterypath"))
        {
            Assert.True(
                masterypath.ItemsMean < baseline.ItemsMean || masterypath.FalseMasteryRate < baseline.FalseMasteryRate,
                $"{baseline.Rule} beats masterypath on both: {baseline.ItemsMean}/{baseline.FalseMasteryRate} vs {masterypath.ItemsMean}/{masterypath.FalseMasteryRate}");
        }
    }

    [Fact]
    public void False_mastery_is_counted_against_the_true_state_at_declaration()
    {
        var learner = new ScriptedLearner([true, true, true], [false, false, false]);

        var outcome = MasterySimulator.Run(learner, new InARowRule(), 10);

        Assert.True(outcome.Declared);
        Assert.Equal(3, outcome.Items);
        Assert.True(outcome.FalseMastery);
        Assert.Equal(-1, outcome.FirstTrueMastery);
    }

    [Fact]
    public void Class_what_if_mastery_pacing_beats_fixed_pacing_with_the_same_time()
    {
        var result = new ClassWhatIf().Run(1);

        Assert.Equal(result.Fixed.ItemsPerLearner, result.Mastery.ItemsPerLearner);
        Assert.True(result.EffectSize > 0, $"d = {result.EffectSize}");
        Assert.True(result.Mastery.TestMean > result.Fixed.TestMean);
    }

    [Fact]
    public void Percentile_interpolates()
    {
        Assert.Equal(9.1, MasterySimulator.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
        Assert.Equal(4, MasterySimulator.Percentile([4], 0.9), 9);
    }

    private sealed class ScriptedLearner(bool[] answers, bool[] mastered) : ISimulatedLearner
    {
        private int _next;

        public bool TrulyMastered => _next > 0 && mastered[_next - 1];

        public bool Answer() => answers[_next++];
    }
}
