using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class ReviewHistoriesTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillId Multiply = SkillId.Parse("multiply");
    private static readonly SkillGraph Graph = SkillGraph.Create([(Add, []), (Multiply, [Add])]);
    private static readonly SkillGraph OneSkill = SkillGraph.Create([(Add, [])]);
    private static readonly LearnerModel Model = LearnerModel.ColdStart;
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static AnswerEvent Event(string id, SkillId skill, bool correct, EvidenceKind kind, DateTimeOffset at, string? check = null, bool hint = false) =>
        new(id, skill, correct, hint, kind, at, check);

    private static IEnumerable<AnswerEvent> MasterAdd(string prefix)
    {
        for (var i = 0; i < 6; i++)
        {
            yield return Event($"{prefix}p{i}", Add, true, EvidenceKind.Practice, Start.AddMinutes(i));
        }

        for (var i = 0; i < 5; i++)
        {
            yield return Event($"{prefix}c{i}", Add, i != 2, EvidenceKind.MasteryCheck, Start.AddMinutes(10 + i), $"{prefix}check");
        }
    }

    [Fact]
    public void Answers_on_a_skill_while_it_has_a_memory_are_its_reviews_and_a_reset_starts_a_new_history()
    {
        var hinted = Event("d2", Add, true, EvidenceKind.Practice, Start.AddDays(2), hint: true);
        var events = MasterAdd("a").Concat(
        [
            hinted,
            Event("m1", Multiply, true, EvidenceKind.Practice, Start.AddDays(3)),
            Event("d5", Add, false, EvidenceKind.Review, Start.AddDays(5)),
            Event("d5b", Add, true, EvidenceKind.Review, Start.AddDays(5).AddHours(1)),
            hinted,
            Event("reset", Add, false, EvidenceKind.Reset, Start.AddDays(10)),
            Event("d10", Add, true, EvidenceKind.Practice, Start.AddDays(10).AddHours(1)),
            Event("placed", Add, true, EvidenceKind.PlacedKnown, Start.AddDays(11)),
            Event("d14", Add, true, EvidenceKind.Review, Start.AddDays(14)),
        ]).ToList();

        var histories = ReviewHistories.FromAnswers("ana", Graph, Model, new MasteryPolicy(), events);

        Assert.Equal(2, histories.Count);
        Assert.All(histories, h => Assert.Equal(("ana", Add), (h.Learner, h.Skill)));
        Assert.Equal(1, histories[0].Episode);
        Assert.Equal(
            [
                new(Start.AddMinutes(14), Grade.Good), // the passed check starts the memory
                new(Start.AddDays(2), Grade.Hard),
                new(Start.AddDays(5), Grade.Again),
                new(Start.AddDays(5).AddHours(1), Grade.Good), // while it needs review: still a review
            ],
            histories[0].Reviews);
        Assert.Equal(2, histories[1].Episode);
        Assert.Equal([new(Start.AddDays(11), Grade.Hard), new(Start.AddDays(14), Grade.Good)], histories[1].Reviews);
        Assert.Equal(2, histories[0].ScoredReviews); // day 2 and day 5; the review an hour later is the same day
    }

    [Fact]
    public void A_learner_who_never_masters_has_no_history_and_a_foreign_skill_is_rejected()
    {
        var practice = Enumerable.Range(0, 5).Select(i => Event($"p{i}", Add, i % 2 == 0, EvidenceKind.Practice, Start.AddDays(i))).ToList();

        Assert.Empty(ReviewHistories.FromAnswers("bo", Graph, Model, new MasteryPolicy(), practice));
        Assert.Throws<ArgumentException>(() => ReviewHistories.FromAnswers("bo", OneSkill, Model, new MasteryPolicy(), [Event("x", Multiply, true, EvidenceKind.Practice, Start)]));
    }

    /// <summary>
    /// Against LearnerMastery itself: replaying the extracted history through the scheduler gives exactly the recall
    /// LearnerMastery reports for the skill (a review threshold of 1 makes it report every mastered skill), for random
    /// logs with decisions, resets, duplicates and late-stamped answers (one skill, so no prerequisite credit).
    /// </summary>
    [Property(MaxTest = 150)]
    public void The_history_reproduces_the_memory_learner_mastery_keeps(int seed) => CompareWithLearnerMastery(seed);

    [Fact]
    public void The_random_logs_reach_mastered_skills_with_several_histories()
    {
        var outcomes = Enumerable.Range(1, 100).Select(CompareWithLearnerMastery).ToList();

        Assert.True(outcomes.Count(o => o.Mastered) >= 25, $"{outcomes.Count(o => o.Mastered)} of 100 logs end mastered");
        Assert.True(outcomes.Count(o => o.Mastered && o.Histories > 1) >= 8, $"{outcomes.Count(o => o.Mastered && o.Histories > 1)} of 100 end mastered after a restart");
    }

    private static (bool Mastered, int Histories) CompareWithLearnerMastery(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var policy = new MasteryPolicy(Probability: 0.8, ReviewThreshold: 1.0);
        var kinds = new[] { EvidenceKind.Practice, EvidenceKind.Practice, EvidenceKind.MasteryCheck, EvidenceKind.MasteryCheck, EvidenceKind.Review, EvidenceKind.Review, EvidenceKind.PlacedKnown, EvidenceKind.Reset, EvidenceKind.Assessed, EvidenceKind.Override };
        var events = new List<AnswerEvent>();
        var at = Start;
        for (var i = 0; i < 60; i++)
        {
            at = random.Next(10) == 0 ? at.AddHours(-3) : at.AddHours(random.NextDouble() * (random.Next(3) == 0 ? 200 : 5));
            var kind = random.Next(4) == 0 ? kinds[random.Next(kinds.Length)] : kinds[random.Next(6)];
            var rare = kind is EvidenceKind.PlacedKnown or EvidenceKind.Reset or EvidenceKind.Assessed or EvidenceKind.Override;
            if (rare && random.Next(3) != 0)
            {
                kind = EvidenceKind.Review;
            }

            events.Add(random.Next(15) == 0 && events.Count > 0
                ? events[random.Next(events.Count)]
                : Event($"e{i}", Add, random.Next(4) != 0, kind, at, $"check-{i / 5}", random.Next(6) == 0));
        }

        var histories = ReviewHistories.FromAnswers("cy", OneSkill, Model, policy, events);
        var mastery = LearnerMastery.Replay(OneSkill, Model, policy, events);
        var now = at.AddDays(3);

        var reported = mastery.DueReviews(now).GetValueOrDefault(Add, double.NaN);
        if (mastery.Status(Add).State is not (SkillState.Mastered or SkillState.Placed))
        {
            Assert.True(double.IsNaN(reported));
            return (false, histories.Count);
        }

        var scheduler = new RetentionScheduler();
        var last = histories[^1];
        var memory = scheduler.First(last.Reviews[0].Grade, last.Reviews[0].At);
        foreach (var review in last.Reviews.Skip(1))
        {
            memory = scheduler.Review(memory, review.Grade, review.At);
        }

        Assert.Equal(reported, scheduler.Retrievability(memory, now), 12);
        Assert.Equal(Enumerable.Range(1, histories.Count), histories.Select(h => h.Episode));
        return (true, histories.Count);
    }
}
