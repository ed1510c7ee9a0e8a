using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Items;

namespace MasteryPath.Domain.Tests;

public class ChoicePresentationTests
{
    private static readonly ChoiceAnswerKey Four = new(
        [new Choice("a", "12", true, null), new Choice("b", "7", false, "You added."), new Choice("c", "1", false, null), new Choice("d", "34", false, null)],
        MultipleSelect: false);

    private static ChoiceAnswerKey Key(int count, int correct, int pinned) => new(
        Enumerable.Range(0, count).Select(i => new Choice(((char)('a' + i)).ToString(), $"option {i}", i < correct, null, i >= count - pinned)).ToList(),
        MultipleSelect: correct > 1);

    [Fact]
    public void The_same_seed_shows_the_same_order_and_keys_and_another_seed_other_ones()
    {
        var once = ChoicePresentation.Of(Four, 42).Shown.Choices;
        var again = ChoicePresentation.Of(Four, 42).Shown.Choices;
        var other = ChoicePresentation.Of(Four, 43).Shown.Choices;

        Assert.Equal(once, again);
        Assert.NotEqual(once.Select(c => c.Key), other.Select(c => c.Key));
        Assert.All(once, c => Assert.Matches("^[a-z2-9]{4}$", c.Key));
    }

    [Fact]
    public void Shown_keys_check_like_the_authored_ones_map_back_to_them_and_authored_keys_are_refused()
    {
        var presentation = ChoicePresentation.Of(Four, 7);
        var shownRight = presentation.ToShown("a");
        var shownAdded = presentation.ToShown("b");

        Assert.True(presentation.Shown.Check(shownRight).IsCorrect);
        Assert.Equal("You added.", presentation.Shown.Check(shownAdded).Feedback);
        Assert.Equal("a", presentation.ToAuthored(shownRight.ToUpperInvariant()));
        Assert.Equal("b", presentation.AuthoredKeyOf(shownAdded));
        Assert.Null(presentation.ToAuthored("a"));
        Assert.Null(presentation.ToAuthored($"{shownRight},zzzz"));
    }

    [Property(MaxTest = 300)]
    public Property Every_presentation_is_a_permutation_with_pinned_options_last_and_distinct_keys_that_map_back() =>
        Prop.ForAll(
            Gen.Choose(2, 8).SelectMany(n => Gen.Choose(1, n).SelectMany(c => Gen.Choose(0, 1).Select(p => (n, c, p)))).ToArbitrary(),
            ArbMap.Default.ArbFor<ulong>(),
            (shape, seed) =>
            {
                var (count, correct, pinned) = shape;
                var key = Key(count, correct, pinned);
                var presentation = ChoicePresentation.Of(key, seed);
                var shown = presentation.Shown.Choices;
                var authoredAll = string.Join(",", key.Choices.Select(c => c.Key));
                return shown.Select(c => c.Text).Order().SequenceEqual(key.Choices.Select(c => c.Text).Order())
                    && shown.Select(c => c.Key).Distinct().Count() == count
                    && shown.All(c => c.Key.Length == ChoicePresentation.KeyLength)
                    && shown.TakeLast(pinned).All(c => c.Pinned)
                    && presentation.ToAuthored(presentation.ToShown(authoredAll)) == authoredAll
                    && presentation.Shown.Check(presentation.Shown.CanonicalResponse).IsCorrect;
            });

    [Fact]
    public void Over_many_seeds_the_right_option_is_at_every_place_and_every_key_rank_equally_often()
    {
        const int Seeds = 40_000;
        var places = new int[4];
        var ranks = new int[4];
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var shown = ChoicePresentation.Of(Four, seed * 0x9E3779B97F4A7C15UL).Shown.Choices;
            var right = shown.Single(c => c.IsCorrect);
            places[shown.ToList().IndexOf(right)]++;
            ranks[shown.Select(c => c.Key).Order(StringComparer.Ordinal).ToList().IndexOf(right.Key)]++;
        }

        // Chi-square with 3 degrees of freedom: 16.27 is its 0.999 quantile. The seeds are fixed, so this cannot flake.
        Assert.True(ChiSquare(places) < 16.27, $"places {string.Join(", ", places)}");
        Assert.True(ChiSquare(ranks) < 16.27, $"key ranks {string.Join(", ", ranks)}");
    }

    [Theory]
    [InlineData("All of the above", true)]
    [InlineData("none of these.", true)]
    [InlineData("**Both of the above**", true)]
    [InlineData("Neither", true)]
    [InlineData("All the above", true)]
    [InlineData("All whole numbers", false)]
    [InlineData("None", false)]
    [InlineData("Both sides are multiplied by 2", false)]
    public void Catch_all_options_are_recognised(string text, bool catchAll) =>
        Assert.Equal(catchAll, ChoicePresentation.IsCatchAll(text));

    private static double ChiSquare(int[] counts)
    {
        var expected = counts.Sum() / (double)counts.Length;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }
}
