using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;

namespace MasteryPath.Content.Tests;

/// <summary>
/// Symbolic links in a course folder: the loader (which the CLI and the web app's course catalog both use) never reads
/// through a link that leads outside the folder, never walks a folder loop, and says so once per link.
/// </summary>
public sealed class CourseFolderLinkTests : IDisposable
{
    private readonly CourseFixture _course = new();
    private readonly string _outside = Directory.CreateTempSubdirectory("mp-outside-").FullName;

    public void Dispose()
    {
        _course.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    private void Link(string relative, string target)
    {
        var path = _course.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private static List<Diagnostic> At(CourseLoadResult load, string relative) =>
        load.Diagnostics.Where(d => d.Location.File.EndsWith("/" + relative, StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_link_to_a_file_outside_is_one_error_and_its_content_is_never_read()
    {
        var secret = Path.Combine(_outside, "leaked.md");
        File.WriteAllText(secret, "---\nid: leaked-skill\ntitle: Leaked\nobjective: Should never be read.\nunit: basics\nprerequisites: []\n---\n# Lesson\n\nSecret.\n");
        Link("skills/leaked.md", secret);
        Link("skills/passwd.md", "/etc/passwd");

        var load = CourseLoader.Load(_course.Root);

        Assert.DoesNotContain(load.SkillDefinitions, s => s.Id.Value == "leaked-skill");
        foreach (var name in new[] { "skills/leaked.md", "skills/passwd.md" })
        {
            var d = Assert.Single(At(load, name));
            Assert.Equal(Severity.Error, d.Severity);
            Assert.Equal("symlink-outside", d.Code);
            Assert.Equal($"'{name}' is a symbolic link to a place outside the course folder; it was not read", d.Message);
        }

        Assert.Equal(2, load.Diagnostics.Count(d => d.Severity == Severity.Error));
        Assert.Null(load.Course);
    }

    [Fact]
    public void A_course_yaml_linked_from_outside_is_one_error_not_also_a_missing_file()
    {
        var outside = Path.Combine(_outside, "course.yaml");
        File.Move(_course.PathOf("course.yaml"), outside);
        Link("course.yaml", outside);

        var load = CourseLoader.Load(_course.Root);

        Assert.Equal("symlink-outside", Assert.Single(At(load, "course.yaml")).Code);
        Assert.DoesNotContain(load.Diagnostics, d => d.Code == "missing-file");
        Assert.Null(load.Course);
    }

    [Fact]
    public void A_link_to_a_folder_outside_is_one_error_and_nothing_under_it_is_read()
    {
        File.WriteAllText(Path.Combine(_outside, "extra.yaml"), "skill: counting\nitems:\n  - id: leaked-item\n    kind: numeric\n    prompt: 'What is 2 + 2?'\n    answer: \"4\"\n    solution: \"4.\"\n");
        Link("items/shared", _outside);
        Link("media", _outside);

        var load = CourseLoader.Load(_course.Root);

        Assert.DoesNotContain(load.ItemDefinitions, i => i.Id == "leaked-item");
        Assert.Equal("symlink-outside", Assert.Single(At(load, "items/shared")).Code);
        Assert.Equal("symlink-outside", Assert.Single(At(load, "media")).Code);
        Assert.DoesNotContain(load.Diagnostics, d => d.Location.File.Contains("extra.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_link_that_climbs_out_through_another_link_is_caught()
    {
        File.WriteAllText(Path.Combine(_outside, "course.yaml"), "id: leaked\n");
        Assert.Equal(Path.GetDirectoryName(_outside), Path.GetDirectoryName(_course.Root));
        // By its text 'skills/x.md' stays inside (inner/up/...); only resolving 'inner/up' (the folder above) shows it leaves.
        Link("inner/up", "../..");
        Link("skills/x.md", $"../inner/up/{Path.GetFileName(_outside)}/course.yaml");

        var load = CourseLoader.Load(_course.Root);

        Assert.Equal("symlink-outside", Assert.Single(At(load, "inner/up")).Code);
        Assert.Equal("symlink-outside", Assert.Single(At(load, "skills/x.md")).Code);
        Assert.Equal(2, load.Diagnostics.Count(d => d.Severity == Severity.Error));
    }

    [Fact]
    public void A_folder_loop_is_reported_once_and_not_walked()
    {
        Link("items/loop", "..");
        Link("skills/self", ".");
        Link("ring-a", "ring-b");
        Link("ring-b", "ring-a");

        var load = CourseLoader.Load(_course.Root);

        Assert.Equal("symlink-loop", Assert.Single(At(load, "items/loop")).Code);
        Assert.Contains("a loop; it was not followed", Assert.Single(At(load, "skills/self")).Message, StringComparison.Ordinal);
        Assert.Equal("symlink-loop", Assert.Single(At(load, "ring-a")).Code);
        Assert.Equal("symlink-loop", Assert.Single(At(load, "ring-b")).Code);
        Assert.Equal(4, load.Diagnostics.Count);
        Assert.Equal(3, load.SkillCount);
        Assert.DoesNotContain(load.Diagnostics, d => d.Location.File.Contains("loop/", StringComparison.Ordinal));
    }

    [Fact]
    public void Links_inside_the_folder_read_files_but_never_folders()
    {
        // course.yaml kept elsewhere in the folder and linked in, as mounted configuration often is.
        Directory.CreateDirectory(_course.PathOf("config"));
        File.Move(_course.PathOf("course.yaml"), _course.PathOf("config/course.yaml"));
        Link("course.yaml", "config/course.yaml");
        Link("tasks/again", "../items");
        Link("skills/missing.md", "nowhere.md");

        var load = CourseLoader.Load(_course.Root);

        Assert.Equal(3, load.SkillCount);
        Assert.Equal(3, load.TemplateCount);
        Assert.Equal("symlink-folder", Assert.Single(At(load, "tasks/again")).Code);
        Assert.Equal(Severity.Warning, Assert.Single(At(load, "tasks/again")).Severity);
        Assert.Equal("broken-symlink", Assert.Single(At(load, "skills/missing.md")).Code);
        Assert.DoesNotContain(load.Diagnostics, d => d.Code == "duplicate-id");
        Assert.Equal(["broken-symlink"], load.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Code));
    }

    [Fact]
    public void The_checker_lists_at_most_the_limit_of_errors_and_counts_the_rest()
    {
        for (var i = 0; i < 30; i++)
        {
            _course.Write($"items/broken-{i:00}.yaml", "skill: [counting");
        }

        var report = CourseChecker.Check(_course.Root, errorLimit: 10);

        Assert.Equal(10, report.Diagnostics.Count(d => d.Severity == Severity.Error));
        Assert.Equal(20, report.SuppressedErrors);
        Assert.Equal(30, report.Errors);
        Assert.Equal(3, report.UncheckedItems);
        Assert.True(report.Stopped);
        Assert.Equal("stopped after 10 errors: 20 more errors and 0 more warnings not shown; 3 items and templates not checked", report.StopNote);

        var whole = CourseChecker.Check(_course.Root, errorLimit: 100);
        Assert.False(whole.Stopped);
        Assert.Null(whole.StopNote);
        Assert.Equal(30, whole.Diagnostics.Count(d => d.Severity == Severity.Error));
    }
}
