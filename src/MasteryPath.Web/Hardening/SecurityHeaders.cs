namespace MasteryPath.Web.Hardening;

/// <summary>
/// Headers on every response that tell the browser to run only this site's own scripts, never to guess content types,
/// never to show the app inside another site's frame, and to send no full address to other sites.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this origin and never inline; inline style attributes are allowed (a few bars and the course
    /// map size themselves with them, which runs no code).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page (Scalar) starts itself with an inline module script; it shows no user data.</summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A whole policy that replaces the default for this response (a served SVG's), set in HttpContext.Items.</summary>
    public const string PolicyItem = "masterypath:csp-policy";

    /// <summary>An origin a page may post a form to besides this site (an LTI platform's return address), set in HttpContext.Items.</summary>
    public const string FormActionItem = "masterypath:csp-form-action";

    /// <summary>An origin that may show the page in a frame (the LMS around LTI dynamic registration), set in HttpContext.Items.</summary>
    public const string FrameAncestorItem = "masterypath:csp-frame-ancestor";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var policy = context.Items[PolicyItem] as string ?? (context.Request.Path.StartsWithSegments("/api/reference") ? ApiReferencePolicy : ContentSecurityPolicy);
            if (context.Items[FormActionItem] is string formAction)
            {
                policy = policy.Replace("form-action 'self'", $"form-action 'self' {formAction}", StringComparison.Ordinal);
            }

            var framer = context.Items[FrameAncestorItem] as string;
            headers.ContentSecurityPolicy = framer is null ? policy : policy.Replace("frame-ancestors 'none'", $"frame-ancestors {framer}", StringComparison.Ordinal);
            headers.XContentTypeOptions = "nosniff";
            if (framer is null)
            {
                headers.XFrameOptions = "DENY";
            }

            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
