namespace MasteryPath.Domain.Learning;

/// <summary>One answer in a learner's history: which skill (as a dense index) and whether it was right.</summary>
public readonly record struct Attempt(int Skill, bool Correct);

/// <summary>One learner's answers in the order given.</summary>
public sealed record LearnerSequence(string LearnerId, IReadOnlyList<Attempt> Attempts);

/// <summary>
/// A fitted knowledge-tracing model. It holds only parameters; each learner's evolving state lives in
/// an <see cref="ILearnerTrace"/>, so the web app, the simulator and the evaluation share one model.
/// </summary>
public interface IKnowledgeTracer
{
    /// <summary>The model's name, e.g. "bkt" or "pfa".</summary>
    string Name { get; }

    /// <summary>A fresh state for a learner with no history.</summary>
    ILearnerTrace StartLearner();

    /// <summary>The fitted parameters, to save and load later.</summary>
    ModelParameters Export();
}

/// <summary>One learner's state under a model: predict, then observe the true answer.</summary>
public interface ILearnerTrace
{
    /// <summary>P(the next answer on <paramref name="skill"/> is correct), before seeing it.</summary>
    double PredictCorrect(int skill);

    /// <summary>Updates the state with an observed answer.</summary>
    void Observe(int skill, bool correct);

    /// <summary>The model's probability that the learner has mastered <paramref name="skill"/>.</summary>
    double Mastery(int skill);

    /// <summary>Writes the learner's state, to be read back by <see cref="Restore"/> on a fresh trace of the same model.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Reads back what <see cref="Save"/> wrote into this fresh trace.</summary>
    void Restore(BinaryReader reader);
}

/// <summary>Fits a model's parameters from answer logs.</summary>
public interface IKnowledgeTracerTrainer
{
    /// <summary>The name of the model it fits.</summary>
    string Name { get; }

    /// <summary>Fits on <paramref name="training"/> only.</summary>
    IKnowledgeTracer Fit(IReadOnlyList<LearnerSequence> training);
}
