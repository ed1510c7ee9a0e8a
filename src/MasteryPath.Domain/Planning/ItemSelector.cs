using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Planning;

/// <summary>A chosen item variant: which definition and which seed.</summary>
public sealed record ItemChoice(string DefinitionId, long Seed, string VariantId);

/// <summary>
/// Chooses the next item for a skill: a variant the learner has not seen, from the definition whose
/// difficulty is nearest the learner's level (1 + 4·P(right next)), deterministically for a seed.
/// </summary>
public static class ItemSelector
{
    /// <summary>Chooses, or returns null when the skill has no items.</summary>
    /// <param name="definitions">The skill's items and templates.</param>
    /// <param name="seen">Variant ids the learner has already answered.</param>
    /// <param name="probability">The learner's P(the next answer on the skill is right).</param>
    /// <param name="seed">Makes the choice reproducible.</param>
    public static ItemChoice? Choose(IReadOnlyList<ItemDefinition> definitions, IReadOnlySet<string> seen, double probability, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(seen);
        if (definitions.Count == 0)
        {
            return null;
        }

        var random = new DeterministicRandom(seed);
        var level = 1 + (4 * System.Math.Clamp(probability, 0, 1));
        var ranked = definitions
            .Select(d => (Definition: d, Distance: System.Math.Abs((d.Difficulty ?? 3) - level), Tie: random.NextUInt64()))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Tie)
            .Select(x => x.Definition)
            .ToList();
        foreach (var definition in ranked)
        {
            if (!definition.IsTemplate)
            {
                if (!seen.Contains(definition.Id))
                {
                    return new ItemChoice(definition.Id, 0, definition.Id);
                }

                continue;
            }

            for (var attempt = 0; attempt < 64; attempt++)
            {
                var variantSeed = (long)(random.NextUInt64() % 1_000_000_000UL) + 1;
                var id = $"{definition.Id}@{variantSeed}";
                if (!seen.Contains(id))
                {
                    return new ItemChoice(definition.Id, variantSeed, id);
                }
            }
        }

        // Everything seen: repeat the nearest definition with a fresh seed rather than nothing.
        var fallback = ranked[0];
        var s = (long)(random.NextUInt64() % 1_000_000_000UL) + 1;
        return new ItemChoice(fallback.Id, fallback.IsTemplate ? s : 0, fallback.IsTemplate ? $"{fallback.Id}@{s}" : fallback.Id);
    }
}
