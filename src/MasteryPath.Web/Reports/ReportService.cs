using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using MasteryPath.Content.Datasets;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Reports;

/// <summary>Everything a class export needs: the class, the course and bar in force, its learners and their answer-event logs.</summary>
public sealed record ClassLog(SchoolClass Class, Course Course, MasteryPolicy Policy, LearnerModel Model, IReadOnlyList<AppUser> Learners, ILookup<string, AnswerEventRecord> Events);

/// <summary>Which figure the mastery CSV puts in each learner × skill cell.</summary>
public enum MasteryCsvValue
{
    State,
    Probability,
}

/// <summary>
/// Standards-based reports and the class exports (mastery CSV, answer log CSV, xAPI). The teacher's side goes
/// through <see cref="TeachingService"/>, so a class that is not the teacher's is not found.
/// </summary>
public sealed class ReportService(MasteryPathDb db, TeachingService teaching, LearningService learning, LearnerModelRegistry models, IConfiguration configuration)
{
    /// <summary>The header of the answer log: the columns <c>masterypath kt eval</c> reads.</summary>
    public static readonly string[] AnswerLogHeader = [.. AnswerLogWriter.Header];

    /// <summary>The learner's own report.</summary>
    public async Task<LearnerReport> OwnReportAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var state = await learning.LoadAsync(userId, courseId, cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var schoolClass = await learning.ClassOfAsync(userId, courseId, cancellationToken);
        return LearnerReport.Build(state, user.DisplayName, user.Email, schoolClass?.Name);
    }

    /// <summary>The report of a learner of the teacher's class.</summary>
    public async Task<LearnerReport> LearnerReportAsync(ClaimsPrincipal teacher, long classId, string learnerId, string? courseId, CancellationToken cancellationToken = default)
    {
        var detail = await teaching.LearnerAsync(teacher, classId, learnerId, courseId, cancellationToken);
        return LearnerReport.Build(detail.State, detail.Learner.DisplayName, detail.Learner.Email, detail.Class.Name);
    }

    public async Task<ClassLog> ClassLogAsync(ClaimsPrincipal teacher, long classId, string? courseId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        return await ClassLogAsync(schoolClass, teaching.CourseOf(schoolClass, courseId), cancellationToken);
    }

    /// <summary>The log of a class loaded with its members and courses, for work on the server's own behalf (the LRS outbox).</summary>
    public async Task<ClassLog> ClassLogAsync(SchoolClass schoolClass, Course course, CancellationToken cancellationToken = default)
    {
        var memberIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
        var learners = (await db.Users.AsNoTracking().Where(u => memberIds.Contains(u.Id)).ToListAsync(cancellationToken))
            .OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(u => u.Id, StringComparer.Ordinal)
            .ToList();
        var events = (await db.AnswerEvents.AsNoTracking()
                .Where(e => e.CourseId == course.Id && memberIds.Contains(e.UserId))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.UserId);
        return new ClassLog(schoolClass, course, ClassPolicy.For(schoolClass, course), (await models.GetAsync(course.Id, cancellationToken)).Model, learners, events);
    }

    /// <summary>
    /// One row per learner: name, id, email (or username), then one column per skill (in prerequisite order, headed by its
    /// title and, for a skill that stands for an official standard, the standard's code) with its state in words
    /// ("In progress", "Mastered") or P(mastered).
    /// </summary>
    public static byte[] MasteryCsv(ClassDashboard dashboard, MasteryCsvValue value, IReadOnlyDictionary<string, string>? logins = null)
    {
        var course = dashboard.Course;
        var skills = course.Graph.TopologicalOrder;
        var csv = new SpreadsheetCsv().Row(["Learner", "Learner id", "Email or username", .. skills.Select(s => StandardNames.Heading(course.SkillsById[s]))]);
        foreach (var row in dashboard.Learners)
        {
            var login = row.Email.Length > 0 ? row.Email : logins?.GetValueOrDefault(row.LearnerId) ?? string.Empty;
            csv.Row([row.Name, row.LearnerId, login, .. skills.Select(skill =>
            {
                var status = row.Skills[skill];
                return value == MasteryCsvValue.Probability
                    ? Math.Round(status.Probability, 4).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
                    : SkillExplanations.StateLabel(status.State);
            })]);
        }

        return csv.ToBytes();
    }

    /// <summary>
    /// The class's answers for its teacher: who (name, id, email or username), which skill (title and id), right or
    /// wrong and when, in time order per learner, and the official standard the skill stands for (code and CASE
    /// identifier) when it has one. The pseudonymous log for research is <see cref="AnswersCsv"/>.
    /// </summary>
    public static byte[] NamedAnswersCsv(ClassLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var csv = new SpreadsheetCsv().Row("Learner", "Learner id", "Email or username", "Skill", "Skill id", "Correct", "Kind", "Time (UTC)", "Standard", "Standard CASE id");
        foreach (var learner in log.Learners)
        {
            foreach (var e in log.Events[learner.Id].Where(e => IsAnswer(e.Kind)))
            {
                var skill = Domain.Skills.SkillId.IsValid(e.SkillId) && log.Course.SkillsById.TryGetValue(Domain.Skills.SkillId.Parse(e.SkillId), out var found) ? found : null;
                csv.Row(
                    learner.DisplayName,
                    learner.Id,
                    learner.Email ?? learner.UserName,
                    skill?.Title ?? e.SkillId,
                    e.SkillId,
                    e.Correct ? "yes" : "no",
                    e.Kind.ToString(),
                    Timestamp(e.At),
                    skill is null ? string.Empty : StandardNames.Code(skill),
                    skill is null ? string.Empty : StandardNames.CaseIdentifier(skill));
            }
        }

        return csv.ToBytes();
    }

    /// <summary>
    /// The class's answers (not placement, reset, assessment or override decisions) as <c>learner,skill,correct,timestamp</c>,
    /// in time order per learner, with pseudonymous learner ids: the format <c>masterypath kt eval</c> reads, for research
    /// (kept as it is, see docs/privacy.md); the teacher's own log with names is <see cref="NamedAnswersCsv"/>.
    /// </summary>
    public static byte[] AnswersCsv(ClassLog log)
    {
        using var stream = new MemoryStream();
        AnswerLogWriter.Write(stream, log.Learners.SelectMany(learner => log.Events[learner.Id]
            .Where(e => IsAnswer(e.Kind))
            .Select(e => new AnswerLogRow(Pseudonym(learner.Id), e.SkillId, e.Correct, e.At))));
        return stream.ToArray();
    }

    /// <summary>The class's learning record as xAPI statements.</summary>
    public IReadOnlyList<XapiStatement> Xapi(ClassLog log, XapiVersion version = XapiVersion.V1_0_3) => XapiExport.Statements(log, XapiBase, version);

    /// <summary>The base of the xAPI activity ids; <c>MasteryPath:XapiBaseUrl</c> sets it.</summary>
    public string XapiBase => (configuration["MasteryPath:XapiBaseUrl"] is { Length: > 0 } configured ? configured : "https://masterypath.example").TrimEnd('/');

    /// <summary>True for the kinds that are a learner's answer rather than a decision about them.</summary>
    public static bool IsAnswer(EvidenceKind kind) => kind is EvidenceKind.Practice or EvidenceKind.MasteryCheck or EvidenceKind.Review or EvidenceKind.Placement;

    /// <summary>A learner's id in the answer log: stable across exports, and not their account id.</summary>
    public static string Pseudonym(string userId) =>
        "learner-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("masterypath-answer-log:" + userId)))[..12];

    public static string Timestamp(DateTimeOffset at) => AnswerLogWriter.Timestamp(at);
}
