using MasteryPath.Content.Importing;
using MasteryPath.Content.Importing.Moodle;
using MasteryPath.Content.Markdown;
using static MasteryPath.Content.Tests.Importing.Moodle.MoodleFixture;

namespace MasteryPath.Content.Tests.Importing.Moodle;

/// <summary>
/// The Moodle XML reader over Fixtures/Import/moodle/fractions-bank.xml (written from Moodle's export format): each
/// mapped question's fields, and the line and element of everything it does not keep.
/// </summary>
public sealed class MoodleXmlFormatTests
{
    private const string Bank = "fractions-bank.xml";
    private const string FractionsPath = "$course$/top/Fractions";
    private const string AnglesPath = "$course$/top/Geometry//Shapes/Angles";

    private static readonly QuestionBank Read = MoodleFixture.Read(Bank);

    private static ImportedItem Item(string name) => Assert.Single(Read.Items, i => i.SourceId == name);

    private static ImportProblem ProblemAt(int line, string element) =>
        Assert.Single(Read.Problems, p => p.Source.Line == line && p.Element == element);

    private static string Label(string type, string name, string categoryPath) => $"<question type=\"{type}\"> \"{name}\" in {categoryPath}";

    [Fact]
    public void Single_choice_keeps_choices_feedback_hints_solution_and_its_image()
    {
        var item = Item("Half of the pizza");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal("Fractions", item.Category);
        Assert.Equal(new SourceLocation(Bank, QuestionLine(Bank, "Half of the pizza")), item.Source);
        Assert.Contains("Which fraction of the pizza is shaded?", item.Prompt, StringComparison.Ordinal);
        Assert.Equal([true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Contains("one half", item.Choices[0].Text, StringComparison.Ordinal);
        Assert.Null(item.Choices[0].Feedback);
        Assert.Contains("One slice is a quarter; two are shaded.", item.Choices[1].Feedback, StringComparison.Ordinal);
        Assert.Contains("Right value, but simplify it.", item.Choices[2].Feedback, StringComparison.Ordinal);
        Assert.Collection(
            item.Hints,
            hint => Assert.Contains("How many equal slices are there?", hint, StringComparison.Ordinal),
            hint => Assert.Contains("How many of them are shaded?", hint, StringComparison.Ordinal));
        Assert.Contains("Two of four equal slices are shaded", item.Solution, StringComparison.Ordinal);
        Assert.False(item.PinLastChoice);

        var pizza = Assert.Single(Read.Media, m => m.Name == "pizza.png");
        var fileLine = LineInQuestion(Bank, "Half of the pizza", "<file name=\"pizza.png\"");
        Assert.Equal(FileOnLine(Bank, fileLine), pizza.Content);
        Assert.Equal(new SourceLocation(Bank, fileLine), pizza.Source);
    }

    [Fact]
    public void Single_choice_partial_credit_counts_as_wrong_and_a_changed_incorrect_feedback_is_reported()
    {
        var label = Label("multichoice", "Half of the pizza", FractionsPath);

        var partial = ProblemAt(LineInQuestion(Bank, "Half of the pizza", "<answer fraction=\"50\""), $"{label} <answer fraction=\"50\">");
        Assert.Contains("partial credit (50%) is not kept", partial.Reason, StringComparison.Ordinal);

        var incorrect = ProblemAt(LineInQuestion(Bank, "Half of the pizza", "<incorrectfeedback"), $"{label} <incorrectfeedback>");
        Assert.Contains("not kept", incorrect.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Read.Problems, p => p.Element.EndsWith("<correctfeedback>", StringComparison.Ordinal) || p.Element.EndsWith("<partiallycorrectfeedback>", StringComparison.Ordinal));
    }

    [Fact]
    public void Multiple_select_takes_positive_fractions_as_right_and_fixed_order_pins_the_last_choice()
    {
        var item = Item("Equal to one half");

        Assert.Equal("multiple-select", item.Kind);
        Assert.Equal(["2/4", "3/6", "2/3", "None of these"], item.Choices.Select(c => c.Text));
        Assert.Equal([true, true, false, false], item.Choices.Select(c => c.Correct));
        Assert.Equal("Two thirds is more than a half.", item.Choices[2].Feedback);
        Assert.True(item.PinLastChoice);
    }

    [Fact]
    public void Files_with_the_same_name_and_other_bytes_get_unique_media_names_and_unused_files_are_reported()
    {
        var second = Assert.Single(Read.Media, m => m.Name == "pizza-2.png");
        Assert.Equal(FileOnLine(Bank, LineInQuestion(Bank, "Equal to one half", "<file name=\"pizza.png\"")), second.Content);
        Assert.NotEqual(Read.Media.Single(m => m.Name == "pizza.png").Content, second.Content);

        var unusedLine = LineOf(Bank, "<file name=\"unused.png\"");
        var unused = ProblemAt(unusedLine, $"{Label("multichoice", "Equal to one half", FractionsPath)} <questiontext>");
        Assert.Contains("'unused.png' is not used by the text", unused.Reason, StringComparison.Ordinal);
        Assert.Equal(2, Read.Media.Count);
    }

    [Fact]
    public void A_missing_image_file_is_reported_at_its_text_element()
    {
        var label = Label("multichoice", "Right angle", AnglesPath);
        var problem = ProblemAt(LineInQuestion(Bank, "Right angle", "<questiontext"), $"{label} <questiontext>");

        Assert.Contains("'angle diagram.png' is referenced but the export carries no <file", problem.Reason, StringComparison.Ordinal);
        Assert.Equal("Angles", Item("Right angle").Category);
    }

    [Fact]
    public void True_false_becomes_single_choice_with_each_side_keeping_its_feedback()
    {
        var item = Item("Bigger denominator");

        Assert.Equal("single-choice", item.Kind);
        Assert.Equal(["True", "False"], item.Choices.Select(c => c.Text));
        Assert.Equal([false, true], item.Choices.Select(c => c.Correct));
        Assert.Contains("Compare 1/3 and 1/2.", item.Choices[0].Feedback, StringComparison.Ordinal);
        Assert.Contains("more slices means smaller slices", item.Choices[1].Feedback, StringComparison.Ordinal);
        Assert.Contains("1/3 is smaller than 1/2.", item.Solution, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_answer_keeps_right_answers_case_and_wrong_answers_with_feedback_and_rewrites_markdown_tex()
    {
        var item = Item("Name the top number");

        Assert.Equal("text", item.Kind);
        Assert.Equal("numerator", item.Answer);
        Assert.Equal(["Numerator"], item.Accept);
        Assert.True(item.CaseSensitive);
        Assert.Equal([new ImportedMisconception("denominator", "The denominator is the bottom number.")], item.Misconceptions);
        Assert.Equal("In $$\\frac{3}{4}$$ the *top* number, $3$, is called the what? It costs \\$2 to ask.", item.Prompt);
        Assert.Equal("The numerator counts the parts: $$\\frac{\\text{numerator}}{\\text{denominator}}$$", item.Solution);
        Assert.Equal(["It starts with *n*."], item.Hints);
    }

    [Theory]
    [InlineData("<answer fraction=\"100\" format=\"moodle_auto_format\">", "100", "the feedback on a right answer is not kept")]
    [InlineData("<text>numer*</text>", "100", "the wildcard '*' in 'numer*' cannot be kept")]
    [InlineData("<text>top</text>", "50", "partial credit (50%) for 'top' is not kept")]
    [InlineData("<text>*</text>", "0", "the feedback for '*' is not kept")]
    public void Short_answer_reports_each_answer_it_cannot_keep_at_the_answer_line(string snippet, string fraction, string reason)
    {
        var snippetLine = LineInQuestion(Bank, "Name the top number", snippet);
        var answerLine = snippet.StartsWith("<answer", StringComparison.Ordinal) ? snippetLine : snippetLine - 1;

        var problem = ProblemAt(answerLine, $"{Label("shortanswer", "Name the top number", FractionsPath)} <answer fraction=\"{fraction}\">");

        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Numerical_keeps_value_tolerance_and_misconceptions_and_escapes_plain_text()
    {
        var item = Item("Half of 7");

        Assert.Equal("numeric", item.Kind);
        Assert.Equal("3.5", item.Answer);
        Assert.Equal("0.05", item.Tolerance);
        Assert.Equal([new ImportedMisconception("14", "You multiplied by 2 instead of halving.")], item.Misconceptions);
        Assert.Equal("What is 7 \\* 1/2?\\\nGive a decimal.", item.Prompt);
    }

    [Theory]
    [InlineData("<text>3.50</text>", "<answer fraction=\"100\">", "a second right answer (3.5) is not kept")]
    [InlineData("<text>*</text>", "<answer fraction=\"0\">", "the feedback for any other answer ('*') is not kept")]
    [InlineData("<units>", "<units>", "units (kg) are not checked: the number is kept")]
    public void Numerical_reports_second_answers_catch_all_feedback_and_units(string snippet, string part, string reason)
    {
        var line = LineInQuestion(Bank, "Half of 7", snippet) - (snippet == "<units>" ? 0 : 1);

        var problem = ProblemAt(line, $"{Label("numerical", "Half of 7", FractionsPath)} {part}");

        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Essay_becomes_a_task_with_grader_notes_and_file_uploads()
    {
        var task = Assert.Single(Read.Tasks);

        Assert.Equal("Explain equivalent fractions", task.Title);
        Assert.Equal("Fractions", task.Category);
        Assert.Equal(new SourceLocation(Bank, QuestionLine(Bank, "Explain equivalent fractions")), task.Source);
        Assert.Contains("Explain why 2/4 and 1/2 are the same amount.", task.Prompt, StringComparison.Ordinal);
        Assert.Contains("Full marks for a drawing", task.GraderNotes, StringComparison.Ordinal);
        Assert.Contains("Both shade half of the whole.", task.GraderNotes, StringComparison.Ordinal);
        Assert.True(task.AcceptsFiles);
    }

    [Fact]
    public void Cloze_with_one_short_answer_gap_becomes_a_text_item_with_a_gap_in_the_prompt()
    {
        var item = Item("Cloze numerator");

        Assert.Equal("text", item.Kind);
        Assert.Contains("The top number of a fraction is its _____.", CourseMarkdown.PlainText(item.Prompt), StringComparison.Ordinal);
        Assert.Equal("numerator", item.Answer);
        Assert.Empty(item.Accept);
        Assert.False(item.CaseSensitive);
        var misconception = Assert.Single(item.Misconceptions);
        Assert.Equal("denominator", misconception.Answer);
        Assert.Contains("That is the bottom one", misconception.Feedback, StringComparison.Ordinal);

        var partial = ProblemAt(LineInQuestion(Bank, "Cloze numerator", "<questiontext"), $"{Label("multianswer", "Cloze numerator", FractionsPath)} <questiontext> cloze answer 'top'");
        Assert.Contains("partial credit (50%)", partial.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloze_with_one_numerical_or_choice_gap_maps_to_numeric_and_single_choice()
    {
        var numeric = Item("Cloze numeric");
        Assert.Equal("numeric", numeric.Kind);
        Assert.Equal(("2.5", "0.01"), (numeric.Answer, numeric.Tolerance));
        Assert.Equal("40", Assert.Single(numeric.Misconceptions).Answer);
        Assert.Contains("A quarter of 10 is _____.", CourseMarkdown.PlainText(numeric.Prompt), StringComparison.Ordinal);

        var choice = Item("Cloze choice");
        Assert.Equal("single-choice", choice.Kind);
        Assert.Equal(["one of three parts", "one of two equal parts", "two of three parts"], choice.Choices.Select(c => c.Text));
        Assert.Equal([false, true, false], choice.Choices.Select(c => c.Correct));
        Assert.Contains("Count the parts", choice.Choices[0].Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("description", "About this quiz", FractionsPath, "left out: description text, not a question")]
    [InlineData("multianswer", "Cloze two gaps", FractionsPath, "left out: a cloze with 2 gaps")]
    [InlineData("matching", "Angle names", AnglesPath, "left out: matching questions have no MasteryPath kind")]
    [InlineData("ddwtos", "Drag angle words", AnglesPath, "left out: drag and drop into text")]
    [InlineData("gapselect", "Select angle words", AnglesPath, "left out: select missing words")]
    [InlineData("calculated", "Angle sum", AnglesPath, "left out: calculated questions draw {wildcard} values")]
    [InlineData("calculatedsimple", "Angle double", AnglesPath, "left out: calculated questions")]
    [InlineData("calculatedmulti", "Angle half", AnglesPath, "left out: calculated questions")]
    [InlineData("randomsamatch", "Random angle matching", AnglesPath, "left out: random short-answer matching")]
    [InlineData("ordering", "Order angles", AnglesPath, "left out: ordering questions")]
    [InlineData("ddmarker", "Mark the vertex", AnglesPath, "left out: drag and drop markers")]
    [InlineData("ddimageortext", "Label the triangle", AnglesPath, "left out: drag and drop onto an image")]
    [InlineData("random", "Random (Angles)", AnglesPath, "left out: a random question picks another question")]
    [InlineData("coderunner", "Plugin question", AnglesPath, "left out: unknown question type 'coderunner'")]
    [InlineData("multichoice", "Two right answers", AnglesPath, "left out: 2 answers are fully right in a one-answer question")]
    public void Questions_without_a_mapping_are_reported_at_their_line_with_type_name_and_why(string type, string name, string categoryPath, string reason)
    {
        var problem = ProblemAt(QuestionLine(Bank, name), Label(type, name, categoryPath));

        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Read.Items, i => i.SourceId == name);
        Assert.DoesNotContain(Read.Problems, p => p.Element.StartsWith(Label(type, name, categoryPath), StringComparison.Ordinal) && p != problem);
    }

    [Fact]
    public void A_left_out_question_registers_none_of_its_images()
    {
        Assert.DoesNotContain(Read.Media, m => m.Name.StartsWith("acute", StringComparison.Ordinal));
        Assert.Equal(["pizza.png", "pizza-2.png"], Read.Media.Select(m => m.Name));
    }

    [Fact]
    public void Every_question_is_imported_or_reported_as_left_out()
    {
        var questions = System.Xml.Linq.XDocument.Parse(Text(Bank)).Root!.Elements("question")
            .Where(q => q.Attribute("type")!.Value != "category")
            .Select(q => q.Element("name")!.Element("text")!.Value)
            .ToList();
        var imported = Read.Items.Select(i => i.SourceId).Concat(Read.Tasks.Select(t => t.SourceId)).ToList();
        var leftOut = Read.Problems.Where(p => p.Reason.StartsWith("left out:", StringComparison.Ordinal)).Select(p => p.Element).ToList();

        Assert.Equal(25, questions.Count);
        Assert.All(questions, name => Assert.True(
            imported.Contains(name) ^ leftOut.Any(element => element.Contains($"\"{name}\"", StringComparison.Ordinal)),
            $"'{name}' is neither imported nor reported, or both"));
    }

    [Fact]
    public void Broken_xml_is_one_problem_at_the_line_of_the_error()
    {
        var read = MoodleFixture.Read("broken.xml");

        var problem = Assert.Single(read.Problems);
        Assert.Equal(new SourceLocation("broken.xml", LineOf("broken.xml", "</question>")), problem.Source);
        Assert.Contains("not well-formed", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(read.Items);
    }

    [Fact]
    public void A_document_that_is_not_a_quiz_is_refused_naming_its_root()
    {
        var read = MoodleFixture.Read("not-a-quiz.xml");

        var problem = Assert.Single(read.Problems);
        Assert.Equal("<assessmentItem>", problem.Element);
        Assert.Equal(LineOf("not-a-quiz.xml", "<assessmentItem"), problem.Source.Line);
        Assert.Contains("not a Moodle XML export", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bank.xml", "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"category\">", true)]
    [InlineData("bank.XML", "<quiz>", true)]
    [InlineData("item.xml", "<?xml version=\"1.0\"?><assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\">", false)]
    [InlineData("bank.gift", "<quiz>", false)]
    [InlineData("quizzes.xml", "<quizzes>", false)]
    public void Recognizes_a_quiz_document(string fileName, string head, bool expected) =>
        Assert.Equal(expected, new MoodleXmlFormat().Recognizes(fileName, head));

    [Fact]
    public void Odd_questions_are_reported_with_their_line_and_never_throw()
    {
        const string Odd = """
            <quiz>
              <question type="numerical">
                <questiontext format="html"><text>No name, and no number.</text></questiontext>
                <answer fraction="100"><text>abc</text><tolerance>0.1</tolerance></answer>
              </question>
              <question type="truefalse"><name><text>Only true</text></name>
                <answer fraction="100"><text>true</text></answer>
              </question>
              <question type="multichoice"><name><text>Bad file</text></name>
                <questiontext format="html"><text>&lt;img src="@@PLUGINFILE@@/x.png"&gt;</text>
                  <file name="x.png" encoding="base64">!!! not base64</file></questiontext>
                <answer fraction="100"><text>a</text></answer>
                <answer fraction="0"><text>b</text></answer>
              </question>
              <comment>not a question</comment>
            </quiz>
            """;
        var lines = Odd.Split('\n');
        int LineOf(string snippet) => Array.FindIndex(lines, l => l.Contains(snippet, StringComparison.Ordinal)) + 1;

        var read = new MoodleXmlFormat().Read("odd.xml", Odd, _ => null);

        var unnamed = $"<question type=\"numerical\"> \"question-line-{LineOf("type=\"numerical\"")}\"";
        string[] expected =
            [
                $"odd.xml:{LineOf("<text>abc</text>")}: {unnamed} <answer fraction=\"100\">: 'abc' is not a number: this answer is left out",
                $"odd.xml:{LineOf("type=\"numerical\"")}: {unnamed}: left out: no fully right numeric answer",
                $"odd.xml:{LineOf("Only true")}: <question type=\"truefalse\"> \"Only true\": left out: a true/false question needs a 'true' and a 'false' <answer>",
                $"odd.xml:{LineOf("<file name")}: <question type=\"multichoice\"> \"Bad file\" <questiontext>: the file 'x.png' is not valid base64: left out",
                $"odd.xml:{LineOf("<comment>")}: <comment>: not a <question>: left out",
            ];
        var problems = read.Problems.Select(p => p.ToString()).ToList();
        Assert.All(expected, e => Assert.Contains(e, problems));
        var more = Assert.Single(problems.Except(expected));
        Assert.Contains("'@@PLUGINFILE@@/x.png' was not found in the bank; it was left out", more, StringComparison.Ordinal);
        Assert.Equal(["Bad file"], read.Items.Select(i => i.SourceId));
        Assert.Empty(read.Media);
    }
}
