using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class DurableMasteryTests
{
    private static readonly SkillId Add = SkillId.Parse("add");
    private static readonly SkillId Multiply = SkillId.Parse("multiply");
    private static readonly SkillGraph Graph = SkillGraph.Create([(Add, []), (Multiply, [Add])]);
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static AnswerEvent Event(string id, SkillId skill, bool correct, EvidenceKind kind, DateTimeOffset at, string? check = null) =>
        new(id, skill, correct, false, kind, at, check);

    private static IEnumerable<AnswerEvent> MasterAdd()
    {
        for (var i = 0; i < 6; i++)
        {
            yield return Event($"p{i}", Add, true, EvidenceKind.Practice, Start.AddMinutes(i));
        }

        for (var i = 0; i < 5; i++)
        {
            yield return Event($"c{i}", Add, true, EvidenceKind.MasteryCheck, Start.AddMinutes(10 + i), "check");
        }
    }

    private static IReadOnlyList<DurableMasteryRecord> Durable(IEnumerable<AnswerEvent> events) =>
        DurableMastery.FromAnswers(Graph, LearnerModel.ColdStart, new MasteryPolicy(), events);

    [Fact]
    public void A_right_review_days_after_mastery_makes_the_mastery_durable_at_that_review()
    {
        var review = Event("r1", Add, true, EvidenceKind.Review, Start.AddDays(4));

        var record = Assert.Single(Durable(MasterAdd().Append(review)));

        Assert.Equal(Add, record.Skill);
        Assert.InRange(record.MasteredAt, Start.AddMinutes(10), Start.AddMinutes(14)); // the check passes once it is decided
        Assert.Equal(review.At, record.ReviewedAt);
        Assert.Equal("r1", record.ReviewEventId);
    }

    [Fact]
    public void Mastery_alone_a_same_day_review_or_a_failed_review_is_not_durable()
    {
        Assert.Empty(Durable(MasterAdd()));
        Assert.Empty(Durable(MasterAdd().Append(Event("same-day", Add, true, EvidenceKind.Review, Start.AddHours(3)))));
        Assert.Empty(Durable(MasterAdd().Append(Event("failed", Add, false, EvidenceKind.Review, Start.AddDays(4)))));
        Assert.Empty(Durable(MasterAdd().Append(Event("practice", Add, true, EvidenceKind.Practice, Start.AddDays(4)))));
    }

    [Fact]
    public void A_review_that_wins_back_a_lost_mastery_does_not_count_as_keeping_it()
    {
        var events = MasterAdd().Concat(
        [
            Event("lost", Add, false, EvidenceKind.Review, Start.AddDays(3)),
            Event("won-back", Add, true, EvidenceKind.Review, Start.AddDays(9)),
        ]);

        Assert.Empty(Durable(events));
    }

    [Fact]
    public void A_placement_never_confirmed_is_not_durable_mastery()
    {
        var placed = Event("placed", Add, true, EvidenceKind.PlacedKnown, Start);
        var review = Event("r1", Add, true, EvidenceKind.Review, Start.AddDays(4));

        Assert.Empty(Durable([placed, review]));
    }
}
