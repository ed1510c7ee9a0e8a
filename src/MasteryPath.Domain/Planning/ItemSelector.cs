using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Planning;

/// <summary>A chosen item variant: which definition and which seed.</summary>
public sealed record ItemChoice(string DefinitionId, long Seed, string VariantId);

/// <summary>
/// Chooses the next item for a skill: a variant the learner has not seen, from the definition whose
/// difficulty is nearest the learner's level (<see cref="Level"/>), deterministically for a seed; never from the
/// definition of the learner's previous question when the skill has another (no shape twice in a row).
/// </summary>
public static class ItemSelector
{
    /// <summary>The success rate aimed at: hard enough to learn from, easy enough to keep going.</summary>
    public const double TargetSuccess = 0.7;

    /// <summary>How much one step of authored difficulty moves the log-odds of a right answer.</summary>
    public const double LogitPerDifficulty = 0.5;

    /// <summary>
    /// The difficulty (1–5, fractional) at which a learner whose P(right next) on the skill is <paramref name="probability"/>
    /// (for an item of middling difficulty 3) would succeed <see cref="TargetSuccess"/> of the time.
    /// </summary>
    public static double Level(double probability)
    {
        var p = System.Math.Clamp(probability, 0.01, 0.99);
        var logit = System.Math.Log(p / (1 - p)) - System.Math.Log(TargetSuccess / (1 - TargetSuccess));
        return System.Math.Clamp(3 + (logit / LogitPerDifficulty), 1, 5);
    }

    /// <summary>Chooses, or returns null when the skill has no items.</summary>
    /// <param name="definitions">The skill's items and templates.</param>
    /// <param name="seen">Variant ids the learner has already answered.</param>
    /// <param name="probability">The learner's P(the next answer on the skill is right).</param>
    /// <param name="seed">Makes the choice reproducible.</param>
    /// <param name="previousDefinitionId">The item or template of the learner's previous question on the skill, if any.</param>
    public static ItemChoice? Choose(IReadOnlyList<ItemDefinition> definitions, IReadOnlySet<string> seen, double probability, ulong seed, string? previousDefinitionId = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(seen);
        if (definitions.Count == 0)
        {
            return null;
        }

        var random = new DeterministicRandom(seed);
        var level = Level(probability);
        var ranked = definitions
            .Select(d => (Definition: d, Distance: System.Math.Abs((d.Difficulty ?? 3) - level), Tie: random.NextUInt64()))
            .OrderBy(x => x.Definition.Id == previousDefinitionId)
            .ThenBy(x => x.Distance)
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
