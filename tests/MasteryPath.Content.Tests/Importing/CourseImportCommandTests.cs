using MasteryPath.Content.Checking;
using MasteryPath.Content.Importing;
using MasteryPath.Content.Loading;

namespace MasteryPath.Content.Tests.Importing;

/// <summary>
/// <c>masterypath course import</c> end to end, on the fixtures of every format at once: into a new course and into a
/// copy of algebra-1, through the library and as the real command. What an import keeps passes the course checker.
/// </summary>
public sealed class CourseImportCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Fixtures", "Import");

    private readonly string _work = Directory.CreateTempSubdirectory("mp-import-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string[] EveryFormat() =>
    [
        Path.Combine(Fixtures, "moodle", "fractions-bank.xml"),
        Path.Combine(Fixtures, "gift", "fractions.gift"),
        Path.Combine(Fixtures, "qti21", "package"),
        Path.Combine(Fixtures, "qti3", "package"),
        Path.Combine(Fixtures, "qti12-canvas"),
        Path.Combine(Fixtures, "qti21", "match.xml"),
    ];

    private string CopyOfAlgebra()
    {
        var target = Path.Combine(_work, "algebra-1");
        var source = Path.Combine(RepositoryPaths.Courses, "algebra-1");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    [Fact]
    public void Every_format_at_once_into_a_new_course_keeps_items_that_all_pass_the_checker_and_reports_the_rest_at_their_line()
    {
        var folder = Path.Combine(_work, "from-banks");

        var result = QuestionBankImport.Run(EveryFormat(), folder, skill: null);

        var read = BankSources.Read(EveryFormat(), QuestionBankFormats.All);
        var refusedByChecker = result.Problems.Count(p => p.Element.StartsWith("left out: item", StringComparison.Ordinal));
        Assert.True(read.Items.Count >= 30, $"only {read.Items.Count} items read");
        Assert.Equal(read.Items.Count, result.Items.Count + refusedByChecker);
        Assert.Contains(result.Items, i => i.Source.File.EndsWith(".gift", StringComparison.Ordinal));
        Assert.Contains(result.Items, i => i.Source.File.Contains("moodle", StringComparison.Ordinal) || i.Source.File.EndsWith("fractions-bank.xml", StringComparison.Ordinal));
        Assert.Contains(result.Items, i => i.Source.File.Contains("qti3", StringComparison.Ordinal) || i.Source.File.Contains("package", StringComparison.Ordinal));
        Assert.Equal(["multiple-select", "numeric", "single-choice", "text"], result.Items.Select(i => i.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.True(result.Tasks >= 2);
        Assert.Contains(result.Problems, p => p.Source.File.EndsWith("match.xml", StringComparison.Ordinal) && p.Source.Line == 7);
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));

        var errorsInImportedFiles = result.Check.Diagnostics
            .Where(d => d.Severity == Severity.Error && (d.Location.File.Contains("/items/", StringComparison.Ordinal) || d.Location.File.Contains("/tasks/", StringComparison.Ordinal)))
            .ToList();
        Assert.True(errorsInImportedFiles.Count == 0, string.Join("\n", errorsInImportedFiles));
        Assert.All(
            result.Check.Diagnostics.Where(d => d.Severity == Severity.Error),
            d => Assert.Contains(d.Code, new[] { "missing-section", "too-few-variants" }));
        var load = CourseLoader.Load(folder);
        Assert.Equal(result.Items.Count, load.ItemDefinitions.Count);
        Assert.All(Directory.EnumerateFiles(Path.Combine(folder, "media")), f => Assert.True(new FileInfo(f).Length > 0));
    }

    [Fact]
    public void Into_a_skill_of_algebra_1_the_course_still_passes_the_checker_with_no_error()
    {
        var course = CopyOfAlgebra();

        var result = QuestionBankImport.Run([Path.Combine(Fixtures, "gift", "fractions.gift"), Path.Combine(Fixtures, "moodle", "fractions-bank.xml")], course, "fraction-concepts");

        Assert.True(result.Items.Count >= 20, $"only {result.Items.Count} items");
        Assert.True(result.Check.Errors == 0, string.Join("\n", result.Check.Diagnostics.Where(d => d.Severity == Severity.Error)));
        var load = CourseLoader.Load(course);
        Assert.All(result.Items, i => Assert.Equal("fraction-concepts", load.ItemDefinitions.Single(d => d.Id == i.Id).PrimarySkill.Value));
    }

    [Fact]
    public void The_command_prints_what_it_kept_and_every_question_it_left_out_with_its_line()
    {
        var folder = Path.Combine(_work, "cli");

        var (exit, stdout, stderr) = CliProcess.Run("course", "import", Path.Combine(Fixtures, "gift", "fractions.gift"), Path.Combine(Fixtures, "qti21", "match.xml"), "--out", folder);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Imported", stdout, StringComparison.Ordinal);
        Assert.Matches(@"not kept .*match\.xml:7", stdout.ReplaceLineEndings(" "));
        Assert.Contains("course check:", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "course.yaml")));
    }

    [Fact]
    public void The_command_refuses_a_skill_the_course_lacks_and_writes_nothing()
    {
        var course = CopyOfAlgebra();
        var before = Directory.EnumerateFiles(course, "*", SearchOption.AllDirectories).Count();

        var (exit, _, stderr) = CliProcess.Run("course", "import", Path.Combine(Fixtures, "gift", "fractions.gift"), "--out", course, "--skill", "no-such-skill");

        Assert.Equal(1, exit);
        Assert.Contains("has no skill 'no-such-skill'", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFiles(course, "*", SearchOption.AllDirectories).Count());
    }
}
