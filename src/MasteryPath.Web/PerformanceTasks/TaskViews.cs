using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;

namespace MasteryPath.Web.PerformanceTasks;

/// <summary>A task of a course with the learner's latest version of it, if any.</summary>
public sealed record TaskSummary(Course Course, PerformanceTask Task, TaskSubmission? Latest)
{
    public bool CanSubmit => TaskWork.MaySubmit(Latest);
}

/// <summary>A learner's work on one task: every version, oldest first.</summary>
public sealed record TaskWork(Course Course, PerformanceTask Task, IReadOnlyList<TaskSubmission> Versions)
{
    public TaskSubmission? Latest => Versions.Count == 0 ? null : Versions[^1];

    public bool CanSubmit => MaySubmit(Latest);

    /// <summary>A first version, or a revision of work sent back; not while a version awaits scoring or after acceptance.</summary>
    public static bool MaySubmit(TaskSubmission? latest) => latest is null || latest.Status == SubmissionStatus.Returned;
}

/// <summary>One entry of a class's submissions queue: a learner's latest version of a task.</summary>
public sealed record QueueEntry(TaskSubmission Latest, string LearnerName, Course Course, PerformanceTask? Task, int Versions)
{
    public string TaskTitle => Task?.Title ?? Latest.TaskId;
}

/// <summary>A class's submissions: latest versions awaiting scoring (oldest first), and all others (newest first).</summary>
public sealed record SubmissionQueue(SchoolClass Class, IReadOnlyList<QueueEntry> Awaiting, IReadOnlyList<QueueEntry> Others);

/// <summary>A version as its teacher scores it, with the learner's other versions.</summary>
public sealed record ScoringView(SchoolClass Class, Course Course, PerformanceTask Task, AppUser Learner, TaskSubmission Submission, IReadOnlyList<TaskSubmission> Versions)
{
    public TaskSubmission Latest => Versions[^1];

    /// <summary>Only the latest version is scored, and an accepted one is final (its skills are mastered).</summary>
    public bool CanScore => Submission.Id == Latest.Id && Submission.Status != SubmissionStatus.Accepted;
}

/// <summary>Rubric scores as stored on a submission ({"criterionId": score}).</summary>
public static class RubricScores
{
    private static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>();

    public static IReadOnlyDictionary<string, int> Read(TaskSubmission submission) =>
        string.IsNullOrEmpty(submission.ScoresJson) ? None : JsonSerializer.Deserialize<Dictionary<string, int>>(submission.ScoresJson) ?? [];

    public static string Write(IReadOnlyDictionary<string, int> scores) => JsonSerializer.Serialize(scores);

    /// <summary>Whether every criterion reaches its passing score.</summary>
    public static bool MeetsEveryCriterion(PerformanceTask task, IReadOnlyDictionary<string, int> scores) =>
        task.Criteria.All(c => scores.TryGetValue(c.Id, out var score) && score >= c.PassingScore);

    /// <summary>The criteria scored below their passing score.</summary>
    public static IReadOnlyList<RubricCriterion> BelowBar(PerformanceTask task, IReadOnlyDictionary<string, int> scores) =>
        task.Criteria.Where(c => scores.TryGetValue(c.Id, out var score) && score < c.PassingScore).ToList();

    public static string? LevelLabel(RubricCriterion criterion, int score) => criterion.Levels.FirstOrDefault(l => l.Score == score)?.Label;
}
