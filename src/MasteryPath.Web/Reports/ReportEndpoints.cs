using System.Security.Claims;
using System.Text.Json;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MasteryPath.Web.Reports;

public sealed record ReportSkillDto(string SkillId, string Title, string State, double Probability, DateTimeOffset? MasteredAt, int Evidence);

public sealed record ReportUnitDto(string? UnitId, string Title, int Mastered, IReadOnlyList<ReportSkillDto> Skills);

public sealed record LearnerReportDto(string Learner, string? Email, string CourseId, string Course, string? Class, double MasteryBar, DateTimeOffset GeneratedAt, int Mastered, int Total, IReadOnlyList<ReportUnitDto> Units);

/// <summary>
/// Reports and exports: downloads under /teach/classes/{id}/export (the dashboard's buttons; refusals render the
/// error page) and the same data as JSON API under /api (refusals are ProblemDetails).
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        MapExports(app.MapGroup("/teach/classes/{classId:long}/export").RequireAuthorization(Roles.Teacher).ExcludeFromDescription());

        var teach = app.MapGroup("/api/teach/classes/{classId:long}").WithTags("Reports").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        MapExports(teach.MapGroup("/export"));
        teach.MapGet("/learners/{learnerId}/report", async (long classId, string learnerId, string? course, ClaimsPrincipal user, ReportService reports) =>
                TypedResults.Ok(ToDto(await reports.LearnerReportAsync(user, classId, learnerId, course))))
            .WithSummary("A learner's standards-based report: per unit and skill, the mastery state, P(mastered), when it was earned and the evidence count.");

        app.MapGroup("/api/courses/{courseId}").WithTags("Reports").WithProblemDetails()
            .MapGet("/report", async (string courseId, ClaimsPrincipal user, ReportService reports) =>
                TypedResults.Ok(ToDto(await reports.OwnReportAsync(user.UserId(), courseId))))
            .WithSummary("The signed-in learner's own standards-based report for the course.");
        return app;
    }

    private static void MapExports(RouteGroupBuilder exports)
    {
        exports.MapGet("/mastery.csv", async (long classId, string? course, string? values, ClaimsPrincipal user, TeachingService teaching, GradebookService gradebooks) =>
            {
                var value = values is "p" or "probability" ? MasteryCsvValue.Probability : MasteryCsvValue.State;
                var dashboard = await teaching.DashboardAsync(user, classId, course);
                var logins = await gradebooks.UsernamesAsync(dashboard.Learners.Where(l => l.Email.Length == 0).Select(l => l.LearnerId).ToList());
                return TypedResults.File(ReportService.MasteryCsv(dashboard, value, logins), "text/csv; charset=utf-8", FileName(dashboard.Class, dashboard.Course, "mastery.csv"));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Learners × skills as CSV (UTF-8 with BOM): learner, learner id, email or username, then one column per skill, headed by its title, with its state in words (or P(mastered) with values=p).");
        exports.MapGet("/gradebook.csv", async (long classId, string? course, ClaimsPrincipal user, GradebookService gradebooks) =>
            {
                var book = await gradebooks.BuildAsync(user, classId, course);
                return TypedResults.File(GradebookFiles.Csv(book), "text/csv; charset=utf-8", FileName(book.Class, book.Course, "gradebook.csv"));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The standards-based gradebook as CSV (UTF-8 with BOM): a row per learner and unit and per learner and skill with the score on the class's scale (0 Not started … top Mastered), its level in words and the date earned.");
        exports.MapGet("/gradebook.xlsx", async (long classId, string? course, ClaimsPrincipal user, GradebookService gradebooks) =>
            {
                var book = await gradebooks.BuildAsync(user, classId, course);
                return TypedResults.File(GradebookFiles.Workbook(book), GradebookFiles.XlsxContentType, FileName(book.Class, book.Course, "gradebook.xlsx"));
            })
            .Produces(StatusCodes.Status200OK, contentType: GradebookFiles.XlsxContentType)
            .WithSummary("The standards-based gradebook as an Excel workbook: sheets Scores (a row per learner, a column per unit and skill, headed by titles), Dates earned and Scale.");
        exports.MapGet("/oneroster-gradebook.zip", async (long classId, string? course, ClaimsPrincipal user, GradebookService gradebooks) =>
            {
                var book = await gradebooks.BuildAsync(user, classId, course);
                return TypedResults.File(OneRosterGradebook.Zip(book), "application/zip", FileName(book.Class, book.Course, "oneroster-gradebook.zip"));
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("The gradebook as a OneRoster 1.2 CSV bundle for the SIS: manifest.csv, categories.csv, lineItems.csv (a line item per skill and unit) and results.csv, with the sourcedIds of the OneRoster import.");
        exports.MapGet("/answers-named.csv", async (long classId, string? course, ClaimsPrincipal user, ReportService reports) =>
            {
                var log = await reports.ClassLogAsync(user, classId, course);
                return TypedResults.File(ReportService.NamedAnswersCsv(log), "text/csv; charset=utf-8", FileName(log.Class, log.Course, "answers-named.csv"));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The class's answers for its teacher (UTF-8 with BOM): learner name, id and email or username, skill title and id, correct (yes/no), kind and time.");
        exports.MapGet("/answers.csv", async (long classId, string? course, ClaimsPrincipal user, ReportService reports) =>
            {
                var log = await reports.ClassLogAsync(user, classId, course);
                return TypedResults.File(ReportService.AnswersCsv(log), "text/csv; charset=utf-8", FileName(log.Class, log.Course, "answers.csv"));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The class's answer-event log as learner,skill,correct,timestamp (pseudonymous learners), the format `masterypath kt eval` reads.");
        exports.MapGet("/xapi.json", async Task<FileContentHttpResult> (long classId, string? course, string? version, ClaimsPrincipal user, ReportService reports) =>
            {
                var xapiVersion = version is null ? XapiVersion.V1_0_3 : XapiVersions.Parse(version) ?? throw LearningException.Invalid($"The xAPI version \"{version}\" is not one MasteryPath writes: use 1.0.3 or 2.0.0.");
                var log = await reports.ClassLogAsync(user, classId, course);
                var json = JsonSerializer.SerializeToUtf8Bytes(reports.Xapi(log, xapiVersion), JsonSerializerOptions.Web);
                return TypedResults.File(json, "application/json", FileName(log.Class, log.Course, "xapi.json"));
            })
            .Produces<IReadOnlyList<XapiStatement>>(StatusCodes.Status200OK)
            .WithSummary("xAPI statements (version=1.0.3, the default, or 2.0.0): answers (answered), skills mastered by check, review, placement or assessment (mastered), and course completion (completed); ids are stable across exports; a skill aligned to a CASE standard names it as a category context activity.");
    }

    private static string FileName(SchoolClass schoolClass, Course course, string what)
    {
        var name = new string(schoolClass.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return $"{(name.Length == 0 ? "class" : name)}-{course.Id}-{what}";
    }

    public static LearnerReportDto ToDto(LearnerReport report) => new(
        report.LearnerName,
        report.Email,
        report.CourseId,
        report.CourseTitle,
        report.ClassName,
        report.Bar,
        report.GeneratedAt,
        report.Mastered,
        report.Total,
        report.Units.Select(u => new ReportUnitDto(
            u.UnitId,
            u.Title,
            u.Mastered,
            u.Skills.Select(s => new ReportSkillDto(s.Skill.Value, s.Title, s.State.ToString(), Math.Round(s.Probability, 4), s.MasteredAt, s.Evidence)).ToList())).ToList());
}
