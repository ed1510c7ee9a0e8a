using System.Text.Json;
using System.Text.Json.Nodes;
using MasteryPath.Domain;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The dashboards read the saved snapshots token by token (<see cref="ClassSnapshots.Read(Course, string?, DateTimeOffset)"/>, or from the
/// stored UTF-8); what they read must be
/// exactly what the serializer wrote, figure by figure, and anything that is not the serializer's output must read as
/// stale (null), so that the learner is replayed instead of shown wrong.
/// </summary>
public sealed class SnapshotReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Course Course = CourseOf(30);

    [Fact]
    public void Every_figure_the_serializer_writes_is_read_back_unchanged_and_as_the_serializer_reads_it()
    {
        var random = new DeterministicRandom(42);
        var differentFromDefault = new HashSet<string>(StringComparer.Ordinal);
        for (var learner = 0; learner < 300; learner++)
        {
            var written = Course.Graph.TopologicalOrder.Select(skill => RandomStatus(skill, random)).ToList();
            var json = Write(written);

            var read = ClassSnapshots.Read(Course, json, Now);
            var readFromUtf8 = ClassSnapshots.Read(Course, System.Text.Encoding.UTF8.GetBytes(json), Now);

            Assert.NotNull(read);
            Assert.NotNull(readFromUtf8);
            Assert.Equal(read.Values, readFromUtf8.Values);
            Assert.Equal(Course.Graph.TopologicalOrder, read.Keys);
            var bySerializer = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.DictionaryStringSkillSnapshot)!;
            foreach (var (status, reviewDue) in written)
            {
                var expected = status with { State = ExpectedStateAt(status.State, status.Lapsed, reviewDue) };
                Assert.Equal(expected, read[status.Skill]);
                Assert.Equal(expected, FromSerializer(status.Skill, bySerializer[status.Skill.Value]));
                if (expected != new SkillStatus(status.Skill, SkillState.Locked, 0, 0, 0, null, 0))
                {
                    differentFromDefault.UnionWith(ChangedFigures(expected));
                }
            }
        }

        // The generator reached every figure a status has (a new one fails here until it is generated, and then above
        // until the snapshot keeps it and the reader reads it), so none of them can be misread unnoticed.
        Assert.Equal(Figures.Order(StringComparer.Ordinal), differentFromDefault.Order(StringComparer.Ordinal));
        Assert.Contains("LastCheck", differentFromDefault);
    }

    [Fact]
    public void A_mastered_skill_reads_as_needing_review_from_its_due_time_on()
    {
        var skill = Course.Graph.TopologicalOrder[0];
        var mastered = new SkillStatus(skill, SkillState.Mastered, 0.97, 6, 0, Now.AddDays(-9), 0) { Best = 0.97, MasteredBy = MasterySource.Check };
        var json = Write(Course.Graph.TopologicalOrder.Select(s => s == skill ? (mastered, (DateTimeOffset?)Now.AddDays(1)) : (Blank(s), null)).ToList());

        Assert.Equal(SkillState.Mastered, ClassSnapshots.Read(Course, json, Now)![skill].State);
        Assert.Equal(SkillState.NeedsReview, ClassSnapshots.Read(Course, json, Now.AddDays(1))![skill].State);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not an object")]
    [InlineData("a skill missing")]
    [InlineData("best missing (written before the figures were kept)")]
    [InlineData("an unknown state")]
    [InlineData("an unknown help reason")]
    [InlineData("a count as text")]
    [InlineData("a probability as text")]
    [InlineData("a date that is not one")]
    [InlineData("a skill that is not an object")]
    [InlineData("trailing content")]
    public void A_snapshot_that_is_not_the_serializers_output_reads_as_stale(string damage)
    {
        var json = Write(Course.Graph.TopologicalOrder.Select(s => (Blank(s) with { State = SkillState.Mastered, MasteredAt = Now, Evidence = 3 }, (DateTimeOffset?)Now.AddDays(3))).ToList());
        var first = Course.Graph.TopologicalOrder[0].Value;
        var node = JsonNode.Parse(json)!.AsObject();
        var skill = node[first]!.AsObject();
        var damaged = damage switch
        {
            "truncated" => json[..(json.Length / 2)],
            "not an object" => "[1,2,3]",
            "a skill missing" => Without(node, first),
            "best missing (written before the figures were kept)" => With(skill, node, s => s.Remove("b")),
            "an unknown state" => With(skill, node, s => s["s"] = "Forgotten"),
            "an unknown help reason" => With(skill, node, s => s["h"] = "Bored"),
            "a count as text" => With(skill, node, s => s["n"] = "three"),
            "a probability as text" => With(skill, node, s => s["p"] = "0.5"),
            "a date that is not one" => With(skill, node, s => s["m"] = "yesterday"),
            "a skill that is not an object" => json.Replace($"\"{first}\":{{", $"\"{first}\":[{{", StringComparison.Ordinal).Replace("},", "}],", StringComparison.Ordinal),
            "trailing content" => json + "{}",
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        Assert.NotNull(ClassSnapshots.Read(Course, json, Now));
        Assert.Null(ClassSnapshots.Read(Course, damaged, Now));
        Assert.Null(ClassSnapshots.Read(Course, System.Text.Encoding.UTF8.GetBytes(damaged), Now));
    }

    [Fact]
    public void Skills_and_figures_the_reader_does_not_know_are_passed_over()
    {
        var json = Write(Course.Graph.TopologicalOrder.Select(s => (Blank(s) with { Evidence = 2, Probability = 0.4 }, (DateTimeOffset?)null)).ToList());
        var node = JsonNode.Parse(json)!.AsObject();
        node["a-skill-the-course-dropped"] = new JsonObject { ["s"] = "Ready", ["b"] = 0.1, ["extra"] = new JsonArray(1, 2) };
        node[Course.Graph.TopologicalOrder[1].Value]!["future"] = new JsonObject { ["x"] = 1 };

        var read = ClassSnapshots.Read(Course, node.ToJsonString(), Now);

        Assert.NotNull(read);
        Assert.Equal(Course.Graph.Count, read.Count);
        Assert.All(read.Values, s => Assert.Equal((2, 0.4), (s.Evidence, s.Probability)));
    }

    [Fact]
    public void The_statuses_read_are_looked_up_and_listed_like_a_dictionary_of_them_in_the_graph_order()
    {
        var statuses = Course.Graph.TopologicalOrder.Select((s, i) => (Blank(s) with { Evidence = i }, (DateTimeOffset?)null)).ToList();

        var read = ClassSnapshots.Read(Course, Write(statuses), Now)!;

        var expected = statuses.ToDictionary(s => s.Item1.Skill, s => s.Item1);
        Assert.Equal(expected.Count, read.Count);
        Assert.Equal(Course.Graph.TopologicalOrder, read.Keys);
        Assert.Equal(Course.Graph.TopologicalOrder, read.Select(p => p.Key));
        Assert.Equal(read.Keys, read.Values.Select(s => s.Skill));
        foreach (var (skill, status) in expected)
        {
            Assert.True(read.ContainsKey(skill));
            Assert.True(read.TryGetValue(skill, out var found));
            Assert.Equal(status, found);
            Assert.Equal(status, read[skill]);
        }

        var unknown = SkillId.Parse("not-in-this-course");
        Assert.False(read.ContainsKey(unknown));
        Assert.False(read.TryGetValue(unknown, out _));
        Assert.False(read.ContainsKey(default));
        Assert.Throws<KeyNotFoundException>(() => read[unknown]);
    }

    private static string Write(IReadOnlyList<(SkillStatus Status, DateTimeOffset? ReviewDue)> statuses) =>
        JsonSerializer.Serialize(
            statuses.ToDictionary(s => s.Status.Skill.Value, s => SkillSnapshot.Of(s.Status, s.ReviewDue)),
            SnapshotJsonContext.Default.DictionaryStringSkillSnapshot);

    private static string Without(JsonObject node, string property)
    {
        node.Remove(property);
        return node.ToJsonString();
    }

    private static string With(JsonObject skill, JsonObject node, Action<JsonObject> change)
    {
        change(skill);
        return node.ToJsonString();
    }

    private static SkillStatus Blank(SkillId skill) => new(skill, SkillState.Ready, 0, 0, 0, null, 0) { Best = 0 };

    private static SkillState ExpectedStateAt(SkillState written, bool lapsed, DateTimeOffset? reviewDue)
    {
        var mastered = written == SkillState.Mastered || (written == SkillState.NeedsReview && !lapsed);
        return !mastered ? written : reviewDue is { } due && due <= Now ? SkillState.NeedsReview : SkillState.Mastered;
    }

    /// <summary>The serializer's reading of one skill, as the dashboards read it before the token reader.</summary>
    private static SkillStatus FromSerializer(SkillId skill, SkillSnapshot s) =>
        new(skill, ExpectedStateAt(Enum.Parse<SkillState>(s.State), s.Lapsed, s.ReviewDue), s.Probability, s.Evidence, s.ChecksFailedInARow, s.MasteredAt, s.CheckInProgress)
        {
            ReadyForCheck = s.ReadyForCheck,
            HelpReason = s.HelpReason,
            WrongInARow = s.WrongInARow,
            RecentCorrect = s.RecentCorrect,
            RecentAnswers = s.RecentAnswers,
            RightAnswersToCheck = s.RightAnswersToCheck,
            MasteredBy = s.MasteredBy,
            LastCheck = s.LastCheck,
            Best = s.Best!.Value,
            Lapsed = s.Lapsed,
        };

    private static IEnumerable<string> Figures => typeof(SkillStatus).GetProperties().Where(p => p.Name != nameof(SkillStatus.Skill)).Select(p => p.Name);

    private static IEnumerable<string> ChangedFigures(SkillStatus s)
    {
        var blank = new SkillStatus(s.Skill, SkillState.Locked, 0, 0, 0, null, 0);
        return typeof(SkillStatus).GetProperties()
            .Where(p => p.Name != nameof(SkillStatus.Skill) && !Equals(p.GetValue(s), p.GetValue(blank)))
            .Select(p => p.Name);
    }

    private static (SkillStatus Status, DateTimeOffset? ReviewDue) RandomStatus(SkillId skill, DeterministicRandom random)
    {
        T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];
        int? MaybeInt() => random.NextDouble() < 0.5 ? null : random.Next(6);
        DateTimeOffset? MaybeTime() => random.NextDouble() < 0.4 ? null : Now.AddMinutes(random.Next(40_000) - 20_000).AddTicks(random.Next(10_000_000));
        var status = new SkillStatus(skill, Pick(Enum.GetValues<SkillState>()), random.NextDouble(), random.Next(4) == 0 ? 0 : random.Next(500), random.Next(3), MaybeTime(), random.Next(3))
        {
            ReadyForCheck = random.Next(2) == 0,
            HelpReason = Pick(Enum.GetValues<HelpReason>()),
            WrongInARow = random.Next(5),
            RecentCorrect = random.Next(6),
            RecentAnswers = random.Next(11),
            RightAnswersToCheck = MaybeInt(),
            MasteredBy = random.NextDouble() < 0.4 ? null : Pick(Enum.GetValues<MasterySource>()),
            LastCheck = random.NextDouble() < 0.5 ? null : new CheckResult(random.Next(6), random.Next(7), random.Next(2) == 0, Now.AddHours(-random.Next(500))),
            Best = random.Next(5) == 0 ? 0 : random.NextDouble(),
            Lapsed = random.Next(3) == 0,
        };
        return (status, MaybeTime());
    }

    private static Course CourseOf(int skillCount)
    {
        var skills = Enumerable.Range(0, skillCount)
            .Select(i => new Skill(SkillId.Parse($"skill-{i}"), $"Skill {i}", "Objective", "u0", i == 0 ? [] : [SkillId.Parse($"skill-{i / 2}")], "Lesson", "Corrective", "Enrichment"))
            .ToList();
        return new Course("snapshots", "Snapshots", "A course to read snapshots of", "1", new MasterySettings(), [new Unit("u0", "Unit")], skills, [], []);
    }
}
