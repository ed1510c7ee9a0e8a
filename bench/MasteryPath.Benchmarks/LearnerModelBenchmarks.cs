using BenchmarkDotNet.Attributes;
using MasteryPath.Domain;
using MasteryPath.Domain.Learning;

namespace MasteryPath.Benchmarks;

/// <summary>
/// The per-answer cost of each learner model: predict P(correct), then observe the answer, on a learner
/// who has already answered a few hundred questions over 100 skills (a realistic state size).
/// </summary>
[MemoryDiagnoser]
public class LearnerModelBenchmarks
{
    private IKnowledgeTracer _model = null!;
    private ILearnerTrace _trace = null!;
    private Attempt[] _stream = [];
    private int _next;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = string.Empty;

    public static IEnumerable<string> Models => KnowledgeTracerCatalog.All.Select(t => t.Name);

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(17);
        var training = Enumerable.Range(0, 400)
            .Select(l => new LearnerSequence($"l{l}", Enumerable.Range(0, 60).Select(_ => new Attempt(random.Next(100), random.Next(3) > 0)).ToList()))
            .ToList();
        _model = KnowledgeTracerCatalog.Find(Model)!.Fit(training);
        _trace = _model.StartLearner();
        _stream = Enumerable.Range(0, 4096).Select(_ => new Attempt(random.Next(100), random.Next(3) > 0)).ToArray();
        foreach (var a in _stream.Take(300))
        {
            _trace.Observe(a.Skill, a.Correct);
        }
    }

    [Benchmark(Description = "predict + update one answer")]
    public double PredictAndUpdate()
    {
        var a = _stream[_next++ & 4095];
        var p = _trace.PredictCorrect(a.Skill);
        _trace.Observe(a.Skill, a.Correct);
        return p;
    }
}
