using BenchmarkDotNet.Attributes;
using MasteryPath.Domain;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Benchmarks;

/// <summary>
/// Rebuilding one learner's mastery state from the answer-event log (what a changed bar or a refitted model
/// costs per learner), and applying one live answer: a 49-skill chain-and-branch graph like the Algebra course.
/// </summary>
[MemoryDiagnoser]
public class MasteryReplayBenchmarks
{
    private SkillGraph _graph = null!;
    private LearnerModel _model = LearnerModel.ColdStart;
    private AnswerEvent[] _events = [];
    private LearnerMastery _live = null!;
    private int _next;

    [Params(500, 5000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var skills = new List<(SkillId, IReadOnlyList<SkillId>)>();
        for (var i = 0; i < 49; i++)
        {
            skills.Add((SkillId.Parse($"s{i}"), i == 0 ? [] : [SkillId.Parse($"s{(i - 1) / 2}")]));
        }

        _graph = SkillGraph.Create(skills);
        _model = LearnerModel.ColdStart;
        var random = new DeterministicRandom(3);
        var start = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
        _events = Enumerable.Range(0, Events)
            .Select(i => new AnswerEvent($"e{i}", SkillId.Parse($"s{random.Next(49)}"), random.Next(4) > 0, false, EvidenceKind.Practice, start.AddMinutes(i)))
            .ToArray();
        _live = LearnerMastery.Replay(_graph, _model, new MasteryPolicy(), _events);
    }

    [Benchmark(Description = "rebuild one learner from the log")]
    public int Replay() => LearnerMastery.Replay(_graph, _model, new MasteryPolicy(), _events).EventCount;

    [Benchmark(Description = "apply one live answer")]
    public bool ApplyOne()
    {
        var e = _events[_next++ % _events.Length];
        return _live.Apply(e with { EventId = $"live{_next}" });
    }
}
