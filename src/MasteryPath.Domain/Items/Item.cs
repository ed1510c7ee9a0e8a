using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Items;

/// <summary>
/// One concrete practice item a learner can answer: a fixed item, or one variant drawn from a template.
/// </summary>
/// <param name="Id">Unique id: the item's id, or "templateId@seed" for a variant.</param>
/// <param name="SourceId">The authored item or template it came from.</param>
/// <param name="Seed">The seed a template variant was drawn with; null for a fixed item.</param>
/// <param name="PrimarySkill">The skill it mainly assesses.</param>
/// <param name="SecondarySkills">Other skills it exercises.</param>
/// <param name="Prompt">Markdown with $math$.</param>
/// <param name="Key">The answer key.</param>
/// <param name="Hints">Ordered hints, weakest first.</param>
/// <param name="Solution">A worked solution (Markdown).</param>
/// <param name="Difficulty">Optional difficulty from 1 (easiest) to 5.</param>
public sealed record Item(
    string Id,
    string SourceId,
    long? Seed,
    SkillId PrimarySkill,
    IReadOnlyList<SkillId> SecondarySkills,
    string Prompt,
    AnswerKey Key,
    IReadOnlyList<string> Hints,
    string Solution,
    int? Difficulty)
{
    /// <summary>The kind of item.</summary>
    public ItemKind Kind => Key.Kind;

    /// <summary>Every skill the item is tagged with, primary first.</summary>
    public IEnumerable<SkillId> Skills => SecondarySkills.Prepend(PrimarySkill);
}
