using System.Net;
using System.Text;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>
/// The few plain pages of the LTI protocol (refusals, the auto-posted forms, the registration's close page): no layout
/// of the app around them, the app's stylesheet, no inline script (the CSP allows none).
/// </summary>
public static class LtiPages
{
    public static IResult Refused(string sentence, int status = StatusCodes.Status400BadRequest) =>
        Page("The LMS launch was refused", $"<h1>MasteryPath could not open this</h1><p role=\"alert\">{Encode(sentence)}</p><p>If it keeps happening, tell your teacher or your school's admin what this page says.</p>", status);

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK, string? script = null) =>
        Results.Content(Html(title, body, script), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A form that posts itself to another site (lti-autopost.js), with a button for browsers without scripts.</summary>
    public static string AutoPost(string title, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var html = new StringBuilder($"<h1>{Encode(title)}</h1><form method=\"post\" action=\"{Encode(action)}\" data-autopost>");
        foreach (var (name, value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }

        return html.Append("<button type=\"submit\">Continue</button></form>").ToString();
    }

    public static string Html(string title, string body, string? script = null)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(title)).Append(" – MasteryPath</title><link rel=\"stylesheet\" href=\"/app.css\">");
        if (script is not null)
        {
            html.Append("<script src=\"").Append(Encode(script)).Append("\" defer></script>");
        }

        return html.Append("</head><body><main id=\"main\">").Append(body).Append("</main></body></html>").ToString();
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
