using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MasteryPath.Web.Tests;


/// <summary>
/// The authorization matrix: every endpoint of the app with who may use it. An endpoint of the running app that no row
/// or infrastructure rule classifies fails the test, and so does a row that no longer matches an endpoint.
/// </summary>
internal static partial class AuthorizationMatrix
{
    public static readonly IReadOnlyList<Actor> Actors = Enum.GetValues<Actor>();

    /// <summary>A single sign-on provider's key (none is configured in the matrix's world: the pages lead back to sign-in).</summary>
    private static readonly Dictionary<string, string> SingleSignOnProvider = new() { ["provider"] = "school" };

    /// <summary>Route values naming the owning learner's own invitation (to the other class) instead of the class's.</summary>
    private static readonly IReadOnlyDictionary<string, string> OwnInvitation = new Dictionary<string, string> { ["invitationId"] = "$OWNINVITATIONID" };

    /// <summary>A passkey id that is not base64url: the owner's check comes first, then the id is refused.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotAPasskeyId = new Dictionary<string, string> { ["passkeyId"] = "not*base64url" };

    /// <summary>Framework and static endpoints, by pattern.</summary>
    public static readonly IReadOnlyList<InfrastructureRule> Infrastructure =
    [
        new("static files of wwwroot (fingerprinted, precompressed)", new Regex(@"^app(\.[0-9a-z]+)?\.css(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the live dashboard's script in wwwroot (fingerprinted, precompressed)", new Regex(@"^live-dashboard(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the question page's keyboard script in wwwroot (fingerprinted, precompressed)", new Regex(@"^attempt(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the passkeys script in wwwroot (fingerprinted, precompressed)", new Regex(@"^passkeys(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the reports' print script in wwwroot (fingerprinted, precompressed)", new Regex(@"^print(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the LTI pages' auto-post script in wwwroot (fingerprinted, precompressed)", new Regex(@"^lti-autopost(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the LTI dynamic registration's close script in wwwroot (fingerprinted, precompressed)", new Regex(@"^lti-register-close(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the course editor's preview script in wwwroot (fingerprinted, precompressed)", new Regex(@"^authoring(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the icon in wwwroot (fingerprinted, precompressed)", new Regex(@"^favicon(\.[0-9a-z]+)?\.svg(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the Blazor scripts (fingerprinted, precompressed)", new Regex(@"^_framework/blazor\.(web|server)(\.[0-9a-z]+)?\.js(\.gz)?$", RegexOptions.CultureInvariant), Access.Public),
        new("the static-files fallback of development", new Regex(@"^\{\*\*path:file\}$", RegexOptions.CultureInvariant), Access.Public),
        new("Blazor's redirect for enhanced navigation", new Regex("^/_framework/opaque-redirect$", RegexOptions.CultureInvariant), Access.SignedIn),
        new("the OpenAPI document", new Regex(@"^/openapi/\{documentName\}\.json$", RegexOptions.CultureInvariant), Access.SignedIn),
        new("the Scalar API reference page", new Regex(@"^/api/reference/\{documentName\?\}$", RegexOptions.CultureInvariant), Access.SignedIn),
        new("the Scalar API reference's scripts and icon (the same for everyone)", new Regex(@"^/api/reference/(scalar\.js|scalar\.aspnetcore\.js|favicon\.svg)$", RegexOptions.CultureInvariant), Access.Public),
    ];

    /// <summary>The owning teacher's draft, its skill, items file, image and version (AuthorizationWorld.AddAuthoringDraftAsync).</summary>
    private static readonly Dictionary<string, string> Draft = new(StringComparer.OrdinalIgnoreCase)
    {
        ["courseId"] = "$AUTHORINGDRAFT",
        ["skillId"] = AuthorizationWorld.AuthoringSkill,
        ["file"] = AuthorizationWorld.AuthoringItems,
        ["path"] = AuthorizationWorld.AuthoringMedia,
        ["number"] = "1",
    };

    private static readonly Dictionary<string, string> WritingCourse = new(StringComparer.OrdinalIgnoreCase) { ["courseId"] = AuthorizationWorld.Writing };

    /// <summary>Every endpoint, one by one. Pages (Razor components) answer GET and POST (their forms' handler); both are here.</summary>
    public static readonly IReadOnlyList<MatrixRow> Rows =
    [
        // ---------- Accounts ----------
        // The sign-in page's POST is the sign-in form's handler (a minimal API on the same route): one row for both.
        Get("/account/login", Access.Public),
        Post("/account/login", Access.Public, Form(("email", "nobody@example.com"), ("password", "Wrong-password-0"), ("returnUrl", "/"))),
        Post("/account/logout", Access.SignedIn, Form()),
        Post("/account/password", Access.SignedIn, Form(("current", "Wrong-password-0"), ("next", "Next-password-1"))),
        Get("/account/sso/{provider}", Access.Public) with { Route = SingleSignOnProvider },
        Get("/account/sso/{provider}/done", Access.Public) with { Route = SingleSignOnProvider },
        Get("/account/forgot", Access.Public),
        Post("/account/forgot", Access.Public, Form(("email", "nobody@example.com"))),
        Get("/account/reset", Access.Public),
        Post("/account/reset", Access.Public, Form(("user", "nobody"), ("token", "not-a-token"), ("next", "Next-password-1"))),
        .. Page("/account", Access.SignedIn),
        Get("/api/antiforgery", Access.SignedIn),

        // Passkeys: a teacher's or admin's own (learners are refused); signing in with one is open. Without a browser's
        // real credential an allowed call answers 400, and a malformed passkey id is refused (400) before any lookup.
        Get("/api/account/passkeys", Access.Teacher),
        Post("/api/account/passkeys/options", Access.Teacher),
        Post("/api/account/passkeys", Access.Teacher, Json(_ => new { name = "Matrix laptop", credential = new { id = "not-a-credential" } })),
        Delete("/api/account/passkeys/{passkeyId}", Access.Teacher) with { Route = NotAPasskeyId },
        Post("/api/account/passkey-sign-in/options", Access.Public),
        Post("/api/account/passkey-sign-in", Access.Public, Json(_ => new { credential = new { id = "not-a-credential" }, returnUrl = "/" })),
        .. Page("/error", Access.Public),

        // ---------- Families: a parent reads their linked children; codes from the learner (or her teacher); a link is removed by either side or the teacher ----------
        .. Page("/family", Access.Parent),
        .. Page("/family/child/{ChildId}", Access.Parent),
        .. Page("/family/join", Access.Public),
        Post("/forms/family/join", Access.Public, Form(("code", "ABCD-EFGH-JKMN"), ("name", "Matrix Parent"), ("email", "matrix.parent@example.com"), ("password", "Matrix-password-1"))),
        Post("/forms/family/codes", Access.SignedIn, Form()),
        Post("/forms/family/digest", Access.Parent, Form(("wanted", "true"))),
        Post("/forms/family/links/{linkId:long}/remove", Access.FamilyLinkManager, Form()) with { AfterAllowed = w => w.RestoreFamilyLinkAsync() },
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/family-code", Access.ClassTeacher, Form()),
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/family-message", Access.ClassTeacher, Form(("text", "Matrix message to the parents"))),
        .. Page("/error/{Code:int}", Access.Public),

        // ---------- Operations: a load balancer's probes ----------
        Get("/health/live", Access.Public),
        Get("/health/ready", Access.Public),

        // ---------- The learner's pages, forms and links: own data only ----------
        .. Page("/", Access.SignedIn),
        .. Page("/join", Access.SignedIn),
        .. Page("/courses/{CourseId}", Access.SignedIn),
        .. Page("/courses/{CourseId}/map", Access.SignedIn),
        .. Page("/courses/{CourseId}/placement", Access.SignedIn),
        .. Page("/courses/{CourseId}/skills/{SkillId}", Access.SignedIn),
        .. Page("/courses/{CourseId}/report", Access.SignedIn),
        .. Page("/courses/{CourseId}/tasks", Access.SignedIn, WritingCourse),
        Get("/courses/{CourseId}/tasks/{TaskId}", Access.SignedIn) with { Route = WritingCourse },
        Post("/courses/{CourseId}/tasks/{TaskId}", Access.SignedIn, Form(("_handler", "submission"), ("Text", "My own work."))) with { Route = WritingCourse },
        .. Page("/attempts/{AttemptId}", Access.OwnerLearner),
        .. Page("/surveys", Access.SignedIn),
        .. Page("/surveys/{SurveyId:long}", Access.ClassLearner),
        Post("/forms/attempts/{attemptId}/answer", Access.OwnerLearner, (w, t) => FormContent(t, ("response", w.CorrectAnswer))),
        Post("/forms/attempts/{attemptId}/hint", Access.OwnerLearner, Form()),
        Post("/forms/attempts/{attemptId}/dont-know", Access.OwnerLearner, Form()),
        Post("/forms/attempts/{attemptId}/reveal", Access.OwnerLearner, Form()),
        Post("/forms/courses/{courseId}/placement/start", Access.SignedIn, Form(("choice", "skip"))),
        Post("/forms/courses/{courseId}/test-out", Access.SignedIn, Form(("unit", ""))),
        Post("/forms/courses/{courseId}/goal", Access.SignedIn, Form(("kind", "Skills"), ("target", "3"))),
        Post("/forms/courses/{courseId}/skills/{skillId}/rating", Access.SignedIn, Form(("rating", "4"), ("comment", "Clear."))),
        Post("/forms/surveys/{surveyId:long}", Access.ClassLearner, Form(("answer-q1", "4"))),
        Post("/forms/join", Access.SignedIn, Form(("code", ""))),
        Get("/courses/{courseId}/skills/{skillId}/practice", Access.SignedIn),
        Get("/courses/{courseId}/skills/{skillId}/check", Access.SignedIn),
        Get("/courses/{courseId}/skills/{skillId}/review", Access.SignedIn),
        Get("/courses/{courseId}/skills/{skillId}/challenge", Access.SignedIn),
        Get("/courses/{courseId}/placement/next", Access.SignedIn),
        Get("/courses/{courseId}/quiz", Access.SignedIn),

        // ---------- The learner's JSON API: own data only ----------
        Get("/api/courses", Access.SignedIn),
        Get("/api/courses/{courseId}/map", Access.SignedIn),
        Get("/api/courses/{courseId}/today", Access.SignedIn),
        Get("/api/courses/{courseId}/skills/{skillId}", Access.SignedIn),
        Post("/api/courses/{courseId}/skills/{skillId}/attempts", Access.SignedIn, Json(_ => new { mode = "Practice" })),
        Post("/api/courses/{courseId}/placement", Access.SignedIn),
        Get("/api/courses/{courseId}/placement", Access.SignedIn),
        Post("/api/courses/{courseId}/test-out", Access.SignedIn),
        Post("/api/courses/{courseId}/placement/skip", Access.SignedIn),
        Post("/api/courses/{courseId}/placement/next", Access.SignedIn),
        Post("/api/courses/{courseId}/quiz/next", Access.SignedIn),
        Get("/api/courses/{courseId}/report", Access.SignedIn),
        Get("/api/courses/{courseId}/skills/{skillId}/rating", Access.SignedIn),
        Put("/api/courses/{courseId}/skills/{skillId}/rating", Access.SignedIn, Json(_ => new { rating = 4, comment = "Clear." })),
        Get("/api/attempts/{attemptId}", Access.OwnerLearner),
        Post("/api/attempts/{attemptId}/hints", Access.OwnerLearner),
        Post("/api/attempts/{attemptId}/answer", Access.OwnerLearner, Json(w => new { response = w.CorrectAnswer })),
        Post("/api/attempts/{attemptId}/dont-know", Access.OwnerLearner),
        Post("/api/attempts/{attemptId}/reveal", Access.OwnerLearner),
        Get("/api/attempts/{attemptId}/check-review", Access.OwnerLearner),
        Get("/api/courses/{courseId}/tasks", Access.SignedIn) with { Route = WritingCourse },
        Get("/api/courses/{courseId}/tasks/{taskId}/submissions", Access.SignedIn) with { Route = WritingCourse },
        Post("/api/courses/{courseId}/tasks/{taskId}/submissions", Access.SignedIn, (_, _) => new MultipartFormDataContent { { new StringContent("My own work."), "text" } }) with { Route = WritingCourse },
        Get("/api/surveys", Access.SignedIn),
        Get("/api/surveys/{surveyId:long}", Access.ClassLearner),
        Post("/api/surveys/{surveyId:long}/responses", Access.ClassLearner, Json(_ => new { answers = new Dictionary<string, string> { ["q1"] = "4" } })),
        Post("/api/join", Access.SignedIn, Json(_ => new { code = "" })),

        // ---------- Handed-in files ----------
        Get("/submissions/{submissionId:long}/file", Access.SubmissionViewer),
        Get("/api/submissions/{submissionId:long}/file", Access.SubmissionViewer),

        // ---------- LTI 1.3 (Interop/Lti): the protocol's addresses are public and refuse in words (400) without a valid message ----------
        Get("/lti/jwks", Access.Public),

        // ---------- Durable-mastery credentials: claimed by a learner for themselves, public to verify, revoked by the learner, their teacher or an admin ----------
        Post("/forms/courses/{courseId}/skills/{skillId}/credential", Access.SignedIn, Form(("showName", "true"))),
        Post("/forms/credentials/{credentialId}/revoke", Access.SubmissionViewer, Form(("reason", "Matrix check"))),
        .. Page("/credentials/{CredentialId}", Access.Public),
        Get("/credentials/{credentialId}/vc", Access.Public),
        Get("/credentials/jwks", Access.Public),
        Get("/credentials/issuer", Access.Public),
        Get("/credentials/revocations", Access.Public),
        Get("/credentials/achievements/{courseId}/{skillId}", Access.Public),
        Get("/lti/canvas.json", Access.Public),
        Get("/lti/login", Access.Public),
        Post("/lti/login", Access.Public, Form()),
        Post("/lti/launch", Access.Public, Form(("id_token", "not-a-token"), ("state", "not-a-state"))),
        Get("/lti/register", Access.Public),
        Get("/lti/deep-link/", Access.Teacher),
        Post("/lti/deep-link/", Access.Teacher, Form(("ticket", "not-a-ticket"), ("target", "course|algebra-1"))),
        Post("/teach/classes/{classId:long}/lti/roster-sync", Access.ClassTeacher, Form()),
        .. Page("/admin/lti", Access.Admin),
        Post("/admin/lti/platforms", Access.Admin, Form(("name", ""))),
        Post("/admin/lti/platforms/{id:long}", Access.Admin, Form(("name", ""))) with { Route = new Dictionary<string, string> { ["id"] = "0" } },
        Post("/admin/lti/platforms/{id:long}/approve", Access.Admin, Form()) with { Route = new Dictionary<string, string> { ["id"] = "0" } },
        Post("/admin/lti/platforms/{id:long}/delete", Access.Admin, Form()) with { Route = new Dictionary<string, string> { ["id"] = "0" } },

        // ---------- Authoring (docs/adr/0032): authors, teachers and admins; a draft only its creator (the owning teacher) and admins ----------
        .. Page("/author", Access.Teacher),
        .. Page("/author/{CourseId}", Access.ClassTeacher, Draft),
        .. Page("/author/{CourseId}/skill/{SkillId}", Access.ClassTeacher, Draft),
        .. Page("/author/{CourseId}/items/{File}", Access.ClassTeacher, Draft),
        .. Page("/author/{CourseId}/import", Access.ClassTeacher, Draft),
        Get("/author/{courseId}/download", Access.ClassTeacher) with { Route = Draft },
        Get("/author/{courseId}/versions/{number:int}/download", Access.ClassTeacher) with { Route = Draft },
        Get("/author/{courseId}/media/{**path}", Access.ClassTeacher) with { Route = Draft },
        Post("/forms/author/courses", Access.Teacher, Form(("courseId", "matrix-new"), ("title", "Matrix new"))),
        Post("/forms/author/courses/start", Access.Teacher, Form(("courseId", AuthorizationWorld.Algebra))),
        Post("/forms/author/upload", Access.Teacher, Multipart()),
        Post("/forms/author/case", Access.Teacher, Multipart()),

        // ---------- Course media (Web/CourseMedia): the images of a course's lessons, to anyone signed in, as the lessons ----------
        Get("/courses/{courseId}/media/{name}", Access.SignedIn) with { Route = new Dictionary<string, string> { ["courseId"] = AuthorizationWorld.Algebra, ["name"] = "rounding-number-line.svg" } },
        Post("/forms/author/{courseId}/skills", Access.ClassTeacher, Form(("skillId", "matrix-added"), ("title", "Added"), ("objective", "Can be added."), ("unit", "unit-1"))) with { Route = Draft },
        Post("/forms/author/{courseId}/skills/{skillId}", Access.ClassTeacher, Form(("title", "Matrix skill"), ("objective", "Can be called."), ("unit", "unit-1"), ("lesson", "Saved by the matrix."))) with { Route = Draft },
        Post("/forms/author/{courseId}/edges", Access.ClassTeacher, Form(("skill", AuthorizationWorld.AuthoringSkill), ("prerequisite", AuthorizationWorld.AuthoringSkill))) with { Route = Draft },
        Post("/forms/author/{courseId}/edges/remove", Access.ClassTeacher, Form(("skill", AuthorizationWorld.AuthoringSkill), ("prerequisite", "none"))) with { Route = Draft },
        Post("/forms/author/{courseId}/items/{file}", Access.ClassTeacher, (_, t) => FormContent(t, ("text", Web.Authoring.Previews.StarterTemplate(AuthorizationWorld.AuthoringSkill, "matrix-template")))) with { Route = Draft },
        Post("/forms/author/{courseId}/templates", Access.ClassTeacher, Form(("skill", AuthorizationWorld.AuthoringSkill))) with { Route = Draft },
        Post("/forms/author/{courseId}/media", Access.ClassTeacher, Multipart()) with { Route = Draft },
        Post("/forms/author/{courseId}/publish", Access.ClassTeacher, Form()) with { Route = Draft },
        Post("/api/author/{courseId}/preview/lesson", Access.ClassTeacher, Json(_ => new { markdown = "Half of $x$." })) with { Route = Draft },
        Post("/api/author/{courseId}/preview/items", Access.ClassTeacher, Json(_ => new { file = AuthorizationWorld.AuthoringItems, text = "skill: matrix-skill" })) with { Route = Draft },

        // ---------- Teaching: any teacher, on their own classes ----------
        .. Page("/teach", Access.Teacher),
        .. Page("/teach/classes/new", Access.Teacher),
        Post("/forms/teach/classes/new", Access.Teacher, Form(("name", "Matrix class"), ("course", AuthorizationWorld.Algebra))),
        Get("/api/teach/classes", Access.Teacher),
        Post("/api/teach/classes", Access.Teacher, Json(_ => new { name = "Matrix class", courses = new[] { AuthorizationWorld.Algebra } })),

        // ---------- Teaching: one class, its learners, their work ----------
        .. Page("/teach/classes/{ClassId:long}", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/events", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/settings", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/roster", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/learners/{LearnerId}", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/learners/{LearnerId}/report", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/submissions", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/submissions/{SubmissionId:long}", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/surveys", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/surveys/{SurveyId:long}", Access.ClassTeacher),
        .. Page("/teach/classes/{ClassId:long}/ratings", Access.ClassTeacher),
        Post("/forms/teach/classes/{classId:long}/settings", Access.ClassTeacher, (w, t) => FormContent(t, [("name", AuthorizationWorld.ClassName), .. w.ClassCourses.Select(c => ("course", c))])),
        Post("/forms/teach/classes/{classId:long}/join-code", Access.ClassTeacher, Form()),
        Post("/forms/teach/classes/{classId:long}/learners", Access.ClassTeacher, Form(("email", "ben@example.com"), ("name", "Ben Learner"))),
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/remove", Access.ClassTeacher, Form()) with { AfterAllowed = w => w.RestoreOwnerLearnerAsync() },
        Post("/forms/teach/classes/{classId:long}/invitations/{invitationId:long}/withdraw", Access.ClassTeacher, Form()) with { AfterAllowed = w => w.ReopenInvitationAsync(w.ClassInvitationId) },
        Post("/forms/invitations/{invitationId:long}/accept", Access.OwnerLearner, Form()) with { Route = OwnInvitation, AfterAllowed = w => w.ReopenInvitationAsync(w.OwnInvitationId) },
        Post("/forms/invitations/{invitationId:long}/decline", Access.OwnerLearner, Form()) with { Route = OwnInvitation, AfterAllowed = w => w.ReopenInvitationAsync(w.OwnInvitationId) },
        Post("/forms/teach/classes/{classId:long}/roster/oneroster", Access.ClassTeacher, Form()),
        Post("/forms/teach/classes/{classId:long}/roster/csv", Access.ClassTeacher, (_, t) => new MultipartFormDataContent
        {
            { new StringContent(t), "__RequestVerificationToken" },
            { new ByteArrayContent(AuthorizationWorld.RosterCsvBytes), "csv", "roster.csv" },
        }),
        Post("/forms/teach/classes/{classId:long}/assign", Access.ClassTeacher, (w, t) => FormContent(t, ("course", AuthorizationWorld.Algebra), ("skill", AuthorizationWorld.Skill), ("learner", w.LearnerId), ("note", "Matrix practice"))),
        Post("/forms/teach/classes/{classId:long}/assignments/{assignmentId:long}/delete", Access.ClassTeacher, Form()) with { AfterAllowed = w => w.RestoreAssignmentAndAnnouncementAsync() },
        Post("/forms/teach/classes/{classId:long}/announcements", Access.ClassTeacher, Form(("text", "Matrix form announcement"))),
        Post("/forms/teach/classes/{classId:long}/motivation", Access.ClassTeacher, Form(("points", "on"), ("streak", "on"), ("weeklyGoal", "on"), ("celebrations", "on"))),
        Post("/forms/teach/classes/{classId:long}/announcements/{announcementId:long}/delete", Access.ClassTeacher, Form()) with { AfterAllowed = w => w.RestoreAssignmentAndAnnouncementAsync() },
        .. Page("/teach/classes/{ClassId:long}/assignments", Access.ClassTeacher),
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/reset-placement", Access.ClassTeacher, Form(("course", AuthorizationWorld.Algebra))),
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/reset-skill", Access.ClassTeacher, Form(("course", AuthorizationWorld.Algebra), ("skill", AuthorizationWorld.Skill))),
        Post("/forms/teach/classes/{classId:long}/learners/{learnerId}/override", Access.ClassTeacher, Form(("course", AuthorizationWorld.Algebra), ("skill", AuthorizationWorld.Skill), ("mastered", "false"), ("reason", "Matrix override"))),
        Post("/forms/teach/classes/{classId:long}/submissions/{submissionId:long}/score", Access.ClassTeacher, Form(("score.claim", "1"), ("score.evidence", "1"), ("score.reasoning", "1"), ("score.cohesion", "1"), ("comment", "Revise it."))),
        Post("/forms/teach/classes/{classId:long}/surveys", Access.ClassTeacher, Form(("title", "Matrix form survey"), ("kind0", "likert"), ("text0", "Clear?"))),
        Get("/teach/classes/{classId:long}/export/mastery.csv", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/answers.csv", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/answers-named.csv", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/gradebook.csv", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/gradebook.xlsx", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/oneroster-gradebook.zip", Access.ClassTeacher),
        Get("/teach/classes/{classId:long}/export/xapi.json", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/dashboard", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/settings", Access.ClassTeacher),
        Put("/api/teach/classes/{classId:long}/settings", Access.ClassTeacher, Json(w => new { name = AuthorizationWorld.ClassName, courses = w.ClassCourses })),
        Post("/api/teach/classes/{classId:long}/join-code", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/learners", Access.ClassTeacher),
        Post("/api/teach/classes/{classId:long}/learners", Access.ClassTeacher, Json(_ => new { email = "ben@example.com" })),
        Delete("/api/teach/classes/{classId:long}/learners/{learnerId}", Access.ClassTeacher) with { AfterAllowed = w => w.RestoreOwnerLearnerAsync() },
        Get("/api/teach/classes/{classId:long}/invitations/", Access.ClassTeacher),
        Delete("/api/teach/classes/{classId:long}/invitations/{invitationId:long}", Access.ClassTeacher) with { AfterAllowed = w => w.ReopenInvitationAsync(w.ClassInvitationId) },
        Get("/api/invitations/", Access.SignedIn),
        Post("/api/invitations/{invitationId:long}/accept", Access.OwnerLearner) with { Route = OwnInvitation, AfterAllowed = w => w.ReopenInvitationAsync(w.OwnInvitationId) },
        Post("/api/invitations/{invitationId:long}/decline", Access.OwnerLearner) with { Route = OwnInvitation, AfterAllowed = w => w.ReopenInvitationAsync(w.OwnInvitationId) },
        Post("/api/teach/classes/{classId:long}/roster", Access.ClassTeacher, Json(_ => new { csv = AuthorizationWorld.RosterCsv })),
        Get("/api/teach/classes/{classId:long}/learners/{learnerId}", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/learners/{learnerId}/report", Access.ClassTeacher),
        Post("/api/teach/classes/{classId:long}/learners/{learnerId}/reset-placement", Access.ClassTeacher),
        Post("/api/teach/classes/{classId:long}/learners/{learnerId}/override", Access.ClassTeacher, Json(_ => new { course = AuthorizationWorld.Algebra, skill = AuthorizationWorld.Skill, mastered = false, reason = "Matrix override" })),
        Post("/api/teach/classes/{classId:long}/assignments", Access.ClassTeacher, Json(w => new { course = AuthorizationWorld.Algebra, skills = new[] { AuthorizationWorld.Skill }, learners = new[] { w.LearnerId }, note = "Matrix practice" })),
        Get("/api/teach/classes/{classId:long}/assignments", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/motivation/", Access.ClassTeacher),
        Put("/api/teach/classes/{classId:long}/motivation/", Access.ClassTeacher, Json(_ => new { points = true, streak = true, weeklyGoal = true, celebrations = true })),
        Delete("/api/teach/classes/{classId:long}/assignments/{assignmentId:long}", Access.ClassTeacher) with { AfterAllowed = w => w.RestoreAssignmentAndAnnouncementAsync() },
        Post("/api/teach/classes/{classId:long}/announcements", Access.ClassTeacher, Json(_ => new { text = "Matrix API announcement" })),
        Get("/api/teach/classes/{classId:long}/announcements", Access.ClassTeacher),
        Delete("/api/teach/classes/{classId:long}/announcements/{announcementId:long}", Access.ClassTeacher) with { AfterAllowed = w => w.RestoreAssignmentAndAnnouncementAsync() },
        Get("/api/me/assignments", Access.SignedIn),
        Get("/api/me/announcements", Access.SignedIn),
        Get("/api/teach/classes/{classId:long}/submissions", Access.ClassTeacher),
        Get("/api/teach/submissions/{submissionId:long}", Access.ClassTeacher),
        Post("/api/teach/submissions/{submissionId:long}/score", Access.ClassTeacher, Json(_ => new { scores = new Dictionary<string, int> { ["claim"] = 1, ["evidence"] = 1, ["reasoning"] = 1, ["cohesion"] = 1 }, comment = "Revise it." })),
        Get("/api/teach/classes/{classId:long}/export/mastery.csv", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/answers.csv", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/answers-named.csv", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/gradebook.csv", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/gradebook.xlsx", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/oneroster-gradebook.zip", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/export/xapi.json", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/surveys", Access.ClassTeacher),
        Post("/api/teach/classes/{classId:long}/surveys", Access.ClassTeacher, Json(_ => new { title = "Matrix API survey", anonymous = true, questions = new[] { new { kind = "likert", text = "Clear?" } } })),
        Get("/api/teach/classes/{classId:long}/surveys/{surveyId:long}/results", Access.ClassTeacher),
        Get("/api/teach/classes/{classId:long}/ratings", Access.ClassTeacher),

        // ---------- Accounts: admins manage users and read the audit log; a teacher resets their learners' passwords ----------
        .. Page("/admin/users", Access.Admin),
        .. Page("/admin/users/{UserId}", Access.Admin),
        .. Page("/admin/audit", Access.Admin),
        .. Page("/teach/classes/{ClassId:long}/learners/{LearnerId}/password", Access.ClassTeacher),
        Get("/api/admin/users", Access.Admin),
        Post("/api/admin/users", Access.Admin, Json(_ => new { email = "matrix.new@example.com", name = "Matrix New", roles = new[] { "teacher" } })),
        Get("/api/admin/users/{userId}", Access.Admin),
        Put("/api/admin/users/{userId}/roles", Access.Admin, Json(_ => new { roles = new[] { "learner" } })),
        Post("/api/admin/users/{userId}/deactivate", Access.Admin) with { AfterAllowed = w => w.ReactivateOtherLearnerAsync() },
        Post("/api/admin/users/{userId}/reactivate", Access.Admin),
        Post("/api/admin/users/{userId}/password-reset", Access.Admin),
        Get("/api/admin/audit", Access.Admin),

        // Without the confirmation an allowed call is refused (400) and removes nothing.
        Post("/api/admin/users/{userId}/pseudonymise", Access.Admin, Json(_ => new { reason = "Matrix" })),
        Get("/api/admin/users/{userId}/export", Access.Admin),
        Get("/account/export", Access.SignedIn),
        Post("/api/teach/classes/{classId:long}/learners/{learnerId}/password-reset", Access.ClassTeacher),

        // ---------- Learner models: admins manage them, teachers read the model card ----------
        .. Page("/teach/models/{CourseId}", Access.Teacher),
        .. Page("/admin/school", Access.Admin),
        .. Page("/admin/models", Access.Admin),
        .. Page("/admin/models/{CourseId}", Access.Admin),
        Post("/forms/admin/courses/{courseId}/models/fit", Access.Admin, Form()),
        Post("/forms/admin/courses/{courseId}/models/active", Access.Admin, Form(("version", "0"))),
        Get("/api/admin/models", Access.Admin),
        Get("/api/admin/courses/{courseId}/models", Access.Admin),
        Post("/api/admin/courses/{courseId}/models/fit", Access.Admin),
        Post("/api/admin/courses/{courseId}/models/active", Access.Admin, Json(_ => new { version = 0 })),

        // ---------- Forwarding xAPI statements to a Learning Record Store: admins only ----------
        .. Page("/admin/lrs", Access.Admin),
        Post("/forms/admin/lrs/settings", Access.Admin, Form(("endpoint", "http://127.0.0.1:9/xapi/"), ("key", "matrix"), ("secret", "matrix-secret"), ("version", "1.0.3"))),
        Post("/forms/admin/lrs/send-now", Access.Admin, Form()),
        Get("/api/admin/lrs", Access.Admin),
        Put("/api/admin/lrs", Access.Admin, Json(_ => new { endpoint = "http://127.0.0.1:9/xapi/", key = "matrix", secret = "matrix-secret", version = "1.0.3", enabled = false })),
        Post("/api/admin/lrs/send-now", Access.Admin),
    ];

    private static MatrixRow Get(string pattern, Access access) => new("GET", pattern, access);

    private static MatrixRow Post(string pattern, Access access, BodyFactory? body = null) => new("POST", pattern, access) { Body = body };

    private static MatrixRow Put(string pattern, Access access, BodyFactory body) => new("PUT", pattern, access) { Body = body };

    private static MatrixRow Delete(string pattern, Access access) => new("DELETE", pattern, access);

    /// <summary>A Razor page: GET, and POST with a form handler no page but the task page has (the page still loads, so refusals show).</summary>
    private static MatrixRow[] Page(string pattern, Access access, IReadOnlyDictionary<string, string>? route = null) =>
    [
        Get(pattern, access) with { Route = route ?? new Dictionary<string, string>() },
        Post(pattern, access, Form(("_handler", "authorization-matrix"))) with { Route = route ?? new Dictionary<string, string>() },
    ];

    /// <summary>A urlencoded form with the actor's antiforgery token.</summary>
    private static BodyFactory Form(params (string Name, string Value)[] fields) => (_, token) => FormContent(token, fields);

    private static FormUrlEncodedContent FormContent(string token, params IEnumerable<(string Name, string Value)> fields) =>
        new(fields.Append(("__RequestVerificationToken", token)).Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    /// <summary>A multipart form (no file) with the actor's antiforgery token, for the upload forms that take only multipart.</summary>
    private static BodyFactory Multipart() => (_, token) => new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };

    private static BodyFactory Json(Func<AuthorizationWorld, object?> body) => (world, _) => JsonContent.Create(body(world));
}
