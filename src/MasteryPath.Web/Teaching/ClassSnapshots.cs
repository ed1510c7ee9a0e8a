using System.Text.Json.Serialization;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Teaching;

/// <summary>The JSON of <see cref="SkillSnapshot"/>s, generated at build time: figures left at their defaults are not written.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Dictionary<string, SkillSnapshot>))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;

/// <summary>
/// Reads the learner state cached on enrollments (<see cref="LearnerState.Snapshot"/>) back into the statuses a replay
/// would give at any later instant, so dashboards need not replay learners whose snapshot is current.
/// </summary>
public static class ClassSnapshots
{
    /// <summary>
    /// The statuses at <paramref name="now"/>, one per skill of <paramref name="course"/> in topological order, or null
    /// when the snapshot cannot stand for a replay: unreadable, written before every figure was kept, or missing a skill.
    /// </summary>
    /// <remarks>
    /// Every figure of a status is fixed when it is written except one: a mastered skill shows as needing review once its
    /// memory has decayed past the review threshold, i.e. from its review due time on
    /// (<see cref="LearnerMastery.Statuses(DateTimeOffset)"/>).
    /// </remarks>
    public static IReadOnlyDictionary<SkillId, SkillStatus>? Read(Course course, string? stateJson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var index = SkillIndex.Of(course.Graph);
        return string.IsNullOrEmpty(stateJson) ? null : Mapped(index, SnapshotReader.Read(index, stateJson, now));
    }

    /// <summary>As <see cref="Read(Course, string?, DateTimeOffset)"/>, from the snapshot's UTF-8 bytes as stored.</summary>
    public static IReadOnlyDictionary<SkillId, SkillStatus>? Read(Course course, ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var index = SkillIndex.Of(course.Graph);
        return utf8Json.IsEmpty ? null : Mapped(index, SnapshotReader.Read(index, utf8Json, now));
    }

    private static SkillStatusMap? Mapped(SkillIndex index, SkillStatus[]? statuses) => statuses is null ? null : new SkillStatusMap(index, statuses);

    /// <summary>A written "needs review" that is not lapsed was a mastered skill already due when written.</summary>
    internal static SkillState StateAt(SkillState written, bool lapsed, DateTimeOffset? reviewDue, DateTimeOffset now)
    {
        var mastered = written == SkillState.Mastered || (written == SkillState.NeedsReview && !lapsed);
        if (!mastered)
        {
            return written;
        }

        return reviewDue is { } due && due <= now ? SkillState.NeedsReview : SkillState.Mastered;
    }
}
