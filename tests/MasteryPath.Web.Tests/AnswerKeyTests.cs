using System.Net;
using System.Text.Json;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using static MasteryPath.Web.Tests.Journeys;

namespace MasteryPath.Web.Tests;

/// <summary>The browser never gets the answer key: no answer, no worked solution, no hint it did not ask for.</summary>
public abstract class AnswerKeyTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";
    private const string Writing = "argument-writing";

    [SkippableFact]
    public async Task Unanswered_questions_of_every_reachable_kind_show_no_answer_solution_or_unrequested_hint()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var inspected = new List<ItemKind>();

        for (var i = 0; i < 3; i++)
        {
            var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
            inspected.Add(await AssertNothingLeaksAsync(ada, attempt.AttemptId));
            await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        }

        // A fresh learner's first writing question is an easy text item; right answers raise the level to where the
        // single-choice and multiple-select items are drawn.
        foreach (var email in new[] { Ada, "ben@example.com", "cleo@example.com", "dev@example.com" })
        {
            using var writer = await app.SignInAsync(email);
            var writingRoot = (await writer.MapAsync(Writing)).Skills.First(s => s.Prerequisites.Count == 0).Id;
            for (var i = 0; i < 4; i++)
            {
                var attempt = await writer.OpenAttemptAsync(Writing, writingRoot);
                inspected.Add(await AssertNothingLeaksAsync(writer, attempt.AttemptId));
                Assert.True((await writer.AnswerCorrectlyAsync(attempt.AttemptId)).Attempt.Verdict!.Correct);
            }
        }

        Assert.Superset(new HashSet<ItemKind> { ItemKind.Numeric, ItemKind.SingleChoice }, inspected.ToHashSet());
        Assert.True(inspected.Contains(ItemKind.Text) || inspected.Contains(ItemKind.MultipleSelect), string.Join(", ", inspected));
    }

    [SkippableFact]
    public async Task Each_hint_request_reveals_exactly_the_next_hint_and_the_worked_solution_only_after_the_last()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var attempt = await ada.OpenAttemptAsync(Algebra, RootSkill);
        var item = await app.ItemAsync(attempt.AttemptId);
        Assert.True(item.Hints.Count >= 2, $"{item.Id} has {item.Hints.Count} hints");
        var hints = item.Hints.Select(h => Html.Fingerprints(CourseMarkdown.ToHtml(h))).ToList();
        var solution = Html.Fingerprints(CourseMarkdown.ToHtml(item.Solution));
        var url = $"/attempts/{attempt.AttemptId}";

        var first = await ada.PostJsonAsync<AttemptView>($"/api/attempts/{attempt.AttemptId}/hints", null);

        Assert.Equal([CourseMarkdown.ToHtml(item.Hints[0])], first.HintsHtml);
        Assert.Equal(item.Hints.Count, first.HintsAvailable);
        Assert.Null(first.SolutionHtml);
        AssertShowsHints(await ada.GetPageAsync(url), hints, shown: 1, solution);

        for (var shown = 2; shown <= item.Hints.Count; shown++)
        {
            using var posted = await ada.SubmitFormAsync(url, $"/forms/attempts/{attempt.AttemptId}/hint");
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal($"{url}#hints", posted.Headers.Location?.OriginalString);
            AssertShowsHints(await ada.GetPageAsync(url), hints, shown, solution);
        }

        Assert.Contains("Show the worked solution", await ada.GetPageAsync(url), StringComparison.Ordinal);
        using (var last = await ada.SubmitFormAsync(url, $"/forms/attempts/{attempt.AttemptId}/hint"))
        {
            Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        }

        var withSolution = await ada.GetPageAsync(url);
        Assert.True(Html.ShowsAny(withSolution, solution, out _), "the requested worked solution is not shown");
        Assert.Contains("id=\"answer-form\"", withSolution, StringComparison.Ordinal);
        Assert.DoesNotContain("The answer:", withSolution, StringComparison.Ordinal);
        Assert.Equal(CourseMarkdown.ToHtml(item.Solution), (await ada.GetJsonAsync<AttemptView>($"/api/attempts/{attempt.AttemptId}")).SolutionHtml);

        var answer = await ada.AnswerCorrectlyAsync(attempt.AttemptId);
        Assert.True(answer.Attempt.Verdict!.Correct);
        Assert.True(Assert.Single(await app.EventsAsync(Ada, Algebra)).UsedHint);
    }

    [SkippableFact]
    public async Task After_a_wrong_answer_the_answer_and_solution_appear_only_after_the_second_try_also_misses()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);

        var firstWrong = await AnswerAndReadAsync(app, ada, correct: false);
        Assert.Null(firstWrong.Answer.Attempt.Verdict!.CorrectAnswer);
        Assert.Null(firstWrong.Answer.Attempt.SolutionHtml);
        Assert.True(firstWrong.Answer.Attempt.Verdict.CanRetry);
        Assert.Contains("id=\"retry-form\"", firstWrong.Page, StringComparison.Ordinal);
        AssertNoSolution(firstWrong.Page, firstWrong.Item);

        // A wrong answer on the next question is a first try again: still no answer.
        var nextWrong = await AnswerAndReadAsync(app, ada, correct: false);
        Assert.Null(nextWrong.Answer.Attempt.Verdict!.CorrectAnswer);
        AssertNoSolution(nextWrong.Page, nextWrong.Item);

        var attemptId = nextWrong.Answer.Attempt.AttemptId;
        var secondTry = await ada.PostJsonAsync<Api.AnswerResponse>($"/api/attempts/{attemptId}/answer", new { response = await app.WrongResponseAsync(attemptId), @try = 2 });
        var page = await ada.GetPageAsync($"/attempts/{attemptId}");
        Assert.False(secondTry.Attempt.Verdict!.Retry!.Correct);
        Assert.Equal(nextWrong.Item.Key.DisplayAnswer, secondTry.Attempt.Verdict.CorrectAnswer);
        Assert.Equal(CourseMarkdown.ToHtml(nextWrong.Item.Solution), secondTry.Attempt.SolutionHtml);
        Assert.True(Html.ShowsAny(page, Html.Fingerprints(CourseMarkdown.ToHtml(nextWrong.Item.Solution)), out _), "no worked solution after the second try missed");
        Assert.Contains("The answer:", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"retry-form\"", page, StringComparison.Ordinal);

        var right = await AnswerAndReadAsync(app, ada, correct: true);
        Assert.Null(right.Answer.Attempt.Verdict!.CorrectAnswer);
        Assert.Null(right.Answer.Attempt.SolutionHtml);
        AssertNoSolution(right.Page, right.Item);
    }

    private static async Task<(Api.AnswerResponse Answer, Item Item, string Page)> AnswerAndReadAsync(MasteryPathAppFactory app, LearnerClient learner, bool correct)
    {
        var attempt = await learner.OpenAttemptAsync(Algebra, RootSkill);
        var item = await app.ItemAsync(attempt.AttemptId);
        var answer = correct ? await learner.AnswerCorrectlyAsync(attempt.AttemptId) : await learner.AnswerWronglyAsync(attempt.AttemptId);
        Assert.Equal(correct, answer.Attempt.Verdict!.Correct);
        return (answer, item, await learner.GetPageAsync($"/attempts/{attempt.AttemptId}"));
    }

    private static void AssertNoSolution(string page, Item item)
    {
        Assert.DoesNotContain("id=\"solution\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The answer:", page, StringComparison.Ordinal);
        Assert.False(Html.ShowsAny(page, Html.Fingerprints(CourseMarkdown.ToHtml(item.Solution)), out var shown), $"the page shows the solution: '{shown}'");
    }

    private static void AssertShowsHints(string page, IReadOnlyList<IReadOnlyList<string>> hints, int shown, IReadOnlyList<string> solution)
    {
        for (var i = 0; i < hints.Count; i++)
        {
            Assert.True(Html.ShowsAny(page, hints[i], out _) == i < shown, $"after {shown} hint request(s), hint {i + 1} is {(i < shown ? "missing" : "shown")}");
        }

        Assert.False(Html.ShowsAny(page, solution, out var leaked), $"the solution is shown before it was asked for: '{leaked}'");
        Assert.DoesNotContain("id=\"solution\"", page, StringComparison.Ordinal);
    }

    /// <summary>Checks the page, the API view and the re-opened question of an unanswered attempt; returns the item's kind.</summary>
    private static async Task<ItemKind> AssertNothingLeaksAsync(LearnerClient learner, string attemptId)
    {
        var app = learner.App;
        var item = await app.ItemAsync(attemptId);
        var row = await app.QueryAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        var page = await learner.GetPageAsync($"/attempts/{attemptId}");
        using var get = await learner.GetAsync($"/api/attempts/{attemptId}");
        var viewJson = await get.Content.ReadAsStringAsync();
        using var reopen = await learner.PostJsonAsync($"/api/courses/{row.CourseId}/skills/{row.SkillId}/attempts", new { mode = row.Mode.ToString() });
        var reopenJson = await reopen.Content.ReadAsStringAsync();

        // Sentences a solution quotes from the prompt or a choice are on the page anyway; the rest must not be.
        var choices = item.Key is ChoiceAnswerKey choiceKey ? choiceKey.Choices.Select(c => c.Text) : [];
        var visible = Html.Text(string.Join("\n", choices.Prepend(item.Prompt).Select(CourseMarkdown.ToHtml)));
        var secrets = item.Hints.Append(item.Solution)
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .SelectMany(s => Html.Fingerprints(CourseMarkdown.ToHtml(s)))
            .Where(f => !visible.Contains(f, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(secrets);
        var context = $"{item.Id} ({item.Kind})";
        foreach (var (name, raw, text) in new[] { ("page", page, page), ("GET view", viewJson, JsonText(viewJson)), ("re-opened view", reopenJson, JsonText(reopenJson)) })
        {
            Assert.False(Html.ShowsAny(text, secrets, out var shown), $"{context}: the {name} shows '{shown}'");
            Assert.DoesNotContain("iscorrect", raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("canonical", raw, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var json in new[] { viewJson, reopenJson })
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            Assert.Equal(attemptId, root.GetProperty("attemptId").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("verdict").ValueKind);
            Assert.Equal(JsonValueKind.Null, root.GetProperty("solutionHtml").ValueKind);
            Assert.Equal(0, root.GetProperty("hintsHtml").GetArrayLength());
            Assert.DoesNotContain(PropertyNames(root), n => n.Contains("correct", StringComparison.OrdinalIgnoreCase) || n.Contains("canonical", StringComparison.OrdinalIgnoreCase));
            Assert.All(root.GetProperty("choices").EnumerateArray(), c => Assert.Equal(["html", "key"], c.EnumerateObject().Select(p => p.Name).Order()));
        }

        Assert.DoesNotContain("id=\"verdict\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"solution\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"hints\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The answer:", page, StringComparison.Ordinal);
        Assert.DoesNotContain(" checked", page, StringComparison.Ordinal);
        if (item.Key is not ChoiceAnswerKey)
        {
            Assert.DoesNotContain($"value=\"{WebUtility.HtmlEncode(item.Key.CanonicalResponse)}\"", page, StringComparison.Ordinal);
        }

        return item.Kind;
    }

    private static string JsonText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return string.Join("\n", Strings(document.RootElement));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)).ToList(),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings).ToList(),
        _ => [],
    };

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)).ToList(),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames).ToList(),
        _ => [],
    };
}

public sealed class SqliteAnswerKeyTests() : AnswerKeyTests(TestDatabase.Sqlite);

public sealed class PostgresAnswerKeyTests() : AnswerKeyTests(TestDatabase.Postgres);
