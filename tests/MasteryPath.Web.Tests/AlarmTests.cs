using System.Net.Http.Json;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Teaching;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The dashboard's alarms fire when a teacher needs them: stuck learners, re-teach groups with a shared mistake and a tutor.</summary>
public abstract class AlarmTests(TestDatabase database)
{
    private const string Teacher = "teacher@example.com";

    /// <summary>A wrong response that matches an authored misconception (or a wrong choice with feedback), when the item has one.</summary>
    private static async Task<string?> MisconceptionResponseAsync(MasteryPathAppFactory app, string attemptId)
    {
        var key = (await app.ItemAsync(attemptId)).Key;
        IEnumerable<string> candidates = key switch
        {
            ChoiceAnswerKey choices => choices.Choices.Where(c => !c.IsCorrect && c.Feedback is not null).Select(c => c.Key),
            NumericAnswerKey numeric => numeric.Misconceptions.Select(m => m.Answer),
            FractionAnswerKey fraction => fraction.Misconceptions.Select(m => m.Answer),
            ExpressionAnswerKey expression => expression.Misconceptions.Select(m => m.Answer),
            TextAnswerKey text => text.Misconceptions.Select(m => m.Answer),
            _ => [],
        };
        return candidates.FirstOrDefault(r => key.Check(r) is { Outcome: AnswerOutcome.Incorrect, Misconception: not null });
    }

    private static async Task<DashboardDto> DashboardAsync(LearnerClient teacher, long classId) =>
        await teacher.GetJsonAsync<DashboardDto>($"/api/teach/classes/{classId}/dashboard?course={Algebra}");

    [SkippableFact]
    public async Task A_learner_with_four_wrong_answers_in_a_row_is_listed_under_needs_help_and_the_meter_never_rises()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        using var ada = await app.SignInAsync("ada@example.com");
        await ada.SkipPlacementAsync(Algebra);
        var adaId = await app.UserIdAsync("ada@example.com");

        var right = await ada.OpenAttemptAsync(Algebra, RootSkill);
        await ada.AnswerCorrectlyAsync(right.AttemptId);
        for (var wrong = 1; wrong <= 4; wrong++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            var verdict = (await ada.AnswerWronglyAsync(attempt.AttemptId)).Attempt.Verdict!;
            Assert.False(verdict.Correct);
            Assert.True(verdict.ProbabilityAfter <= verdict.ProbabilityBefore, $"wrong answer {wrong} raised the meter: {verdict.ProbabilityBefore} → {verdict.ProbabilityAfter}");

            var alerts = (await DashboardAsync(teacher, period1.Id)).NeedsHelp.Where(a => a.LearnerId == adaId).ToList();
            if (wrong < 4)
            {
                Assert.Empty(alerts);
            }
            else
            {
                var alert = Assert.Single(alerts);
                Assert.Equal(RootSkill, alert.SkillId);
                Assert.Equal("4 wrong answers in a row.", alert.Reason);
            }
        }

        var page = await teacher.GetPageAsync($"/teach/classes/{period1.Id}?course={Algebra}");
        Assert.Contains("Ada Learner</a> on Place value", page, StringComparison.Ordinal);
        Assert.Contains("4 wrong answers in a row.", page, StringComparison.Ordinal);

        // The learner reads why in words, and what would change it; no probability.
        var skillPage = await ada.GetPageAsync($"/courses/{Algebra}/skills/{RootSkill}");
        Assert.Contains("4 wrong answers in a row.", skillPage, StringComparison.Ordinal);
        Assert.DoesNotContain("P(", skillPage, StringComparison.Ordinal);

        // One right answer ends the run: the alarm goes, and the meter stays below the approaching band.
        var recovery = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var after = (await ada.AnswerCorrectlyAsync(recovery.AttemptId)).Attempt.Verdict!;
        Assert.True(after.ProbabilityAfter < 0.7, $"one right after four wrong shows {after.ProbabilityAfter}");
        Assert.DoesNotContain((await DashboardAsync(teacher, period1.Id)).NeedsHelp, a => a.LearnerId == adaId);
    }

    [SkippableFact]
    public async Task The_class_sets_how_many_wrong_answers_in_a_row_raise_the_alarm()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));
        var settings = await teacher.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{period1.Id}/settings");
        using (var refused = await teacher.Http.PutAsJsonAsync($"/api/teach/classes/{period1.Id}/settings", Request(settings with { StuckAfterWrongInARow = 1 })))
        {
            await AssertProblemAsync(refused, System.Net.HttpStatusCode.BadRequest);
        }

        using (var saved = await teacher.Http.PutAsJsonAsync($"/api/teach/classes/{period1.Id}/settings", Request(settings with { StuckAfterWrongInARow = 2, ReteachMinLearners = 3 })))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        var stored = await teacher.GetJsonAsync<ClassSettingsDto>($"/api/teach/classes/{period1.Id}/settings");
        Assert.Equal(2, stored.StuckAfterWrongInARow);
        Assert.Equal(3, stored.ReteachMinLearners);

        using var ben = await app.SignInAsync("ben@example.com");
        await ben.SkipPlacementAsync(Algebra);
        var benId = await app.UserIdAsync("ben@example.com");
        for (var i = 0; i < 2; i++)
        {
            await ben.AnswerWronglyAsync((await ben.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        var alert = Assert.Single((await DashboardAsync(teacher, period1.Id)).NeedsHelp, a => a.LearnerId == benId);
        Assert.Equal("2 wrong answers in a row.", alert.Reason);
    }

    [SkippableFact]
    public async Task Three_learners_stuck_on_one_skill_form_a_reteach_group_with_their_shared_mistake_and_a_proposed_tutor()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var teacher = await app.SignInAsync(Teacher);
        var period1 = Assert.Single(await teacher.GetJsonAsync<List<ClassDto>>("/api/teach/classes"));

        // Dev masters the skill: practice until the check opens, then the check.
        using var dev = await app.SignInAsync("dev@example.com");
        await dev.SkipPlacementAsync(Algebra);
        for (var i = 0; i < 10 && !(await dev.SkillAsync(Algebra, RootSkill)).ReadyForCheck; i++)
        {
            await dev.AnswerCorrectlyAsync((await dev.OpenAttemptAsync(Algebra, RootSkill)).AttemptId);
        }

        for (var i = 0; i < 5 && (await dev.SkillAsync(Algebra, RootSkill)).State != "Mastered"; i++)
        {
            await dev.AnswerCorrectlyAsync((await dev.OpenAttemptAsync(Algebra, RootSkill, "MasteryCheck")).AttemptId);
        }

        Assert.Equal("Mastered", (await dev.SkillAsync(Algebra, RootSkill)).State);
        var devId = await app.UserIdAsync("dev@example.com");

        // Three learners make the same kind of mistake, four times in a row or more.
        var stuck = new List<string>();
        foreach (var email in new[] { "ada@example.com", "ben@example.com", "cleo@example.com" })
        {
            using var learner = await app.SignInAsync(email);
            await learner.SkipPlacementAsync(Algebra);
            for (var i = 0; i < 4; i++)
            {
                var attempt = await learner.OpenAttemptAsync(Algebra, RootSkill);
                var response = await MisconceptionResponseAsync(app, attempt.AttemptId) ?? await app.WrongResponseAsync(attempt.AttemptId);
                Assert.False((await learner.AnswerAsync(attempt.AttemptId, response)).Attempt.Verdict!.Correct);
            }

            stuck.Add(await app.UserIdAsync(email));
            var groups = (await DashboardAsync(teacher, period1.Id)).Reteach;
            if (stuck.Count == 1)
            {
                Assert.DoesNotContain(groups, g => g.SkillId == RootSkill);
            }
            else
            {
                var group = Assert.Single(groups, g => g.SkillId == RootSkill);
                Assert.Equal(stuck.Order(), group.Stuck.Order());
                Assert.Equal(devId, group.ProposedTutor);
            }
        }

        var final = Assert.Single((await DashboardAsync(teacher, period1.Id)).Reteach, g => g.SkillId == RootSkill);
        Assert.NotNull(final.SharedMisconception);
        Assert.True(final.SharingMisconception.Count >= 2, string.Join(", ", final.SharingMisconception));
        Assert.Subset(stuck.ToHashSet(), final.SharingMisconception.ToHashSet());

        var page = await teacher.GetPageAsync($"/teach/classes/{period1.Id}?course={Algebra}");
        Assert.Contains("Proposed peer tutor: <strong>Dev Learner</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Common mistake", page, StringComparison.Ordinal);

        // The drill-down tells the story of one learner's evidence.
        var adaPage = await teacher.GetPageAsync($"/teach/classes/{period1.Id}/learners/{stuck[0]}?course={Algebra}&skill={RootSkill}");
        Assert.Matches(@"4 wrong in a row( \((same )?misconception: [^)]+\))?", adaPage);
    }

    private static ClassSettingsRequest Request(ClassSettingsDto dto) =>
        new(dto.Name, dto.Courses, dto.MasteryProbability, dto.CheckPassRatio, dto.Bands, dto.StuckAfterWrongInARow, dto.ReteachMinLearners);
}

public sealed class SqliteAlarmTests() : AlarmTests(TestDatabase.Sqlite);

public sealed class PostgresAlarmTests() : AlarmTests(TestDatabase.Postgres);
