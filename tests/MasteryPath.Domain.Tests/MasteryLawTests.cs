using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

/// <summary>The laws of evidence the product keeps (docs/adr/0009), over long random answer sequences and any model parameters.</summary>
public class MasteryLawTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillId Multiply = SkillId.Parse("multiply");
    private static readonly SkillId Divide = SkillId.Parse("divide");
    internal static readonly SkillId[] Skills = [Add, Multiply, Divide];
    internal static readonly SkillGraph Graph = SkillGraph.Create([(Add, []), (Multiply, [Add]), (Divide, [Multiply])]);
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The lowest band a teacher reads as "approaching" by default (Teaching/ClassBands).</summary>
    private const double ApproachingBand = 0.7;

    /// <summary>A model with random (fitted-looking) parameters per skill, or the cold start.</summary>
    internal static LearnerModel RandomModel(DeterministicRandom random)
    {
        if (random.Next(3) == 0)
        {
            return LearnerModel.ColdStart;
        }

        BktParameters Draw() => new(random.NextDouble(), random.NextDouble() * 0.6, random.NextDouble() * 0.6, random.NextDouble() * 0.6);
        return new LearnerModel(new KnowledgeModel(Skills.ToDictionary(s => s, _ => Draw()), Draw()));
    }

    /// <summary>Answers of every kind, with hints, secondary skills and teacher decisions mixed in.</summary>
    internal static List<AnswerEvent> RandomEvents(DeterministicRandom random, int count)
    {
        var events = new List<AnswerEvent>();
        var check = 0;
        for (var i = 0; i < count; i++)
        {
            var skill = Skills[random.Next(3)];
            var roll = random.Next(40);
            var kind = roll switch
            {
                0 => EvidenceKind.PlacedKnown,
                1 => EvidenceKind.Reset,
                2 => EvidenceKind.Override,
                3 => EvidenceKind.Assessed,
                < 8 => EvidenceKind.Placement,
                < 16 => EvidenceKind.MasteryCheck,
                < 20 => EvidenceKind.Review,
                _ => EvidenceKind.Practice,
            };
            check += kind == EvidenceKind.MasteryCheck && random.Next(5) == 0 ? 1 : 0;
            IReadOnlyList<SkillId>? also = random.Next(6) == 0 ? [Skills[random.Next(3)]] : null;
            events.Add(new AnswerEvent($"r{i}", skill, random.Next(3) > 0, random.Next(6) == 0, kind, Start.AddHours(i), kind == EvidenceKind.MasteryCheck ? $"c{check}" : null, also));
        }

        return events;
    }

    private static bool IsAnswer(AnswerEvent e) => e.Kind is EvidenceKind.Practice or EvidenceKind.MasteryCheck or EvidenceKind.Review or EvidenceKind.Placement;

    [Property(MaxTest = 300)]
    public Property A_wrong_answer_never_raises_and_a_right_one_never_lowers_P_knows_of_the_skill_answered(int seed, PositiveInt length)
    {
        var random = new DeterministicRandom((ulong)seed);
        var mastery = new LearnerMastery(Graph, RandomModel(random), new MasteryPolicy());
        foreach (var e in RandomEvents(random, (length.Get % 300) + 20))
        {
            var before = mastery.Probability(e.Skill);
            mastery.Apply(e);
            var after = mastery.Probability(e.Skill);
            if (IsAnswer(e) && (e.Correct ? after < before - 1e-12 : after > before + 1e-12))
            {
                return false.Label($"{e.Kind} {(e.Correct ? "right" : "wrong")} on {e.Skill}: {before} -> {after}");
            }

            if (after is < 0 or > 1 || double.IsNaN(after))
            {
                return false.Label($"P out of range: {after}");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property One_right_answer_after_a_run_of_wrong_answers_stays_below_the_approaching_band(int seed, PositiveInt prefix, PositiveInt run)
    {
        var random = new DeterministicRandom((ulong)seed);
        var mastery = new LearnerMastery(Graph, RandomModel(random), new MasteryPolicy());
        foreach (var e in RandomEvents(random, prefix.Get % 200).Where(e => e.Kind is not (EvidenceKind.PlacedKnown or EvidenceKind.Override or EvidenceKind.Assessed)))
        {
            mastery.Apply(e);
        }

        var wrong = (run.Get % 10) + 2;
        for (var i = 0; i < wrong; i++)
        {
            mastery.Apply(new AnswerEvent($"w{i}", Add, false, false, EvidenceKind.Practice, Start.AddDays(30).AddMinutes(i)));
        }

        mastery.Apply(new AnswerEvent("right", Add, true, false, EvidenceKind.Practice, Start.AddDays(31)));
        var status = mastery.Status(Add);
        return (status.Probability < ApproachingBand && !status.ReadyForCheck && status.State != SkillState.Mastered)
            .Label($"after {wrong} wrong then 1 right: P = {status.Probability:F3}, {status.State}, ready {status.ReadyForCheck}");
    }

    [Property(MaxTest = 200)]
    public Property The_promised_number_of_right_answers_opens_the_check_and_one_fewer_does_not(int seed, PositiveInt length)
    {
        var random = new DeterministicRandom((ulong)seed);
        var model = RandomModel(random);
        var events = RandomEvents(random, length.Get % 60).Where(e => e.Skill == Add && e.Kind is EvidenceKind.Practice or EvidenceKind.Placement).ToList();
        var mastery = LearnerMastery.Replay(Graph, model, new MasteryPolicy(), events);
        var promised = mastery.Status(Add).RightAnswersToCheck;
        if (promised is null)
        {
            return true.ToProperty();
        }

        for (var i = 0; i < promised.Value; i++)
        {
            if (mastery.Status(Add).ReadyForCheck)
            {
                return false.Label($"ready after {i} of the promised {promised}");
            }

            mastery.Apply(new AnswerEvent($"more{i}", Add, true, false, EvidenceKind.Practice, Start.AddDays(60).AddMinutes(i)));
        }

        return mastery.Status(Add).ReadyForCheck.Label($"not ready after the promised {promised}");
    }

    [Property(MaxTest = 200)]
    public Property Explanations_never_show_probabilities_or_internal_names(int seed, PositiveInt length)
    {
        var random = new DeterministicRandom((ulong)seed);
        var mastery = LearnerMastery.Replay(Graph, RandomModel(random), new MasteryPolicy(), RandomEvents(random, length.Get % 150));
        var now = Start.AddDays(200);
        foreach (var status in mastery.Statuses(now))
        {
            var e = MasteryExplainer.Explain(status, mastery.Policy, now, mastery.NextReview(status.Skill), ["Adding"]);
            var text = $"{e.Headline} {e.Why} {e.Next}";
            string[] forbidden = ["P(", "0.", "%", "InProgress", "NeedsHelp", "NeedsReview", "NaN"];
            if (forbidden.Any(f => text.Contains(f, StringComparison.Ordinal)) || string.IsNullOrWhiteSpace(e.Why))
            {
                return false.Label(text);
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void A_learner_stuck_on_a_skill_needs_help_at_the_fourth_wrong_answer_in_a_row_not_before()
    {
        var mastery = new LearnerMastery(Graph, LearnerModel.ColdStart, new MasteryPolicy());
        mastery.Apply(new AnswerEvent("r", Add, true, false, EvidenceKind.Practice, Start));
        for (var i = 1; i <= 3; i++)
        {
            mastery.Apply(new AnswerEvent($"w{i}", Add, false, false, EvidenceKind.Practice, Start.AddMinutes(i)));
            Assert.Equal(SkillState.InProgress, mastery.Status(Add).State);
        }

        mastery.Apply(new AnswerEvent("w4", Add, false, false, EvidenceKind.Practice, Start.AddMinutes(4)));
        var status = mastery.Status(Add);
        Assert.Equal(SkillState.NeedsHelp, status.State);
        Assert.Equal(HelpReason.WrongInARow, status.HelpReason);
        Assert.Equal("4 wrong answers in a row.", MasteryExplainer.Explain(status, mastery.Policy, Start).Why);

        // The threshold is the class's to set.
        var strict = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(StuckAfterWrongInARow: 3), Enumerable.Range(1, 3).Select(i => new AnswerEvent($"w{i}", Add, false, false, EvidenceKind.Practice, Start.AddMinutes(i))));
        Assert.Equal(SkillState.NeedsHelp, strict.Status(Add).State);
    }

    [Fact]
    public void Two_failed_checks_in_a_row_need_help()
    {
        var events = new List<AnswerEvent>();
        var t = 0;
        AnswerEvent At(string id, bool correct, EvidenceKind kind, string? check = null) => new(id, Add, correct, false, kind, Start.AddMinutes(t++), check);
        for (var round = 0; round < 2; round++)
        {
            events.AddRange(Enumerable.Range(0, 3).Select(i => At($"p{round}{i}", true, EvidenceKind.Practice)));
            events.AddRange(Enumerable.Range(0, 2).Select(i => At($"c{round}{i}", false, EvidenceKind.MasteryCheck, $"check{round}")));
        }

        var mastery = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(), events);
        var status = mastery.Status(Add);
        Assert.Equal(SkillState.NeedsHelp, status.State);
        Assert.Equal(HelpReason.FailedChecks, status.HelpReason);
        Assert.Equal(new CheckResult(0, 2, false, Start.AddMinutes(9)), status.LastCheck);
    }

    [Fact]
    public void A_placed_skill_opens_its_dependents_but_is_placed_to_confirm_until_a_right_answer_on_it()
    {
        var mastery = new LearnerMastery(Graph, LearnerModel.ColdStart, new MasteryPolicy());
        mastery.Apply(new AnswerEvent("placed:add", Add, true, false, EvidenceKind.PlacedKnown, Start));
        var placed = mastery.Status(Add);
        Assert.Equal(SkillState.Placed, placed.State);
        Assert.Equal(SkillState.Ready, mastery.Status(Multiply).State);
        Assert.Equal("Placed — to confirm", MasteryExplainer.Explain(placed, mastery.Policy, Start).Headline);
        Assert.Equal(0, placed.Evidence);

        // A right answer after a hint does not confirm; an unaided one does.
        mastery.Apply(new AnswerEvent("hinted", Add, true, true, EvidenceKind.Practice, Start.AddMinutes(1)));
        Assert.Equal(SkillState.Placed, mastery.Status(Add).State);
        mastery.Apply(new AnswerEvent("right", Add, true, false, EvidenceKind.Review, Start.AddMinutes(2)));
        Assert.Equal(SkillState.Mastered, mastery.Status(Add).State);
        Assert.Equal(MasterySource.Placement, mastery.Status(Add).MasteredBy);
    }

    [Fact]
    public void A_wrong_answer_withdraws_a_placement_but_leaves_what_it_opened_open()
    {
        var mastery = new LearnerMastery(Graph, LearnerModel.ColdStart, new MasteryPolicy());
        mastery.Apply(new AnswerEvent("placed:add", Add, true, false, EvidenceKind.PlacedKnown, Start));
        mastery.Apply(new AnswerEvent("wrong", Add, false, false, EvidenceKind.Practice, Start.AddMinutes(1)));

        Assert.Equal(SkillState.InProgress, mastery.Status(Add).State);
        Assert.DoesNotContain(Add, mastery.Mastered);
        Assert.Equal(SkillState.Ready, mastery.Status(Multiply).State);
    }

    [Fact]
    public void The_explanation_says_when_a_skill_was_mastered_by_which_check_and_when_it_is_next_reviewed()
    {
        var events = Enumerable.Range(0, 3).Select(i => new AnswerEvent($"p{i}", Add, true, false, EvidenceKind.Practice, Start.AddMinutes(i))).ToList();
        events.AddRange(Enumerable.Range(0, 4).Select(i => new AnswerEvent($"c{i}", Add, true, false, EvidenceKind.MasteryCheck, Start.AddMinutes(10 + i), "check")));
        var mastery = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(), events);
        var now = Start.AddHours(1);
        var status = mastery.Statuses(now)[0];
        var explanation = MasteryExplainer.Explain(status, mastery.Policy, now, mastery.NextReview(Add));

        Assert.Equal("Mastered", explanation.Headline);
        Assert.Equal("Mastered on 1 Sep: mastery check 4/4 right.", explanation.Why);
        Assert.Matches(@"^Next review in about \d+ days\.$", explanation.Next);
    }

    [Fact]
    public void Not_yet_says_how_many_of_the_last_answers_were_right_and_how_many_more_open_the_check()
    {
        var outcomes = new[] { true, false, true, false, false };
        var mastery = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(), outcomes.Select((c, i) => new AnswerEvent($"a{i}", Add, c, false, EvidenceKind.Practice, Start.AddMinutes(i))));
        var status = mastery.Status(Add);
        var explanation = MasteryExplainer.Explain(status, mastery.Policy, Start);

        Assert.Equal("Not yet", explanation.Headline);
        Assert.Equal("2 of the last 5 right.", explanation.Why);
        Assert.Equal($"{status.RightAnswersToCheck} more right answers in a row will open the mastery check.", explanation.Next);
        Assert.InRange(status.RightAnswersToCheck!.Value, 3, 6);
    }

    [Fact]
    public void Eight_wrong_then_one_right_reads_as_beginning_not_approaching()
    {
        var events = Enumerable.Range(0, 8).Select(i => new AnswerEvent($"w{i}", Add, false, false, EvidenceKind.Practice, Start.AddMinutes(i))).ToList();
        events.Add(new AnswerEvent("r", Add, true, false, EvidenceKind.Practice, Start.AddMinutes(9)));
        var mastery = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(), events);

        Assert.True(mastery.Probability(Add) < 0.4, $"P = {mastery.Probability(Add)}");
    }
}
