using System.Text;
using MasteryPath.Content.Checking;
using MasteryPath.Content.Loading;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Content.Importing;

/// <summary>What an import did: files written, items and tasks kept, everything left out with where and why, and the check of the result.</summary>
public sealed record QuestionBankImportResult(
    string Folder,
    bool CreatedCourse,
    IReadOnlyList<string> Written,
    IReadOnlyList<ImportedItemRecord> Items,
    int Tasks,
    IReadOnlyList<ImportProblem> Problems,
    CheckReport Check)
{
    /// <summary>Problems that left a whole question out (as opposed to a detail of a kept one).</summary>
    public int LeftOut => Problems.Count(p => p.Element.StartsWith("left out", StringComparison.Ordinal) || p.Reason.Contains("left out", StringComparison.Ordinal));
}

/// <summary>One imported item: where it came from, the course id it got, the skill and file it went to.</summary>
public sealed record ImportedItemRecord(string Id, string Kind, string Skill, string File, SourceLocation Source);

/// <summary>
/// <c>masterypath course import</c>: question banks (QTI, Moodle XML, GIFT) into a course folder. A new folder
/// becomes a course whose skills are the banks' categories (or <c>--skill</c>); an existing course gets new item
/// files beside its own, never overwriting one. The result is checked with the course checker; an imported item
/// the checker refuses is taken out again and reported with the checker's reason, so the items that stay pass.
/// </summary>
public static class QuestionBankImport
{
    public static QuestionBankImportResult Run(IReadOnlyList<string> inputs, string folder, string? skill, IReadOnlyList<IQuestionBankFormat>? formats = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(folder);
        if (skill is not null && !SkillId.IsValid(skill))
        {
            throw new ArgumentException($"'{skill}' is not a valid skill id: use lower-case letters, digits and dashes", nameof(skill));
        }

        var bank = BankSources.Read(inputs, formats ?? QuestionBankFormats.All);
        return Write(bank, folder, skill);
    }

    /// <summary>Writes a bank already read into <paramref name="folder"/> and checks it.</summary>
    public static QuestionBankImportResult Write(QuestionBank bank, string folder, string? skill)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder))
        {
            throw new IOException($"'{folder}' is a file; give a course folder");
        }

        var problems = new List<ImportProblem>(bank.Problems);
        var created = !File.Exists(Path.Combine(folder, "course.yaml"));
        if (created && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"'{folder}' holds files but no course.yaml; give a course folder or a new, empty one");
        }

        var course = created ? null : CourseLoader.Load(folder);
        var existingSkills = course?.Sources.Skills.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        if (!created && skill is not null && !existingSkills.Contains(skill))
        {
            throw new IOException($"the course in '{folder}' has no skill '{skill}'; give one of its skills or leave --skill out to make skills from the banks' categories");
        }

        var layout = new CourseBankLayout(folder, created, skill, existingSkills, ExistingIds(course));
        var plan = layout.Plan(bank, problems);
        var written = plan.WriteAll();
        var report = CourseChecker.Check(folder);
        for (var round = 0; round < 3; round++)
        {
            var refused = plan.ItemsRefusedBy(report);
            if (refused.Count == 0)
            {
                break;
            }

            foreach (var (item, id, diagnostic) in refused)
            {
                problems.Add(new ImportProblem(item.Source, $"left out: item {item.SourceId}", $"the course checker refused it as {id}: {diagnostic.Code}: {diagnostic.Message}"));
            }

            plan.Remove(refused.Select(r => r.Item));
            written = plan.WriteAll();
            report = CourseChecker.Check(folder);
        }

        return new QuestionBankImportResult(folder, created, written, plan.Records(), plan.TaskCount, problems, report);
    }

    private static HashSet<string> ExistingIds(CourseLoadResult? course) =>
        course is null ? [] : [.. course.Sources.Items.Keys, .. course.Sources.Tasks.Keys];

    private static readonly Dictionary<char, char> Latin = "àáâãäåāçćčèéêëēęìíîïīłñńòóôõöøōùúûüūýÿžźżšśÀÁÂÃÄÅĀÇĆČÈÉÊËĒĘÌÍÎÏĪŁÑŃÒÓÔÕÖØŌÙÚÛÜŪÝŸŽŹŻŠŚ"
        .Zip("aaaaaaaccceeeeeeiiiiilnnooooooouuuuuyyzzzssAAAAAAACCCEEEEEEIIIIILNNOOOOOOOUUUUUYYZZZSS")
        .ToDictionary(p => p.First, p => p.Second);

    /// <summary>A course id from any text: lower-case letters, digits and single dashes.</summary>
    public static string Slug(string text, string fallback)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder();
        foreach (var letter in text)
        {
            var c = Latin.GetValueOrDefault(letter, letter);
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 48)
        {
            slug = slug[..48].TrimEnd('-');
        }

        return slug.Length == 0 || !char.IsAsciiLetter(slug[0]) ? (slug.Length == 0 ? fallback : fallback + "-" + slug) : slug;
    }
}
