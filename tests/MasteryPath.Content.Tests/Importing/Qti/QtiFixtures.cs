using MasteryPath.Content.Importing;

namespace MasteryPath.Content.Tests.Importing.Qti;

/// <summary>The QTI fixtures (tests/MasteryPath.Content.Tests/Fixtures/Import/qti*), written from the specifications.</summary>
internal static class QtiFixtures
{
    public static string Folder(string name) => Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Fixtures", "Import", name);

    /// <summary>Reads one fixture file the way the import does: display name = its file name, references relative to its folder.</summary>
    public static QuestionBank Read(IQuestionBankFormat format, string folder, string file)
    {
        var directory = Folder(folder);
        var text = File.ReadAllText(Path.Combine(directory, file));
        Assert.True(format.Recognizes(file, text[..Math.Min(text.Length, 4096)]), $"{format.Name} should recognize {file}");
        return format.Read(file, text, relative =>
        {
            var path = Path.GetFullPath(Path.Combine(directory, relative));
            return path.StartsWith(directory, StringComparison.Ordinal) && File.Exists(path) ? File.ReadAllBytes(path) : null;
        });
    }

    /// <summary>The one problem reported at <paramref name="location"/> (file:line) for <paramref name="element"/>.</summary>
    public static ImportProblem ProblemAt(QuestionBank bank, string location, string element)
    {
        var matches = bank.Problems.Where(p => p.Source.ToString() == location && p.Element == element).ToList();
        Assert.True(matches.Count == 1, $"expected one problem at {location} for {element}; problems: {string.Join(" | ", bank.Problems)}");
        return matches[0];
    }
}
