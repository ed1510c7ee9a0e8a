using System.IO.Compression;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Importing;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Items;
using SourceLocation = MasteryPath.Content.Importing.SourceLocation;

namespace MasteryPath.Content.Tests.Importing;

/// <summary>
/// The part of <c>course import</c> every format shares: a bank becomes course files that the loader reads back
/// field for field, the checker's refusals take an item out again with the reason, and nothing is overwritten.
/// </summary>
public sealed class QuestionBankWriterTests : IDisposable
{
    private static readonly byte[] Png = System.Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private readonly string _work = Directory.CreateTempSubdirectory("mp-bank-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static SourceLocation At(int line) => new("bank.xml", line);

    private static ImportedItem Choice(string id, string category, int line, params (string Text, bool Correct)[] choices) => new()
    {
        SourceId = id,
        Kind = "single-choice",
        Prompt = $"Which is right for {id}?",
        Source = At(line),
        Category = category,
        Choices = [.. choices.Select(c => new ImportedChoice(c.Text, c.Correct, c.Correct ? null : $"Not {c.Text}."))],
    };

    private static QuestionBank Bank()
    {
        var bank = new QuestionBank();
        bank.Items.Add(Choice("Q 1: halves", "Fractions", 3, ("one half", true), ("one third", false), ("two thirds", false)) with
        {
            Prompt = "Which picture shows a half? ![Two equal parts](media/half.png)",
            Hints = ["Count the equal parts."],
            Solution = "Two equal parts make halves.",
        });
        bank.Items.Add(new ImportedItem
        {
            SourceId = "pi",
            Kind = "numeric",
            Prompt = "Give $\\pi$ to two decimal places.",
            Answer = "3.14",
            Tolerance = "0.005",
            Source = At(20),
            Category = "Fractions",
            Misconceptions = [new ImportedMisconception("3", "That is only the whole part.")],
        });
        bank.Items.Add(new ImportedItem
        {
            SourceId = "capital",
            Kind = "text",
            Prompt = "Name the capital of France.",
            Answer = "Paris",
            Accept = ["paris city"],
            Source = At(30),
            Category = "Geography / Europe",
        });
        bank.Items.Add(new ImportedItem
        {
            SourceId = "primes",
            Kind = "multiple-select",
            Prompt = "Select the primes.",
            Source = At(40),
            Category = "Geography / Europe",
            Choices = [new("2", true), new("3", true), new("4", false, "4 = 2 × 2.")],
        });
        bank.Items.Add(Choice("broken", "Fractions", 50, ("same", true), ("same", false)));
        bank.Tasks.Add(new ImportedTask { SourceId = "essay 1", Title = "Explain halves", Prompt = "Explain why two quarters make a half.", Source = At(60), Category = "Fractions", GraderNotes = "Mentions equal parts.", AcceptsFiles = true });
        bank.Media.Add(new ImportedMedia("half.png", Png, At(3)));
        bank.Problems.Add(new ImportProblem(At(70), "<question type=\"matching\">", "matching has no MasteryPath kind; left out"));
        return bank;
    }

    [Fact]
    public void A_bank_becomes_a_new_course_whose_items_load_back_field_for_field()
    {
        var folder = Path.Combine(_work, "my-bank");

        var result = QuestionBankImport.Write(Bank(), folder, skill: null);

        Assert.True(result.CreatedCourse);
        var load = CourseLoader.Load(folder);
        Assert.Equal(["fractions", "geography-europe"], load.SkillDefinitions.Select(s => s.Id.Value).Order(StringComparer.Ordinal));
        var items = load.ItemDefinitions.ToDictionary(d => d.Id);
        Assert.Equal(["capital", "pi", "primes", "q-1-halves"], items.Keys.Order(StringComparer.Ordinal));

        var halves = items["q-1-halves"];
        Assert.Equal(ItemKind.SingleChoice, halves.Kind);
        Assert.Equal("fractions", halves.PrimarySkill.Value);
        Assert.Equal(["one half", "one third", "two thirds"], halves.Choices.Select(c => c.Text));
        Assert.Equal([true, false, false], halves.Choices.Select(c => c.Correct));
        Assert.Equal("Not one third.", halves.Choices[1].Feedback);
        Assert.Equal(["Count the equal parts."], halves.Hints);
        Assert.Equal("Two equal parts make halves.", halves.Solution);
        Assert.Contains("](media/half.png)", halves.Prompt, StringComparison.Ordinal);
        Assert.Equal(Png, File.ReadAllBytes(Path.Combine(folder, "media", "half.png")));

        var pi = items["pi"];
        Assert.Equal(ItemKind.Numeric, pi.Kind);
        Assert.Equal("3.14", pi.Answer);
        Assert.Equal("0.005", pi.Tolerance);
        Assert.Equal("3", Assert.Single(pi.Misconceptions).Answer);
        Assert.Equal("The answer is 3.14 (within 0.005).", pi.Solution);

        var capital = items["capital"];
        Assert.Equal(ItemKind.Text, capital.Kind);
        Assert.Equal("Paris", capital.Answer);
        Assert.Equal(["paris city"], capital.Accept);
        Assert.Equal("geography-europe", capital.PrimarySkill.Value);

        Assert.Equal(ItemKind.MultipleSelect, items["primes"].Kind);
        var task = Assert.Single(load.Sources.Tasks.Keys);
        Assert.Equal("essay-1", task);
        Assert.Contains("Mentions equal parts.", File.ReadAllText(Path.Combine(folder, "tasks", "essay-1.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_the_checker_refuses_is_left_out_with_its_source_line_and_the_checkers_reason_and_the_rest_pass()
    {
        var folder = Path.Combine(_work, "refused");

        var result = QuestionBankImport.Write(Bank(), folder, skill: null);

        var left = Assert.Single(result.Problems, p => p.Element == "left out: item broken");
        Assert.Equal(At(50), left.Source);
        Assert.Contains("distractor-equals-answer", left.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.Element == "<question type=\"matching\">" && p.Source.Line == 70);
        Assert.DoesNotContain(result.Items, i => i.Id == "broken");
        Assert.DoesNotContain(result.Check.Diagnostics, d => d.Severity == Severity.Error && d.Location.File.Contains("items/", StringComparison.Ordinal));
        Assert.Contains(result.Check.Diagnostics, d => d.Code == "too-few-variants");
    }

    [Fact]
    public void Into_an_existing_course_the_items_go_to_the_named_skill_in_a_new_file_and_nothing_is_overwritten()
    {
        using var course = new CourseFixture();
        var before = Directory.EnumerateFiles(course.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var bank = Bank();
        bank.Items.Add(Choice("c1", "Other", 80, ("yes", true), ("no", false)));
        Directory.CreateDirectory(course.PathOf("media"));
        File.WriteAllBytes(course.PathOf("media/half.png"), [1, 2, 3]);
        File.WriteAllText(course.PathOf("items/adding-imported.yaml"), "# an author's file with the name an import would take\nitems: []\n");

        var result = QuestionBankImport.Write(bank, course.Root, skill: "adding");

        Assert.False(result.CreatedCourse);
        foreach (var (path, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        Assert.Contains("items/adding-imported-2.yaml", result.Written);
        Assert.All(result.Items, i => Assert.Equal("adding", i.Skill));
        Assert.Contains(result.Items, i => i.Id == "c1-2");
        Assert.Equal([1, 2, 3], File.ReadAllBytes(course.PathOf("media/half.png")));
        Assert.Equal(Png, File.ReadAllBytes(course.PathOf("media/half-2.png")));
        var load = CourseLoader.Load(course.Root);
        Assert.Contains("](media/half-2.png)", load.ItemDefinitions.Single(d => d.Id == "q-1-halves").Prompt, StringComparison.Ordinal);
        Assert.False(Directory.Exists(course.PathOf("skills/other.md")));
    }

    [Fact]
    public void A_skill_the_course_lacks_and_a_folder_of_other_files_are_refused_with_a_sentence()
    {
        using var course = new CourseFixture();
        var stray = Path.Combine(_work, "stray");
        Directory.CreateDirectory(stray);
        File.WriteAllText(Path.Combine(stray, "notes.txt"), "mine");

        Assert.Contains("has no skill 'nope'", Assert.Throws<IOException>(() => QuestionBankImport.Write(Bank(), course.Root, "nope")).Message, StringComparison.Ordinal);
        Assert.Contains("holds files but no course.yaml", Assert.Throws<IOException>(() => QuestionBankImport.Write(Bank(), stray, null)).Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(stray, "notes.txt")));
    }

    [Fact]
    public void A_zip_entry_that_leaves_the_package_and_a_file_of_no_known_format_are_reported_not_read()
    {
        var zip = Path.Combine(_work, "bank.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry("../evil.xml").Open()))
            {
                writer.Write("<quiz/>");
            }

            using (var writer = new StreamWriter(archive.CreateEntry("notes/readme.txt").Open()))
            {
                writer.Write("just notes");
            }
        }

        var bank = BankSources.Read([zip, Path.Combine(_work, "absent.gift")], []);

        Assert.Empty(bank.Items);
        Assert.Contains(bank.Problems, p => p.Source.File.EndsWith("bank.zip!/../evil.xml", StringComparison.Ordinal) && p.Reason.Contains("leaves the package", StringComparison.Ordinal));
        Assert.Contains(bank.Problems, p => p.Source.File.EndsWith("bank.zip!/notes/readme.txt", StringComparison.Ordinal) && p.Reason.Contains("not a question bank", StringComparison.Ordinal));
        Assert.Contains(bank.Problems, p => p.Source.File.EndsWith("absent.gift", StringComparison.Ordinal) && p.Reason == "no such file or folder");
    }

    [Fact]
    public void An_image_name_with_spaces_and_capitals_gets_a_plain_name_and_the_reference_follows()
    {
        var bank = new QuestionBank();
        bank.Items.Add(Choice("pie", "Fractions", 5, ("a third", true), ("a half", false)) with { Prompt = "Which part? ![A pie in thirds](<media/Pie Chart.PNG>)" });
        bank.Media.Add(new ImportedMedia("Pie Chart.PNG", Png, At(5)));
        var folder = Path.Combine(_work, "names");

        QuestionBankImport.Write(bank, folder, skill: null);

        Assert.Equal(Png, File.ReadAllBytes(Path.Combine(folder, "media", "pie-chart.png")));
        var prompt = CourseLoader.Load(folder).ItemDefinitions.Single().Prompt;
        Assert.Contains("](<media/pie-chart.png>)", prompt, StringComparison.Ordinal);
        Assert.Contains("src=\"media/pie-chart.png\"", Markdown.CourseMarkdown.ToHtml(prompt), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Q 1: halves", "q-1-halves")]
    [InlineData("Élan vital", "elan-vital")]
    [InlineData("42 answers", "item-42-answers")]
    [InlineData("***", "item")]
    public void Ids_from_any_text_are_valid_course_ids(string text, string expected) =>
        Assert.Equal(expected, QuestionBankImport.Slug(text, "item"));
}
