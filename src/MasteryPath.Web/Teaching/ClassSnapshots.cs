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
        if (string.IsNullOrEmpty(stateJson) || SnapshotReader.Read(course.Graph, stateJson, now) is not { } read)
        {
            return null;
        }

        var statuses = new Dictionary<SkillId, SkillStatus>(read.Length);
        foreach (var status in read)
        {
            statuses[status.Skill] = status;
        }

        return statuses;
    }

    /// <summary>
    /// <see cref="Read"/> for many learners at once, on every core when there are enough of them to pay for it (a class of
    /// 1,000 × 200 skills is 200,000 statuses); the results are in the order of <paramref name="stateJsons"/>.
    /// </summary>
    public static IReadOnlyDictionary<SkillId, SkillStatus>?[] ReadAll(Course course, IReadOnlyList<string?> stateJsons, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stateJsons);
        var results = new IReadOnlyDictionary<SkillId, SkillStatus>?[stateJsons.Count];
        if (stateJsons.Count < ParallelFrom)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = Read(course, stateJsons[i], now);
            }

            return results;
        }

        Parallel.For(0, results.Length, i => results[i] = Read(course, stateJsons[i], now));
        return results;
    }

    /// <summary>Learners from which <see cref="ReadAll"/> spreads the work over the cores.</summary>
    private const int ParallelFrom = 100;

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
