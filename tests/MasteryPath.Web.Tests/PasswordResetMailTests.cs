using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace MasteryPath.Web.Tests;

/// <summary>"Forgot password" by email, through a real SMTP server: the link arrives, works once, and the answer never tells whether an address has an account.</summary>
public sealed partial class PasswordResetMailTests
{
    [SkippableFact]
    public async Task A_forgotten_password_is_reset_through_a_mailed_link_that_works_once_and_unknown_addresses_get_the_same_answer()
    {
        using var smtp = await SmtpServer.StartAsync();
        await using var app = await MasteryPathAppFactory.StartAsync(TestDatabase.Sqlite, settings: new Dictionary<string, string>
        {
            ["MasteryPath:Mail:Host"] = "127.0.0.1",
            ["MasteryPath:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MasteryPath:Mail:Security"] = "none",
            ["MasteryPath:Mail:From"] = "MasteryPath <no-reply@school.example>",
            ["MasteryPath:Mail:PublicBaseUrl"] = "https://mastery.school.example",
        });
        using var visitor = app.Anonymous();
        var answers = new List<string>();
        foreach (var email in new[] { "nobody@example.com", "ada@example.com" })
        {
            using var asked = await visitor.SubmitFormAsync("/account/forgot", "/account/forgot", ("email", email));
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
            answers.Add(asked.Headers.Location!.OriginalString);
        }

        Assert.Equal(["/account/forgot?sent=1", "/account/forgot?sent=1"], answers);
        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Contains("To: ada@example.com", mail, StringComparison.Ordinal);
        Assert.Contains("Subject: Choose a new MasteryPath password", mail, StringComparison.Ordinal);
        // The body is quoted-printable (lines over 78 characters): undo its soft line breaks and escaped '='.
        var body = Regex.Replace(mail, "=\r?\n", string.Empty).Replace("=3D", "=", StringComparison.Ordinal);
        var link = new Uri(Link().Match(body).Value);
        Assert.Equal("mastery.school.example", link.Host);

        var query = QueryHelpers.ParseQuery(link.Query);
        var resetPage = link.PathAndQuery;
        using (var weak = await visitor.SubmitFormAsync(resetPage, "/account/reset", ("user", query["user"]!), ("token", query["token"]!), ("next", "short")))
        {
            Assert.Contains("error=", weak.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var saved = await visitor.SubmitFormAsync(resetPage, "/account/reset", ("user", query["user"]!), ("token", query["token"]!), ("next", "Ada-new-password-3")))
        {
            Assert.Equal("/account/login?reset=1", saved.Headers.Location!.OriginalString);
        }

        // The link works once; the old password no longer signs in and the new one does.
        using (var twice = await visitor.SubmitFormAsync(resetPage, "/account/reset", ("user", query["user"]!), ("token", query["token"]!), ("next", "Ada-other-password-4")))
        {
            var target = twice.Headers.Location!.OriginalString;
            Assert.Contains("has%20expired%20or%20was%20used", target, StringComparison.Ordinal);
        }

        using (var old = await visitor.PostSignInAsync("ada@example.com"))
        {
            Assert.StartsWith("/account/login?error=invalid", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var fresh = await visitor.PostSignInAsync("ada@example.com", "Ada-new-password-3"))
        {
            Assert.Equal("/", fresh.Headers.Location!.OriginalString);
        }

        Assert.Single(smtp.Messages);
    }

    [GeneratedRegex(@"https://mastery\.school\.example/account/reset\?user=[^\s]+&token=[^\s]+")]
    private static partial Regex Link();
}
