using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// LTI Advantage against the test LMS over real HTTP: grade passback (AGS 2.0) of mastery through the durable outbox,
/// also across an outage of the LMS, and Deep Linking 2.0 round trips the LMS validates against the tool's keys.
/// </summary>
public abstract class LtiAdvantageTests(TestDatabase database)
{
    [SkippableFact]
    public async Task A_learner_mastering_the_linked_skill_sends_a_4_to_the_line_item_of_the_launch()
    {
        await using var world = await LtiWorld.StartAsync(database);
        using var tess = world.App.Anonymous();
        await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher));
        using var lee = world.App.Anonymous();
        await world.LaunchOkAsync(lee, LtiWorld.Plan(LtiWorld.Learner));
        var lineItem = Assert.Single(world.Platform.LineItems.Keys);

        await lee.UseApiTokenAsync();
        await lee.SkipPlacementAsync(LtiWorld.Course);
        await lee.MasterAsync(LtiWorld.Course, LtiWorld.Skill);

        Assert.True(await LtiWorld.EventuallyAsync(() => world.Platform.Scores.Any(s => s.ScoreGiven == 4)), "no score of 4 reached the LMS: " + string.Join("; ", world.Platform.Refusals));
        var mastered = world.Platform.Scores.Last();
        Assert.Equal((lineItem, LtiWorld.Learner.Subject, 4.0, 4.0, "Completed", "FullyGraded"), (mastered.LineItem, mastered.UserId, mastered.ScoreGiven, mastered.ScoreMaximum, mastered.ActivityProgress, mastered.GradingProgress));
        Assert.All(world.Platform.Scores, s => Assert.InRange(s.ScoreGiven, 0, 4));
        Assert.Equal("MasteryPath: Mastered", mastered.Comment);

        // Nothing more is sent while the mastery stays as it is.
        var sent = world.Platform.Scores.Count;
        await Task.Delay(1500);
        Assert.Equal(sent, world.Platform.Scores.Count);
        Assert.Empty(world.Platform.Refusals);
    }

    [SkippableFact]
    public async Task The_lms_receives_the_score_on_the_class_scale_the_teacher_set_the_same_as_the_gradebook_export()
    {
        await using var world = await LtiWorld.StartAsync(database);
        using var tess = world.App.Anonymous();
        await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher));
        using var lee = world.App.Anonymous();
        await world.LaunchOkAsync(lee, LtiWorld.Plan(LtiWorld.Learner));

        // Five levels below Mastered instead of three: the scale runs 0 to 5 and Mastered is 5.
        var bands = """[{"label":"Beginning","min":0},{"label":"Developing","min":0.3},{"label":"Approaching","min":0.6},{"label":"Nearly there","min":0.8}]""";
        var classId = await world.QueryAsync(db => db.LtiContexts.Select(c => c.ClassId).SingleAsync());
        await world.QueryAsync(db => db.Classes.Where(c => c.Id == classId).ExecuteUpdateAsync(c => c.SetProperty(x => x.BandsJson, bands)));
        await lee.UseApiTokenAsync();
        await lee.SkipPlacementAsync(LtiWorld.Course);
        var practice = await lee.OpenAttemptAsync(LtiWorld.Course, LtiWorld.Skill, "Practice");
        await lee.AnswerCorrectlyAsync(practice.AttemptId);

        Assert.True(await LtiWorld.EventuallyAsync(() => world.Platform.Scores.Any(s => s.ActivityProgress == "InProgress")), "no score in progress reached the LMS: " + string.Join("; ", world.Platform.Refusals));
        var practising = world.Platform.Scores.Last(s => s.ActivityProgress == "InProgress");
        var leeId = await world.UserIdBySubjectAsync(LtiWorld.Learner.Subject);
        var skillTitle = world.App.Services.GetRequiredService<Learning.CourseCatalog>().Get(LtiWorld.Course).SkillsById[Domain.Skills.SkillId.Parse(LtiWorld.Skill)].Title;
        var csv = GradebookExportTests.ReadCsv(await tess.DownloadAsync($"/teach/classes/{classId}/export/gradebook.csv?course={LtiWorld.Course}", "text/csv"));
        var row = csv.Single(r => r[1] == leeId && r[6] == skillTitle);
        var cell = (Score: double.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture), Maximum: double.Parse(row[8], System.Globalization.CultureInfo.InvariantCulture), Label: row[9]);
        Assert.Equal((cell.Score, cell.Maximum, "InProgress"), (practising.ScoreGiven, practising.ScoreMaximum, practising.ActivityProgress));
        Assert.Equal(5.0, cell.Maximum);
        Assert.Equal($"MasteryPath: {cell.Label}", practising.Comment);

        await lee.MasterAsync(LtiWorld.Course, LtiWorld.Skill);
        Assert.True(await LtiWorld.EventuallyAsync(() => world.Platform.Scores.Any(s => s.ScoreGiven == 5)), "no score of 5 reached the LMS: " + string.Join("; ", world.Platform.Refusals));
        var mastered = world.Platform.Scores.Last();
        Assert.Equal((5.0, 5.0, "Completed", "MasteryPath: Mastered"), (mastered.ScoreGiven, mastered.ScoreMaximum, mastered.ActivityProgress, mastered.Comment));
    }

    [SkippableFact]
    public async Task Scores_made_while_the_lms_is_down_wait_in_the_outbox_and_arrive_when_it_is_back_on_a_line_item_the_tool_makes()
    {
        await using var world = await LtiWorld.StartAsync(database);
        using var tess = world.App.Anonymous();
        await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher) with { WithLineItem = false });
        using var lee = world.App.Anonymous();
        await world.LaunchOkAsync(lee, LtiWorld.Plan(LtiWorld.Learner) with { WithLineItem = false });
        Assert.Empty(world.Platform.LineItems);

        world.Platform.Down = true;
        await lee.UseApiTokenAsync();
        await lee.SkipPlacementAsync(LtiWorld.Course);
        await lee.MasterAsync(LtiWorld.Course, LtiWorld.Skill);
        var leeId = await world.UserIdBySubjectAsync(LtiWorld.Learner.Subject);
        Assert.True(await LtiWorld.EventuallyAsync(() => world.QueryAsync(db => db.LtiScoreOutbox.AnyAsync(o => o.UserId == leeId && o.ScoreGiven == 4 && o.Attempts > 0 && o.SentAt == null)).GetAwaiter().GetResult()));
        Assert.Empty(world.Platform.Scores);
        var waiting = await world.QueryAsync(db => db.LtiScoreOutbox.AsNoTracking().Where(o => o.SentAt == null).ToListAsync());
        Assert.All(waiting, o => Assert.Contains("503", o.LastError, StringComparison.Ordinal));

        // Back up: once the next try is due (the backoff, on the app's clock), every queued score arrives in order,
        // on the line item the tool made through the line items service.
        world.Platform.Down = false;
        world.App.Time.Advance(TimeSpan.FromHours(2));
        Assert.True(await LtiWorld.EventuallyAsync(() => world.Platform.Scores.Any(s => s.ScoreGiven == 4)), "the queued scores did not arrive: " + string.Join("; ", world.Platform.Refusals));
        Assert.True(await LtiWorld.EventuallyAsync(() => world.QueryAsync(db => db.LtiScoreOutbox.AllAsync(o => o.SentAt != null)).GetAwaiter().GetResult()));
        Assert.Equal(waiting.Count, world.Platform.Scores.Count);
        Assert.Equal(4, world.Platform.Scores[^1].ScoreGiven);
        var item = Assert.Single(world.Platform.LineItems.Values);
        Assert.Equal(("link-1", 4.0), (item["resourceLinkId"]!.GetValue<string>(), item["scoreMaximum"]!.GetValue<double>()));
        Assert.All(world.Platform.Scores, s => Assert.Equal(item["id"]!.GetValue<string>(), s.LineItem));
    }

    [SkippableFact]
    public async Task A_teacher_picks_a_skill_by_deep_linking_the_lms_accepts_the_signed_answer_and_its_link_opens_that_skill()
    {
        await using var world = await LtiWorld.StartAsync(database);
        using var tess = world.App.Anonymous();
        var picker = await world.LaunchOkAsync(tess, LtiWorld.Plan(LtiWorld.Teacher, skill: null, messageType: "LtiDeepLinkingRequest"));
        Assert.StartsWith("/lti/deep-link?ticket=", picker, StringComparison.Ordinal);
        var page = await tess.GetPageAsync(picker);
        Assert.Contains($"value=\"skill|{LtiWorld.Course}|{LtiWorld.Skill}\"", page, StringComparison.Ordinal);
        var ticket = LtiWorld.HiddenField().Matches(page).Single(m => m.Groups[1].Value == "ticket").Groups[2].Value;

        using var chosen = await tess.PostFormAsync("/lti/deep-link", Html.AntiforgeryToken(page), ("ticket", WebUtility.HtmlDecode(ticket)), ("target", $"skill|{LtiWorld.Course}|{LtiWorld.Skill}"));
        var body = await chosen.Content.ReadAsStringAsync();
        Assert.True(chosen.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains($"form-action 'self' {world.Platform.Issuer}", chosen.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("src=\"/lti-autopost.js\"", body, StringComparison.Ordinal);
        Assert.Equal(world.Platform.Issuer + "/deep-link-return", WebUtility.HtmlDecode(LtiWorld.FormAction().Match(body).Groups[1].Value));
        var fields = LtiWorld.HiddenField().Matches(body).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();

        using var lms = new HttpClient();
        using var returned = await lms.PostAsync(new Uri(world.Platform.Issuer + "/deep-link-return"), new FormUrlEncodedContent(fields));
        Assert.True(returned.StatusCode == HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
        var response = Assert.Single(world.Platform.DeepLinkResponses);
        var item = Assert.Single(response.GetPayloadValue<JsonElement>("https://purl.imsglobal.org/spec/lti-dl/claim/content_items").EnumerateArray().ToList());
        Assert.Equal("ltiResourceLink", item.GetProperty("type").GetString());
        Assert.Equal(LtiWorld.Skill, item.GetProperty("custom").GetProperty("masterypath_skill").GetString());
        Assert.Equal(4, item.GetProperty("lineItem").GetProperty("scoreMaximum").GetDouble());
        Assert.Equal(world.Platform.ToolLaunchUrl, item.GetProperty("url").GetString());

        // The LMS's new link carries those custom parameters: a learner's launch opens the skill.
        var custom = item.GetProperty("custom").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        using var lee = world.App.Anonymous();
        var plan = new LtiLaunchPlan(LtiWorld.Learner, "LtiResourceLinkRequest", "course-section-3", "link-from-deep-link", custom);
        Assert.Equal($"/courses/{LtiWorld.Course}/skills/{LtiWorld.Skill}", await world.LaunchOkAsync(lee, plan));

        // A learner cannot pick; a ticket is the teacher's own.
        using var learnerPicks = world.App.Anonymous();
        var refused = await world.LaunchAsync(learnerPicks, LtiWorld.Plan(LtiWorld.Learner, skill: null, messageType: "LtiDeepLinkingRequest"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("Only a teacher can pick", Html.Text(refused.Body), StringComparison.Ordinal);
        using var other = await world.App.SignInAsync("teacher@example.com");
        using var stolen = await other.GetAsync(picker);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Empty(world.Platform.Refusals);
    }
}

public sealed class SqliteLtiAdvantageTests() : LtiAdvantageTests(TestDatabase.Sqlite);

public sealed class PostgresLtiAdvantageTests() : LtiAdvantageTests(TestDatabase.Postgres);
