namespace MasteryPath.Content.Importing;

/// <summary>Every bank format an import tries, in order; the first that recognizes a file reads it.</summary>
public static class QuestionBankFormats
{
    public static IReadOnlyList<IQuestionBankFormat> All { get; } = [];
}
