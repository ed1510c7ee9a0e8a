using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Diagnostics;

/// <summary>Settings of the adaptive diagnostic.</summary>
/// <param name="Slip">P(wrong answer) when the skills a question takes are known.</param>
/// <param name="Guess">P(right answer) when they are not.</param>
/// <param name="MaxQuestions">The cap.</param>
/// <param name="TargetAccuracy">Stop when the expected share of skills placed correctly reaches this.</param>
/// <param name="Particles">Sampled knowledge states that represent the belief.</param>
/// <param name="BranchSpread">
/// How far apart the prior lets branches of the graph drift: each skill inherits its prerequisites' mean offset
/// plus fresh noise of this width, so a learner can be far along one branch and not started on a sibling.
/// </param>
/// <param name="MaxFrontierDoubt">
/// Keep asking while a skill where the learner would start (not placed, its prerequisites placed) is more likely
/// known than this: many confidently unknown skills far up the graph must not hide doubt where learning starts.
/// </param>
/// <param name="PrerequisiteLeak">
/// The prior's P(a skill is known although a prerequisite that none of its questions takes is not): a learner can
/// solve a word problem in plain arithmetic without knowing negative numbers.
/// </param>
/// <param name="PlacementConfidence">
/// P(known) a backed skill needs to be placed as known: the confidence <see cref="PlacementEvents"/> places skills at,
/// so the placement the diagnostic reasons about (and the simulator scores) is the one the learner gets.
/// </param>
public sealed record DiagnosticSettings(double Slip = 0.15, double Guess = 0.15, int MaxQuestions = 25, double TargetAccuracy = 0.96, int Particles = 4000, double BranchSpread = 4.0, double MaxFrontierDoubt = 0.25, double PrerequisiteLeak = 0.25, double PlacementConfidence = 0.8);

/// <summary>A placement result for one skill.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Known">Placed as known: known with at least <see cref="DiagnosticSettings.PlacementConfidence"/>, and backed by a right answer to a question that takes it.</param>
/// <param name="Probability">P(known) under the belief.</param>
/// <param name="Evidenced">A right answer was given to a question on the skill or exercising it.</param>
public sealed record SkillPlacement(SkillId Skill, bool Known, double Probability, bool Evidenced);

/// <summary>
/// Places a learner on a skill graph in a handful of questions. Questions are the course's
/// <see cref="DiagnosticQuestion"/>s: a skill and the prerequisites its items really exercise. The belief is a
/// weighted sample of knowledge states (<see cref="DiagnosticBelief"/>) in which knowing a skill implies knowing
/// what its questions take and usually, not always, its other prerequisites. Each answer reweights the states with
/// a slip/guess likelihood on everything the question takes, so one slip does not wipe out a branch. The next
/// question is the one whose answer carries the most information. A skill is placed as known only when a right
/// answer to a question that takes it backs it (ADR 0014); it stops at the cap, or when confident overall and about
/// where the learner starts.
/// </summary>
public sealed class AdaptiveDiagnostic
{
    private readonly SkillGraph _graph;
    private readonly SkillId[] _skills;
    private readonly Dictionary<SkillId, int> _index;
    private readonly DiagnosticBelief _belief;
    private readonly Probe[] _probes;
    private readonly ulong[][] _masks;
    private readonly List<(Probe Probe, bool Correct)> _answers = [];
    private double[]? _marginals;
    private double[]? _questionProbabilities;
    private IReadOnlyList<SkillPlacement>? _placement;

    /// <summary>
    /// Starts a diagnostic with a prior over knowledge states drawn from <paramref name="seed"/>. A skill without a
    /// question in <paramref name="questions"/> (or all of them, when it is null) is asked by a question that
    /// exercises nothing but the skill.
    /// </summary>
    public AdaptiveDiagnostic(SkillGraph graph, DiagnosticSettings settings, ulong seed, IEnumerable<DiagnosticQuestion>? questions = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _skills = [.. graph.TopologicalOrder];
        _index = _skills.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        _probes = [.. DiagnosticQuestion.Complete(graph, questions).Select(ToProbe)];
        _masks = [.. _probes.Select(p => p.Mask)];

        // What every question on a skill takes: no learner answers any of them right without it.
        var needs = new int[_skills.Length][];
        for (var i = 0; i < _skills.Length; i++)
        {
            var skill = i;
            needs[i] = _probes.Where(p => p.Skill == skill).Select(p => p.Backs.Skip(1)).Aggregate((a, b) => a.Intersect(b)).ToArray();
        }

        var prerequisites = _skills.Select(s => graph.PrerequisitesOf(s).Select(p => _index[p]).ToArray()).ToArray();
        var depth = graph.Depths();
        _belief = new DiagnosticBelief(prerequisites, needs, [.. _skills.Select(s => depth[s])], settings, new DeterministicRandom(seed));
    }

    /// <summary>The settings.</summary>
    public DiagnosticSettings Settings { get; }

    /// <summary>Questions answered so far.</summary>
    public int QuestionsAsked => _answers.Count;

    /// <summary>The questions this diagnostic can ask, by skill in topological order; exercised skills are those in its graph.</summary>
    public IReadOnlyList<DiagnosticQuestion> Questions => [.. _probes.Select(p => p.Question)];

    /// <summary>
    /// P(known) per skill under the current belief, in topological order. A skill is placed as known only when a
    /// right answer backs it (to a question on the skill or one that exercises it): the prior alone may think a
    /// shallow skill of an unvisited branch is known, and placing it would skip teaching it.
    /// </summary>
    public IReadOnlyList<SkillPlacement> Placement() => _placement ??= ComputePlacement();

    private List<SkillPlacement> ComputePlacement()
    {
        var marginals = Marginals();
        var evidenced = new bool[_skills.Length];
        foreach (var (probe, _) in _answers.Where(a => a.Correct))
        {
            foreach (var b in probe.Backs)
            {
                evidenced[b] = true;
            }
        }

        return _skills.Select((s, i) => new SkillPlacement(s, marginals[i] >= Settings.PlacementConfidence && evidenced[i], marginals[i], evidenced[i])).ToList();
    }

    /// <summary>P(known) per skill; computed once per answer (as the placement is), since the next question, the stopping rule and the placement all read it.</summary>
    private double[] Marginals() => _marginals ??= _belief.Marginals();

    /// <summary>P(everything a question takes is known) per question; computed once per answer.</summary>
    private double[] QuestionProbabilities() => _questionProbabilities ??= _belief.Probabilities(_masks);

    /// <summary>The expected share of skills the current placement gets right.</summary>
    public double ExpectedAccuracy() => Placement().Average(p => p.Known ? p.Probability : 1 - p.Probability);

    /// <summary>The expected share of skills the belief alone (ignoring the need for a backing answer) gets right.</summary>
    private double BeliefAccuracy() => Marginals().Average(m => System.Math.Max(m, 1 - m));

    /// <summary>
    /// True at the cap, or when confident enough overall and about where the learner will start: no skill on the
    /// placement's frontier (not placed, every prerequisite placed) is still likely known.
    /// </summary>
    public bool IsFinished => _answers.Count >= Settings.MaxQuestions
        || (ExpectedAccuracy() >= Settings.TargetAccuracy && DoubtfulFrontierSkill() is null);

    /// <summary>The frontier skill most likely known, when one is above <see cref="DiagnosticSettings.MaxFrontierDoubt"/>.</summary>
    private int? DoubtfulFrontierSkill()
    {
        var placement = Placement();
        var known = placement.Where(p => p.Known).Select(p => p.Skill).ToHashSet();
        return placement
            .Select((p, i) => (Placement: p, Index: i))
            .Where(x => !x.Placement.Known && x.Placement.Probability > Settings.MaxFrontierDoubt && _graph.PrerequisitesOf(x.Placement.Skill).All(known.Contains))
            .OrderByDescending(x => x.Placement.Probability)
            .Select(x => (int?)x.Index)
            .FirstOrDefault();
    }

    /// <summary>
    /// The question to ask next. While the belief's doubt costs more expected agreement than the skills it believes
    /// known but no answer backs, the one whose answer tells most about the knowledge state; otherwise the one whose
    /// right answer would back the most probably-known skills that no answer backs yet (an answer backs only what its
    /// item exercises, so placing a learner who knows much takes many right answers); then the most doubtful skill
    /// where the learner would start.
    /// </summary>
    public DiagnosticQuestion NextQuestion()
    {
        // Explore while the belief's doubt costs more expected agreement than the skills it believes but no answer backs.
        var belief = BeliefAccuracy();
        if (belief - ExpectedAccuracy() < 1 - belief)
        {
            return MostInformative(_ => true).Question;
        }

        var frontier = DoubtfulFrontierSkill();
        return (MostBacking() ?? (frontier is { } skill ? MostInformative(p => p.Skill == skill) : MostInformative(_ => true))).Question;
    }

    private Probe? MostBacking()
    {
        var placement = Placement();
        var unbacked = placement.Select(p => !p.Known && p.Probability >= 0.5 ? (2 * p.Probability) - 1 : 0).ToArray();
        if (unbacked.All(u => u == 0))
        {
            return null;
        }

        var probabilities = QuestionProbabilities();
        Probe? best = null;
        var bestGain = double.NegativeInfinity;
        for (var q = 0; q < _probes.Length; q++)
        {
            var gain = probabilities[q] * (1 - Settings.Slip) * _probes[q].Backs.Sum(b => unbacked[b]);
            if (gain > bestGain + 1e-12)
            {
                bestGain = gain;
                best = _probes[q];
            }
        }

        return best;
    }

    private Probe MostInformative(Func<Probe, bool> among)
    {
        var probabilities = QuestionProbabilities();
        Probe? best = null;
        var bestGain = double.NegativeInfinity;
        var conditional = (Entropy(1 - Settings.Slip), Entropy(Settings.Guess));
        for (var q = 0; q < _probes.Length; q++)
        {
            if (!among(_probes[q]))
            {
                continue;
            }

            var m = probabilities[q];
            var pCorrect = (m * (1 - Settings.Slip)) + ((1 - m) * Settings.Guess);
            var gain = Entropy(pCorrect) - ((m * conditional.Item1) + ((1 - m) * conditional.Item2));
            if (gain > bestGain + 1e-12)
            {
                bestGain = gain;
                best = _probes[q];
            }
        }

        return best ?? _probes[0];
    }

    private static double Entropy(double p) =>
        p <= 0 || p >= 1 ? 0 : -((p * System.Math.Log(p)) + ((1 - p) * System.Math.Log(1 - p)));

    /// <summary>Records an answer to a question on <paramref name="skill"/> that exercises nothing else.</summary>
    public void Answer(SkillId skill, bool correct) => Answer(new DiagnosticQuestion(skill, []), correct);

    /// <summary>
    /// Records an answer to <paramref name="question"/> and updates the belief: a right answer is evidence that the
    /// learner knows everything it takes, a wrong one that she misses at least one of them.
    /// </summary>
    public void Answer(DiagnosticQuestion question, bool correct)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (!_graph.Contains(question.Skill))
        {
            throw new ArgumentException($"Skill '{question.Skill}' is not in the graph.", nameof(question));
        }

        var probe = ToProbe(question.ClosedIn(_graph));
        _answers.Add((probe, correct));
        _marginals = null;
        _questionProbabilities = null;
        _placement = null;
        _belief.Update(probe.Mask, correct, Settings.Slip, Settings.Guess);
    }

    private Probe ToProbe(DiagnosticQuestion closed)
    {
        int[] backs = [.. closed.Backs.Select(s => _index[s])];
        return new Probe(closed, backs[0], backs, DiagnosticBelief.Mask(_skills.Length, backs));
    }

    /// <summary>A question with its skill's index first among the skills it backs, and their bit mask.</summary>
    private sealed record Probe(DiagnosticQuestion Question, int Skill, int[] Backs, ulong[] Mask);
}

/// <summary>Turns a finished diagnostic into answer-log events that seed the learner's mastery.</summary>
public static class PlacementEvents
{
    /// <summary>
    /// One <see cref="Mastery.EvidenceKind.PlacedKnown"/> event per skill placed as known with at least
    /// <paramref name="confidence"/>, in topological order; ids derive from <paramref name="diagnosticId"/>
    /// so re-submitting a placement counts once.
    /// </summary>
    public static IReadOnlyList<Mastery.AnswerEvent> From(AdaptiveDiagnostic diagnostic, string diagnosticId, DateTimeOffset at, double confidence = 0.8)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.Placement()
            .Where(p => p.Known && p.Probability >= confidence)
            .Select(p => new Mastery.AnswerEvent($"{diagnosticId}:{p.Skill}", p.Skill, true, false, Mastery.EvidenceKind.PlacedKnown, at))
            .ToList();
    }
}
