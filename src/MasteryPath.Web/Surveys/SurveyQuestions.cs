using System.Text.Json;
using System.Text.Json.Serialization;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Surveys;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionKind>))]
public enum QuestionKind
{
    /// <summary>A statement to rate on the 1–5 agree scale.</summary>
    [JsonStringEnumMemberName("likert")]
    Likert,

    /// <summary>One of the listed options.</summary>
    [JsonStringEnumMemberName("choice")]
    Choice,

    /// <summary>Free text.</summary>
    [JsonStringEnumMemberName("text")]
    Text,
}

/// <summary>One survey question; <see cref="Options"/> only for <see cref="QuestionKind.Choice"/>.</summary>
public sealed record SurveyQuestion(string Id, QuestionKind Kind, string Text, IReadOnlyList<string> Options);

/// <summary>A question as a teacher writes it, before it is checked and given an id.</summary>
public sealed record QuestionInput(QuestionKind Kind, string? Text, IReadOnlyList<string>? Options);

/// <summary>The questions and answers as stored in the survey tables' JSON columns, and their rules.</summary>
public static class SurveyQuestions
{
    public const int MaxQuestions = 20;
    public const int MaxOptions = 12;
    public const int MaxTextAnswer = 2000;

    /// <summary>The 1–5 agree scale, from 1.</summary>
    public static readonly IReadOnlyList<string> LikertLabels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<SurveyQuestion> Parse(string json) =>
        JsonSerializer.Deserialize<List<SurveyQuestion>>(json, JsonOptions) ?? [];

    public static string Serialize(IReadOnlyList<SurveyQuestion> questions) => JsonSerializer.Serialize(questions, JsonOptions);

    public static IReadOnlyDictionary<string, string> ParseAnswers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonOptions) ?? [];

    public static string SerializeAnswers(IReadOnlyDictionary<string, string> answers) => JsonSerializer.Serialize(answers, JsonOptions);

    /// <summary>Checks a teacher's questions and numbers them q1, q2, ...; blank questions are dropped.</summary>
    /// <exception cref="LearningException">When a question is too long or a choice has too few, repeated or blank options.</exception>
    public static IReadOnlyList<SurveyQuestion> Build(IEnumerable<QuestionInput> inputs)
    {
        var questions = new List<SurveyQuestion>();
        foreach (var input in inputs.Where(i => !string.IsNullOrWhiteSpace(i.Text)))
        {
            var text = input.Text!.Trim();
            var number = questions.Count + 1;
            if (text.Length > 500)
            {
                throw LearningException.Invalid($"Question {number} is too long (500 characters at most).");
            }

            var options = input.Kind == QuestionKind.Choice
                ? (input.Options ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).ToList()
                : [];
            if (input.Kind == QuestionKind.Choice)
            {
                if (options.Count is < 2 or > MaxOptions)
                {
                    throw LearningException.Invalid($"Question {number} is a choice: give it 2 to {MaxOptions} options, one per line.");
                }

                if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count || options.Any(o => o.Length > 200))
                {
                    throw LearningException.Invalid($"Question {number}: each option must be different and at most 200 characters.");
                }
            }

            questions.Add(new SurveyQuestion($"q{number}", input.Kind, text, options));
        }

        if (questions.Count == 0)
        {
            throw LearningException.Invalid("A survey needs at least one question.");
        }

        if (questions.Count > MaxQuestions)
        {
            throw LearningException.Invalid($"A survey has at most {MaxQuestions} questions.");
        }

        return questions;
    }

    /// <summary>
    /// Checks a learner's answers against the questions: a Likert level 1–5 or one of the options for every such
    /// question, free text optional. Returns the answers to keep (unknown questions and blank text dropped).
    /// </summary>
    /// <exception cref="LearningException">When an answer is missing or not allowed.</exception>
    public static IReadOnlyDictionary<string, string> CheckAnswers(IReadOnlyList<SurveyQuestion> questions, IReadOnlyDictionary<string, string?> answers)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (question, index) in questions.Select((q, i) => (q, i + 1)))
        {
            var answer = answers.GetValueOrDefault(question.Id)?.Trim();
            switch (question.Kind)
            {
                case QuestionKind.Likert when int.TryParse(answer, out var level) && level is >= 1 and <= 5:
                    kept[question.Id] = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case QuestionKind.Likert:
                    throw LearningException.Invalid($"Question {index}: choose a level from 1 (strongly disagree) to 5 (strongly agree).");
                case QuestionKind.Choice when answer is not null && question.Options.Contains(answer, StringComparer.Ordinal):
                    kept[question.Id] = answer;
                    break;
                case QuestionKind.Choice:
                    throw LearningException.Invalid($"Question {index}: choose one of the options.");
                case QuestionKind.Text when answer is { Length: > MaxTextAnswer }:
                    throw LearningException.Invalid($"Question {index}: the answer is too long ({MaxTextAnswer} characters at most).");
                case QuestionKind.Text when !string.IsNullOrEmpty(answer):
                    kept[question.Id] = answer;
                    break;
            }
        }

        return kept;
    }
}
