using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests.Families;

/// <summary>Steps the family tests share: issuing a code through the pages, redeeming it, reading skill titles.</summary>
internal static partial class FamilyWorld
{
    public const string NewPassword = "Parent-password-7";

    /// <summary>The learner makes a parent code on /account and reads it off the page it leads to.</summary>
    public static async Task<string> IssueCodeAsync(this LearnerClient learner)
    {
        using var issued = await learner.SubmitFormAsync("/account", "/forms/family/codes");
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var page = await learner.GetPageAsync(issued.Headers.Location!.OriginalString);
        return ShownCode().Match(page) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException("The page shows no code:\n" + Html.Text(page));
    }

    /// <summary>A visitor makes a parent account on /family/join with the code; returns where the form leads.</summary>
    public static async Task<string> JoinAsNewParentAsync(this LearnerClient visitor, string code, string email, string name = "Rob Parent")
    {
        using var joined = await visitor.SubmitFormAsync("/family/join", "/forms/family/join", ("code", code), ("name", name), ("email", email), ("password", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        return joined.Headers.Location!.OriginalString;
    }

    public static string SkillTitle(this MasteryPathAppFactory app, string courseId, string skillId) =>
        app.Services.GetRequiredService<CourseCatalog>().Get(courseId).SkillsById[SkillId.Parse(skillId)].Title;

    /// <summary>The instant the digest of the current week goes out (next Monday 07:00 UTC, the default), a minute past.</summary>
    public static DateTimeOffset DigestTime(DateTimeOffset now) => LearningService.WeekStart(now).AddDays(7).AddHours(7).AddMinutes(1);

    [GeneratedRegex("id=\"family-code\">([A-Z0-9-]+)<")]
    private static partial Regex ShownCode();
}
