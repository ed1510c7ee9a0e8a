using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class MasteryTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillId Multiply = SkillId.Parse("multiply");
    private static readonly SkillId Divide = SkillId.Parse("divide");

    private static readonly SkillGraph Graph = SkillGraph.Create([
        (Add, []),
        (Multiply, [Add]),
        (Divide, [Multiply]),
    ]);

    private static readonly LearnerModel Model = LearnerModel.ColdStart;

    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static int _counter;

    private static AnswerEvent Answer(SkillId skill, bool correct, EvidenceKind kind = EvidenceKind.Practice, string? check = null, bool hint = false) =>
        new($"e{Interlocked.Increment(ref _counter)}", skill, correct, hint, kind, Start.AddMinutes(_counter), check);

    private static List<AnswerEvent> PracticeThenPass(SkillId skill, int practice = 6, string check = "c1")
    {
        var events = Enumerable.Range(0, practice).Select(_ => Answer(skill, true)).ToList();
        events.AddRange(Enumerable.Range(0, 5).Select(i => Answer(skill, i != 2, EvidenceKind.MasteryCheck, $"{skill}-{check}")));
        return events;
    }

    [Fact]
    public void Passing_a_check_after_meeting_the_bar_masters_the_skill_and_unlocks_its_dependents()
    {
        var mastery = new LearnerMastery(Graph, Model, new MasteryPolicy());
        Assert.Equal(SkillState.Ready, mastery.Status(Add).State);
        Assert.Equal(SkillState.Locked, mastery.Status(Multiply).State);

        foreach (var e in PracticeThenPass(Add))
        {
            mastery.Apply(e);
        }

        Assert.Equal(SkillState.Mastered, mastery.Status(Add).State);
        Assert.Equal(SkillState.Ready, mastery.Status(Multiply).State);
        Assert.Equal(SkillState.Locked, mastery.Status(Divide).State);
        Assert.NotNull(mastery.Status(Add).MasteredAt);
    }

    [Fact]
    public void A_check_started_below_the_bar_is_only_practice_and_a_raised_bar_replays_mastery_away()
    {
        // Three right answers then a check: enough for a 0.95 bar with this model? Compute rather than assume.
        var events = PracticeThenPass(Add, practice: 3);
        var lenient = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(Probability: 0.8), events);
        var strict = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(Probability: 0.999), events);

        Assert.Equal(SkillState.Mastered, lenient.Status(Add).State);
        Assert.NotEqual(SkillState.Mastered, strict.Status(Add).State);
        Assert.Equal(SkillState.Locked, strict.Status(Multiply).State);
    }

    [Fact]
    public void Failing_a_check_keeps_practising_and_two_failures_need_help()
    {
        var mastery = new LearnerMastery(Graph, Model, new MasteryPolicy());
        foreach (var e in Enumerable.Range(0, 6).Select(_ => Answer(Add, true)))
        {
            mastery.Apply(e);
        }

        for (var check = 0; check < 2; check++)
        {
            foreach (var i in Enumerable.Range(0, 5))
            {
                mastery.Apply(Answer(Add, i < 2, EvidenceKind.MasteryCheck, $"fail-{check}"));
            }

            // Regain the bar before the next check counts.
            foreach (var e in Enumerable.Range(0, 8).Select(_ => Answer(Add, true)))
            {
                mastery.Apply(e);
            }
        }

        var status = mastery.Status(Add);
        Assert.Equal(2, status.ChecksFailedInARow);
        Assert.Equal(SkillState.NeedsHelp, status.State);
    }

    [Fact]
    public void Many_attempts_without_progress_need_help()
    {
        var mastery = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(NeedsHelpAfter: 8), Enumerable.Range(0, 12).Select(_ => Answer(Add, false)));

        Assert.Equal(SkillState.NeedsHelp, mastery.Status(Add).State);
    }

    [Fact]
    public void A_failed_review_takes_mastery_away_and_a_passed_review_gives_it_back()
    {
        var mastery = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), PracticeThenPass(Add));

        mastery.Apply(Answer(Add, false, EvidenceKind.Review));
        Assert.Equal(SkillState.NeedsReview, mastery.Status(Add).State);
        Assert.Equal(SkillState.Ready, mastery.Status(Multiply).State);

        for (var i = 0; i < 6 && mastery.Status(Add).State != SkillState.Mastered; i++)
        {
            mastery.Apply(Answer(Add, true, EvidenceKind.Review));
        }

        Assert.Equal(SkillState.Mastered, mastery.Status(Add).State);
    }

    [Fact]
    public void Applying_the_same_event_twice_counts_once()
    {
        var mastery = new LearnerMastery(Graph, Model, new MasteryPolicy());
        var e = Answer(Add, true);

        Assert.True(mastery.Apply(e));
        var after = mastery.Status(Add);
        Assert.False(mastery.Apply(e));

        Assert.Equal(after, mastery.Status(Add));
        Assert.Equal(1, mastery.Status(Add).Evidence);
    }

    [Fact]
    public void Hinted_answers_are_weaker_evidence()
    {
        var unaided = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(HintWeight: 0.3), Enumerable.Range(0, 4).Select(_ => Answer(Add, true)));
        var hinted = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(HintWeight: 0.3), Enumerable.Range(0, 4).Select(_ => Answer(Add, true, hint: true)));

        Assert.True(hinted.Probability(Add) < unaided.Probability(Add));
        Assert.False(hinted.Status(Add).ReadyForCheck);
    }

    [Fact]
    public void Explanations_name_the_answers_that_moved_the_estimate_most()
    {
        var events = new[] { Answer(Add, true), Answer(Add, false), Answer(Add, true), Answer(Add, true) };
        var mastery = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), events);

        var why = mastery.Explain(Add, top: 2);

        Assert.Equal(2, why.Count);
        Assert.True(System.Math.Abs(why[0].Change) >= System.Math.Abs(why[1].Change));
        Assert.All(why, w => Assert.Contains(events, e => e.EventId == w.EventId));
    }

    private static List<AnswerEvent> RandomEvents(int seed, int count)
    {
        var random = new DeterministicRandom((ulong)seed);
        var skills = new[] { Add, Multiply, Divide };
        var events = new List<AnswerEvent>();
        for (var i = 0; i < count; i++)
        {
            var kind = (EvidenceKind)random.Next(3);
            events.Add(new AnswerEvent($"r{i}", skills[random.Next(3)], random.Next(4) > 0, random.Next(5) == 0, kind, Start.AddMinutes(i), kind == EvidenceKind.MasteryCheck ? $"c{i / 5}" : null));
        }

        return events;
    }

    [Property(MaxTest = 150)]
    public Property Replaying_the_log_gives_exactly_the_live_state(int seed, PositiveInt count)
    {
        var events = RandomEvents(seed, (count.Get % 80) + 1);
        var live = new LearnerMastery(Graph, Model, new MasteryPolicy());
        foreach (var e in events)
        {
            live.Apply(e);
            _ = live.Statuses();
            live.Apply(e);
        }

        var replayed = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), events);

        return live.Statuses().SequenceEqual(replayed.Statuses()).ToProperty();
    }

    [Property(MaxTest = 150)]
    public Property A_correct_answer_never_lowers_mastery(int seed, PositiveInt count)
    {
        var events = RandomEvents(seed, (count.Get % 80) + 1);
        var mastery = new LearnerMastery(Graph, Model, new MasteryPolicy());
        foreach (var e in events)
        {
            var before = mastery.Status(e.Skill);
            mastery.Apply(e);
            var after = mastery.Status(e.Skill);
            if (e.Correct && (after.Probability < before.Probability - 1e-12 || (before.State == SkillState.Mastered && after.State != SkillState.Mastered)))
            {
                return false.ToProperty();
            }

            if (after.Probability is < 0 or > 1)
            {
                return false.ToProperty();
            }
        }

        return true.ToProperty();
    }
}

public class MasteryRetentionTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillId Multiply = SkillId.Parse("multiply");
    private static readonly SkillGraph Graph = SkillGraph.Create([(Add, []), (Multiply, [Add])]);
    private static readonly LearnerModel Model = LearnerModel.ColdStart;
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static IEnumerable<AnswerEvent> MasterAdd(string prefix)
    {
        for (var i = 0; i < 6; i++)
        {
            yield return new AnswerEvent($"{prefix}p{i}", Add, true, false, EvidenceKind.Practice, Start.AddMinutes(i));
        }

        for (var i = 0; i < 5; i++)
        {
            yield return new AnswerEvent($"{prefix}c{i}", Add, true, false, EvidenceKind.MasteryCheck, Start.AddMinutes(10 + i), "check");
        }
    }

    [Fact]
    public void Mastery_decays_into_a_due_review_and_practising_a_dependent_skill_postpones_it()
    {
        var idle = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), MasterAdd("a"));
        Assert.Empty(idle.DueReviews(Start.AddHours(1)));
        Assert.Equal(SkillState.Mastered, idle.Statuses(Start.AddHours(1))[0].State);

        var weekLater = Start.AddDays(7);
        Assert.True(idle.DueReviews(weekLater).ContainsKey(Add));
        Assert.Equal(SkillState.NeedsReview, idle.Statuses(weekLater)[0].State);
        Assert.Equal(SkillState.Mastered, idle.Status(Add).State);

        var busy = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), MasterAdd("b"));
        for (var day = 1; day <= 6; day++)
        {
            busy.Apply(new AnswerEvent($"m{day}", Multiply, true, false, EvidenceKind.Practice, Start.AddDays(day)));
        }

        var recallIdle = idle.DueReviews(weekLater)[Add];
        var recallBusy = busy.DueReviews(weekLater).GetValueOrDefault(Add, 1.0);
        Assert.True(recallBusy > recallIdle, $"busy {recallBusy:F3} vs idle {recallIdle:F3}");
    }
}

public class MasteryCheckTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillGraph Graph = SkillGraph.Create([(Add, [])]);
    private static readonly LearnerModel Model = LearnerModel.ColdStart;
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_check_ends_as_soon_as_its_outcome_is_decided_and_late_answers_are_practice()
    {
        var events = Enumerable.Range(0, 5).Select(i => new AnswerEvent($"p{i}", Add, true, false, EvidenceKind.Practice, Start.AddMinutes(i))).ToList();
        events.AddRange(Enumerable.Range(0, 4).Select(i => new AnswerEvent($"c{i}", Add, true, false, EvidenceKind.MasteryCheck, Start.AddMinutes(10 + i), "check-1")));

        var mastery = LearnerMastery.Replay(Graph, Model, new MasteryPolicy(), events);
        Assert.Equal(SkillState.Mastered, mastery.Status(Add).State);

        mastery.Apply(new AnswerEvent("c4", Add, false, false, EvidenceKind.MasteryCheck, Start.AddMinutes(20), "check-1"));
        Assert.Equal(SkillState.Mastered, mastery.Status(Add).State);
        Assert.Equal(0, mastery.Status(Add).ChecksFailedInARow);
    }
}
