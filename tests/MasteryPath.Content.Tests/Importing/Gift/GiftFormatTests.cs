using MasteryPath.Content.Importing;
using MasteryPath.Content.Importing.Gift;
using MasteryPath.Content.Markdown;

namespace MasteryPath.Content.Tests.Importing.Gift;

/// <summary>
/// The GIFT reader over Fixtures/Import/gift (written from Moodle's GIFT format): fractions.gift has every construct it
/// maps, refused.gift what it refuses; each problem is checked for its line and the part it names.
/// </summary>
public sealed class GiftFormatTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Fixtures", "Import", "gift");
    private static readonly QuestionBank Fractions = Read("fractions.gift");
    private static readonly QuestionBank Refused = Read("refused.gift");

    private static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private static QuestionBank Read(string name) => new GiftFormat().Read(name, Text(name), _ => null);

    /// <summary>The 1-based line of the only line of the fixture that contains <paramref name="snippet"/>.</summary>
    private static int LineOf(string name, string snippet)
    {
        var lines = Text(name).Split('\n');
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(snippet, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"'{snippet}' is on {found.Count} lines of {name}");
        return found[0] + 1;
    }

    private static ImportedItem Item(string title)
    {
        var item = Assert.Single(Fractions.Items, i => i.SourceId == title);
        Assert.Equal(new SourceLocation("fractions.gift", LineOf("fractions.gift", $"::{title}::")), item.Source);
        return item;
    }

    private static ImportProblem ProblemAt(QuestionBank bank, string file, string lineSnippet, string element) =>
        Assert.Single(bank.Problems, p => p.Source == new SourceLocation(file, LineOf(file, lineSnippet)) && p.Element == element);

    [Fact]
    public void Multiple_choice_keeps_answer_feedback_general_feedback_and_category()
    {
        var item = Item("Half of four");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal("Fractions", item.Category);
        Assert.Equal("What is half of 4?", item.Prompt);
        Assert.Equal(["2", "1", "8"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Equal([null, "That is a quarter of 4.", "You doubled it."], item.Choices.Select(c => c.Feedback));
        Assert.Equal("Half of 4 is 4 ÷ 2 = 2.", item.Solution);
    }

    [Fact]
    public void Weighted_answers_without_a_plain_right_one_make_a_multiple_select()
    {
        var item = Item("Equal to a half");

        Assert.Equal("multiple-select", item.Kind);
        Assert.Equal(["2/4", "3/6", "2/3"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, true, false], item.Choices.Select(c => c.Correct));
        Assert.Equal([null, "Yes, 3 of 6.", "Two thirds is more than a half."], item.Choices.Select(c => c.Feedback));
    }

    [Theory]
    [InlineData("Quarter true", true, null, null)]
    [InlineData("Third true", true, null, null)]
    [InlineData("Bigger denominator", false, "Compare 1/3 and 1/2.", "Right: more slices are smaller.")]
    public void True_false_puts_the_first_feedback_on_the_wrong_side_and_the_second_on_the_right(string title, bool trueIsRight, string? wrongFeedback, string? rightFeedback)
    {
        var item = Item(title);

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal(["True", "False"], item.Choices.Select(c => c.Text));
        Assert.Equal([trueIsRight, !trueIsRight], item.Choices.Select(c => c.Correct));
        Assert.Equal(rightFeedback, item.Choices.Single(c => c.Correct).Feedback);
        Assert.Equal(wrongFeedback, item.Choices.Single(c => !c.Correct).Feedback);
    }

    [Fact]
    public void Short_answer_keeps_every_right_answer_and_reports_feedback_on_a_right_one()
    {
        var item = Item("Top number");

        Assert.Equal("text", item.Kind);
        Assert.Equal("numerator", item.Answer);
        Assert.Equal(["the numerator"], item.Accept);
        Assert.False(item.CaseSensitive);
        var problem = ProblemAt(Fractions, "fractions.gift", "::Top number::", "::Top number:: '=the numerator#Well done'");
        Assert.Contains("the feedback on a right answer is not kept", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_with_tolerance_in_markdown_keeps_tex_and_turns_its_delimiters_into_dollars()
    {
        var item = Item("Pi");

        Assert.Equal("numeric", item.Kind);
        Assert.Equal(("3.14", "0.01"), (item.Answer, item.Tolerance));
        Assert.Equal("Give $\\pi$ to two decimal places, where $a \\neq b$ stays TeX.", item.Prompt);
    }

    [Fact]
    public void Numeric_range_becomes_its_midpoint_with_half_its_width_as_tolerance()
    {
        var item = Item("Between one and five");

        Assert.Equal(("3", "2"), (item.Answer, item.Tolerance));
    }

    [Fact]
    public void Numeric_partial_credit_is_reported_and_a_wrong_value_with_feedback_is_a_misconception()
    {
        var partial = Item("Partial numeric");
        Assert.Equal("3", partial.Answer);
        Assert.Null(partial.Tolerance);
        var problem = ProblemAt(Fractions, "fractions.gift", "::Partial numeric::", "::Partial numeric:: '=%50%3:1'");
        Assert.Contains("partial credit (50%) for 3 is not kept", problem.Reason, StringComparison.Ordinal);

        var withMisconception = Item("Numeric misconception");
        Assert.Equal("2", withMisconception.Answer);
        Assert.Equal([new ImportedMisconception("4", "You counted quarters.")], withMisconception.Misconceptions);
    }

    [Fact]
    public void Missing_word_puts_a_gap_where_the_answer_block_was()
    {
        var item = Item("Missing word");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal("One half is the same as _____ quarters.", CourseMarkdown.PlainText(item.Prompt));
        Assert.Equal(["two", "three", "four"], item.Choices.Select(c => c.Text));
        Assert.True(item.Choices[0].Correct);
    }

    [Fact]
    public void Empty_answer_block_is_an_essay_task_with_its_general_feedback_as_grader_notes()
    {
        var task = Assert.Single(Fractions.Tasks);

        Assert.Equal("Explain halves", task.Title);
        Assert.Equal(new SourceLocation("fractions.gift", LineOf("fractions.gift", "::Explain halves::")), task.Source);
        Assert.Contains("Explain why", task.Prompt, StringComparison.Ordinal);
        Assert.Equal("Look for doubling both numbers.", task.GraderNotes);
        Assert.Equal("Fractions", task.Category);
    }

    [Fact]
    public void Escapes_and_new_lines_are_resolved_and_plain_text_is_escaped_for_markdown()
    {
        var item = Item("Escapes");

        Assert.Equal("Angles", item.Category);
        Assert.Equal("Which symbol is { and which }? Use a : colon, = and \\~ and \\#.\\\nSecond line \\* here.", item.Prompt);
        Assert.Equal(["curly {braces}", "square"], item.Choices.Select(c => c.Text));
        Assert.Equal("right", item.Choices[0].Feedback);
        Assert.Equal("What is 90: a right angle?", Item("Moodle format").Prompt);
    }

    [Theory]
    [InlineData("::Match angles::", "::Match angles::", "left out: matching questions ('->') have no MasteryPath kind")]
    [InlineData("::Angles intro::", "::Angles intro::", "left out: description text, not a question")]
    public void Matching_and_descriptions_are_reported_as_left_out(string lineSnippet, string element, string reason)
    {
        var problem = ProblemAt(Fractions, "fractions.gift", lineSnippet, element);

        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_titled_question_is_imported_or_reported_as_left_out()
    {
        var titles = System.Text.RegularExpressions.Regex.Matches(Text("fractions.gift"), @"^::([^:]+)::", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        var imported = Fractions.Items.Select(i => i.SourceId).Concat(Fractions.Tasks.Select(t => t.SourceId)).ToList();

        Assert.Equal(16, titles.Count);
        Assert.All(titles, title => Assert.True(
            imported.Contains(title) ^ Fractions.Problems.Any(p => p.Element == $"::{title}::" && p.Reason.StartsWith("left out:", StringComparison.Ordinal)),
            $"'{title}' is neither imported nor reported, or both"));
    }

    [Theory]
    [InlineData("::Unclosed block::", "::Unclosed block:: '{'", "unbalanced braces: this '{' opens an answer block that is never closed")]
    [InlineData("::Stray brace::", "::Stray brace:: '}'", "unbalanced braces: this '}' closes no answer block")]
    [InlineData("::Unknown syntax::", "::Unknown syntax:: 'two'", "unknown answer syntax")]
    [InlineData("::Bad number::", "::Bad number:: 'two'", "unknown numeric answer 'two'")]
    [InlineData("::Bad number::", "::Bad number::", "left out: no fully right numeric answer")]
    [InlineData("::Two blocks::", "::Two blocks:: '{'", "a second answer block")]
    [InlineData("::Unclosed title", "question \"::Unclosed title What is 1 + 1?\" '::'", "the title opened with '::' is never closed")]
    [InlineData("::No right answer::", "::No right answer::", "left out: no answer is fully right (100%)")]
    [InlineData("::Partial single::", "::Partial single:: '~%50%b'", "partial credit (50%) is not kept: this answer counts as wrong")]
    [InlineData("::Wildcard answer::", "::Wildcard answer:: '=num*'", "the wildcard '*' in 'num*' cannot be kept")]
    [InlineData("~abc#not a number", "::Multi-line bad:: '~abc#not a number'", "unknown numeric answer 'abc'")]
    public void Refused_constructs_are_reported_at_their_line_naming_the_offending_part(string lineSnippet, string element, string reason)
    {
        var problem = ProblemAt(Refused, "refused.gift", lineSnippet, element);

        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_questions_import_nothing_but_what_is_whole()
    {
        Assert.Equal(["Partial single", "Wildcard answer", "Multi-line bad"], Refused.Items.Select(i => i.SourceId));
        Assert.Equal([true, false, false], Refused.Items[0].Choices.Select(c => c.Correct));
        Assert.Equal(("numerator", 0), (Refused.Items[1].Answer, Refused.Items[1].Accept.Count));
        Assert.Equal("4", Refused.Items[2].Answer);
    }

    [Theory]
    [InlineData("bank.gift", "anything", true)]
    [InlineData("questions.txt", "// comment\n::Q1:: 1 + 1 = {=2}", true)]
    [InlineData("questions.txt", "$CATEGORY: maths\n\nWhat? {T}", true)]
    [InlineData("notes.txt", "Just some notes about the course.", false)]
    [InlineData("bank.xml", "::Q1:: 1 + 1 = {=2}", false)]
    public void Recognizes_gift_files(string fileName, string head, bool expected) =>
        Assert.Equal(expected, new GiftFormat().Recognizes(fileName, head));

    [Fact]
    public void Text_that_is_not_gift_gives_problems_never_an_exception()
    {
        var read = new GiftFormat().Read("noise.gift", "{{{ }}} \\ ::\n\n{#..}\n\n{=}\n\n::t::{T#a#b#c}\n\n{~%abc%x =y}", _ => null);

        Assert.NotEmpty(read.Problems);
        Assert.All(read.Problems, p => Assert.Equal("noise.gift", p.Source.File));
    }

    [Fact]
    public void Every_fixture_with_one_character_removed_reads_without_an_exception()
    {
        foreach (var name in new[] { "fractions.gift", "refused.gift" })
        {
            var text = Text(name);
            for (var at = 0; at < text.Length; at++)
            {
                var damaged = text.Remove(at, 1);
                var read = new GiftFormat().Read(name, damaged, _ => null);
                Assert.True(read.Items.Count + read.Tasks.Count + read.Problems.Count > 0, $"{name} without character {at} read as nothing");
            }
        }
    }

    [Fact]
    public void A_question_right_below_its_category_line_is_read_with_its_own_line()
    {
        var read = new GiftFormat().Read("tight.gift", "// no blank line after the category\n$CATEGORY: $course$/top/Tight\n::Q::Two? {=2 ~3}\n", _ => null);

        var item = Assert.Single(read.Items);
        Assert.Equal(("Q", "Tight", 3), (item.SourceId, item.Category, item.Source.Line));
        Assert.Empty(read.Problems);
    }
}
