using System.Net;
using MasteryPath.Web.Api;
using MasteryPath.Web.Teaching;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>Points only for accurate work, the daily streak, celebrations, and the teacher's switches for each.</summary>
public abstract class MotivationTests(TestDatabase database)
{
    [SkippableFact]
    public async Task Accurate_work_earns_points_and_a_streak_guessing_earns_nothing_and_mastery_is_celebrated()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);

        for (var i = 0; i < 4; i++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            app.Time.Advance(TimeSpan.FromSeconds(30));
            await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        }

        var motivation = (await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Motivation!;
        Assert.Equal((40, 40, 1, true), (motivation.WeekPoints, motivation.TotalPoints, motivation.Streak, motivation.PracticedAccuratelyToday));

        // Two fast wrong guesses bring the day's set to 4 of 6 right, below the bar: the set earns nothing.
        for (var i = 0; i < 2; i++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            app.Time.Advance(TimeSpan.FromSeconds(1));
            await ada.AnswerWronglyAsync(attempt.AttemptId);
        }

        motivation = (await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Motivation!;
        Assert.Equal((0, 0, false), (motivation.WeekPoints, motivation.Streak, motivation.PracticedAccuratelyToday));

        // The next day: accurate work to mastery; the check adds 100, the streak starts again, and the page celebrates.
        app.Time.Advance(TimeSpan.FromDays(1));
        var careful = 0;
        while (!(await ada.SkillAsync(Algebra, RootSkill)).ReadyForCheck)
        {
            Assert.True(++careful <= 25, "no mastery check after 25 careful right answers");
            await AnswerCarefullyAsync(ada, "Practice");
        }

        for (var check = 1; await AnswerCarefullyAsync(ada, "MasteryCheck") != "Passed"; check++)
        {
            Assert.True(check < 5, "the check was not passed after 5 right answers");
            careful++;
        }

        careful++;
        Assert.Equal("Mastered", (await ada.SkillAsync(Algebra, RootSkill)).State);
        motivation = (await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Motivation!;
        Assert.Equal(AccuratePointsOf(careful) + 100, motivation.TotalPoints);
        Assert.Equal(motivation.TotalPoints, motivation.WeekPoints);
        Assert.Equal(1, motivation.Streak);
        Assert.Equal(["Place value and rounding"], motivation.MasteredToday);
        var page = Html.Text(await ada.GetPageAsync($"/courses/{Algebra}"));
        Assert.Contains("You mastered Place value and rounding today", page, StringComparison.Ordinal);
        Assert.Contains($"{motivation.WeekPoints} points this week", page, StringComparison.Ordinal);
        Assert.Contains("1 day streak", page, StringComparison.Ordinal);
    }

    private static int AccuratePointsOf(int rightAnswers) => rightAnswers * Domain.Motivation.AccuratePoints.PerRightAnswer;

    /// <summary>Opens a question, thinks for 30 seconds, answers it right; returns the check outcome.</summary>
    private static async Task<string?> AnswerCarefullyAsync(LearnerClient learner, string mode)
    {
        var attempt = await learner.OpenAttemptAsync(Algebra, RootSkill, mode);
        learner.App.Time.Advance(TimeSpan.FromSeconds(30));
        return (await learner.AnswerCorrectlyAsync(attempt.AttemptId)).Attempt.Verdict!.CheckOutcome;
    }

    [SkippableFact]
    public async Task A_teacher_turns_each_element_off_for_the_class_and_its_learners_no_longer_see_it()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync("teacher@example.com");
        var classId = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes")).Id;
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        using (var goal = await ada.PostFormAsync($"/forms/courses/{Algebra}/goal", Html.AntiforgeryToken(await ada.GetPageAsync($"/courses/{Algebra}")), ("target", "3"), ("kind", "Skills")))
        {
            Assert.Equal(HttpStatusCode.Redirect, goal.StatusCode);
        }

        var before = Html.Text(await ada.GetPageAsync($"/courses/{Algebra}"));
        Assert.Contains("points this week", before, StringComparison.Ordinal);
        Assert.Contains("streak", before, StringComparison.Ordinal);
        Assert.Contains("Goal: 0 of 3", before, StringComparison.Ordinal);

        var saved = await teacher.SendJsonAsync<MotivationSettingsDto>(HttpMethod.Put, $"/api/teach/classes/{classId}/motivation", new MotivationSettingsDto(Points: false, Streak: false, WeeklyGoal: false, Celebrations: true));
        Assert.Equal(new MotivationSettingsDto(false, false, false, true), saved);
        Assert.Equal(saved, await teacher.GetJsonAsync<MotivationSettingsDto>($"/api/teach/classes/{classId}/motivation"));

        var after = Html.Text(await ada.GetPageAsync($"/courses/{Algebra}"));
        Assert.DoesNotContain("points this week", after, StringComparison.Ordinal);
        Assert.DoesNotContain("streak", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Goal:", after, StringComparison.Ordinal);
        Assert.Equal(new Learning.MotivationSwitches(false, false, false, true), (await ada.GetJsonAsync<TodayDto>($"/api/courses/{Algebra}/today")).Motivation!.Switches);

        // The settings form turns them back on (unticked boxes are off; ticked ones on).
        using var form = await teacher.PostFormAsync($"/forms/teach/classes/{classId}/motivation", Html.AntiforgeryToken(await teacher.GetPageAsync($"/teach/classes/{classId}/settings")), ("points", "on"), ("streak", "on"), ("weeklyGoal", "on"));
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.Equal(new MotivationSettingsDto(true, true, true, false), await teacher.GetJsonAsync<MotivationSettingsDto>($"/api/teach/classes/{classId}/motivation"));
        Assert.Contains("Goal: 0 of 3", Html.Text(await ada.GetPageAsync($"/courses/{Algebra}")), StringComparison.Ordinal);
    }
}

public sealed class SqliteMotivationTests() : MotivationTests(TestDatabase.Sqlite);

public sealed class PostgresMotivationTests() : MotivationTests(TestDatabase.Postgres);
