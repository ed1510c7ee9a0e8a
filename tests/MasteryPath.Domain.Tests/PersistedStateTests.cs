using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

/// <summary>A saved learner state, restored and carried on, is exactly the state a replay of the whole log gives.</summary>
public class PersistedStateTests
{
    private static readonly SkillGraph Graph = MasteryLawTests.Graph;
    private static readonly SkillId[] Skills = MasteryLawTests.Skills;
    private static readonly DateTimeOffset Later = new(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The cold start and a model with each kind of P(correct) predictor, fitted on random answers.</summary>
    private static readonly LearnerModel[] Models = BuildModels();

    private static LearnerModel[] BuildModels()
    {
        var random = new DeterministicRandom(7);
        var learners = Enumerable.Range(0, 60)
            .Select(l => new LearnerSequence($"l{l}", Enumerable.Range(0, 40).Select(_ => new Attempt(random.Next(3) + 1, random.NextDouble() < 0.65)).ToList()))
            .ToList();
        var index = Skills.Select((s, i) => (s, i + 1)).ToDictionary(p => p.s, p => p.Item2);
        IKnowledgeTracerTrainer[] trainers = [new LogisticKnowledgeTracingTrainer { Folds = 1 }, new PfaTrainer(), new BktTrainer()];
        return [LearnerModel.ColdStart, .. trainers.Select(t => new LearnerModel(KnowledgeModel.ColdStart, t.Fit(learners), index))];
    }

    [Property(MaxTest = 200)]
    public Property Saving_restoring_and_applying_the_rest_equals_replaying_everything(int seed, PositiveInt length, NonNegativeInt cut)
    {
        var random = new DeterministicRandom(unchecked((ulong)seed));
        var model = Models[random.Next(Models.Length)];
        var events = MasteryLawTests.RandomEvents(random, (length.Get % 150) + 1);
        var split = cut.Get % (events.Count + 1);
        var policy = new MasteryPolicy();

        var replayed = LearnerMastery.Replay(Graph, model, policy, events);
        var saved = LearnerMastery.Replay(Graph, model, policy, events.Take(split)).SaveState();
        var restored = LearnerMastery.Restore(Graph, model, policy, saved);
        foreach (var e in events.Skip(split))
        {
            Assert.True(restored.Apply(e));
        }

        Assert.Equal(replayed.SaveState(), restored.SaveState());
        Assert.Equal(replayed.EventCount, restored.EventCount);
        Assert.Equal(replayed.Statuses(Later), restored.Statuses(Later));
        Assert.Equal(replayed.DueReviews(Later), restored.DueReviews(Later));
        foreach (var skill in Skills)
        {
            Assert.Equal(replayed.PredictCorrect(skill), restored.PredictCorrect(skill));
            Assert.Equal(replayed.NextReview(skill), restored.NextReview(skill));
            Assert.Equal(replayed.Explain(skill, top: 5), restored.Explain(skill, top: 5));
        }

        return true.ToProperty();
    }

    [Fact]
    public void A_saved_state_is_refused_under_a_course_without_its_skills()
    {
        var events = MasteryLawTests.RandomEvents(new DeterministicRandom(3), 40);
        var saved = LearnerMastery.Replay(Graph, LearnerModel.ColdStart, new MasteryPolicy(), events).SaveState();
        var other = SkillGraph.Create([(SkillId.Parse("add"), [])]);

        var ex = Assert.Throws<FormatException>(() => LearnerMastery.Restore(other, LearnerModel.ColdStart, new MasteryPolicy(), saved));
        Assert.Contains("not in this course", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_or_foreign_bytes_are_refused_not_misread()
    {
        var events = MasteryLawTests.RandomEvents(new DeterministicRandom(5), 60);
        var saved = LearnerMastery.Replay(Graph, Models[1], new MasteryPolicy(), events).SaveState();

        Assert.Throws<FormatException>(() => LearnerMastery.Restore(Graph, Models[1], new MasteryPolicy(), saved[..(saved.Length / 2)]));
        Assert.Throws<FormatException>(() => LearnerMastery.Restore(Graph, Models[1], new MasteryPolicy(), [.. saved, 0]));
        Assert.Throws<FormatException>(() => LearnerMastery.Restore(Graph, LearnerModel.ColdStart, new MasteryPolicy(), saved));
        Assert.Throws<FormatException>(() => LearnerMastery.Restore(Graph, Models[1], new MasteryPolicy(), [9, 9, 9, 9]));
    }

    [Fact]
    public void The_saved_state_stays_bounded_as_the_history_grows()
    {
        var policy = new MasteryPolicy();
        var sizes = new[] { 2_000, 20_000 }
            .Select(n => LearnerMastery.Replay(Graph, Models[1], policy, MasteryLawTests.RandomEvents(new DeterministicRandom(11), n).Where(e => e.Kind != EvidenceKind.Reset)).SaveState().Length)
            .ToList();

        // Ten times the history, and the state is no larger: every part of it is bounded per skill.
        Assert.True(sizes[1] <= sizes[0] * 1.1, $"{sizes[0]} bytes after 2,000 events, {sizes[1]} after 20,000");
    }
}
