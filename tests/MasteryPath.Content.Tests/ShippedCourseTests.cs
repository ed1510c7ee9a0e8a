using MasteryPath.Content.Checking;
using MasteryPath.Domain.Items;

namespace MasteryPath.Content.Tests;

/// <summary>The sample courses in courses/ are real content: they must pass the checker and meet the content bar.</summary>
public class ShippedCourseTests
{
    public static TheoryData<string> CourseFolders()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(RepositoryPaths.Courses).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CourseFolders))]
    public void Shipped_course_passes_the_checker_without_errors_or_warnings(string folder)
    {
        var report = CourseChecker.Check(Path.Combine(RepositoryPaths.Courses, folder));

        Assert.True(report.Diagnostics.Count == 0, string.Join(Environment.NewLine, report.Diagnostics.Take(30)));
        Assert.NotNull(report.Load.Course);
    }

    [Fact]
    public void Algebra_course_meets_the_content_bar()
    {
        var report = CourseChecker.Check(Path.Combine(RepositoryPaths.Courses, "algebra-1"));
        var course = report.Load.Course!;

        Assert.True(course.Skills.Count >= 40, $"{course.Skills.Count} skills");
        Assert.True(course.Graph.Depths().Values.Max() >= 8, "the prerequisite structure should be deep, not a flat list");
        foreach (var skill in course.Skills)
        {
            var templates = course.ItemsBySkill[skill.Id].Where(i => i.IsTemplate).ToList();
            Assert.True(templates.Count >= 3, $"{skill.Id} has {templates.Count} templates");
            Assert.True(Markdown.CourseMarkdown.HasWorkedExample(skill.Lesson), $"{skill.Id} has no worked example");
            Assert.False(string.IsNullOrWhiteSpace(skill.Corrective));
            Assert.False(string.IsNullOrWhiteSpace(skill.Enrichment));
            foreach (var t in templates)
            {
                Assert.True(t.Hints.Count >= 1, $"{t.Id} has no hints");
                Assert.False(string.IsNullOrWhiteSpace(t.Solution), $"{t.Id} has no solution");
                var hasMisconception = t.Misconceptions.Count > 0 || t.Choices.Any(c => !c.Correct && c.Feedback is not null);
                Assert.True(hasMisconception, $"{t.Id} has no misconception feedback");
            }

            Assert.True(report.DistinctVariants[skill.Id] >= course.Mastery.RequiredVariants);
        }

        var kinds = course.Items.Select(i => i.Kind).ToHashSet();
        Assert.Superset(new HashSet<ItemKind> { ItemKind.Numeric, ItemKind.Fraction, ItemKind.Expression, ItemKind.SingleChoice }, kinds);
    }

    [Fact]
    public void A_non_math_course_proves_the_format_is_subject_neutral()
    {
        var courses = Directory.EnumerateDirectories(RepositoryPaths.Courses)
            .Select(d => CourseChecker.Check(d).Load.Course!)
            .ToList();

        var nonMath = courses.Where(c => c.Items.All(i => i.Kind is ItemKind.SingleChoice or ItemKind.MultipleSelect or ItemKind.Text)).ToList();

        var course = Assert.Single(nonMath);
        Assert.InRange(course.Skills.Count, 8, 12);
        Assert.NotEmpty(course.Tasks);
        Assert.All(course.Tasks, t => Assert.All(t.Criteria, c => Assert.True(c.Levels.Count >= 2)));
    }

    [Theory]
    [MemberData(nameof(CourseFolders))]
    public void Every_item_on_a_skill_with_prerequisites_says_what_it_exercises(string folder)
    {
        // Placement evidence comes only from what an item exercises (ADR 0014): a missing list silently backs
        // nothing but the item's skill, so shipped items state theirs, even when it is empty.
        var course = CourseChecker.Check(Path.Combine(RepositoryPaths.Courses, folder)).Load.Course!;

        var unstated = course.Items.Where(i => course.SkillsById[i.PrimarySkill].Prerequisites.Count > 0 && i.Exercises is null).Select(i => i.Id).ToList();

        Assert.True(unstated.Count == 0, $"items without 'exercises:': {string.Join(", ", unstated)}");
    }
}
