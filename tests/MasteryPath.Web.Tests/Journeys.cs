using System.Net;
using System.Text.Json;
using MasteryPath.Web.Api;

namespace MasteryPath.Web.Tests;

/// <summary>Longer learner journeys shared by several tests, each step through the JSON API.</summary>
internal static class Journeys
{
    public const string Algebra = "algebra-1";
    public const string RootSkill = "place-value";

    /// <summary>Practises <paramref name="skillId"/> with right answers until the mastery check is open; returns how many answers that took.</summary>
    public static async Task<int> PractiseUntilReadyAsync(this LearnerClient learner, string courseId, string skillId, int maxAnswers = 25)
    {
        for (var answers = 0; answers <= maxAnswers; answers++)
        {
            if ((await learner.SkillAsync(courseId, skillId)).ReadyForCheck)
            {
                return answers;
            }

            var attempt = await learner.OpenAttemptAsync(courseId, skillId);
            var verdict = (await learner.AnswerCorrectlyAsync(attempt.AttemptId)).Attempt.Verdict;
            Assert.True(verdict is { Correct: true }, "a right answer was not judged right");
            learner.App.Time.Advance(TimeSpan.FromSeconds(40));
        }

        Assert.Fail($"{skillId} was not ready for the mastery check after {maxAnswers} right answers");
        return -1;
    }

    /// <summary>Takes the mastery check with right answers until it is passed; returns the passing answer and how many questions it took.</summary>
    public static async Task<(AnswerResponse Passing, int Questions)> PassCheckAsync(this LearnerClient learner, string courseId, string skillId, int maxQuestions = 5)
    {
        for (var question = 1; question <= maxQuestions; question++)
        {
            var attempt = await learner.OpenAttemptAsync(courseId, skillId, "MasteryCheck");
            Assert.Equal("MasteryCheck", attempt.Mode);
            var answer = await learner.AnswerCorrectlyAsync(attempt.AttemptId);
            learner.App.Time.Advance(TimeSpan.FromSeconds(40));
            if (answer.Attempt.Verdict!.CheckOutcome == "Passed")
            {
                return (answer, question);
            }

            Assert.Equal("None", answer.Attempt.Verdict.CheckOutcome);
        }

        Assert.Fail($"the mastery check of {skillId} was not passed after {maxQuestions} right answers");
        return default;
    }

    public static async Task MasterAsync(this LearnerClient learner, string courseId, string skillId)
    {
        await learner.PractiseUntilReadyAsync(courseId, skillId);
        _ = await learner.PassCheckAsync(courseId, skillId);
        Assert.Equal("Mastered", (await learner.SkillAsync(courseId, skillId)).State);
    }

    /// <summary>Asserts a ProblemDetails response with <paramref name="status"/>.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
    }
}
