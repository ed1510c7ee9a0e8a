namespace MasteryPath.Web.Tests;

/// <summary>
/// A skill made of fixed items (no templates) on the real app: each item is given once before any comes back, and no
/// item twice in a row, however the learner answers (ADR 0039 looks up only fixed items among the recent questions).
/// </summary>
public abstract class FixedItemRotationTests(TestDatabase database)
{
    private const string CourseId = "fixed-items";
    /// <summary>Sixteen sums: the course checker asks for 15 distinct variants per skill (10 practice, 5 check).</summary>
    private static readonly string[] Prompts = [.. Enumerable.Range(1, 16).Select(i => $"What is {i} + {i + 20}?")];

    [SkippableFact]
    public async Task Every_fixed_item_is_given_once_before_any_repeats_and_none_twice_in_a_row()
    {
        var courses = Directory.CreateTempSubdirectory("masterypath-fixed.").FullName;
        try
        {
            WriteCourse(courses);
            await using var app = await MasteryPathAppFactory.StartAsync(database, settings: new Dictionary<string, string> { [MasteryPathAppFactory.CatalogSetting] = courses });
            using var learner = await app.SignInAsync("ben@example.com");
            await learner.SkipPlacementAsync(CourseId);

            var given = new List<string>();
            for (var i = 0; i < Prompts.Length + 4; i++)
            {
                var attempt = await learner.OpenAttemptAsync(CourseId, "adding");
                given.Add(Prompts.Single(p => attempt.PromptHtml.Contains(p.Replace("?", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)));
                _ = i % 3 == 0 ? await learner.AnswerCorrectlyAsync(attempt.AttemptId) : await learner.AnswerWronglyAsync(attempt.AttemptId);
            }

            Assert.Equal(Prompts.Length, given.Take(Prompts.Length).Distinct().Count());
            Assert.All(given.Zip(given.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        }
        finally
        {
            Directory.Delete(courses, recursive: true);
        }
    }

    private static void WriteCourse(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, CourseId)).FullName;
        File.WriteAllText(Path.Combine(folder, "course.yaml"), $"id: {CourseId}\ntitle: Fixed items\ndescription: One skill of fixed items.\nversion: 1.0.0\nunits:\n  - id: basics\n    title: Basics\n");
        Directory.CreateDirectory(Path.Combine(folder, "skills"));
        File.WriteAllText(Path.Combine(folder, "skills", "adding.md"), "---\nid: adding\ntitle: Add\nobjective: Adds two whole numbers.\nunit: basics\nprerequisites: []\n---\n# Lesson\n\nCount on from the larger number.\n\n# Corrective\n\nUse a number line.\n\n# Enrichment\n\nAdd three numbers.\n");
        Directory.CreateDirectory(Path.Combine(folder, "items"));
        var items = string.Concat(Prompts.Select((prompt, i) =>
            $"  - id: add-{i}\n    kind: numeric\n    difficulty: 3\n    prompt: '{prompt}'\n    answer: \"{Sum(prompt)}\"\n    hints:\n      - \"Add the tens, then the ones.\"\n    solution: \"{Sum(prompt)}.\"\n"));
        File.WriteAllText(Path.Combine(folder, "items", "adding.yaml"), $"skill: adding\nitems:\n{items}");
    }

    private static int Sum(string prompt) =>
        prompt.Split([' ', '?'], StringSplitOptions.RemoveEmptyEntries).Where(w => int.TryParse(w, out _)).Sum(int.Parse);
}

public sealed class SqliteFixedItemRotationTests() : FixedItemRotationTests(TestDatabase.Sqlite);

public sealed class PostgresFixedItemRotationTests() : FixedItemRotationTests(TestDatabase.Postgres);
