using System.Text.RegularExpressions;

namespace MasteryPath.Web.Tests;

/// <summary>Who may use an endpoint; <see cref="AuthorizationMatrix.Expected"/> turns it into each actor's outcome.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not: the sign-in form, the error page, static files.</summary>
    Public,

    /// <summary>Any signed-in user, acting on their own data only (their enrollments, answers, work, ratings).</summary>
    SignedIn,

    /// <summary>Only the learner the resource belongs to (an attempt); anyone else, teachers and admins included, gets 404.</summary>
    OwnerLearner,

    /// <summary>Only learners of the class the resource belongs to (a survey to answer); anyone else gets 404.</summary>
    ClassLearner,

    /// <summary>Teachers and admins, each on their own classes (an admin on all); learners are refused (403).</summary>
    Teacher,

    /// <summary>The teacher of the class the resource belongs to, or an admin; another teacher gets 404; learners are refused (403).</summary>
    ClassTeacher,

    /// <summary>A handed-in file: its learner, a teacher of the learner's class that takes the course, or an admin; anyone else gets 404.</summary>
    SubmissionViewer,

    /// <summary>Admins only (the learner models of the courses); learners and teachers are refused (403).</summary>
    Admin,

    /// <summary>Parents only, each on the children linked to them (the matrix's parent is the owning learner's); anyone else is refused (403).</summary>
    Parent,

    /// <summary>A family link: its learner, its parent, a teacher of the learner's class, or an admin; anyone else gets 404.</summary>
    FamilyLinkManager,
}

/// <summary>What an answer means for authorization.</summary>
public enum Outcome
{
    /// <summary>
    /// Past authorization: any 2xx, any redirect that is not the sign-in challenge or the access-denied page, and any
    /// 4xx other than 401, 403 and 404 (a 400 or 409 refuses the body, e.g. a second answer, after the owner was checked).
    /// </summary>
    Allowed,

    /// <summary>A page for someone not signed in: 302 to /account/login?ReturnUrl=….</summary>
    LoginRedirect,

    /// <summary>The API for someone not signed in: 401 ProblemDetails.</summary>
    Unauthorized,

    /// <summary>A page or form of the wrong role: 302 to /error/403.</summary>
    AccessDeniedRedirect,

    /// <summary>The API for the wrong role: 403 ProblemDetails.</summary>
    Forbidden,

    /// <summary>Someone else's resource, hidden as if it did not exist.</summary>
    NotFound,

    /// <summary>5xx: never right.</summary>
    ServerError,
}

/// <summary>The body of a request, made for the actor sending it (with their antiforgery token).</summary>
internal delegate HttpContent? BodyFactory(AuthorizationWorld world, string token);

/// <summary>One endpoint (method + route pattern) of the matrix with its rule, its body, and what to undo after an allowed call.</summary>
internal sealed record MatrixRow(string Method, string Pattern, Access Access)
{
    public BodyFactory? Body { get; init; }

    /// <summary>Route values for this row instead of the world's (e.g. the writing course for performance tasks).</summary>
    public IReadOnlyDictionary<string, string> Route { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs after each allowed call: puts back what it removed, so that later calls find the same world.</summary>
    public Func<AuthorizationWorld, Task>? AfterAllowed { get; init; }

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>Endpoints classified by a pattern rather than one by one: framework and static files, and the API reference.</summary>
internal sealed record InfrastructureRule(string What, Regex Pattern, Access Access);

/// <summary>An endpoint to call: its row and the URL with the world's resources in its route.</summary>
internal sealed record MatrixCase(MatrixRow Row, string Url)
{
    /// <summary>The JSON API answers refusals with 401/403 ProblemDetails rather than redirects (see IdentitySetup).</summary>
    public bool IsApi => Url.StartsWith("/api/", StringComparison.Ordinal) || Url.StartsWith("/openapi/", StringComparison.Ordinal);
}
