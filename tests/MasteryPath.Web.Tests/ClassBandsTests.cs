using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

public sealed class ClassBandsTests
{
    private static readonly IReadOnlyList<Band> Custom = [new("Start", 0), new("Middle", 0.5), new("Close", 0.8)];

    [Theory]
    [InlineData(0.0, SkillState.Ready, "Start")]
    [InlineData(0.49, SkillState.InProgress, "Start")]
    [InlineData(0.5, SkillState.InProgress, "Middle")]
    [InlineData(0.97, SkillState.InProgress, "Close")]
    [InlineData(0.97, SkillState.NeedsReview, "Close")]
    [InlineData(0.3, SkillState.Mastered, ClassBands.MasteredLabel)]
    public void A_skill_shows_the_highest_band_its_probability_reaches_and_Mastered_only_when_mastered(double probability, SkillState state, string label) =>
        Assert.Equal(label, ClassBands.LabelOf(Custom, Status(probability, state)));

    [Fact]
    public void Bands_round_trip_through_json_and_empty_or_unreadable_json_means_the_defaults()
    {
        Assert.Equal(Custom, ClassBands.Parse(ClassBands.Serialize(Custom)));
        Assert.Equal("[]", ClassBands.Serialize(ClassBands.Defaults));
        Assert.Equal(ClassBands.Defaults, ClassBands.Parse("[]"));
        Assert.Equal(ClassBands.Defaults, ClassBands.Parse("not json"));
        Assert.Equal(ClassBands.Defaults, ClassBands.Parse("""[{"label":"Up","min":0.5},{"label":"Down","min":0.2}]"""));
        Assert.Equal("Developing", ClassBands.LabelOf(ClassBands.Parse(""), Status(0.45, SkillState.InProgress)));
    }

    [Fact]
    public void Bands_must_start_at_0_go_up_within_0_to_1_have_labels_and_number_at_most_8()
    {
        Assert.Empty(ClassBands.Validate(Custom));
        Assert.Contains(ClassBands.Validate([new("A", 0.1)]), p => p.Contains("starts at 0", StringComparison.Ordinal));
        Assert.Contains(ClassBands.Validate([new("A", 0), new("B", 0.5), new("C", 0.5)]), p => p.Contains("must go up", StringComparison.Ordinal));
        Assert.Contains(ClassBands.Validate([new("A", 0), new("B", 1.2)]), p => p.Contains("between 0 and 1", StringComparison.Ordinal));
        Assert.Contains(ClassBands.Validate([new("A", 0), new(" ", 0.5)]), p => p.Contains("needs a label", StringComparison.Ordinal));
        Assert.Contains(ClassBands.Validate([new("A", 0), new("a", 0.5)]), p => p.Contains("used twice", StringComparison.Ordinal));
        Assert.Contains(ClassBands.Validate(Enumerable.Range(0, 9).Select(i => new Band($"B{i}", i / 10.0)).ToList()), p => p.Contains("At most 8", StringComparison.Ordinal));
    }

    private static SkillStatus Status(double probability, SkillState state) => new(SkillId.Parse("place-value"), state, probability, 3, 0, null, 0);
}
