using System.Net;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Surveys;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;
using static MasteryPath.Web.Tests.ReportsAndSurveysFixture;

namespace MasteryPath.Web.Tests;

/// <summary>Class surveys (answered once, anonymous or named), their results, and lesson ratings.</summary>
public abstract class SurveyTests(TestDatabase database)
{
    private static readonly object[] Questions =
    [
        new { kind = "likert", text = "The lessons were clear" },
        new { kind = "choice", text = "Which part was hardest?", options = new[] { "Fractions", "Decimals", "Integers" } },
        new { kind = "text", text = "What should change?" },
    ];

    private static async Task<SurveySummaryDto> CreateSurveyAsync(LearnerClient teacher, bool anonymous) =>
        await teacher.SendJsonAsync<SurveySummaryDto>(HttpMethod.Post, $"/api/teach/classes/{DemoClass}/surveys", new { title = anonymous ? "Check-in" : "Named check-in", anonymous, questions = Questions }, HttpStatusCode.Created);

    [SkippableFact]
    public async Task An_anonymous_survey_keeps_no_user_on_the_response_and_refuses_a_second_answer()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var ada = await app.SignInAsync(Ada);
        using (var created = await teacher.SubmitFormAsync(
            $"/teach/classes/{DemoClass}/surveys",
            $"/forms/teach/classes/{DemoClass}/surveys",
            ("title", "Unit 1 check-in"),
            ("anonymous", "true"),
            ("kind0", "likert"),
            ("text0", "The lessons were clear"),
            ("kind1", "choice"),
            ("text1", "Which part was hardest?"),
            ("options1", "Fractions\r\nDecimals\r\n\r\nIntegers"),
            ("kind2", "text"),
            ("text2", "What should change?"),
            ("kind3", "likert"),
            ("text3", "  ")))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Matches(@"^/teach/classes/1/surveys/\d+\?created=1$", created.Headers.Location!.OriginalString);
        }

        var survey = await app.QueryAsync(db => db.Surveys.AsNoTracking().SingleAsync());
        Assert.True(survey.Anonymous);
        Assert.Equal(["q1", "q2", "q3"], SurveyQuestions.Parse(survey.QuestionsJson).Select(q => q.Id));
        Assert.Equal(["Fractions", "Decimals", "Integers"], SurveyQuestions.Parse(survey.QuestionsJson)[1].Options);
        Assert.Contains($"href=\"/surveys/{survey.Id}\"", await ada.GetPageAsync("/surveys"), StringComparison.Ordinal);

        using (var answered = await ada.SubmitFormAsync($"/surveys/{survey.Id}", $"/forms/surveys/{survey.Id}", ("answer-q1", "4"), ("answer-q2", "Decimals"), ("answer-q3", "More worked examples")))
        {
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
            Assert.Equal($"/surveys?done={survey.Id}", answered.Headers.Location!.OriginalString);
        }

        var response = await app.QueryAsync(db => db.SurveyResponses.AsNoTracking().SingleAsync());
        var adaId = await app.UserIdAsync(Ada);
        Assert.Null(response.UserId);
        Assert.DoesNotContain(adaId, response.AnswersJson, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, response.SubmittedAt.TimeOfDay);
        Assert.Equal(adaId, (await app.QueryAsync(db => db.SurveyCompletions.AsNoTracking().SingleAsync())).UserId);

        // A second answer, by the form (whose page no longer offers it) or the API, is refused and stores nothing.
        Assert.DoesNotContain($"action=\"/forms/surveys/{survey.Id}\"", await ada.GetPageAsync($"/surveys/{survey.Id}"), StringComparison.Ordinal);
        var token = Html.AntiforgeryToken(await ada.GetPageAsync("/surveys"));
        using (var again = await ada.PostFormAsync($"/forms/surveys/{survey.Id}", token, ("answer-q1", "1"), ("answer-q2", "Fractions")))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var again = await ada.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers = new Dictionary<string, string> { ["q1"] = "1", ["q2"] = "Fractions" } }))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict);
        }

        Assert.Equal(1, await app.QueryAsync(db => db.SurveyResponses.CountAsync()));
        var results = await teacher.GetJsonAsync<SurveyResultsDto>($"/api/teach/classes/{DemoClass}/surveys/{survey.Id}/results");
        Assert.Equal(1, results.Responses);
        Assert.Equal([new TextAnswerDto(null, "More worked examples")], results.Questions[2].Texts);
        Assert.DoesNotContain("Ada Learner", await teacher.GetPageAsync($"/teach/classes/{DemoClass}/surveys/{survey.Id}"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Results_count_each_option_and_likert_level_with_percentages_means_and_named_texts()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var survey = await CreateSurveyAsync(teacher, anonymous: false);
        (string Email, string Likert, string Choice, string? Text)[] answers =
        [
            (Ada, "5", "Fractions", "Slower, please"),
            (Ben, "4", "Fractions", null),
            (Cleo, "4", "Integers", "  "),
            (Dev, "1", "Fractions", "More games"),
        ];
        foreach (var (email, likert, choice, text) in answers)
        {
            using var learner = await app.SignInAsync(email);
            var body = new Dictionary<string, string?> { ["q1"] = likert, ["q2"] = choice, ["q3"] = text };
            using var response = await learner.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers = body });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var results = await teacher.GetJsonAsync<SurveyResultsDto>($"/api/teach/classes/{DemoClass}/surveys/{survey.Id}/results");

        Assert.Equal(4, results.Responses);
        Assert.Equal(4, results.Learners);
        var likertResult = results.Questions[0];
        Assert.Equal(4, likertResult.Answered);
        Assert.Equal([1, 0, 0, 2, 1], likertResult.Counts.Select(c => c.Count));
        Assert.Equal([25.0, 0, 0, 50, 25], likertResult.Counts.Select(c => c.Percent));
        Assert.Equal(3.5, likertResult.Mean);
        var choiceResult = results.Questions[1];
        Assert.Equal(["Fractions", "Decimals", "Integers"], choiceResult.Counts.Select(c => c.Value));
        Assert.Equal([3, 0, 1], choiceResult.Counts.Select(c => c.Count));
        Assert.Equal([75.0, 0, 25], choiceResult.Counts.Select(c => c.Percent));
        Assert.Null(choiceResult.Mean);
        var textResult = results.Questions[2];
        Assert.Equal(2, textResult.Answered);
        Assert.Equal([new TextAnswerDto("Ada Learner", "Slower, please"), new TextAnswerDto("Dev Learner", "More games")], textResult.Texts);
        Assert.Equal(4, await app.QueryAsync(db => db.SurveyResponses.CountAsync(r => r.UserId != null)));

        var page = Html.Text(await teacher.GetPageAsync($"/teach/classes/{DemoClass}/surveys/{survey.Id}"));
        Assert.Contains("4 · Agree 2 50%", page, StringComparison.Ordinal);
        Assert.Contains("Fractions 3 75%", page, StringComparison.Ordinal);
        Assert.Contains("mean 3.50 of 5", page, StringComparison.Ordinal);
        Assert.Contains("Slower, please · Ada Learner", page, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Answers_outside_the_scale_or_options_and_bad_surveys_are_refused()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        using var ada = await app.SignInAsync(Ada);
        var survey = await CreateSurveyAsync(teacher, anonymous: true);

        foreach (var answers in new[] { new Dictionary<string, string?> { ["q1"] = "6", ["q2"] = "Fractions" }, new() { ["q1"] = "3", ["q2"] = "Geometry" }, new() { ["q2"] = "Fractions" } })
        {
            using var response = await ada.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers });
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.SurveyCompletions.CountAsync()));
        foreach (var bad in new object[]
        {
            new { title = "", anonymous = true, questions = Questions },
            new { title = "No questions", anonymous = true, questions = Array.Empty<object>() },
            new { title = "One option", anonymous = true, questions = new[] { new { kind = "choice", text = "Pick", options = new[] { "Only" } } } },
        })
        {
            using var response = await teacher.PostJsonAsync($"/api/teach/classes/{DemoClass}/surveys", bad);
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }
    }

    [SkippableFact]
    public async Task Surveys_are_only_for_the_class_its_teacher_and_an_admin()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        await app.CreateAccountAsync("other-teacher@example.com", Roles.Teacher);
        await app.CreateAccountAsync("outsider@example.com", Roles.Learner);
        using var teacher = await app.SignInAsync(Teacher);
        var survey = await CreateSurveyAsync(teacher, anonymous: true);
        using var other = await app.SignInAsync("other-teacher@example.com");
        using var outsider = await app.SignInAsync("outsider@example.com");
        using var ada = await app.SignInAsync(Ada);
        using var admin = await app.SignInAsync(Admin);

        foreach (var path in new[] { "/surveys", $"/surveys/{survey.Id}", "/ratings" })
        {
            await other.AssertStatusAsync($"/teach/classes/{DemoClass}{path}", HttpStatusCode.NotFound);
            await ada.AssertAccessDeniedAsync($"/teach/classes/{DemoClass}{path}");
            await admin.GetPageAsync($"/teach/classes/{DemoClass}{path}");
        }

        await other.AssertStatusAsync($"/api/teach/classes/{DemoClass}/surveys/{survey.Id}/results", HttpStatusCode.NotFound);
        await ada.AssertStatusAsync($"/api/teach/classes/{DemoClass}/surveys/{survey.Id}/results", HttpStatusCode.Forbidden);
        await teacher.AssertStatusAsync($"/api/teach/classes/{DemoClass}/surveys/{survey.Id + 1}/results", HttpStatusCode.NotFound);
        using (var create = await other.PostJsonAsync($"/api/teach/classes/{DemoClass}/surveys", new { title = "Mine", anonymous = false, questions = Questions }))
        {
            await AssertProblemAsync(create, HttpStatusCode.NotFound);
        }

        Assert.Empty(await outsider.GetJsonAsync<List<LearnerSurveyDto>>("/api/surveys"));
        await outsider.AssertStatusAsync($"/api/surveys/{survey.Id}", HttpStatusCode.NotFound);
        await outsider.AssertStatusAsync($"/surveys/{survey.Id}", HttpStatusCode.NotFound);
        using (var answer = await outsider.PostJsonAsync($"/api/surveys/{survey.Id}/responses", new { answers = new Dictionary<string, string> { ["q1"] = "3", ["q2"] = "Fractions" } }))
        {
            await AssertProblemAsync(answer, HttpStatusCode.NotFound);
        }

        var adaSurveys = await ada.GetJsonAsync<List<LearnerSurveyDto>>("/api/surveys");
        Assert.False(Assert.Single(adaSurveys).Answered);
        Assert.Equal(1, await app.QueryAsync(db => db.Surveys.CountAsync()));
    }

    [SkippableFact]
    public async Task A_lesson_rating_is_replaced_by_a_re_rating_and_summarised_per_skill_for_the_class()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        using var ben = await app.SignInAsync(Ben);
        using var teacher = await app.SignInAsync(Teacher);
        var lesson = $"/courses/{Algebra}/skills/{RootSkill}";
        var action = $"/forms{lesson}/rating";

        using (var first = await ada.SubmitFormAsync(lesson, action, ("rating", "2"), ("comment", "Too fast")))
        {
            Assert.Equal($"{lesson}?rated=1#rating", first.Headers.Location!.OriginalString);
        }

        using (var second = await ada.SubmitFormAsync(lesson, action, ("rating", "5"), ("comment", "Clear after a second read")))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        var rerated = await ada.SendJsonAsync<LessonRatingDto>(HttpMethod.Put, $"/api{lesson}/rating", new { rating = 5, comment = "Clear after a second read" });
        Assert.Equal(5, rerated.Rating);
        using (var benRating = await ben.SubmitFormAsync(lesson, action, ("rating", "3")))
        {
            Assert.Equal(HttpStatusCode.Redirect, benRating.StatusCode);
        }

        var ratings = await app.QueryAsync(db => db.LessonRatings.AsNoTracking().OrderBy(r => r.Rating).ToListAsync());
        Assert.Equal([3, 5], ratings.Select(r => r.Rating));
        Assert.Equal([null, "Clear after a second read"], ratings.Select(r => r.Comment));
        Assert.Contains("Update my rating", await ada.GetPageAsync(lesson), StringComparison.Ordinal);

        var summary = await teacher.GetJsonAsync<ClassRatingsDto>($"/api/teach/classes/{DemoClass}/ratings?course={Algebra}");
        Assert.Equal(2, summary.Raters);
        var skill = Assert.Single(summary.Skills);
        Assert.Equal(RootSkill, skill.SkillId);
        Assert.Equal(2, skill.Count);
        Assert.Equal([0, 0, 1, 0, 1], skill.Distribution);
        Assert.Equal(4.0, skill.Mean);
        Assert.Equal(["Clear after a second read"], skill.Comments);
        Assert.Contains("Clear after a second read", await teacher.GetPageAsync($"/teach/classes/{DemoClass}/ratings?course={Algebra}"), StringComparison.Ordinal);

        // A rating outside 1–5 or of a locked lesson is refused.
        var locked = (await ada.MapAsync(Algebra)).Skills.First(s => s.State == "Locked");
        foreach (var (url, rating, status) in new[] { ($"/api{lesson}/rating", 0, HttpStatusCode.BadRequest), ($"/api/courses/{Algebra}/skills/{locked.Id}/rating", 4, HttpStatusCode.Forbidden) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(new { rating }) };
            using var response = await ada.Http.SendAsync(request);
            await AssertProblemAsync(response, status);
        }
    }
}

public sealed class SqliteSurveyTests() : SurveyTests(TestDatabase.Sqlite);

public sealed class PostgresSurveyTests() : SurveyTests(TestDatabase.Postgres);
