using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class DiagnosticTests
{
    /// <summary>A chain of 12 skills with a side branch at every step: depth 11, 23 skills.</summary>
    private static SkillGraph Chain()
    {
        var skills = new List<(SkillId, IReadOnlyList<SkillId>)>();
        SkillId? previous = null;
        for (var i = 0; i < 12; i++)
        {
            var main = SkillId.Parse($"main-{i}");
            skills.Add((main, previous is null ? [] : [previous.Value]));
            if (previous is not null)
            {
                skills.Add((SkillId.Parse($"side-{i}"), [previous.Value]));
            }

            previous = main;
        }

        return SkillGraph.Create(skills);
    }

    private static readonly DiagnosticSettings Small = new(Particles: 1500);

    [Fact]
    public void The_adaptive_diagnostic_asks_fewer_questions_than_skills_and_beats_random_questions()
    {
        var results = DiagnosticSimulator.Run(Chain(), learners: 60, seed: 3, Small).ToDictionary(r => r.Strategy);

        Assert.True(results["adaptive"].QuestionsMean < 23 * 0.6, $"{results["adaptive"].QuestionsMean} questions");
        Assert.True(results["adaptive"].Accuracy >= 0.9, $"adaptive {results["adaptive"].Accuracy:P1}");
        Assert.True(results["adaptive"].Accuracy > results["random-same-count"].Accuracy, $"adaptive {results["adaptive"].Accuracy:P1} vs random {results["random-same-count"].Accuracy:P1}");
        Assert.Equal(23, results["every-skill-once"].QuestionsMean);
    }

    [Fact]
    public void Simulation_is_deterministic_for_a_seed()
    {
        Assert.Equal(DiagnosticSimulator.Run(Chain(), 10, 9, Small), DiagnosticSimulator.Run(Chain(), 10, 9, Small));
    }

    [Fact]
    public void A_right_answer_raises_its_prerequisites_and_one_slip_does_not_wipe_out_a_branch()
    {
        var graph = Chain();
        var diagnostic = new AdaptiveDiagnostic(graph, Small, 5);
        double P(string id) => diagnostic.Placement().Single(p => p.Skill.Value == id).Probability;
        var before = P("main-3");

        diagnostic.Answer(SkillId.Parse("main-8"), true);
        diagnostic.Answer(SkillId.Parse("main-9"), true);
        Assert.True(P("main-3") > before);

        diagnostic.Answer(SkillId.Parse("main-3"), false);
        Assert.True(P("main-3") > 0.5, $"one slip dropped main-3 to {P("main-3"):F2}");
        Assert.True(diagnostic.Placement().All(p => p.Probability is >= 0 and <= 1));
    }

    [Fact]
    public void A_wrong_answer_is_evidence_against_the_dependents()
    {
        var diagnostic = new AdaptiveDiagnostic(Chain(), Small, 6);
        var before = diagnostic.Placement().Single(p => p.Skill.Value == "main-9").Probability;

        diagnostic.Answer(SkillId.Parse("main-4"), false);
        diagnostic.Answer(SkillId.Parse("main-4"), false);

        Assert.True(diagnostic.Placement().Single(p => p.Skill.Value == "main-9").Probability < before);
    }
}

public class PlacementSeedingTests
{
    private static readonly SkillId A = SkillId.Parse("a");
    private static readonly SkillId B = SkillId.Parse("b");
    private static readonly SkillId C = SkillId.Parse("c");
    private static readonly SkillGraph Graph = SkillGraph.Create([(A, []), (B, [A]), (C, [B])]);
    private static readonly Learning.IKnowledgeTracer Model = Learning.BayesianKnowledgeTracing.Uniform(Learning.BktParameters.MasteryEstimator);
    private static readonly DateTimeOffset At = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Skills_placed_as_known_are_mastered_unlock_their_dependents_and_get_an_early_review()
    {
        var diagnostic = new AdaptiveDiagnostic(Graph, new DiagnosticSettings(Particles: 1000), 1);
        for (var i = 0; i < 4; i++)
        {
            diagnostic.Answer(B, true);
        }

        var events = PlacementEvents.From(diagnostic, "diag-1", At);
        Assert.Contains(events, e => e.Skill == A);
        Assert.Contains(events, e => e.Skill == B);

        var mastery = Mastery.LearnerMastery.Replay(Graph, Model, new Mastery.MasteryPolicy(), events.Concat(events));
        Assert.Equal(Mastery.SkillState.Mastered, mastery.Status(A).State);
        Assert.Equal(Mastery.SkillState.Mastered, mastery.Status(B).State);
        Assert.Equal(Mastery.SkillState.Ready, mastery.Status(C).State);
        Assert.Equal(events.Count, mastery.EventCount);

        Assert.Empty(mastery.DueReviews(At.AddHours(2)));
        Assert.True(mastery.DueReviews(At.AddDays(3)).ContainsKey(B), "a placed skill should come up for an early review");
    }

    [Fact]
    public void A_teacher_reset_takes_the_placement_back()
    {
        var events = new List<Mastery.AnswerEvent>
        {
            new("p:a", A, true, false, Mastery.EvidenceKind.PlacedKnown, At),
            new("p:b", B, true, false, Mastery.EvidenceKind.PlacedKnown, At),
            new("reset-1", B, false, false, Mastery.EvidenceKind.Reset, At.AddMinutes(5)),
        };

        var mastery = Mastery.LearnerMastery.Replay(Graph, Model, new Mastery.MasteryPolicy(), events);

        Assert.Equal(Mastery.SkillState.Mastered, mastery.Status(A).State);
        Assert.Equal(Mastery.SkillState.Ready, mastery.Status(B).State);
        Assert.Equal(Mastery.SkillState.Locked, mastery.Status(C).State);
    }
    [Fact]
    public void An_accepted_task_masters_its_skill_and_a_returned_one_changes_nothing()
    {
        var events = new List<Mastery.AnswerEvent>
        {
            new("task-1:a", A, false, false, Mastery.EvidenceKind.Assessed, At),
        };
        var mastery = Mastery.LearnerMastery.Replay(Graph, Model, new Mastery.MasteryPolicy(), events);
        Assert.Equal(Mastery.SkillState.Ready, mastery.Status(A).State);

        mastery.Apply(new("task-2:a", A, true, false, Mastery.EvidenceKind.Assessed, At.AddDays(1)));
        Assert.Equal(Mastery.SkillState.Mastered, mastery.Status(A).State);
        Assert.Equal(At.AddDays(1), mastery.Status(A).MasteredAt);
        Assert.NotEqual(Mastery.SkillState.Locked, mastery.Status(B).State);
        Assert.Empty(mastery.DueReviews(At.AddDays(2)));
    }

    [Fact]
    public void A_teacher_override_grants_or_takes_mastery_and_relocks_dependents()
    {
        var mastery = Mastery.LearnerMastery.Replay(Graph, Model, new Mastery.MasteryPolicy(), [new("o-1:a", A, true, false, Mastery.EvidenceKind.Override, At)]);
        Assert.Equal(Mastery.SkillState.Mastered, mastery.Status(A).State);
        Assert.Equal(Mastery.SkillState.Ready, mastery.Status(B).State);

        mastery.Apply(new("o-2:a", A, false, false, Mastery.EvidenceKind.Override, At.AddHours(1)));
        Assert.NotEqual(Mastery.SkillState.Mastered, mastery.Status(A).State);
        Assert.Null(mastery.Status(A).MasteredAt);
        Assert.Equal(Mastery.SkillState.Locked, mastery.Status(B).State);
    }
}
