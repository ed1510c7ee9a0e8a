using System.Text.Json;
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
        if (string.IsNullOrEmpty(stateJson))
        {
            return null;
        }

        Dictionary<string, SkillSnapshot>? skills;
        try
        {
            skills = JsonSerializer.Deserialize(stateJson, SnapshotJsonContext.Default.DictionaryStringSkillSnapshot);
        }
        catch (JsonException)
        {
            return null;
        }

        if (skills is null)
        {
            return null;
        }

        var order = course.Graph.TopologicalOrder;
        var statuses = new Dictionary<SkillId, SkillStatus>(order.Count);
        foreach (var skill in order)
        {
            if (!skills.TryGetValue(skill.Value, out var snapshot) || snapshot.Best is not { } best || StateOf(snapshot.State) is not { } written)
            {
                return null;
            }

            statuses[skill] = new SkillStatus(skill, StateAt(snapshot, written, now), snapshot.Probability, snapshot.Evidence, snapshot.ChecksFailedInARow, snapshot.MasteredAt, snapshot.CheckInProgress)
            {
                ReadyForCheck = snapshot.ReadyForCheck,
                HelpReason = snapshot.HelpReason,
                WrongInARow = snapshot.WrongInARow,
                RecentCorrect = snapshot.RecentCorrect,
                RecentAnswers = snapshot.RecentAnswers,
                RightAnswersToCheck = snapshot.RightAnswersToCheck,
                MasteredBy = snapshot.MasteredBy,
                LastCheck = snapshot.LastCheck,
                Best = best,
                Lapsed = snapshot.Lapsed,
            };
        }

        return statuses;
    }

    /// <summary>A written "needs review" that is not lapsed was a mastered skill already due when written.</summary>
    private static SkillState StateAt(SkillSnapshot snapshot, SkillState written, DateTimeOffset now)
    {
        var mastered = written == SkillState.Mastered || (written == SkillState.NeedsReview && !snapshot.Lapsed);
        if (!mastered)
        {
            return written;
        }

        return snapshot.ReviewDue is { } due && due <= now ? SkillState.NeedsReview : SkillState.Mastered;
    }

    private static SkillState? StateOf(string state) => state switch
    {
        nameof(SkillState.Locked) => SkillState.Locked,
        nameof(SkillState.Ready) => SkillState.Ready,
        nameof(SkillState.InProgress) => SkillState.InProgress,
        nameof(SkillState.NeedsHelp) => SkillState.NeedsHelp,
        nameof(SkillState.Mastered) => SkillState.Mastered,
        nameof(SkillState.NeedsReview) => SkillState.NeedsReview,
        nameof(SkillState.Placed) => SkillState.Placed,
        _ => Enum.TryParse<SkillState>(state, out var parsed) ? parsed : null,
    };
}
