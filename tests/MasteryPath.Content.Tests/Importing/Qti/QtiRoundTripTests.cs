using System.Net;
using System.Text.RegularExpressions;
using MasteryPath.Content.Importing;
using MasteryPath.Content.Importing.Qti;
using MasteryPath.Content.Loading;
using MasteryPath.Content.Markdown;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>
/// Export → import gives the same items: every exported item of the shipped courses is read back by the QTI 3.0
/// reader without a problem and compared field by field with the item it came from. Texts are compared as what a
/// reader sees (tags and Markdown marks dropped) and, for math, the exact TeX.
/// </summary>
public sealed partial class QtiRoundTripTests : IDisposable
{
    private const int Variants = 2;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "qti-roundtrip-" + Guid.NewGuid().ToString("N"));

    public QtiRoundTripTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("algebra-1")]
    [InlineData("argument-writing")]
    public void ExportedItemsImportAsTheSameItems(string course)
    {
        var folder = Path.Combine(RepositoryPaths.Courses, course);
        var zip = Path.Combine(_work, course + ".zip");
        var result = QtiExporter.Export(folder, zip, Variants);
        var bank = QtiPackage.ReadZip(zip);

        Assert.Empty(result.LeftOut);
        Assert.Empty(bank.Problems);
        var load = CourseLoader.Load(folder);
        var titles = load.SkillDefinitions.ToDictionary(s => s.Id.Value, s => s.Title);
        var expected = load.ItemDefinitions.SelectMany(d => (d.IsTemplate ? Enumerable.Range(1, Variants) : [1])
            .Select(seed => (Id: d.IsTemplate ? $"{d.Id}-{seed}" : d.Id, Item: new ItemGenerator(d).Instantiate(seed)))).ToList();
        Assert.Equal(expected.Count, bank.Items.Count);
        Assert.Equal(expected.Count, result.Items.Count);
        var imported = bank.Items.ToDictionary(i => i.SourceId);
        foreach (var (id, item) in expected)
        {
            var back = imported[id];
            var notes = result.Items.Single(r => r.Identifier == id).Notes;
            Assert.Equal(titles[item.PrimarySkill.Value], back.Category);
            SameText(item.Prompt, back.Prompt, id + " prompt");
            Assert.Equal(item.Hints.Count, back.Hints.Count);
            for (var i = 0; i < item.Hints.Count; i++)
            {
                SameText(item.Hints[i], back.Hints[i], $"{id} hint {i + 1}");
            }

            SameText(item.Solution, back.Solution ?? string.Empty, id + " solution");
            CompareKey(id, item.Key, back, notes);
        }
    }

    private static void CompareKey(string id, AnswerKey key, ImportedItem back, IReadOnlyList<string> notes)
    {
        switch (key)
        {
            case ChoiceAnswerKey choices:
                Assert.Equal(choices.MultipleSelect ? "multiple-select" : "single-choice", back.Kind);
                Assert.Equal(choices.Choices.Count, back.Choices.Count);
                for (var i = 0; i < choices.Choices.Count; i++)
                {
                    SameText(choices.Choices[i].Text, back.Choices[i].Text, $"{id} choice {i + 1}");
                    Assert.Equal(choices.Choices[i].IsCorrect, back.Choices[i].Correct);
                    Assert.Equal(choices.Choices[i].Feedback is null, back.Choices[i].Feedback is null);
                    SameText(choices.Choices[i].Feedback ?? string.Empty, back.Choices[i].Feedback ?? string.Empty, $"{id} choice {i + 1} feedback");
                }

                break;
            case NumericAnswerKey number:
                Assert.Equal("numeric", back.Kind);
                Assert.Equal(number.Value, double.Parse(back.Answer!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(number.Tolerance > 0 ? (double?)number.Tolerance : null, back.Tolerance is null ? (double?)null : double.Parse(back.Tolerance, System.Globalization.CultureInfo.InvariantCulture));
                var exportable = number.Misconceptions.Where(m => double.TryParse(m.Answer, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
                Assert.Equal(number.Misconceptions.Count - exportable.Count, notes.Count(n => n.StartsWith("misconception", StringComparison.Ordinal)));
                Misconceptions(id, exportable.Select(m => (double.Parse(m.Answer, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture), m.Feedback)), back);
                break;
            case TextAnswerKey text:
                Assert.Equal("text", back.Kind);
                Assert.Equal(text.Accepted[0], back.Answer);
                Assert.Equal(text.Accepted.Skip(1).Distinct().Where(a => a != text.Accepted[0]), back.Accept);
                Assert.Equal(text.CaseSensitive, back.CaseSensitive);
                Misconceptions(id, text.Misconceptions.Select(m => (m.Answer, m.Feedback)), back);
                break;
            default:
                // Fraction and expression answers have no QTI equivalence check: a text entry with the canonical answer, noted.
                Assert.Equal("text", back.Kind);
                Assert.Equal(key.CanonicalResponse, back.Answer);
                Assert.Contains(notes, n => n.Contains("no such check", StringComparison.Ordinal));
                IReadOnlyList<Misconception> misconceptions = key switch
                {
                    FractionAnswerKey fraction => fraction.Misconceptions,
                    ExpressionAnswerKey expression => expression.Misconceptions,
                    _ => throw new InvalidOperationException($"{id}: unexpected key {key.GetType().Name}"),
                };
                Misconceptions(id, misconceptions.Select(m => (m.Answer, m.Feedback)), back);
                break;
        }
    }

    private static void Misconceptions(string id, IEnumerable<(string Answer, string Feedback)> expected, ImportedItem back)
    {
        var list = expected.ToList();
        Assert.Equal(list.Select(m => m.Answer), back.Misconceptions.Select(m => m.Answer));
        for (var i = 0; i < list.Count; i++)
        {
            SameText(list[i].Feedback, back.Misconceptions[i].Feedback, $"{id} misconception {i + 1}");
        }
    }

    /// <summary>Same text for a reader and exactly the same TeX.</summary>
    private static void SameText(string original, string imported, string what)
    {
        var importedTex = Tex(imported);
        Assert.True(Tex(original).SequenceEqual(importedTex), $"{what}: TeX differs\n  {string.Join(" | ", Tex(original))}\n  {string.Join(" | ", importedTex)}");
        Assert.True(Visible(original) == Visible(imported), $"{what}: text differs\n  {Visible(original)}\n  {Visible(imported)}");
    }

    private static List<string> Tex(string text) => MathSpan().Matches(text).Select(m => m.Value).ToList();

    private static string Visible(string text)
    {
        var withoutMath = MathSpan().Replace(text, "MATH");
        var html = CourseMarkdown.ToHtml(withoutMath);
        for (var round = 0; round < 2; round++)
        {
            html = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        }

        return Spaces().Replace(html.Replace("\\", string.Empty, StringComparison.Ordinal), " ").Trim();
    }

    /// <summary>\(…\) and \[…\] (what the QTI reader gives the HTML converter) as $…$ and $$…$$.</summary>
    [GeneratedRegex(@"\$\$.+?\$\$|(?<!\\)\$[^$]+?(?<!\\)\$", RegexOptions.Singleline)]
    private static partial Regex MathSpan();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
