using System.Net;
using System.Text;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Web.Authoring;

/// <summary>One generated variant of an item or template, as the author checks it: prompt, choices, answer.</summary>
public sealed record VariantPreview(string ItemId, long Seed, string PromptHtml, IReadOnlyList<string> Choices, string Answer, string? Error);

/// <summary>The live checker messages of one file and the variants of its items.</summary>
public sealed record ItemsPreview(IReadOnlyList<string> Messages, IReadOnlyList<VariantPreview> Variants);

/// <summary>The editor's live previews: a lesson rendered as learners see it, and an items file's messages and variants.</summary>
public static class Previews
{
    public const int Seeds = 5;

    /// <summary>
    /// Markdown rendered by the app's renderer (math as MathML); images under media/ point at the draft's media, and
    /// Markdown problems are listed above the preview.
    /// </summary>
    public static string LessonHtml(string courseId, string markdown)
    {
        var html = new StringBuilder();
        foreach (var problem in CourseMarkdown.Validate(markdown))
        {
            html.Append("<p class=\"author-problem\">").Append(WebUtility.HtmlEncode($"line {problem.Line}: {problem.Message}")).Append("</p>");
        }

        html.Append(CourseMarkdown.ToHtml(markdown)
            .Replace("src=\"media/", $"src=\"/author/{courseId}/media/", StringComparison.Ordinal)
            .Replace("href=\"media/", $"href=\"/author/{courseId}/media/", StringComparison.Ordinal));
        return html.ToString();
    }

    /// <summary>
    /// Checks the draft with <paramref name="text"/> as the content of <paramref name="path"/> (not saved) and lists the
    /// messages about that file; then renders seeds 1 to <see cref="Seeds"/> of each of its items and templates.
    /// </summary>
    public static ItemsPreview Items(CourseFiles draft, string path, string text)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var files = new CourseFiles(draft.All);
        files.Set(path, Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));
        using var folder = files.Materialise();
        var report = CourseChecker.Check(folder.Path);
        var messages = report.Diagnostics.Select(folder.Relative).Where(d => d.Location.File == path)
            .Select(d => $"{d.Location}: {(d.Severity == Severity.Error ? "error" : "warning")} {d.Code}: {d.Message}").ToList();
        var load = report.Load;
        var variants = new List<VariantPreview>();
        foreach (var definition in load.ItemDefinitions.Where(d => load.Sources.Items.TryGetValue(d.Id, out var source) && folder.Relative(new Diagnostic(Severity.Error, source.Location, "", "")).Location.File == path))
        {
            var generator = new ItemGenerator(definition);
            for (long seed = 1; seed <= (definition.IsTemplate ? Seeds : 1); seed++)
            {
                try
                {
                    var item = generator.Instantiate(seed);
                    var choices = item.Key is ChoiceAnswerKey key ? key.Choices.Select(c => $"{c.Key}. {c.Text}{(c.IsCorrect ? " ✓" : string.Empty)}").ToList() : [];
                    variants.Add(new VariantPreview(item.Id, seed, CourseMarkdown.ToHtml(item.Prompt), choices, item.Key.DisplayAnswer, null));
                }
                catch (TemplateException ex)
                {
                    variants.Add(new VariantPreview(definition.Id, seed, string.Empty, [], string.Empty, $"{ex.Field}: {ex.Message}"));
                }
            }
        }

        return new ItemsPreview(messages, variants);
    }

    /// <summary>A starter template for a skill, to edit from.</summary>
    public static string StarterTemplate(string skillId, string templateId) => $$"""
        skill: {{skillId}}
        templates:
          - id: {{templateId}}
            kind: numeric
            difficulty: 1
            parameters:
              a: { range: [2, 30] }
              b: { range: [2, 30] }
            prompt: 'Work out $[[a]] + [[b]]$.'
            answer: "a + b"
            hints:
              - 'Add [[a]] and [[b]].'
            solution: |
              $[[a]] + [[b]] = [[a + b]]$.

        """;
}
