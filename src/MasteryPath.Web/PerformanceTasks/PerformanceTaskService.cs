using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.PerformanceTasks;

/// <summary>
/// Rubric-scored performance tasks: learners hand in versions of their work (text and/or a file), their teacher
/// scores the latest against the rubric; an accepted version masters the task's skills (Assessed events), a version
/// below the bar on any criterion is sent back for revision. Every version is kept.
/// </summary>
public sealed class PerformanceTaskService(MasteryPathDb db, CourseCatalog catalog, LearningService learning, TeachingService teaching, UploadStore uploads, TimeProvider time, ILogger<PerformanceTaskService> logger)
{
    public const int MaxTextLength = 20_000;
    public const int MaxCommentLength = 4_000;

    // ---------- Learner ----------

    public async Task<IReadOnlyList<TaskSummary>> TasksAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var course = catalog.Get(courseId);
        var latest = (await db.TaskSubmissions.AsNoTracking()
                .Where(s => s.UserId == userId && s.CourseId == courseId)
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.TaskId)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.Version)!);
        return course.Tasks.Select(task => new TaskSummary(course, task, latest.GetValueOrDefault(task.Id))).ToList();
    }

    public async Task<TaskWork> WorkAsync(string userId, string courseId, string taskId, CancellationToken cancellationToken = default)
    {
        var (course, task) = FindTask(courseId, taskId);
        var versions = await db.TaskSubmissions.AsNoTracking()
            .Where(s => s.UserId == userId && s.CourseId == courseId && s.TaskId == taskId)
            .OrderBy(s => s.Version)
            .ToListAsync(cancellationToken);
        return new TaskWork(course, task, versions);
    }

    /// <summary>
    /// Hands in a new version. Refused, with nothing stored: a version awaiting scoring or accepted, no work, text
    /// or a file the task does not take, a file of another type (by extension and by content), too large or empty.
    /// </summary>
    public async Task<TaskSubmission> SubmitAsync(string userId, string courseId, string taskId, string? text, IFormFile? file, CancellationToken cancellationToken = default)
    {
        var (_, task) = FindTask(courseId, taskId);
        var rules = task.Submission;
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (file is { Length: 0 } && string.IsNullOrEmpty(file.FileName))
        {
            // A form posted with its file input left empty.
            file = null;
        }

        var latest = await db.TaskSubmissions.AsNoTracking()
            .Where(s => s.UserId == userId && s.CourseId == courseId && s.TaskId == taskId)
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(cancellationToken);
        RequireMaySubmit(latest);
        if (text is null && file is null)
        {
            throw LearningException.Invalid(rules.Text && rules.FileTypes.Count > 0 ? "Type your work or choose a file to upload."
                : rules.Text ? "Type your work before you submit." : "Choose a file to upload.");
        }

        if (text is not null && !rules.Text)
        {
            throw LearningException.Invalid("This task takes a file, not typed text.");
        }

        if (text is { Length: > MaxTextLength })
        {
            throw LearningException.Invalid($"Your text is {text.Length:N0} characters long; the limit is {MaxTextLength:N0}. Shorten it, or upload it as a file.");
        }

        string? extension = null;
        if (file is not null)
        {
            extension = RequireAcceptedFile(rules, file);
        }

        string? stored = null;
        long size = 0;
        var saved = false;
        try
        {
            if (file is not null)
            {
                await using var content = file.OpenReadStream();
                (stored, size) = await uploads.SaveAsync(content, cancellationToken);
                RequireSize(rules, size);
                if (!FileKinds.ContentMatches(extension!, uploads.PathOf(stored)))
                {
                    throw LearningException.Invalid($"'{file.FileName}' does not look like a {FileKinds.Describe(extension!)} inside, although its name ends in .{extension}. Save or export it again as a {FileKinds.Describe(extension!)} and upload that.");
                }
            }

            var submission = new TaskSubmission
            {
                UserId = userId,
                CourseId = courseId,
                TaskId = taskId,
                Version = (latest?.Version ?? 0) + 1,
                Text = text,
                FileName = file is null ? null : SafeFileName(file.FileName, extension!),
                StoredFileName = stored,
                ContentType = extension is null ? null : FileKinds.ContentTypeOf(extension),
                FileSize = size,
                SubmittedAt = time.GetUtcNow(),
                Status = SubmissionStatus.Submitted,
            };
            db.TaskSubmissions.Add(submission);
            await db.SaveChangesAsync(cancellationToken);
            saved = true;
            return submission;
        }
        catch (DbUpdateException ex)
        {
            // The same version number was taken by a submission from another tab: that one is awaiting scoring now.
            logger.LogDebug(ex, "Submission of {TaskId} by {UserId} raced another", taskId, userId);
            db.ChangeTracker.Clear();
            throw LearningException.NotReady("Another version of this work was just handed in: it is waiting for your teacher's scoring.");
        }
        finally
        {
            if (stored is not null && !saved)
            {
                uploads.Delete(stored);
            }
        }
    }

    /// <summary>The file of a version, for its learner, a teacher of one of the learner's classes that takes the course, or an admin.</summary>
    public async Task<(TaskSubmission Submission, string Path)> FileAsync(ClaimsPrincipal user, long submissionId, CancellationToken cancellationToken = default)
    {
        var submission = await db.TaskSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        if (submission?.StoredFileName is null || !await MaySeeAsync(user, submission, cancellationToken))
        {
            // Someone else's work is indistinguishable from no work.
            throw LearningException.NotFound("There is no such file among the work you may see.");
        }

        if (!uploads.Exists(submission.StoredFileName))
        {
            throw LearningException.NotFound("The file is missing from the uploads folder.");
        }

        return (submission, uploads.PathOf(submission.StoredFileName));
    }

    // ---------- Teacher ----------

    public async Task<SubmissionQueue> QueueAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var memberIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
        var courseIds = schoolClass.Courses.Select(c => c.CourseId).ToList();
        var rows = await db.TaskSubmissions.AsNoTracking()
            .Where(s => memberIds.Contains(s.UserId) && courseIds.Contains(s.CourseId))
            .ToListAsync(cancellationToken);
        var names = await db.Users.AsNoTracking().Where(u => memberIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var entries = rows
            .Where(s => catalog.Find(s.CourseId) is not null)
            .GroupBy(s => (s.UserId, s.CourseId, s.TaskId))
            .Select(g =>
            {
                var latest = g.MaxBy(s => s.Version)!;
                var course = catalog.Get(latest.CourseId);
                return new QueueEntry(latest, names.GetValueOrDefault(latest.UserId, latest.UserId), course, course.Tasks.FirstOrDefault(t => t.Id == latest.TaskId), g.Count());
            })
            .ToList();
        return new SubmissionQueue(
            schoolClass,
            entries.Where(e => e.Latest.Status == SubmissionStatus.Submitted).OrderBy(e => e.Latest.SubmittedAt).ToList(),
            entries.Where(e => e.Latest.Status != SubmissionStatus.Submitted).OrderByDescending(e => e.Latest.ScoredAt ?? e.Latest.SubmittedAt).ToList());
    }

    /// <summary>A version for its teacher to score; <paramref name="classId"/>, when given, must be a class of the learner that takes the course.</summary>
    public async Task<ScoringView> ScoringAsync(ClaimsPrincipal teacher, long submissionId, long? classId = null, CancellationToken cancellationToken = default)
    {
        var submission = await db.TaskSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId, cancellationToken)
            ?? throw NoSuchSubmission();
        var schoolClass = await ClassForAsync(teacher, submission, classId, cancellationToken);
        var (course, task) = FindTask(submission.CourseId, submission.TaskId);
        var learner = await db.Users.AsNoTracking().SingleAsync(u => u.Id == submission.UserId, cancellationToken);
        var versions = await db.TaskSubmissions.AsNoTracking()
            .Where(s => s.UserId == submission.UserId && s.CourseId == submission.CourseId && s.TaskId == submission.TaskId)
            .OrderBy(s => s.Version)
            .ToListAsync(cancellationToken);
        return new ScoringView(schoolClass, course, task, learner, submission, versions);
    }

    /// <summary>
    /// Scores the latest version: every criterion at or above its passing score accepts it and masters the task's
    /// skills (Assessed events, with the submission and the audit entry in one transaction); otherwise it is sent back
    /// for revision. An accepted version is final.
    /// </summary>
    public async Task<TaskSubmission> ScoreAsync(ClaimsPrincipal teacher, long submissionId, IReadOnlyDictionary<string, int> scores, string? comment, long? classId = null, CancellationToken cancellationToken = default)
    {
        var view = await ScoringAsync(teacher, submissionId, classId, cancellationToken);
        if (view.Submission.Id != view.Latest.Id)
        {
            throw LearningException.NotReady($"Version {view.Submission.Version} has been revised: score version {view.Latest.Version}.");
        }

        RequireScorable(view.Submission);
        var valid = RequireValidScores(view.Task, scores);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            throw LearningException.Invalid($"The comment is {comment.Length:N0} characters long; the limit is {MaxCommentLength:N0}.");
        }

        var accepted = RubricScores.MeetsEveryCriterion(view.Task, valid);
        var status = accepted ? SubmissionStatus.Accepted : SubmissionStatus.Returned;
        var teacherId = teacher.UserId();
        TaskSubmission? scored = null;

        async Task RecordAsync(CancellationToken ct)
        {
            scored = await db.TaskSubmissions.SingleAsync(s => s.Id == submissionId, ct);
            RequireScorable(scored);
            var now = time.GetUtcNow();
            scored.Status = status;
            scored.ScoresJson = RubricScores.Write(valid);
            scored.Comment = comment;
            scored.ScoredById = teacherId;
            scored.ScoredAt = now;
            db.AuditLog.Add(new AuditEntry
            {
                At = now,
                ActorId = teacherId,
                Action = accepted ? "task-accepted" : "task-returned",
                SubjectUserId = scored.UserId,
                ClassId = view.Class.Id,
                CourseId = scored.CourseId,
                Reason = comment,
                Details = JsonSerializer.Serialize(new { submissionId, taskId = scored.TaskId, version = scored.Version, scores = valid, skills = accepted ? view.Task.Skills.Select(s => s.Value) : [] }),
            });
        }

        if (accepted)
        {
            await learning.AppendDecisionsAsync(view.Submission.UserId, view.Course.Id, view.Task.Skills, EvidenceKind.Assessed, correct: true, $"assessed-{submissionId}", (_, ct) => RecordAsync(ct), cancellationToken);
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await RecordAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return scored!;
    }

    /// <summary>
    /// Every criterion of the task scored with one of its levels, and nothing else; criteria are matched as written
    /// in the course.
    /// </summary>
    public static IReadOnlyDictionary<string, int> RequireValidScores(PerformanceTask task, IReadOnlyDictionary<string, int> scores)
    {
        var unknown = scores.Keys.Where(k => task.Criteria.All(c => c.Id != k)).ToList();
        if (unknown.Count > 0)
        {
            throw LearningException.Invalid($"The rubric of '{task.Title}' has no criterion {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        var valid = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var criterion in task.Criteria)
        {
            if (!scores.TryGetValue(criterion.Id, out var score))
            {
                throw LearningException.Invalid($"Score every criterion: '{criterion.Title}' has no score.");
            }

            if (criterion.Levels.All(l => l.Score != score))
            {
                throw LearningException.Invalid($"'{criterion.Title}' is scored {string.Join(", ", criterion.Levels.Select(l => l.Score.ToString(CultureInfo.InvariantCulture)))}; {score} is not one of its levels.");
            }

            valid[criterion.Id] = score;
        }

        return valid;
    }

    // ---------- Rules ----------

    public (Course Course, PerformanceTask Task) FindTask(string courseId, string taskId)
    {
        var course = catalog.Get(courseId);
        var task = course.Tasks.FirstOrDefault(t => t.Id == taskId)
            ?? throw LearningException.NotFound($"There is no project '{taskId}' in {course.Title}.");
        return (course, task);
    }

    private static void RequireMaySubmit(TaskSubmission? latest)
    {
        switch (latest?.Status)
        {
            case SubmissionStatus.Submitted:
                throw LearningException.NotReady($"Your version {latest.Version} is waiting for your teacher's scoring: you can revise it once it is sent back.");
            case SubmissionStatus.Accepted:
                throw LearningException.NotReady($"Your version {latest.Version} was accepted: this project is done.");
        }
    }

    private static void RequireScorable(TaskSubmission submission)
    {
        if (submission.Status == SubmissionStatus.Accepted)
        {
            throw LearningException.NotReady($"Version {submission.Version} is already accepted and its skills mastered; its scores are final.");
        }
    }

    /// <summary>The file's extension, if the task takes files of that type and the size is within the limit.</summary>
    private static string RequireAcceptedFile(SubmissionRules rules, IFormFile file)
    {
        if (rules.FileTypes.Count == 0)
        {
            throw LearningException.Invalid("This task takes typed text, not a file.");
        }

        var accepted = rules.FileTypes.Select(FileKinds.Normalize).ToList();
        var extension = FileKinds.ExtensionOf(file.FileName);
        if (!accepted.Contains(extension, StringComparer.Ordinal))
        {
            var got = extension.Length == 0 ? $"'{file.FileName}' has no file type" : $"'{file.FileName}' is a .{extension} file";
            throw LearningException.Invalid($"{got}; this task takes {string.Join(", ", accepted.Select(a => "." + a))} files.");
        }

        RequireSize(rules, file.Length);
        return extension;
    }

    private static void RequireSize(SubmissionRules rules, long size)
    {
        var limit = (long)rules.MaxFileMegabytes * 1024 * 1024;
        if (size > limit)
        {
            throw LearningException.TooLarge($"The file is {size / 1024.0 / 1024.0:0.0} MB; this task takes files up to {rules.MaxFileMegabytes} MB. Make it smaller (for example, export a PDF or lower a photo's resolution) and try again.");
        }

        if (size == 0)
        {
            throw LearningException.Invalid("The file is empty.");
        }
    }

    /// <summary>The learner's file name without any folder, as given back in the download.</summary>
    private static string SafeFileName(string fileName, string extension)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 200)
        {
            name = name[..(200 - extension.Length - 1)] + "." + extension;
        }

        return name.Length == 0 ? $"work.{extension}" : name;
    }

    private async Task<bool> MaySeeAsync(ClaimsPrincipal user, TaskSubmission submission, CancellationToken cancellationToken)
    {
        if (user.UserId() == submission.UserId || user.IsInRole(Roles.Admin))
        {
            return true;
        }

        return user.IsInRole(Roles.Teacher) && await TeacherClassesOf(user, submission).AnyAsync(cancellationToken);
    }

    /// <summary>The class through which <paramref name="teacher"/> teaches the submission's learner the submission's course.</summary>
    private async Task<SchoolClass> ClassForAsync(ClaimsPrincipal teacher, TaskSubmission submission, long? classId, CancellationToken cancellationToken)
    {
        if (classId is { } id)
        {
            var schoolClass = await teaching.GetClassAsync(teacher, id, cancellationToken);
            if (schoolClass.Members.Any(m => m.LearnerId == submission.UserId) && schoolClass.Courses.Any(c => c.CourseId == submission.CourseId))
            {
                return schoolClass;
            }

            throw NoSuchSubmission();
        }

        var foundId = await TeacherClassesOf(teacher, submission).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw NoSuchSubmission();
        return await teaching.GetClassAsync(teacher, foundId, cancellationToken);
    }

    private IQueryable<SchoolClass> TeacherClassesOf(ClaimsPrincipal teacher, TaskSubmission submission)
    {
        var query = db.Classes.AsNoTracking()
            .Where(c => c.Members.Any(m => m.LearnerId == submission.UserId) && c.Courses.Any(x => x.CourseId == submission.CourseId));
        if (!teacher.IsInRole(Roles.Admin))
        {
            var teacherId = teacher.UserId();
            query = query.Where(c => c.TeacherId == teacherId);
        }

        return query;
    }

    private static LearningException NoSuchSubmission() => LearningException.NotFound("There is no such submission among your classes' work.");
}
