using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Learning;

/// <summary>
/// The product's learner model for one course, in two parts with two jobs (docs/adr/0009):
/// <see cref="Knowledge"/> gives P(knows the skill), which mastery decides on and which obeys the laws of
/// evidence; <see cref="Correctness"/> gives P(the next answer is right), which item selection uses and which
/// is judged by AUC and calibration. A course starts on <see cref="ColdStart"/>; a model fitted on the
/// course's own answer-event log replaces it. <see cref="Retention"/> carries the course's own FSRS weights for
/// spaced review when its review history was enough to fit them (ADR 0010); null means FSRS's defaults.
/// </summary>
public sealed class LearnerModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="knowledge">P(knows) per skill.</param>
    /// <param name="correctness">A fitted P(correct) predictor, or null to read P(correct) off the knowledge model.</param>
    /// <param name="correctnessSkills">The predictor's index of each skill it was fitted on; other skills map to index 0, which it never saw.</param>
    /// <param name="retention">FSRS weights fitted on the course's reviews, or null for the defaults.</param>
    public LearnerModel(KnowledgeModel knowledge, IKnowledgeTracer? correctness = null, IReadOnlyDictionary<SkillId, int>? correctnessSkills = null, FsrsParameters? retention = null)
    {
        Retention = retention;
        Knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        Correctness = correctness;
        CorrectnessSkills = correctnessSkills ?? new Dictionary<SkillId, int>();
        if (correctness is not null && CorrectnessSkills.Values.Any(i => i <= 0))
        {
            throw new ArgumentException("Predictor skill indices start at 1; 0 stands for skills it never saw.", nameof(correctnessSkills));
        }
    }

    /// <summary>The model before a course has data: cold-start knowledge parameters, P(correct) read off them.</summary>
    public static LearnerModel ColdStart { get; } = new(KnowledgeModel.ColdStart);

    /// <summary>P(knows) per skill.</summary>
    public KnowledgeModel Knowledge { get; }

    /// <summary>The fitted P(correct) predictor, if any.</summary>
    public IKnowledgeTracer? Correctness { get; }

    /// <summary>The predictor's index per skill.</summary>
    public IReadOnlyDictionary<SkillId, int> CorrectnessSkills { get; }

    /// <summary>The course's FSRS weights for spaced review, or null for FSRS's published defaults.</summary>
    public FsrsParameters? Retention { get; }

    /// <summary>This model with other FSRS weights (null: the defaults).</summary>
    public LearnerModel WithRetention(FsrsParameters? retention) => new(Knowledge, Correctness, CorrectnessSkills, retention);

    /// <summary>The spaced-review scheduler this model implies.</summary>
    public RetentionScheduler Scheduler() => Retention is null ? new RetentionScheduler() : new RetentionScheduler(Retention);

    /// <summary>A short description for people: "cold start" or the predictor's name.</summary>
    public string Description => (Correctness is null ? "cold start (BKT)" : $"fitted ({Correctness.Name} + BKT)") + (Retention is null ? string.Empty : ", FSRS fitted");

    /// <summary>One learner's state under the predictor; null when P(correct) comes from the knowledge model.</summary>
    public CorrectnessTrace? StartCorrectness() => Correctness is null ? null : new CorrectnessTrace(Correctness.StartLearner(), CorrectnessSkills);

    /// <summary>The parameters as plain numbers, to store the model.</summary>
    public LearnerModelParameters Export() => new(
        Knowledge.Export(),
        Correctness?.Export(),
        CorrectnessSkills.ToDictionary(p => p.Key.Value, p => p.Value, StringComparer.Ordinal),
        Retention?.ToArray());

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static LearnerModel Import(LearnerModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var knowledge = KnowledgeModel.Import(parameters.Knowledge);
        FsrsParameters? retention;
        try
        {
            retention = parameters.Retention is null ? null : new FsrsParameters(parameters.Retention);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"The stored FSRS weights are not usable: {ex.Message}", ex);
        }

        if (parameters.Correctness is null)
        {
            return new LearnerModel(knowledge, retention: retention);
        }

        var skills = new Dictionary<SkillId, int>();
        foreach (var (name, index) in parameters.CorrectnessSkills)
        {
            if (!SkillId.IsValid(name) || index <= 0)
            {
                throw new FormatException($"The predictor's skill index has an invalid entry '{name}' → {index}.");
            }

            skills[SkillId.Parse(name)] = index;
        }

        return new LearnerModel(knowledge, KnowledgeTracerCatalog.Import(parameters.Correctness), skills, retention);
    }
}

/// <summary>A learner model as plain numbers: what the database stores per model version.</summary>
/// <param name="Knowledge">The knowledge model's parameters.</param>
/// <param name="Correctness">The predictor's parameters, or null.</param>
/// <param name="CorrectnessSkills">The predictor's index per skill id.</param>
/// <param name="Retention">The course's 21 FSRS-6 weights, or null for the defaults.</param>
public sealed record LearnerModelParameters(ModelParameters Knowledge, ModelParameters? Correctness, IReadOnlyDictionary<string, int> CorrectnessSkills, IReadOnlyList<double>? Retention = null);

/// <summary>One learner's P(correct) predictor state, addressed by skill id.</summary>
public sealed class CorrectnessTrace
{
    private readonly ILearnerTrace _trace;
    private readonly IReadOnlyDictionary<SkillId, int> _skills;

    internal CorrectnessTrace(ILearnerTrace trace, IReadOnlyDictionary<SkillId, int> skills)
    {
        _trace = trace;
        _skills = skills;
    }

    private int Index(SkillId skill) => _skills.TryGetValue(skill, out var i) ? i : 0;

    /// <summary>P(the next answer on <paramref name="skill"/> is right).</summary>
    public double Predict(SkillId skill) => _trace.PredictCorrect(Index(skill));

    /// <summary>Records an answer.</summary>
    public void Observe(SkillId skill, bool correct) => _trace.Observe(Index(skill), correct);

    internal void Save(BinaryWriter writer) => _trace.Save(writer);

    internal void Restore(BinaryReader reader) => _trace.Restore(reader);
}
