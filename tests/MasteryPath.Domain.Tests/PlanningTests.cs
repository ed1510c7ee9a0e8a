using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Tests;

public class PlanningTests
{
    private static SkillId S(string id) => SkillId.Parse(id);

    // fractions -> decimals -> percent; fractions -> ratios
    private static readonly SkillGraph Graph = SkillGraph.Create([
        (S("fractions"), []),
        (S("decimals"), [S("fractions")]),
        (S("percent"), [S("decimals")]),
        (S("ratios"), [S("fractions")]),
    ]);

    private static SkillStatus Status(string id, SkillState state, double p = 0.5, bool ready = false, DateTimeOffset? masteredAt = null) =>
        new(S(id), state, p, state == SkillState.Ready ? 0 : 5, 0, masteredAt, 0) { ReadyForCheck = ready };

    [Fact]
    public void Reviews_come_first_then_corrective_then_checks_practice_and_new_skills()
    {
        var statuses = new[]
        {
            Status("fractions", SkillState.Mastered, 0.97),
            Status("decimals", SkillState.InProgress, 0.96, ready: true),
            Status("percent", SkillState.Locked),
            Status("ratios", SkillState.Ready),
        };
        var due = new Dictionary<SkillId, double> { [S("fractions")] = 0.85 };

        var plan = DailyPlanner.Plan(Graph, statuses, due, 10);

        Assert.Equal([ActivityKind.Review, ActivityKind.MasteryCheck, ActivityKind.NewSkill], plan.Select(a => a.Kind));
        Assert.Equal(["fractions", "decimals", "ratios"], plan.Select(a => a.Skill.Value));
    }

    [Fact]
    public void A_stuck_learner_is_routed_to_the_weakest_prerequisite()
    {
        var statuses = new[]
        {
            Status("fractions", SkillState.NeedsReview, 0.4),
            Status("decimals", SkillState.Mastered, 0.9),
            Status("percent", SkillState.NeedsHelp, 0.3),
            Status("ratios", SkillState.Ready),
        };

        var plan = DailyPlanner.Plan(Graph, statuses, new Dictionary<SkillId, double>(), 10);

        Assert.Equal(PlanStep(ActivityKind.Review, "fractions"), (plan[0].Kind, plan[0].Skill.Value));
        Assert.Equal(PlanStep(ActivityKind.Corrective, "decimals"), (plan[1].Kind, plan[1].Skill.Value));
        Assert.Contains("Stuck on percent", plan[1].Reason, StringComparison.Ordinal);
    }

    private static (ActivityKind, string) PlanStep(ActivityKind kind, string skill) => (kind, skill);

    [Fact]
    public void Enrichment_when_nothing_else_is_due()
    {
        var statuses = Graph.TopologicalOrder.Select((s, i) => Status(s.Value, SkillState.Mastered, 0.99, masteredAt: DateTimeOffset.UnixEpoch.AddDays(i))).ToList();

        var plan = DailyPlanner.Plan(Graph, statuses, new Dictionary<SkillId, double>(), 2);

        Assert.All(plan, a => Assert.Equal(ActivityKind.Enrichment, a.Kind));
        Assert.Equal("ratios", plan[0].Skill.Value);
        Assert.Equal(2, plan.Count);
    }

    [Property(MaxTest = 300)]
    public Property A_locked_skill_is_never_planned_and_plans_are_deterministic(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var states = Enum.GetValues<SkillState>();
        var statuses = Graph.TopologicalOrder.Select(s => new SkillStatus(s, states[random.Next(states.Length)], random.NextDouble(), random.Next(20), random.Next(3), null, 0) { ReadyForCheck = random.Next(2) == 0 }).ToList();
        var due = statuses.Where(_ => random.Next(3) == 0).ToDictionary(s => s.Skill, _ => random.NextDouble());

        var plan = DailyPlanner.Plan(Graph, statuses, due, 3);
        var again = DailyPlanner.Plan(Graph, statuses, due, 3);
        var locked = statuses.Where(s => s.State == SkillState.Locked).Select(s => s.Skill).ToHashSet();

        return (plan.SequenceEqual(again) && plan.All(a => !locked.Contains(a.Skill)) && plan.Count <= 3).ToProperty();
    }

    private static ItemDefinition Template(string id, int difficulty) => new(
        id, ItemKind.Numeric, S("fractions"), [], [new RangeParameter("a", 1, 50, 1, [])], [], "[[a]] + 1?", "a + 1", [], null, true, false, false, [], [], ["Count on."], "[[a + 1]]", difficulty);

    [Fact]
    public void Item_choice_prefers_unseen_variants_near_the_learners_level_and_is_reproducible()
    {
        var items = new[] { Template("easy", 1), Template("middle", 3), Template("hard", 5) };

        var beginner = ItemSelector.Choose(items, new HashSet<string>(), 0.05, 7)!;
        var expert = ItemSelector.Choose(items, new HashSet<string>(), 0.98, 7)!;
        var same = ItemSelector.Choose(items, new HashSet<string>(), 0.05, 7)!;

        Assert.Equal("easy", beginner.DefinitionId);
        Assert.Equal("hard", expert.DefinitionId);
        Assert.Equal(beginner, same);

        var seen = new HashSet<string> { beginner.VariantId };
        var next = ItemSelector.Choose(items, seen, 0.05, 7)!;
        Assert.NotEqual(beginner.VariantId, next.VariantId);
    }

    [Property(MaxTest = 200)]
    public Property The_same_shape_never_comes_twice_in_a_row_when_the_skill_has_another(ulong seed, byte levelPercent, byte count)
    {
        var items = Enumerable.Range(0, 2 + (count % 4)).Select(i => Template($"t{i}", 1 + (i % 5))).ToArray();
        var probability = 0.01 + (0.98 * levelPercent / 255.0);
        var seen = new HashSet<string>();
        string? previous = null;
        var repeats = 0;
        for (var question = 0; question < 30; question++)
        {
            var choice = ItemSelector.Choose(items, seen, probability, seed + (ulong)question, previous)!;
            repeats += choice.DefinitionId == previous ? 1 : 0;
            previous = choice.DefinitionId;
            seen.Add(choice.VariantId);
        }

        return (repeats == 0).Label($"{repeats} repeats among {items.Length} templates");
    }

    [Fact]
    public void A_skill_with_one_template_still_gets_questions_and_the_nearest_level_wins_among_the_others()
    {
        var only = new[] { Template("only", 3) };
        Assert.Equal("only", ItemSelector.Choose(only, new HashSet<string>(), 0.5, 3, "only")!.DefinitionId);

        // A beginner's nearest template was the last one: the next nearest comes, not the hardest.
        var items = new[] { Template("easy", 1), Template("middle", 2), Template("hard", 5) };
        Assert.Equal("middle", ItemSelector.Choose(items, new HashSet<string>(), 0.05, 7, "easy")!.DefinitionId);
        Assert.Equal("easy", ItemSelector.Choose(items, new HashSet<string>(), 0.05, 7, "middle")!.DefinitionId);
    }

    [Fact]
    public void The_level_aims_at_seven_right_answers_in_ten()
    {
        Assert.Equal(3, ItemSelector.Level(ItemSelector.TargetSuccess), 10);
        Assert.Equal(1, ItemSelector.Level(0.34));
        Assert.InRange(ItemSelector.Level(0.9), 4.5, 5);
        Assert.True(ItemSelector.Level(0.6) < ItemSelector.Level(0.65));
    }
}
