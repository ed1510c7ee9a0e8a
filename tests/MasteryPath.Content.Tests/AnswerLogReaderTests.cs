using MasteryPath.Content.Datasets;

namespace MasteryPath.Content.Tests;

public sealed class AnswerLogReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mp-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Three_line_format_with_trailing_commas_large_ids_and_blank_lines()
    {
        var log = AnswerLogReader.Read(File("3\n100000,7,100000,\n1,0,1,\n\n2\n7,42\n0,0\n"));

        Assert.Equal(2, log.Learners.Count);
        Assert.Equal(5, log.AnswerCount);
        var first = log.Learners[0].Attempts;
        Assert.Equal(first[0].Skill, first[2].Skill);
        Assert.NotEqual(first[0].Skill, first[1].Skill);
        Assert.Equal([true, false, true], first.Select(a => a.Correct));
        Assert.Equal(3, log.SkillIndex.Count);
    }

    [Theory]
    [InlineData("3\n1,2\n1,0,1\n", 2, "says 3 answers but this line has 2 skill ids")]
    [InlineData("2\n1,2\n1,x\n", 3, "response number 2 is 'x'")]
    [InlineData("two\n1,2\n1,0\n", 1, "expected the number of answers")]
    [InlineData("2\n1,b\n1,0\n", 2, "skill id number 2 is 'b'")]
    [InlineData("2\n1,2\n", 3, "the file ends")]
    public void Malformed_three_line_input_names_the_line(string text, int line, string message)
    {
        var ex = Assert.Throws<AnswerLogFormatException>(() => AnswerLogReader.Read(File(text)));

        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "the file has no answers")]
    [InlineData("\n  \n", 0, "the file has no answers")]
    [InlineData("learner,skill,correct\n", 1, "the file has a header but no answers")]
    public void A_log_without_answers_is_refused(string text, int line, string message)
    {
        var path = File(text);

        var ex = Assert.Throws<AnswerLogFormatException>(() => AnswerLogReader.Read(path));

        Assert.Equal(line, ex.Line);
        Assert.StartsWith(line == 0 ? $"{path}: {message}" : $"{path}:{line}: {message}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_event_csv_export_groups_by_learner_in_order()
    {
        var log = AnswerLogReader.Read(File("learner,skill,correct,timestamp\nann,slope,1,2026-01-01T10:00:00Z\nben,slope,0,2026-01-01T10:00:01Z\nann,two-step-equations,false,2026-01-01T10:00:02Z\n"));

        Assert.Equal(["ann", "ben"], log.Learners.Select(l => l.LearnerId));
        Assert.Equal([true, false], log.Learners[0].Attempts.Select(a => a.Correct));
        Assert.Equal(2, log.SkillIndex.Count);
    }

    [Fact]
    public void Malformed_csv_names_the_line()
    {
        var ex = Assert.Throws<AnswerLogFormatException>(() => AnswerLogReader.Read(File("learner,skill,correct\nann,slope,1\nben,slope,maybe\n")));
        Assert.Equal(3, ex.Line);

        var missing = Assert.Throws<AnswerLogFormatException>(() => AnswerLogReader.Read(File("student,skill,correct\nann,slope,1\n")));
        Assert.Contains("no 'learner' column", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slice_of_the_public_assist2009_split_reads_with_its_counts()
    {
        // The first 30 learners of ../shared/data/kt/assist2009/test.csv, kept in the repository.
        var path = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Data", "assist2009-test-head.csv");

        var log = AnswerLogReader.Read(path);

        Assert.Equal(30, log.Learners.Count);
        Assert.Equal(7670, log.AnswerCount);
        Assert.All(log.Learners, l => Assert.NotEmpty(l.Attempts));
    }
}

public sealed class AnswerLogEncodingTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mp-bom-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        File.WriteAllText(_path, "2\n1,2\n1,0\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var log = AnswerLogReader.Read(_path);

        Assert.Equal(2, log.AnswerCount);
    }
}
