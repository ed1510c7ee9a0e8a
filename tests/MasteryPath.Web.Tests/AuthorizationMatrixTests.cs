using System.Net;
using System.Text;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MasteryPath.Web.Tests;

/// <summary>
/// "A teacher sees only their own classes; learners see none of this": every endpoint of the running app, called by
/// each of the seven <see cref="Actor"/>s on someone else's real resources, answers as <see cref="AuthorizationMatrix"/>
/// declares, and no refused call writes anything.
/// </summary>
public abstract class AuthorizationMatrixTests(TestDatabase database, ITestOutputHelper output)
{
    /// <remarks>
    /// The calls that the matrix expects to be refused run first, on a world nobody has changed yet; then a snapshot of
    /// every table (and of the uploads folder) must equal the one taken before them. The allowed calls run after, with
    /// bodies that pass authorization and change little (a removed learner is put back at once). Every mismatch is
    /// listed at once: endpoints no rule classifies, rows no endpoint answers, each (endpoint, actor, expected, actual),
    /// API refusals that are not ProblemDetails, refusals that show the owners' data, and database rows refused calls wrote.
    /// </remarks>
    [SkippableFact]
    public async Task Every_endpoint_answers_every_actor_as_the_matrix_declares_and_refusals_change_nothing()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await using var world = await AuthorizationWorld.BuildAsync(app);
        var (cases, problems) = AuthorizationMatrix.Cases(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, world);
        var failures = new List<string>(problems);
        var calls = cases
            .SelectMany(c => AuthorizationMatrix.Actors.Select(actor => (Case: c, Actor: actor, Expected: AuthorizationMatrix.Expected(c.Row.Access, actor, c.IsApi))))
            .ToList();
        var answers = new Dictionary<(MatrixCase, Actor), string>();

        var before = await DatabaseSnapshot.TakeAsync(app);
        foreach (var call in calls.Where(c => c.Expected != Outcome.Allowed))
        {
            answers[(call.Case, call.Actor)] = await CallAsync(world, call.Case, call.Actor, call.Expected, failures);
        }

        failures.AddRange(DatabaseSnapshot.Changes(before, await DatabaseSnapshot.TakeAsync(app)).Select(c => $"a refused call wrote to the database: {c}"));
        failures.AddRange(await KeyStateChangesAsync(world));

        foreach (var call in calls.Where(c => c.Expected == Outcome.Allowed))
        {
            answers[(call.Case, call.Actor)] = await CallAsync(world, call.Case, call.Actor, call.Expected, failures);
        }

        var shape = $"{cases.Count} endpoints (method + route) × {AuthorizationMatrix.Actors.Count} actors = {calls.Count} calls, {calls.Count(c => c.Expected != Outcome.Allowed)} of them refused";
        output.WriteLine(shape);
        output.WriteLine($"endpoint | rule | {string.Join(" | ", AuthorizationMatrix.Actors)}");
        foreach (var @case in cases)
        {
            output.WriteLine($"{@case.Row} | {@case.Row.Access} | {string.Join(" | ", AuthorizationMatrix.Actors.Select(a => answers[(@case, a)]))}");
        }

        var message = new StringBuilder($"{failures.Count} problem(s) with the authorization matrix ({shape}):\n");
        failures.ForEach(f => message.Append("  ").AppendLine(f));
        Assert.True(failures.Count == 0, message.ToString());
    }

    [SkippableFact]
    public async Task A_learner_in_two_teachers_classes_shows_each_teacher_only_their_own_classes_audit_trail()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync(AuthorizationWorld.OtherTeacherEmail, Roles.Teacher);
        using var teacher = await app.SignInAsync(AuthorizationWorld.OwnerTeacherEmail);
        using var other = await app.SignInAsync(AuthorizationWorld.OtherTeacherEmail);
        using var admin = await app.SignInAsync(AuthorizationWorld.AdminEmail);
        var period1 = await app.QueryAsync(db => db.Classes.Where(c => c.Name == AuthorizationWorld.ClassName).Select(c => c.Id).SingleAsync());
        var adaId = await app.UserIdAsync(AuthorizationWorld.OwnerLearnerEmail);
        var otherClass = (await other.SendJsonAsync<ClassSettingsDto>(HttpMethod.Post, "/api/teach/classes", new { name = "Other class", courses = new[] { AuthorizationWorld.Algebra } }, HttpStatusCode.Created)).Id;
        var invited = await other.SendJsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{otherClass}/learners", new AddLearnerRequest(AuthorizationWorld.OwnerLearnerEmail, null, null));
        using (var ada = await app.SignInAsync(AuthorizationWorld.OwnerLearnerEmail))
        {
            await ada.SendJsonAsync<JoinedDto>(HttpMethod.Post, $"/api/invitations/{Assert.Single(invited.Learners).InvitationId}/accept", new { });
        }

        const string Period1Reason = "Period 1 knows why: she explained it at the board";
        const string OtherReason = "Other class note: family matter, see the counsellor";
        foreach (var (client, classId, reason) in new[] { (teacher, period1, Period1Reason), (other, otherClass, OtherReason) })
        {
            using var response = await client.PostJsonAsync($"/api/teach/classes/{classId}/learners/{adaId}/override", new { course = AuthorizationWorld.Algebra, skill = AuthorizationWorld.Skill, mastered = true, reason });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // Each sees their own class's override and its reason, not the other class's, nor that the other teacher added her.
        foreach (var (client, classId, own, others, addedHere) in new[] { (teacher, period1, Period1Reason, OtherReason, false), (other, otherClass, OtherReason, Period1Reason, true), (admin, period1, Period1Reason, OtherReason, false) })
        {
            var page = Html.Text(await client.GetPageAsync($"/teach/classes/{classId}/learners/{adaId}?course={AuthorizationWorld.Algebra}"));
            Assert.Contains(own, page, StringComparison.Ordinal);
            Assert.DoesNotContain(others, page, StringComparison.Ordinal);
            Assert.Equal(addedHere, page.Contains(ClassService.ActionInvite, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The state the refused calls aimed at, checked by name (the snapshot already compares every row): the owning
    /// learner's question unanswered and without hints, her work awaiting scoring, the class's roster, join code,
    /// settings and surveys as they were, and nothing in the audit log, answer log or assignments about the class's learner.
    /// </summary>
    private static async Task<IReadOnlyList<string>> KeyStateChangesAsync(AuthorizationWorld world)
    {
        var state = await world.App.QueryAsync(async db => new
        {
            Attempt = await db.Attempts.AsNoTracking().Where(a => a.Id == world.AttemptId).Select(a => new { a.AnsweredAt, a.HintsShown }).SingleAsync(),
            Submission = await db.TaskSubmissions.AsNoTracking().Where(s => s.Id == world.SubmissionId).Select(s => new { s.Status, s.ScoresJson }).SingleAsync(),
            Class = await db.Classes.AsNoTracking().Where(c => c.Id == world.ClassId).Select(c => new { c.Name, c.JoinCode, Courses = c.Courses.Count }).SingleAsync(),
            Members = await db.ClassMemberships.AsNoTracking().Where(m => m.ClassId == world.ClassId).Select(m => m.LearnerId).ToListAsync(),
            Surveys = await db.Surveys.CountAsync(s => s.ClassId == world.ClassId),
            Responses = await db.SurveyResponses.CountAsync(r => r.SurveyId == world.SurveyId),
            Audit = await db.AuditLog.CountAsync(a => a.ClassId == world.ClassId || a.SubjectUserId == world.LearnerId),
            Evidence = await db.AnswerEvents.CountAsync(e => e.UserId == world.LearnerId),
            Assignments = await db.ClassAssignments.CountAsync(a => a.ClassId == world.ClassId),
            Announcements = await db.ClassAnnouncements.CountAsync(a => a.ClassId == world.ClassId),
        });
        var changes = new List<string>();
        void Check(bool unchanged, string what)
        {
            if (!unchanged)
            {
                changes.Add($"after the refused calls, {what}");
            }
        }

        Check(state.Attempt.AnsweredAt is null && state.Attempt.HintsShown == 0, $"the owning learner's question was answered or hinted ({state.Attempt})");
        Check(state.Submission.Status == Data.SubmissionStatus.Submitted && state.Submission.ScoresJson is null, $"the owning learner's work was scored ({state.Submission})");
        Check(state.Class.Name == AuthorizationWorld.ClassName && state.Class.JoinCode == world.ClassJoinCode && state.Class.Courses == world.ClassCourses.Count, $"the class changed ({state.Class})");
        Check(state.Members.Count == 4 && state.Members.Contains(world.LearnerId), $"the roster changed ({state.Members.Count} learners)");
        Check(state.Surveys == 1 && state.Responses == 0, $"the class has {state.Surveys} surveys and {state.Responses} responses");
        Check(state.Audit == world.AuditAtStart && state.Evidence == 0 && state.Assignments == 1 && state.Announcements == 1, $"the audit log ({state.Audit}), the answer log ({state.Evidence}), the assignments ({state.Assignments}) or the announcements ({state.Announcements}) changed");
        return changes;
    }

    /// <summary>Makes one call, adds what is wrong with its answer to <paramref name="failures"/>, and returns the answer in short.</summary>
    private static async Task<string> CallAsync(AuthorizationWorld world, MatrixCase @case, Actor actor, Outcome expected, List<string> failures)
    {
        var client = world.Clients[actor];
        using var content = @case.Row.Body?.Invoke(world, client.Token);
        using var response = await client.SendAsync(new HttpMethod(@case.Row.Method), @case.Url, content);
        var actual = AuthorizationMatrix.Classify(response, out var detail);
        var body = response.Content.Headers.ContentType?.MediaType == DashboardEvents.ContentType ? string.Empty : await response.Content.ReadAsStringAsync();
        var what = $"{@case.Row.Method} {@case.Url} ({@case.Row.Pattern}, {@case.Row.Access}) as {actor}";
        if (actual != expected)
        {
            var excerpt = actual == Outcome.ServerError ? ": " + body[..Math.Min(body.Length, 300)] : string.Empty;
            failures.Add($"{what}: expected {expected}, got {actual} ({detail}){excerpt}");
        }
        else if (expected is Outcome.Unauthorized or Outcome.Forbidden or Outcome.NotFound && @case.IsApi && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: {expected} as expected, but not as ProblemDetails ({response.Content.Headers.ContentType})");
        }

        // The secrets are the owning learner's and her teacher's: only a refusal to someone else can leak them.
        if (expected != Outcome.Allowed && actor != Actor.OwnerLearner && world.Secrets.FirstOrDefault(s => body.Contains(s, StringComparison.Ordinal)) is { } leaked)
        {
            failures.Add($"{what}: the refusal shows '{leaked}'");
        }

        if (actual == Outcome.Allowed && @case.Row.AfterAllowed is { } undo)
        {
            await undo(world);
        }

        return detail;
    }
}

public sealed class SqliteAuthorizationMatrixTests(ITestOutputHelper output) : AuthorizationMatrixTests(TestDatabase.Sqlite, output);

public sealed class PostgresAuthorizationMatrixTests(ITestOutputHelper output) : AuthorizationMatrixTests(TestDatabase.Postgres, output);
