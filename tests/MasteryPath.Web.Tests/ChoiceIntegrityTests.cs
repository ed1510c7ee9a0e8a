using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Data;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Domain.Templates;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Nothing in what the API sends gives a choice item's answer away: over many attempts of every single- and
/// multiple-choice item of the shipped courses, a learner who always picks the first or last key, the first or last
/// option shown, or the longest option scores at chance, and no key or markup tells right from wrong options.
/// The server side is the oracle (which options are right); what is judged is only what the API sends.
/// </summary>
public abstract partial class ChoiceIntegrityTests(TestDatabase database)
{
    private const string Ada = "ada@example.com";

    /// <summary>Attempts per item: enough that an option which is right half the time where chance is a quarter fails.</summary>
    private const int AttemptsPerItem = 100;

    /// <summary>
    /// The chance that this test fails although every item is at chance (the family-wise error, Bonferroni over every
    /// item and strategy). Keys and orders are drawn by the server's cryptographic generator, which a test cannot seed,
    /// so the test is made reliable by this bound instead.
    /// </summary>
    private const double FamilyWiseError = 1e-4;

    private static readonly string[] Strategies = ["first key", "last key", "first shown", "last shown", "longest"];

    [SkippableFact]
    public async Task Guessing_by_key_position_or_length_scores_at_chance_on_every_choice_item_of_the_shipped_courses()
    {
        await using var app = await MasteryPathAppFactory.StartAsync(database);
        using var ada = await app.SignInAsync(Ada);
        var userId = await app.UserIdAsync(Ada);
        var catalog = app.Services.GetRequiredService<CourseCatalog>();
        var items = catalog.Courses
            .SelectMany(c => c.Items.Where(i => i.Kind is ItemKind.SingleChoice or ItemKind.MultipleSelect).Select(i => (Course: c.Id, Definition: i)))
            .ToList();
        Assert.True(items.Count >= 50, $"only {items.Count} choice items in the shipped courses");
        foreach (var course in catalog.Courses)
        {
            await ada.SkipPlacementAsync(course.Id);
        }

        var random = new Random(20261204);
        var tests = new List<(string Item, string Strategy, int Successes, int Samples, double PValue)>();
        var keyProblems = new List<string>();
        var answered = 0;
        foreach (var (courseId, definition) in items)
        {
            var course = catalog.Get(courseId);
            var samples = new List<Sample>();
            foreach (var batch in (await CreateAttemptsAsync(app, userId, courseId, definition, random)).Chunk(4))
            {
                var views = await Task.WhenAll(batch.Select(a => ada.GetJsonAsync<AttemptView>($"/api/attempts/{a.Id}")));
                foreach (var (attempt, view) in batch.Zip(views))
                {
                    var key = AttemptItem.For(course, attempt).Item.Key;
                    Assert.True(key.Check(key.CanonicalResponse).IsCorrect);
                    samples.Add(new Sample(attempt.Id, view, key.CanonicalResponse.Split(',').ToHashSet(StringComparer.Ordinal)));
                }
            }

            keyProblems.AddRange(KeyProblems(definition.Id, samples));

            // The page's markup is the same for every option, and the oracle agrees with the API's own verdict.
            foreach (var sample in samples.TakeLast(2))
            {
                keyProblems.AddRange(MarkupProblems(definition.Id, await ada.GetPageAsync($"/attempts/{sample.AttemptId}"), sample.View));
            }

            foreach (var sample in samples.Take(2))
            {
                var picked = Pick("first shown", sample.View, sample.Correct.Count);
                var verdict = (await ada.AnswerAsync(sample.AttemptId, string.Join(",", picked))).Attempt.Verdict!;
                Assert.Equal(picked.ToHashSet().SetEquals(sample.Correct), verdict.Correct);
                answered++;
            }

            foreach (var strategy in Strategies)
            {
                var successes = 0;
                var chances = new List<double>();
                foreach (var sample in samples)
                {
                    var picked = Pick(strategy, sample.View, sample.Correct.Count);
                    successes += picked.ToHashSet().SetEquals(sample.Correct) ? 1 : 0;
                    chances.Add(1 / Binomial(sample.View.Choices.Count, sample.Correct.Count));
                }

                tests.Add((definition.Id, strategy, successes, samples.Count, UpperTail(chances, successes)));
            }
        }

        Assert.True(answered >= items.Count, "too few answers cross-checked the oracle");
        var threshold = FamilyWiseError / tests.Count;
        var failing = tests.Where(t => t.PValue < threshold).OrderBy(t => t.PValue).ToList();
        Assert.True(
            failing.Count == 0 && keyProblems.Count == 0,
            $"{failing.Count} of {tests.Count} item × strategy pairs score above chance (p < {threshold:G2}):\n" +
            string.Join("\n", failing.Take(60).Select(t => $"{t.Item}: '{t.Strategy}' right {t.Successes} of {t.Samples} (p = {t.PValue:G2})")) +
            $"\n{keyProblems.Count} problems with keys or markup:\n" + string.Join("\n", keyProblems.Take(10)));
    }

    /// <summary>
    /// Open attempts at <paramref name="definition"/> on fresh variants, made by the server's own factory (which draws each
    /// attempt's presentation). Each is the question of a placement of its own, since a learner has one open question per
    /// skill and mode, or per placement.
    /// </summary>
    private static async Task<List<Attempt>> CreateAttemptsAsync(MasteryPathAppFactory app, string userId, string courseId, ItemDefinition definition, Random random)
    {
        var now = app.Time.GetUtcNow();
        var attempts = Enumerable.Range(0, AttemptsPerItem).Select(_ =>
        {
            var seed = definition.IsTemplate ? random.NextInt64(1, 1_000_000_000) : 0;
            var choice = new ItemChoice(definition.Id, seed, definition.IsTemplate ? $"{definition.Id}@{seed}" : definition.Id);
            return LearningService.NewAttempt(userId, courseId, definition.PrimarySkill, choice, AttemptMode.Placement, EvidenceKind.Placement, Guid.NewGuid().ToString("N"), now);
        }).ToList();
        await app.QueryAsync(async db =>
        {
            db.Attempts.AddRange(attempts);
            return await db.SaveChangesAsync();
        });
        return attempts;
    }

    /// <summary>The keys a learner following <paramref name="strategy"/> ticks: as many as there are right options.</summary>
    private static List<string> Pick(string strategy, AttemptView view, int count)
    {
        var shown = view.Choices.ToList();
        IEnumerable<ChoiceView> ordered = strategy switch
        {
            "first key" => shown.OrderBy(c => c.Key, StringComparer.Ordinal),
            "last key" => shown.OrderByDescending(c => c.Key, StringComparer.Ordinal),
            "first shown" => shown,
            "last shown" => Enumerable.Reverse(shown),
            "longest" => shown.OrderByDescending(c => VisibleLength(c.Html)), // stable: ties go to the option shown first
            _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
        };
        return ordered.Take(count).Select(c => c.Key).ToList();
    }

    /// <summary>Keys must not tell right from wrong: same shape for every option, and drawn afresh for every attempt.</summary>
    private static IEnumerable<string> KeyProblems(string item, List<Sample> samples)
    {
        foreach (var sample in samples)
        {
            var keys = sample.View.Choices.Select(c => c.Key).ToList();
            if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
            {
                yield return $"{item}: repeated keys {string.Join(",", keys)}";
            }

            if (keys.Select(k => KeyShape().IsMatch(k) ? k.Length : -1).Distinct().Count() != 1 || keys.Any(k => !KeyShape().IsMatch(k)))
            {
                yield return $"{item}: keys of different shapes {string.Join(",", keys)}";
            }
        }

        // The right option's key is new in (nearly) every attempt: keys carry no information from one attempt to the next.
        var rightKeys = samples.Select(s => string.Join(",", s.Correct.Order(StringComparer.Ordinal))).ToList();
        var distinct = rightKeys.Distinct(StringComparer.Ordinal).Count();
        if (distinct < samples.Count * 0.9)
        {
            yield return $"{item}: the right option's key repeats across attempts ({distinct} distinct in {samples.Count})";
        }
    }

    /// <summary>Every option's label on the page is the same markup once its key and its own text are taken out.</summary>
    private static IEnumerable<string> MarkupProblems(string item, string page, AttemptView view)
    {
        var labels = ChoiceLabel().Matches(page).Select(m => m.Value).ToList();
        if (labels.Count != view.Choices.Count)
        {
            yield return $"{item}: the page shows {labels.Count} option labels for {view.Choices.Count} options";
            yield break;
        }

        var shapes = labels.Select((label, i) => label
                .Replace($"value=\"{WebUtility.HtmlEncode(view.Choices[i].Key)}\"", "value=\"KEY\"", StringComparison.Ordinal)
                .Replace(view.Choices[i].Html, "TEXT", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (shapes.Count != 1)
        {
            yield return $"{item}: option markup differs between options:\n{string.Join("\n", shapes)}";
        }
    }

    /// <summary>The length of the text a reader sees: tags dropped, entities decoded, spaces collapsed.</summary>
    private static int VisibleLength(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, string.Empty)), " ").Trim().Length;

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    /// <summary>P(at least <paramref name="successes"/>) for independent trials with the given chances (the Poisson binomial).</summary>
    private static double UpperTail(IReadOnlyList<double> chances, int successes)
    {
        var distribution = new double[chances.Count + 1];
        distribution[0] = 1;
        for (var i = 0; i < chances.Count; i++)
        {
            for (var k = i + 1; k >= 1; k--)
            {
                distribution[k] = (distribution[k] * (1 - chances[i])) + (distribution[k - 1] * chances[i]);
            }

            distribution[0] *= 1 - chances[i];
        }

        return Math.Min(1, distribution.Skip(successes).Sum());
    }

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex KeyShape();

    [GeneratedRegex("<label class=\"choice\"[^>]*>.*?</label>", RegexOptions.Singleline)]
    private static partial Regex ChoiceLabel();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed record Sample(string AttemptId, AttemptView View, HashSet<string> Correct);
}

public sealed class SqliteChoiceIntegrityTests() : ChoiceIntegrityTests(TestDatabase.Sqlite);

public sealed class PostgresChoiceIntegrityTests() : ChoiceIntegrityTests(TestDatabase.Postgres);
