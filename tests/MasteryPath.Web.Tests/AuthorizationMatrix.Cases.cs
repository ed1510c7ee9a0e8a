using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The matrix turned into requests and outcomes: the cases for the running app's endpoints, the outcome each actor
/// should get, and the outcome a response shows.
/// </summary>
internal static partial class AuthorizationMatrix
{
    /// <summary>The outcome the rule gives an actor.</summary>
    public static Outcome Expected(Access access, Actor actor, bool api)
    {
        var challenge = api ? Outcome.Unauthorized : Outcome.LoginRedirect;
        var denied = api ? Outcome.Forbidden : Outcome.AccessDeniedRedirect;
        if (access == Access.Public)
        {
            return Outcome.Allowed;
        }

        if (actor == Actor.Anonymous)
        {
            return challenge;
        }

        // Learners and parents have no teaching role: teachers' pages refuse them by role.
        var notTeaching = actor is Actor.OwnerLearner or Actor.OtherLearner or Actor.Parent;
        return access switch
        {
            Access.SignedIn => Outcome.Allowed,
            Access.OwnerLearner or Access.ClassLearner => actor == Actor.OwnerLearner ? Outcome.Allowed : Outcome.NotFound,
            Access.Teacher => notTeaching ? denied : Outcome.Allowed,
            Access.ClassTeacher => notTeaching ? denied : actor == Actor.OtherTeacher ? Outcome.NotFound : Outcome.Allowed,
            Access.SubmissionViewer => actor is Actor.OwnerLearner or Actor.OwnerTeacher or Actor.Admin ? Outcome.Allowed : Outcome.NotFound,
            Access.Admin => actor == Actor.Admin ? Outcome.Allowed : denied,
            Access.Parent => actor == Actor.Parent ? Outcome.Allowed : denied,
            Access.FamilyLinkManager => actor is Actor.OwnerLearner or Actor.Parent or Actor.OwnerTeacher or Actor.Admin ? Outcome.Allowed : Outcome.NotFound,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
        };
    }

    /// <summary>
    /// Pairs every route endpoint and method of the running app with its row (endpoints with the same method and
    /// pattern, e.g. a page's POST and the sign-in form's handler, are one case); lists the endpoints no rule
    /// classifies, those two rules classify, and the rows no endpoint matches.
    /// </summary>
    public static (IReadOnlyList<MatrixCase> Cases, IReadOnlyList<string> Problems) Cases(IEnumerable<Endpoint> endpoints, AuthorizationWorld? world)
    {
        var problems = new List<string>();
        var cases = new Dictionary<string, MatrixCase>(StringComparer.Ordinal);
        var usedRows = new HashSet<MatrixRow>();
        var usedRules = new HashSet<InfrastructureRule>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint is not RouteEndpoint route)
            {
                problems.Add($"not a route endpoint, so the matrix cannot call it: {endpoint.DisplayName}");
                continue;
            }

            var pattern = route.RoutePattern.RawText ?? string.Empty;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0)
            {
                problems.Add($"{pattern} answers every HTTP method: declare its methods so that the matrix can call each");
                continue;
            }

            foreach (var method in methods)
            {
                var rows = Rows.Where(r => r.Method == method && r.Pattern == pattern).ToList();
                var rules = Infrastructure.Where(r => r.Pattern.IsMatch(pattern) && method is "GET" or "HEAD").ToList();
                if (rows.Count + rules.Count == 0)
                {
                    problems.Add($"unclassified endpoint: {method} {pattern} ({endpoint.DisplayName}); add it to AuthorizationMatrix.Rows with who may use it");
                    continue;
                }

                if (rows.Count + rules.Count > 1)
                {
                    problems.Add($"{method} {pattern} is classified {rows.Count + rules.Count} times");
                    continue;
                }

                usedRows.UnionWith(rows);
                usedRules.UnionWith(rules);
                var row = rows.SingleOrDefault() ?? new MatrixRow(method, pattern, rules[0].Access);
                if (world is null || cases.ContainsKey(row.ToString()))
                {
                    continue;
                }

                var url = Url(route.RoutePattern, row, world, out var missing);
                if (missing is not null)
                {
                    problems.Add($"{row}: the matrix has no resource for the route parameter '{missing}'");
                    continue;
                }

                cases[row.ToString()] = new MatrixCase(row, url);
            }
        }

        problems.AddRange(Rows.Where(r => !usedRows.Contains(r)).Select(r => $"stale row: no endpoint answers {r}"));
        problems.AddRange(Infrastructure.Where(r => !usedRules.Contains(r)).Select(r => $"stale infrastructure rule: no endpoint matches {r.Pattern} ({r.What})"));
        return (cases.Values.ToList(), problems);
    }

    /// <summary>Classifies an answer; <paramref name="detail"/> says what it was (status, redirect target).</summary>
    public static Outcome Classify(HttpResponseMessage response, out string detail)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } l ? new Uri(new Uri("http://localhost"), l) : null;
        detail = location is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} → {location.PathAndQuery}";
        return status switch
        {
            >= 500 => Outcome.ServerError,
            401 => Outcome.Unauthorized,
            403 => Outcome.Forbidden,
            404 => Outcome.NotFound,
            >= 300 and < 400 when location?.AbsolutePath == "/account/login" && location.Query.Contains("ReturnUrl=", StringComparison.Ordinal) => Outcome.LoginRedirect,
            >= 300 and < 400 when location?.AbsolutePath == "/error/403" => Outcome.AccessDeniedRedirect,
            _ => Outcome.Allowed,
        };
    }

    private static string Url(RoutePattern pattern, MatrixRow row, AuthorizationWorld world, out string? missing)
    {
        missing = null;
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        // A row's own value "$NAME" names another of the world's values (e.g. the owning learner's invitation instead of the class's).
                        var value = row.Route.TryGetValue(parameter.Name, out var own) ? (own.StartsWith('$') ? world.RouteValue(own[1..]) : own) : world.RouteValue(parameter.Name);
                        if (value is null)
                        {
                            missing = parameter.Name;
                            return string.Empty;
                        }

                        text.Append(parameter.IsCatchAll ? value : Uri.EscapeDataString(value));
                        break;
                }
            }

            segments.Add(text.ToString());
        }

        return "/" + string.Join('/', segments);
    }
}
