using System.Net;
using System.Text;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.PerformanceTasks;
using MasteryPath.Web.Surveys;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests;

/// <summary>The seven people of the authorization matrix, seen from the resources of <see cref="Actor.OwnerLearner"/> and <see cref="Actor.OwnerTeacher"/>.</summary>
public enum Actor
{
    /// <summary>Not signed in.</summary>
    Anonymous,

    /// <summary>ada@example.com: the learner the attempt, the submission and the report belong to, in the owning teacher's class.</summary>
    OwnerLearner,

    /// <summary>A learner of another teacher's class.</summary>
    OtherLearner,

    /// <summary>teacher@example.com: the teacher of "Period 1", the class the resources belong to.</summary>
    OwnerTeacher,

    /// <summary>A teacher with a class (and a learner) of their own, not "Period 1".</summary>
    OtherTeacher,

    /// <summary>admin@example.com.</summary>
    Admin,

    /// <summary>parent@example.com: the demo parent, linked to the owning learner.</summary>
    Parent,
}

/// <summary>
/// The resources the matrix asks for, all made through the app's own API: the owning teacher's class "Period 1" with
/// the owning learner in it, her open question, her handed-in work with a file, a survey of the class, and another
/// teacher's class with a learner of its own.
/// </summary>
internal sealed class AuthorizationWorld : IAsyncDisposable
{
    public const string Algebra = "algebra-1";
    public const string Writing = "argument-writing";

    public const string AuthoringDraft = "matrix-draft";

    public const string AuthoringSkill = "matrix-skill";

    public const string AuthoringItems = "matrix.yaml";

    public const string AuthoringMedia = "bar.png";
    public const string Skill = "place-value";
    public const string Task = "argumentative-paragraph";
    public const string OwnerLearnerEmail = "ada@example.com";
    public const string OwnerLearnerName = "Ada Learner";
    public const string OtherLearnerEmail = "zoe.other@example.com";
    public const string OwnerTeacherEmail = "teacher@example.com";
    public const string OtherTeacherEmail = "other.teacher@example.com";
    public const string AdminEmail = "admin@example.com";
    public const string ParentEmail = "parent@example.com";
    public const string ClassName = "Period 1";
    public const string SurveyTitle = "Matrix check-in";
    public const string WorkText = "Matrix work: our school should start classes at 9:00. [C]";
    public const string WorkFileName = "matrix-work.png";
    public const string AssignmentTitle = "Matrix homework";
    public const string AnnouncementText = "Matrix announcement: bring a protractor";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    private readonly Dictionary<long, ClassInvitation> _invitations = [];

    private ClassAssignment? _assignment;

    private ClassAnnouncement? _announcement;

    private FamilyLink? _familyLink;

    private AuthorizationWorld(MasteryPathAppFactory app, IReadOnlyDictionary<Actor, MatrixClient> clients)
    {
        App = app;
        Clients = clients;
    }

    public MasteryPathAppFactory App { get; }

    public IReadOnlyDictionary<Actor, MatrixClient> Clients { get; }

    /// <summary>"Period 1", the owning teacher's class.</summary>
    public long ClassId { get; private set; }

    public IReadOnlyList<string> ClassCourses { get; private set; } = [];

    public string ClassJoinCode { get; private set; } = string.Empty;

    /// <summary>The owning learner's account id.</summary>
    public string LearnerId { get; private set; } = string.Empty;

    /// <summary>The other teacher's learner: the account the admin's account calls act on.</summary>
    public string OtherLearnerId { get; private set; } = string.Empty;

    /// <summary>The owning learner's open (unanswered) practice question on <see cref="Skill"/>.</summary>
    public string AttemptId { get; private set; } = string.Empty;

    public string CorrectAnswer { get; private set; } = string.Empty;

    /// <summary>The owning learner's version 1 of <see cref="Task"/>, awaiting scoring, with an uploaded file.</summary>
    public long SubmissionId { get; private set; }

    /// <summary>A durable-mastery credential of the owning learner (stored as claimed; its token is not a signed one).</summary>
    public string CredentialId { get; } = "0123456789abcdef0123456789abcdef";

    /// <summary>Audit entries about the class or its owning learner once the world is built (its two invitations).</summary>
    public int AuditAtStart { get; private set; }

    /// <summary>The demo parent's link to the owning learner.</summary>
    public long FamilyLinkId => _familyLink!.Id;

    /// <summary>The other teacher's class, which the other learner joined.</summary>
    public long OtherClassId { get; private set; }

    /// <summary>The owning learner's open invitation to the other teacher's class.</summary>
    public long OwnInvitationId { get; private set; }

    /// <summary>The other learner's open invitation to "Period 1".</summary>
    public long ClassInvitationId { get; private set; }

    /// <summary>A survey of "Period 1" with one Likert question, q1.</summary>
    public long SurveyId { get; private set; }

    /// <summary>Text that only the owners may see: no refusal may show any of it.</summary>
    public IReadOnlyList<string> Secrets => [OwnerLearnerEmail, OwnerLearnerName, ClassName, ClassJoinCode, SurveyTitle, WorkText, WorkFileName, AssignmentTitle, AnnouncementText];

    /// <summary>A class-wide assignment of "Period 1", due in a week.</summary>
    public long AssignmentId { get; private set; }

    /// <summary>An announcement to "Period 1".</summary>
    public long AnnouncementId { get; private set; }

    public static async Task<AuthorizationWorld> BuildAsync(MasteryPathAppFactory app)
    {
        await app.CreateAccountAsync(OtherTeacherEmail, Roles.Teacher);
        var clients = new Dictionary<Actor, MatrixClient>();
        var world = new AuthorizationWorld(app, clients);
        try
        {
            clients[Actor.Anonymous] = await MatrixClient.StartAsync(app, Actor.Anonymous, null);
            clients[Actor.OwnerLearner] = await MatrixClient.StartAsync(app, Actor.OwnerLearner, OwnerLearnerEmail);
            clients[Actor.OwnerTeacher] = await MatrixClient.StartAsync(app, Actor.OwnerTeacher, OwnerTeacherEmail);
            clients[Actor.OtherTeacher] = await MatrixClient.StartAsync(app, Actor.OtherTeacher, OtherTeacherEmail);
            clients[Actor.Admin] = await MatrixClient.StartAsync(app, Actor.Admin, AdminEmail);
            clients[Actor.Parent] = await MatrixClient.StartAsync(app, Actor.Parent, ParentEmail);

            // The other teacher's class, and its learner, whose account the roster creates.
            var other = clients[Actor.OtherTeacher];
            var otherClass = await other.JsonAsync<ClassSettingsDto>(HttpMethod.Post, "/api/teach/classes", new { name = "Other class", courses = new[] { Algebra, Writing } }, HttpStatusCode.Created);
            var added = await other.JsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{otherClass.Id}/learners", new AddLearnerRequest(OtherLearnerEmail, "Zoe Other", DemoData.Password));
            Assert.Equal(RosterChange.StatusInvited, Assert.Single(added.Learners).Status);
            clients[Actor.OtherLearner] = await MatrixClient.StartAsync(app, Actor.OtherLearner, OtherLearnerEmail);
            world.OtherLearnerId = await app.UserIdAsync(OtherLearnerEmail);
            world.OtherClassId = otherClass.Id;


            var period1 = await app.QueryAsync(db => db.Classes.AsNoTracking().Include(c => c.Courses).SingleAsync(c => c.Name == ClassName));
            world.ClassId = period1.Id;
            world.ClassJoinCode = period1.JoinCode;
            world.ClassCourses = [.. period1.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal)];
            Assert.Contains(Writing, world.ClassCourses);
            world.LearnerId = await app.UserIdAsync(OwnerLearnerEmail);
            world._familyLink = await app.QueryAsync(db => db.FamilyLinks.AsNoTracking().SingleAsync(l => l.LearnerId == world.LearnerId));

            // Open invitations: the owning learner's to the other class (hers to answer), and the other learner's to "Period 1" (its teacher's to withdraw).
            await world.InviteOwnerLearnerToOtherClassAsync();
            await world.InviteOtherLearnerToClassAsync();
            await world.AddAssignmentAndAnnouncementAsync();
            world.AuditAtStart = await app.QueryAsync(db => db.AuditLog.CountAsync(a => a.ClassId == world.ClassId || a.SubjectUserId == world.LearnerId));

            var ada = clients[Actor.OwnerLearner];
            var attempt = await ada.JsonAsync<Learning.AttemptView>(HttpMethod.Post, $"/api/courses/{Algebra}/skills/{Skill}/attempts", new { mode = "Practice" });
            world.AttemptId = attempt.AttemptId;
            world.CorrectAnswer = await app.CorrectResponseAsync(attempt.AttemptId);

            using (var work = new MultipartFormDataContent { { new StringContent(WorkText), "text" }, { new ByteArrayContent(Png), "file", WorkFileName } })
            {
                using var handedIn = await ada.SendAsync(HttpMethod.Post, $"/api/courses/{Writing}/tasks/{Task}/submissions", work);
                var submission = await MatrixClient.ReadAsync<SubmissionDto>(handedIn, HttpStatusCode.Created, "hand in the owning learner's work");
                Assert.Equal((1, "Submitted", WorkFileName), (submission.Version, submission.Status, submission.FileName));
                world.SubmissionId = submission.Id;
            }

            var survey = await clients[Actor.OwnerTeacher].JsonAsync<SurveySummaryDto>(
                HttpMethod.Post,
                $"/api/teach/classes/{world.ClassId}/surveys",
                new { title = SurveyTitle, anonymous = false, questions = new[] { new { kind = "likert", text = "The lessons were clear" } } },
                HttpStatusCode.Created);
            world.SurveyId = survey.Id;
            await app.QueryAsync(async db =>
            {
                db.SkillCredentials.Add(new SkillCredential
                {
                    Id = world.CredentialId,
                    UserId = world.LearnerId,
                    CourseId = Algebra,
                    SkillId = Skill,
                    ReviewEventId = "matrix-review",
                    MasteredAt = app.Time.GetUtcNow().AddDays(-10),
                    ReviewedAt = app.Time.GetUtcNow().AddDays(-2),
                    IssuedAt = app.Time.GetUtcNow(),
                    Jwt = "not.a.token",
                });
                return await db.SaveChangesAsync();
            });
            await AddAuthoringDraftAsync(app);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The owning teacher's draft (docs/adr/0032) with a skill, an items file, an image and a published version.</summary>
    private static async Task AddAuthoringDraftAsync(MasteryPathAppFactory app)
    {
        var teacherId = await app.UserIdAsync(OwnerTeacherEmail);
        var files = new Web.Authoring.CourseFiles();
        files.Set("course.yaml", System.Text.Encoding.UTF8.GetBytes($"id: {AuthoringDraft}\ntitle: Matrix draft\nversion: 0.1.0\nunits:\n  - id: unit-1\n    title: Unit 1\n"));
        files.Set($"skills/{AuthoringSkill}.md", System.Text.Encoding.UTF8.GetBytes(Web.Authoring.SkillFile.New(AuthoringSkill, "Matrix skill", "Can be called.", "unit-1").ToString()));
        files.Set($"items/{AuthoringItems}", System.Text.Encoding.UTF8.GetBytes(Web.Authoring.Previews.StarterTemplate(AuthoringSkill, "matrix-template")));
        files.Set($"media/{AuthoringMedia}", Png);
        await app.QueryAsync(async db =>
        {
            var draft = new CourseDraft { CourseId = AuthoringDraft, OwnerId = teacherId, CreatedAt = app.Time.GetUtcNow(), UpdatedAt = app.Time.GetUtcNow() };
            draft.Files.AddRange(files.All.Select(f => new CourseDraftFile { CourseId = AuthoringDraft, Path = f.Key, Content = f.Value, UpdatedAt = app.Time.GetUtcNow(), UpdatedById = teacherId }));
            db.CourseDrafts.Add(draft);
            db.PublishedCourseVersions.Add(new PublishedCourseVersion { CourseId = AuthoringDraft, Number = 1, PublishedById = teacherId, PublishedAt = app.Time.GetUtcNow(), Zip = files.ToZip() });
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>The value of a route parameter (case-insensitive, as Razor pages spell them in PascalCase); null when the matrix has none.</summary>
    public string? RouteValue(string name) => name.ToUpperInvariant() switch
    {
        "CLASSID" => ClassId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "LEARNERID" => LearnerId,
        "USERID" => OtherLearnerId,
        "ATTEMPTID" => AttemptId,
        "CREDENTIALID" => CredentialId,
        "CHILDID" => LearnerId,
        "LINKID" => FamilyLinkId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "SUBMISSIONID" => SubmissionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "INVITATIONID" => ClassInvitationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "OWNINVITATIONID" => OwnInvitationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "SURVEYID" => SurveyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "ASSIGNMENTID" => AssignmentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "ANNOUNCEMENTID" => AnnouncementId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "COURSEID" => Algebra,
        "SKILLID" => Skill,
        "TASKID" => Task,
        "AUTHORINGDRAFT" => AuthoringDraft,

        // Infrastructure: the OpenAPI document and its reference page, the error page's status, a static file.
        "DOCUMENTNAME" => "v1",
        "CODE" => "400",
        "PATH" => "app.css",
        _ => null,
    };

    /// <summary>Puts the owning learner back into "Period 1" after an allowed removal: the owning teacher invites her, she accepts.</summary>
    public async Task RestoreOwnerLearnerAsync()
    {
        var result = await Clients[Actor.OwnerTeacher].JsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{ClassId}/learners", new AddLearnerRequest(OwnerLearnerEmail, null, null));
        var invitation = Assert.Single(result.Learners).InvitationId ?? throw new InvalidOperationException("The owning learner was not invited back.");
        var joined = await Clients[Actor.OwnerLearner].JsonAsync<JoinedDto>(HttpMethod.Post, $"/api/invitations/{invitation}/accept", null);
        Assert.Equal(ClassId, joined.ClassId);
    }

    /// <summary>The other teacher invites the owning learner to the other class (again, after she answered or joined).</summary>
    public async Task InviteOwnerLearnerToOtherClassAsync()
    {
        using (var removed = await Clients[Actor.OtherTeacher].SendAsync(HttpMethod.Delete, $"/api/teach/classes/{OtherClassId}/learners/{LearnerId}", null))
        {
            Assert.Contains(removed.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound });
        }

        var result = await Clients[Actor.OtherTeacher].JsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{OtherClassId}/learners", new AddLearnerRequest(OwnerLearnerEmail, null, null));
        OwnInvitationId = Assert.Single(result.Learners).InvitationId ?? throw new InvalidOperationException("The owning learner was not invited.");
        _invitations[OwnInvitationId] = await App.QueryAsync(db => db.ClassInvitations.AsNoTracking().SingleAsync(i => i.Id == OwnInvitationId));
    }

    /// <summary>
    /// Puts an invitation back as it was, under the same id (the matrix built its URLs once), after an allowed accept,
    /// decline or withdrawal; an accept's membership goes again.
    /// </summary>
    /// <summary>Puts the class's assignment and announcement back, with their ids, after an allowed removal.</summary>
    /// <summary>Puts the demo parent's link to the owning learner back, with its id, after an allowed removal.</summary>
    public Task RestoreFamilyLinkAsync() => App.QueryAsync(async db =>
    {
        var link = _familyLink!;
        if (!await db.FamilyLinks.AnyAsync(l => l.Id == link.Id))
        {
            db.FamilyLinks.Add(new FamilyLink { Id = link.Id, ParentId = link.ParentId, LearnerId = link.LearnerId, IssuedById = link.IssuedById, LinkedAt = link.LinkedAt });
        }

        return await db.SaveChangesAsync();
    });

    public Task RestoreAssignmentAndAnnouncementAsync() => App.QueryAsync(async db =>
    {
        if (!await db.ClassAssignments.AnyAsync(a => a.Id == _assignment!.Id))
        {
            var a = _assignment!;
            db.ClassAssignments.Add(new ClassAssignment { Id = a.Id, ClassId = a.ClassId, CourseId = a.CourseId, Title = a.Title, UnitId = a.UnitId, Note = a.Note, DueOn = a.DueOn, ForWholeClass = a.ForWholeClass, AssignedById = a.AssignedById, AssignedAt = a.AssignedAt, Skills = [.. a.Skills.Select(s => new ClassAssignmentSkill { SkillId = s.SkillId, Position = s.Position })] });
        }

        if (!await db.ClassAnnouncements.AnyAsync(a => a.Id == _announcement!.Id))
        {
            var a = _announcement!;
            db.ClassAnnouncements.Add(new ClassAnnouncement { Id = a.Id, ClassId = a.ClassId, AuthorId = a.AuthorId, Text = a.Text, PostedAt = a.PostedAt });
        }

        return await db.SaveChangesAsync();
    });

    private async Task AddAssignmentAndAnnouncementAsync()
    {
        var teacher = Clients[Actor.OwnerTeacher];
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        AssignmentId = (await teacher.JsonAsync<Teaching.Assignments.AssignmentDto>(HttpMethod.Post, $"/api/teach/classes/{ClassId}/assignments", new { course = Algebra, skills = new[] { Skill }, wholeClass = true, dueOn = due, title = AssignmentTitle }, HttpStatusCode.Created)).Id;
        AnnouncementId = (await teacher.JsonAsync<Teaching.Assignments.AnnouncementDto>(HttpMethod.Post, $"/api/teach/classes/{ClassId}/announcements", new { text = AnnouncementText }, HttpStatusCode.Created)).Id;
        (_assignment, _announcement) = await App.QueryAsync(async db => (
            await db.ClassAssignments.AsNoTracking().Include(a => a.Skills).SingleAsync(a => a.Id == AssignmentId),
            await db.ClassAnnouncements.AsNoTracking().SingleAsync(a => a.Id == AnnouncementId)));
    }

    public Task ReopenInvitationAsync(long id) => App.QueryAsync(async db =>
    {
        var row = _invitations[id];
        await db.ClassMemberships.Where(m => m.ClassId == row.ClassId && m.LearnerId == row.LearnerId).ExecuteDeleteAsync();
        if (!await db.ClassInvitations.AnyAsync(i => i.Id == id))
        {
            db.ClassInvitations.Add(new ClassInvitation { Id = row.Id, ClassId = row.ClassId, LearnerId = row.LearnerId, InvitedById = row.InvitedById, Email = row.Email, Name = row.Name, InvitedAt = row.InvitedAt, CreatedAccount = row.CreatedAccount, CodeHash = row.CodeHash });
            await db.SaveChangesAsync();
        }

        return id;
    });

    /// <summary>The owning teacher invites the other learner to "Period 1" (again, after a withdrawal).</summary>
    public async Task InviteOtherLearnerToClassAsync()
    {
        var result = await Clients[Actor.OwnerTeacher].JsonAsync<RosterResultDto>(HttpMethod.Post, $"/api/teach/classes/{ClassId}/learners", new AddLearnerRequest(OtherLearnerEmail, null, null));
        ClassInvitationId = Assert.Single(result.Learners).InvitationId ?? throw new InvalidOperationException("The other learner was not invited.");
        _invitations[ClassInvitationId] = await App.QueryAsync(db => db.ClassInvitations.AsNoTracking().SingleAsync(i => i.Id == ClassInvitationId));
    }

    /// <summary>Re-activates the other learner after the admin's allowed deactivation.</summary>
    public async Task ReactivateOtherLearnerAsync()
    {
        using var response = await Clients[Actor.Admin].SendAsync(HttpMethod.Post, $"/api/admin/users/{OtherLearnerId}/reactivate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A roster CSV naming a learner who is already in "Period 1": an allowed import changes nothing.</summary>
    public static string RosterCsv => "email,name\nben@example.com,Ben Learner\n";

    public static byte[] RosterCsvBytes => Encoding.UTF8.GetBytes(RosterCsv);

    public ValueTask DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
