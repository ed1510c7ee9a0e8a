using System.IO.Compression;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Data;
using MasteryPath.Data.Privacy;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using MasteryPath.Web.PerformanceTasks;
using MasteryPath.Web.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Accounts;

/// <summary>
/// Everything the app holds about one person, as a zip a learner (or a parent with them) can read: the account, classes
/// and enrollments, every answer event and question, handed-in work with its files, ratings, the survey answers that
/// carry their name (anonymous ones cannot be told apart, by design), assignments, and what teachers decided about
/// them (the audit entries naming them). The right of access of GDPR art. 15 and FERPA's inspection of records.
/// Answers whose text the retention setting removed say so (<see cref="RemovedText"/>) instead of an empty answer.
/// </summary>
public sealed class PersonalDataExport(MasteryPathDb db, UploadStore uploads, TimeProvider time, IOptions<PrivacyOptions> privacy)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The zip and its file name. Built in memory, so that a failure is a clean error rather than half a download.
    /// </summary>
    public async Task<(byte[] Zip, string FileName)> BuildAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw LearningException.NotFound("There is no such user.");
        using var buffer = new MemoryStream();
        await WriteAsync(user, buffer, cancellationToken);
        return (buffer.ToArray(), $"masterypath-data-{Safe(user.Email ?? user.Id)}-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private async Task WriteAsync(AppUser user, Stream output, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).ToListAsync(cancellationToken);
        var classes = await db.ClassMemberships.AsNoTracking().Where(m => m.LearnerId == userId)
            .Join(db.Classes, m => m.ClassId, c => c.Id, (m, c) => new { c.Id, c.Name, m.JoinedAt }).ToListAsync(cancellationToken);
        var submissions = await db.TaskSubmissions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var events = await db.AnswerEvents.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var questions = await db.Attempts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        MarkRemoved(events, questions);
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.SubjectUserId == userId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var actorIds = audit.Select(a => a.ActorId).Distinct().ToList();
        var actors = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await TextAsync(zip, "README.txt", Readme(user, time.GetUtcNow(), RemovedText), cancellationToken);
        var schoolSignIns = await db.UserLogins.AsNoTracking().Where(l => l.UserId == userId).Select(l => new { Provider = l.ProviderDisplayName, SubjectId = l.ProviderKey }).ToListAsync(cancellationToken);
        await JsonAsync(zip, "account.json", new { user.Id, user.Email, user.DisplayName, Roles = roles, user.CreatedAt, Active = user.DeactivatedAt is null, user.DeactivatedAt, SchoolSignIns = schoolSignIns }, cancellationToken);
        await JsonAsync(zip, "classes.json", classes, cancellationToken);
        await JsonAsync(zip, "enrollments.json", await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId).ToListAsync(cancellationToken), cancellationToken);
        await JsonAsync(zip, "answer-events.json", events, cancellationToken);
        await JsonAsync(zip, "questions.json", questions, cancellationToken);
        await JsonAsync(zip, "submissions.json", submissions.Select(s => new { s.Id, s.CourseId, s.TaskId, s.Version, s.Text, s.FileName, File = s.StoredFileName is null ? null : FilePath(s), s.SubmittedAt, s.Status, s.ScoresJson, s.Comment }), cancellationToken);
        await JsonAsync(zip, "lesson-ratings.json", await db.LessonRatings.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(cancellationToken), cancellationToken);
        await JsonAsync(zip, "survey-answers.json", await db.SurveyResponses.AsNoTracking().Where(r => r.UserId == userId)
            .Join(db.Surveys, r => r.SurveyId, s => s.Id, (r, s) => new { Survey = s.Title, r.AnswersJson, r.SubmittedAt }).ToListAsync(cancellationToken), cancellationToken);
        await JsonAsync(zip, "assignments.json", await db.ClassAssignments.AsNoTracking()
            .Where(a => a.Learners.Any(l => l.LearnerId == userId) || (a.ForWholeClass && db.ClassMemberships.Any(m => m.ClassId == a.ClassId && m.LearnerId == userId)))
            .Select(a => new { a.ClassId, a.CourseId, a.Title, Skills = a.Skills.OrderBy(s => s.Position).Select(s => s.SkillId).ToList(), a.ForWholeClass, a.DueOn, a.Note, a.AssignedAt })
            .ToListAsync(cancellationToken), cancellationToken);
        var passkeys = await db.UserPasskeys.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken);
        await JsonAsync(zip, "passkeys.json", passkeys.OrderBy(p => p.Data.CreatedAt).Select(p => new { p.Data.Name, AddedAt = p.Data.CreatedAt }), cancellationToken);
        await JsonAsync(zip, "class-invitations.json", await db.ClassInvitations.AsNoTracking().Where(i => i.LearnerId == userId).Select(i => new { i.ClassId, i.Email, i.Name, i.InvitedAt }).ToListAsync(cancellationToken), cancellationToken);
        await JsonAsync(zip, "family.json", await FamilyAsync(userId, cancellationToken), cancellationToken);
        await JsonAsync(zip, "decisions-about-me.json", audit.Select(a => new { a.At, By = actors.GetValueOrDefault(a.ActorId, "someone no longer here"), a.Action, a.ClassId, a.CourseId, a.SkillId, a.Reason, a.Details }), cancellationToken);
        foreach (var submission in submissions.Where(s => s.StoredFileName is not null))
        {
            var path = uploads.PathOf(submission.StoredFileName!);
            if (File.Exists(path))
            {
                await zip.CreateEntryFromFileAsync(path, FilePath(submission), CompressionLevel.Optimal, cancellationToken);
            }
        }
    }

    /// <summary>The family links on either side (the learner's parents, the parent's children), the teachers' messages and the digests sent.</summary>
    private async Task<object> FamilyAsync(string userId, CancellationToken cancellationToken)
    {
        var links = await db.FamilyLinks.AsNoTracking().Where(l => l.LearnerId == userId || l.ParentId == userId).ToListAsync(cancellationToken);
        var messages = await db.FamilyMessages.AsNoTracking().Where(m => m.LearnerId == userId || m.ParentId == userId).OrderBy(m => m.SentAt).ToListAsync(cancellationToken);
        var peopleIds = links.SelectMany(l => new[] { l.LearnerId, l.ParentId }).Concat(messages.SelectMany(m => new[] { m.LearnerId, m.ParentId, m.TeacherId })).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        string Name(string id) => names.GetValueOrDefault(id, "someone no longer here");
        return new
        {
            MyParents = links.Where(l => l.LearnerId == userId).Select(l => new { Parent = Name(l.ParentId), l.LinkedAt }),
            MyChildren = links.Where(l => l.ParentId == userId).Select(l => new { Child = Name(l.LearnerId), l.LinkedAt }),
            CodesIssuedForMe = await db.FamilyLinkCodes.AsNoTracking().Where(c => c.LearnerId == userId).Select(c => new { c.IssuedAt, c.ExpiresAt, c.UsedAt }).ToListAsync(cancellationToken),
            TeacherMessages = messages.Select(m => new { To = Name(m.ParentId), About = Name(m.LearnerId), From = Name(m.TeacherId), m.Text, m.SentAt }),
            WeeklyDigestsSent = await db.FamilyDigests.AsNoTracking().Where(d => d.ParentId == userId).Select(d => new { d.Week, d.SentAt }).ToListAsync(cancellationToken),
            WeeklyDigestOptedOut = await db.FamilyDigestOptOuts.AnyAsync(o => o.ParentId == userId, cancellationToken),
        };
    }

    /// <summary>What an answer whose text was removed by the retention setting reads as in the export.</summary>
    public string RemovedText => privacy.Value.AnswerTextRetentionDays is > 0 and var days
        ? $"(removed after {days} days)"
        : "(removed after the retention period)";

    // The rows are not tracked: changing them here changes only what is written to the zip.
    private void MarkRemoved(List<AnswerEventRecord> events, List<Attempt> questions)
    {
        foreach (var e in events.Where(e => AnswerTextRetention.IsRemoved(e.Response)))
        {
            e.Response = RemovedText;
        }

        foreach (var q in questions)
        {
            q.Response = AnswerTextRetention.IsRemoved(q.Response) ? RemovedText : q.Response;
            q.RetryResponse = AnswerTextRetention.IsRemoved(q.RetryResponse) ? RemovedText : q.RetryResponse;
        }
    }

    private static string FilePath(TaskSubmission s) => $"files/{s.TaskId}-v{s.Version}-{Safe(s.FileName ?? "file")}";

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    private static string Readme(AppUser user, DateTimeOffset at, string removed) => $"""
        MasteryPath: the data held about {user.DisplayName} ({user.Email}), exported {at:yyyy-MM-dd HH:mm} UTC.

        account.json            the account: email, name, roles, when it was made, the school accounts it signs in with
        classes.json            the classes joined
        enrollments.json        each course: placement, goals, the saved learner state
        answer-events.json      every answer, hint, "don't know", check and review, in order (the evidence of mastery)
        questions.json          every question shown, with the answer given
        submissions.json        handed-in work, its scores and the teacher's comments; files/ holds the files
        lesson-ratings.json     ratings of lessons
        survey-answers.json     answers to surveys that were not anonymous (anonymous answers carry no name)
        assignments.json        practice a teacher assigned
        passkeys.json           a teacher's or admin's passkeys: each one's name and when it was added
        family.json             parents linked to this learner, or children linked to this parent; teachers' messages to parents; weekly digests sent
        decisions-about-me.json what teachers and admins did about this account (placement resets, overrides, roster changes, password resets)

        Times are UTC. Questions are named by ids of the course (see the course's folder for their text).
        An answer that reads "{removed}" is older than the school keeps the text of answers: the text was removed;
        whether it was right, the skill and the time are kept.
        """;

    private static async Task JsonAsync(ZipArchive zip, string name, object value, CancellationToken cancellationToken)
    {
        await using var stream = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(stream, value, Json, cancellationToken);
    }

    private static async Task TextAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        await using var stream = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }
}

/// <summary>The export's endpoints: one's own data from the account page; anyone's for an admin (a parent's or a learner's request made at the school).</summary>
public static class PersonalDataEndpoints
{
    public static IServiceCollection AddPersonalDataExport(this IServiceCollection services) => services.AddScoped<PersonalDataExport>();

    public static IEndpointRouteBuilder MapPersonalDataExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/export", (ClaimsPrincipal user, PersonalDataExport export, HttpContext context) => ZipAsync(user.UserId(), export, context)).ExcludeFromDescription();
        app.MapGet("/api/admin/users/{userId}/export", (string userId, PersonalDataExport export, HttpContext context) => ZipAsync(userId, export, context))
            .WithTags("Accounts").RequireAuthorization(Roles.Admin).WithProblemDetails()
            .WithSummary("Everything held about the user, as a zip of JSON files and their handed-in files (a data-access request).");
        return app;
    }

    private static async Task<IResult> ZipAsync(string userId, PersonalDataExport export, HttpContext context)
    {
        var (zip, name) = await export.BuildAsync(userId, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(zip, "application/zip", name);
    }
}
