using MasteryPath.Content.Importing.Gift;
using MasteryPath.Content.Importing.Moodle;
using MasteryPath.Content.Importing.Qti;

namespace MasteryPath.Content.Importing;

/// <summary>Every bank format an import tries, in order; the first that recognizes a file reads it.</summary>
public static class QuestionBankFormats
{
    public static IReadOnlyList<IQuestionBankFormat> All { get; } =
        [new QtiPackage(), new Qti3Format(), new Qti2Format(), new Qti12Format(), new MoodleXmlFormat(), new GiftFormat()];
}
