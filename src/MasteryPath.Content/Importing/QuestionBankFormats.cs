using MasteryPath.Content.Importing.Gift;
using MasteryPath.Content.Importing.Moodle;

namespace MasteryPath.Content.Importing;

/// <summary>Every bank format an import tries, in order; the first that recognizes a file reads it.</summary>
public static class QuestionBankFormats
{
    public static IReadOnlyList<IQuestionBankFormat> All { get; } = [new MoodleXmlFormat(), new GiftFormat()];
}
