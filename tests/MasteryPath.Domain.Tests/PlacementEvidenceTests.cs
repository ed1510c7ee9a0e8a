using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Tests;

/// <summary>Placement evidence comes only from what an answered item exercises (ADR 0014).</summary>
public class PlacementEvidenceTests
{
    private static readonly DiagnosticSettings Small = new(Particles: 1500);

    private static SkillId S(string id) => SkillId.Parse(id);

    /// <summary>
    /// root → a1 → a2 and root → b1 → b2; top builds on a2 and b2 (think: root = whole numbers, a = fractions,
    /// b = integers, top = a word problem).
    /// </summary>
    private static SkillGraph Fork() => SkillGraph.Create(
    [
        (S("root"), []),
        (S("a1"), [S("root")]),
        (S("a2"), [S("a1")]),
        (S("b1"), [S("root")]),
        (S("b2"), [S("b1")]),
        (S("top"), [S("a2"), S("b2")]),
    ]);

    /// <summary>
    /// Each main skill of the chain has a word problem that exercises nothing else and an item that exercises the
    /// main skill before it; side skills exercise nothing.
    /// </summary>
    internal static List<DiagnosticQuestion> WordProblems(SkillGraph graph) =>
    [
        .. graph.TopologicalOrder.Select(s => new DiagnosticQuestion(s, [])),
        .. graph.TopologicalOrder
            .Where(s => s.Value.StartsWith("main-", StringComparison.Ordinal) && graph.PrerequisitesOf(s).Count > 0)
            .Select(s => new DiagnosticQuestion(s, graph.PrerequisitesOf(s))),
    ];

    private static Dictionary<string, SkillPlacement> AfterTwoRightAnswers(DiagnosticQuestion question)
    {
        var diagnostic = new AdaptiveDiagnostic(Fork(), Small, 4, [question]);
        diagnostic.Answer(question, true);
        diagnostic.Answer(question, true);
        return diagnostic.Placement().ToDictionary(p => p.Skill.Value);
    }

    [Fact]
    public void A_right_answer_on_an_item_that_exercises_nothing_backs_only_its_skill()
    {
        var placement = AfterTwoRightAnswers(new DiagnosticQuestion(S("top"), []));

        Assert.True(placement["top"].Evidenced);
        Assert.True(placement["top"].Known, $"top at {placement["top"].Probability:F2}");
        Assert.All(new[] { "root", "a1", "a2", "b1", "b2" }, s => Assert.False(placement[s].Evidenced, s));
        Assert.All(new[] { "root", "a1", "a2", "b1", "b2" }, s => Assert.False(placement[s].Known, s));
    }

    [Fact]
    public void A_right_answer_on_an_item_that_exercises_a_skill_backs_it_and_its_prerequisites_and_no_other_ancestor()
    {
        var placement = AfterTwoRightAnswers(new DiagnosticQuestion(S("top"), [S("a1")]));

        Assert.All(new[] { "top", "a1", "root" }, s => Assert.True(placement[s].Evidenced, s));
        Assert.All(new[] { "top", "a1", "root" }, s => Assert.True(placement[s].Known, $"{s} at {placement[s].Probability:F2}"));
        Assert.All(new[] { "a2", "b1", "b2" }, s => Assert.False(placement[s].Evidenced, s));
        Assert.All(new[] { "a2", "b1", "b2" }, s => Assert.False(placement[s].Known, s));
    }

    [Fact]
    public void A_wrong_answer_on_an_item_that_exercises_a_prerequisite_puts_the_doubt_on_that_prerequisite_too()
    {
        // She solves the plain word problem twice, then misses twice: on the item that takes b2, or on the plain one.
        var graph = Fork();
        var plain = new DiagnosticQuestion(S("top"), []);
        var exercisesB = new DiagnosticQuestion(S("top"), [S("b2")]);
        AdaptiveDiagnostic After(DiagnosticQuestion missed)
        {
            var diagnostic = new AdaptiveDiagnostic(graph, Small, 5, [plain, exercisesB]);
            diagnostic.Answer(plain, true);
            diagnostic.Answer(plain, true);
            diagnostic.Answer(missed, false);
            diagnostic.Answer(missed, false);
            return diagnostic;
        }

        double P(AdaptiveDiagnostic d, string id) => d.Placement().Single(p => p.Skill.Value == id).Probability;
        var missedWithB = After(exercisesB);
        var missedPlain = After(plain);

        var summary = $"top {P(missedWithB, "top"):F3} vs {P(missedPlain, "top"):F3}, b2 {P(missedWithB, "b2"):F3} vs {P(missedPlain, "b2"):F3}";
        Assert.True(P(missedWithB, "b2") < P(missedPlain, "b2") - 0.05, summary);
        Assert.True(P(missedWithB, "top") > P(missedPlain, "top") + 0.1, summary);
    }

    [Property(MaxTest = 60)]
    public Property Every_skill_placed_as_known_is_backed_by_a_right_answer_that_exercises_it()
    {
        var graph = Fork();
        var skills = graph.TopologicalOrder.ToArray();
        var answers = Gen.ListOf(
            from skill in Gen.Elements(skills)
            from exercised in Gen.SubListOf(skills)
            from correct in Gen.Elements(true, true, false)
            select (Question: new DiagnosticQuestion(skill, exercised.Where(e => graph.Ancestors(skill).Contains(e))), Correct: correct));
        return Prop.ForAll(answers.ToArbitrary(), list =>
        {
            var diagnostic = new AdaptiveDiagnostic(graph, new DiagnosticSettings(Particles: 300), 1);
            foreach (var (question, correct) in list)
            {
                diagnostic.Answer(question, correct);
            }

            var backed = list.Where(a => a.Correct).SelectMany(a => a.Question.Backs.Concat(a.Question.Exercised.SelectMany(graph.Ancestors))).ToHashSet();
            return diagnostic.Placement().Where(p => p.Known).All(p => backed.Contains(p.Skill));
        });
    }

    [Fact]
    public void On_learners_with_gaps_the_exercised_rule_claims_fewer_unknown_skills_than_backing_every_prerequisite()
    {
        // The issue: word problems solved by plain arithmetic (the t-skills, which take the a-branch and never the
        // b-branch) were taken as evidence for every prerequisite, so learners who skipped the b-branch were placed on it.
        var skills = new List<(SkillId, IReadOnlyList<SkillId>)> { (S("root"), []) };
        foreach (var branch in new[] { "a", "b" })
        {
            for (var i = 1; i <= 4; i++)
            {
                skills.Add((S($"{branch}{i}"), [S(i == 1 ? "root" : $"{branch}{i - 1}")]));
            }
        }

        skills.AddRange([(S("t1"), [S("a4"), S("b4")]), (S("t2"), [S("t1")]), (S("t3"), [S("t2")])]);
        var graph = SkillGraph.Create(skills);
        var questions = graph.TopologicalOrder
            .SelectMany(s => s.Value.StartsWith('t')
                ? [new DiagnosticQuestion(s, [S("a4")])]
                : new[] { new DiagnosticQuestion(s, []), new DiagnosticQuestion(s, graph.PrerequisitesOf(s)) })
            .ToList();

        var exercised = DiagnosticSimulator.Run(graph, 300, 4, Small, DiagnosticTruth.Partial, questions).Single(r => r.Strategy == "adaptive");
        var ancestors = DiagnosticSimulator.Run(graph, 300, 4, Small, DiagnosticTruth.Partial, questions, DiagnosticEvidence.Ancestors).Single(r => r.Strategy == "adaptive");

        // What is left is guessing: one lucky right answer can back a skill the learner does not know.
        var summary = $"false known {exercised.FalseKnown:P1} vs {ancestors.FalseKnown:P1} (every prerequisite); agreement {exercised.Accuracy:P1} vs {ancestors.Accuracy:P1}";
        Assert.True(exercised.FalseKnown < ancestors.FalseKnown * 0.7, summary);
        Assert.True(exercised.Accuracy >= ancestors.Accuracy - 0.03, summary);
    }

    [Fact]
    public void An_items_question_closes_its_exercised_skills_under_prerequisites_and_ignores_also()
    {
        var graph = Fork();
        var item = Item("t1", S("top"), exercises: [S("a1")], also: [S("b1")]);
        var question = DiagnosticQuestion.Of(item, graph);

        Assert.Equal(S("top"), question.Skill);
        Assert.Equal(["a1", "root"], question.Exercised.Select(s => s.Value));
        Assert.Equal(new DiagnosticQuestion(S("top"), []), DiagnosticQuestion.Of(Item("t2", S("top"), exercises: null, also: [S("a2")]), graph));
        Assert.Equal(question, new DiagnosticQuestion(S("top"), [S("root"), S("a1"), S("a1")]));
    }

    [Fact]
    public void On_part_of_the_graph_a_question_keeps_only_the_exercised_skills_in_it()
    {
        var unit = SkillGraph.Create([(S("a1"), []), (S("a2"), [S("a1")]), (S("top"), [S("a2")])]);
        var question = DiagnosticQuestion.Of(Item("t1", S("top"), exercises: [S("a1")], also: []), Fork());

        Assert.Equal(["a1"], question.ClosedIn(unit).Exercised.Select(s => s.Value));
        var diagnostic = new AdaptiveDiagnostic(unit, Small, 1, [question]);
        Assert.Contains(question.ClosedIn(unit), diagnostic.Questions);
        diagnostic.Answer(question, true);
        Assert.True(diagnostic.Placement().Single(p => p.Skill.Value == "a1").Evidenced);
    }

    [Fact]
    public void The_next_question_prefers_an_item_that_backs_more_once_the_belief_is_sure()
    {
        // Two ways to ask about top: a word problem that proves nothing else, and an item taking the whole a-branch.
        var graph = Fork();
        var plain = new DiagnosticQuestion(S("top"), []);
        var rich = new DiagnosticQuestion(S("top"), [S("a2")]);
        var diagnostic = new AdaptiveDiagnostic(graph, Small, 2, [plain, rich]);
        for (var i = 0; i < 3; i++)
        {
            diagnostic.Answer(plain, true);
            diagnostic.Answer(new DiagnosticQuestion(S("b2"), [S("b1")]), true);
        }

        Assert.Equal(rich.ClosedIn(graph), diagnostic.NextQuestion());
    }

    private static ItemDefinition Item(string id, SkillId skill, IReadOnlyList<SkillId>? exercises, IReadOnlyList<SkillId> also) =>
        new(id, ItemKind.Numeric, skill, also, [], [], "What is 1 + 1?", "2", [], null, false, false, false, [], [], [], "2.", null, Exercises: exercises);
}
