using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Learning;

/// <summary>A learner's standing in one course at one instant, rebuilt by replaying the answer-event log.</summary>
public sealed class LearnerState
{
    private IReadOnlyList<SkillStatus>? _statuses;
    private IReadOnlyDictionary<SkillId, double>? _dueReviews;
    private readonly IReadOnlyList<AnswerEventRecord>? _events;

    /// <summary>
    /// The state from <paramref name="saved"/> (a restored engine state) with <paramref name="events"/> (those after
    /// it) applied, or, when <paramref name="saved"/> is null, from a replay of <paramref name="events"/>: then the
    /// learner's whole log.
    /// </summary>
    public LearnerState(Course course, Enrollment enrollment, IReadOnlyList<AnswerEventRecord> events, DateTimeOffset now, MasteryPolicy policy, LearnerModels.ModelInForce model, IReadOnlyList<Teaching.Band>? bands = null, LearnerMastery? saved = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(events);
        Bands = bands ?? Teaching.ClassBands.Defaults;
        Course = course;
        Enrollment = enrollment;
        _events = saved is null ? events : null;
        Now = now;
        Policy = policy;
        Model = model.Model;
        SnapshotKey = LearnerSnapshots.KeyFor(course, model, policy);
        if (saved is null)
        {
            Mastery = Replay(course, Model, events, policy);
        }
        else
        {
            foreach (var e in InCourse(course, events))
            {
                saved.Apply(e);
            }

            Mastery = saved;
        }

        LastSequence = events.Count > 0 ? events[^1].Sequence : saved is null ? 0 : enrollment.EngineSequence;
        LastEventId = events.Count > 0 ? events[^1].EventId : saved is null ? null : enrollment.EngineEventId;
        Restored = saved is not null;
    }

    /// <summary>The display bands in force: the learner's class's, or the defaults.</summary>
    public IReadOnlyList<Teaching.Band> Bands { get; }

    /// <summary>The bar in force: the course's, or the learner's class's.</summary>
    public MasteryPolicy Policy { get; }

    public Course Course { get; }

    public Enrollment Enrollment { get; }

    /// <summary>The learner's whole log for the course, oldest first: only when loaded with its history.</summary>
    /// <exception cref="InvalidOperationException">When the state was restored from its saved form without the history.</exception>
    public IReadOnlyList<AnswerEventRecord> Events => _events ?? throw new InvalidOperationException("This learner state was loaded without its history.");

    /// <summary>True when the state came from its saved form plus the events after it, not from a replay.</summary>
    public bool Restored { get; }

    /// <summary>The sequence number of the last event the state includes (0: none); a lower bound when restored by <see cref="LastEventId"/>.</summary>
    public long LastSequence { get; }

    /// <summary>The id of the last event the state includes (null: none, or restored from a state saved without it).</summary>
    public string? LastEventId { get; }

    public DateTimeOffset Now { get; }

    public LearnerMastery Mastery { get; }

    public IReadOnlyList<SkillStatus> Statuses => _statuses ??= Mastery.Statuses(Now);

    public IReadOnlyDictionary<SkillId, double> DueReviews => _dueReviews ??= Mastery.DueReviews(Now);

    /// <summary>One skill's status, as in <see cref="Statuses"/>; without working out every other skill's when those are not needed yet.</summary>
    public SkillStatus Status(SkillId skill) =>
        _statuses is not null || !Course.Graph.Contains(skill) ? Statuses.First(s => s.Skill == skill) : Mastery.Status(skill, Now);

    /// <summary>The course's learner model in force (<see cref="LearnerModels.LearnerModelRegistry"/>).</summary>
    public LearnerModel Model { get; }

    /// <summary>The key (model version, policy, engine format) of this state, written with every snapshot.</summary>
    public string SnapshotKey { get; }

    public static LearnerMastery Replay(Course course, LearnerModel model, IEnumerable<AnswerEventRecord> events, MasteryPolicy policy) =>
        LearnerMastery.Replay(course.Graph, model, policy, InCourse(course, events));

    /// <summary>
    /// The events as the course's graph can use them: an answer on a skill a republished version dropped (docs/adr/0032)
    /// stays in the log but counts for nothing here, and skills it also exercised that are gone are left out.
    /// </summary>
    private static IEnumerable<AnswerEvent> InCourse(Course course, IEnumerable<AnswerEventRecord> events) =>
        events.Select(ToDomain).Where(e => course.Graph.Contains(e.Skill)).Select(e =>
            e.AlsoSkills is { } also && also.Any(s => !course.Graph.Contains(s)) ? e with { AlsoSkills = also.Where(course.Graph.Contains).ToList() } : e);

    public static AnswerEvent ToDomain(AnswerEventRecord record) => record.ToDomain();

    /// <summary>Writes the cached learner state onto the (tracked) enrollment and bumps its concurrency token.</summary>
    public void WriteSnapshot(IReadOnlyList<SkillStatus> statuses)
    {
        var enrollment = Enrollment;
        var mastery = Mastery;
        enrollment.Version++;
        enrollment.SnapshotKey = SnapshotKey;
        enrollment.EngineState = mastery.SaveState();
        enrollment.EngineSequence = LastSequence;
        enrollment.EngineEventId = LastEventId;
        enrollment.EventCount = mastery.EventCount;
        enrollment.MasteredCount = statuses.Count(s => s.State == SkillState.Mastered);
        enrollment.StateJson = Snapshot(statuses, mastery);
    }

    /// <summary>
    /// The per-skill snapshot cached on the enrollment for dashboards: every figure of each status (so a dashboard
    /// reads it instead of replaying), and when a mastered skill's review falls due (so "needs review" can be told at
    /// any later instant). See <see cref="Teaching.ClassSnapshots"/>.
    /// </summary>
    public static string Snapshot(IReadOnlyList<SkillStatus> statuses, LearnerMastery mastery)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(mastery);
        return JsonSerializer.Serialize(
            statuses.ToDictionary(s => s.Skill.Value, s => SkillSnapshot.Of(s, mastery.NextReview(s.Skill))),
            Teaching.SnapshotJsonContext.Default.DictionaryStringSkillSnapshot);
    }
}

/// <summary>
/// One skill in the cached snapshot, under short names (a class of 1,000 learners × 200 skills is read at once).
/// A snapshot without <see cref="Best"/> was written before these figures were kept and is read as stale.
/// </summary>
public sealed record SkillSnapshot
{
    [JsonPropertyName("s")]
    public string State { get; init; } = string.Empty;

    [JsonPropertyName("p")]
    public double Probability { get; init; }

    [JsonPropertyName("n")]
    public int Evidence { get; init; }

    [JsonPropertyName("m")]
    public DateTimeOffset? MasteredAt { get; init; }

    [JsonPropertyName("b")]
    public double? Best { get; init; }

    [JsonPropertyName("cf")]
    public int ChecksFailedInARow { get; init; }

    [JsonPropertyName("ci")]
    public int CheckInProgress { get; init; }

    [JsonPropertyName("rc")]
    public bool ReadyForCheck { get; init; }

    [JsonPropertyName("h")]
    public HelpReason HelpReason { get; init; }

    [JsonPropertyName("w")]
    public int WrongInARow { get; init; }

    [JsonPropertyName("r")]
    public int RecentCorrect { get; init; }

    [JsonPropertyName("ra")]
    public int RecentAnswers { get; init; }

    [JsonPropertyName("tc")]
    public int? RightAnswersToCheck { get; init; }

    [JsonPropertyName("by")]
    public MasterySource? MasteredBy { get; init; }

    [JsonPropertyName("lc")]
    public CheckResult? LastCheck { get; init; }

    [JsonPropertyName("l")]
    public bool Lapsed { get; init; }

    /// <summary>When the review of a mastered skill falls due (<see cref="LearnerMastery.NextReview"/>); null otherwise.</summary>
    [JsonPropertyName("d")]
    public DateTimeOffset? ReviewDue { get; init; }

    public static SkillSnapshot Of(SkillStatus status, DateTimeOffset? reviewDue)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new SkillSnapshot
        {
            State = status.State.ToString(),
            Probability = status.Probability,
            Evidence = status.Evidence,
            MasteredAt = status.MasteredAt,
            Best = status.Best,
            ChecksFailedInARow = status.ChecksFailedInARow,
            CheckInProgress = status.CheckInProgress,
            ReadyForCheck = status.ReadyForCheck,
            HelpReason = status.HelpReason,
            WrongInARow = status.WrongInARow,
            RecentCorrect = status.RecentCorrect,
            RecentAnswers = status.RecentAnswers,
            RightAnswersToCheck = status.RightAnswersToCheck,
            MasteredBy = status.MasteredBy,
            LastCheck = status.LastCheck,
            Lapsed = status.Lapsed,
            ReviewDue = reviewDue,
        };
    }
}
