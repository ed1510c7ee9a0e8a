using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Diagnostics;

/// <summary>Settings of the adaptive diagnostic.</summary>
/// <param name="Slip">P(wrong answer) when the skill is known.</param>
/// <param name="Guess">P(right answer) when it is not.</param>
/// <param name="MaxQuestions">The cap.</param>
/// <param name="TargetAccuracy">Stop when the expected share of skills placed correctly reaches this.</param>
/// <param name="Particles">Sampled knowledge states that represent the belief.</param>
/// <param name="MaxFrontierDoubt">
/// Keep asking while a skill where the learner would start (not placed, its prerequisites placed) is more likely
/// known than this: many confidently unknown skills far up the graph must not hide doubt where learning starts.
/// </param>
/// <param name="BranchSpread">
/// How far apart the prior lets branches of the graph drift: each skill inherits its prerequisites' mean offset
/// plus fresh noise of this width, so a learner can be far along one branch and not started on a sibling.
/// </param>
public sealed record DiagnosticSettings(double Slip = 0.15, double Guess = 0.15, int MaxQuestions = 25, double TargetAccuracy = 0.96, int Particles = 4000, double BranchSpread = 2.0, double MaxFrontierDoubt = 0.25);

/// <summary>A placement result for one skill.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Known">Placed as known: probably known, and backed by a right answer on it or on a skill that builds on it.</param>
/// <param name="Probability">P(known) under the belief.</param>
/// <param name="Evidenced">A right answer was given on the skill or on one of its dependents.</param>
public sealed record SkillPlacement(SkillId Skill, bool Known, double Probability, bool Evidenced);

/// <summary>
/// Places a learner on a skill graph in a handful of questions. The belief is a weighted sample of knowledge
/// states closed under prerequisites (a skill known implies its prerequisites known), so a right answer is
/// evidence for the skill's prerequisites and a wrong one against its dependents. Each answer reweights the
/// states with a slip/guess likelihood, so one slip does not wipe out a branch. The next question is the skill
/// whose answer carries the most information about the state. A skill is placed as known only when a right
/// answer backs it (ADR 0008); it stops at the cap, or when confident overall and about where the learner starts.
/// </summary>
public sealed class AdaptiveDiagnostic
{
    private readonly SkillGraph _graph;
    private readonly SkillId[] _skills;
    private readonly bool[][] _states;
    private readonly double[] _weights;
    private readonly List<(SkillId Skill, bool Correct)> _answers = [];
    private double[]? _marginals;
    private IReadOnlyList<SkillPlacement>? _placement;

    /// <summary>Starts a diagnostic with a prior over knowledge states drawn from <paramref name="seed"/>.</summary>
    public AdaptiveDiagnostic(SkillGraph graph, DiagnosticSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _skills = [.. graph.TopologicalOrder];
        var random = new DeterministicRandom(seed);
        var depth = graph.Depths();
        var maxDepth = System.Math.Max(1, depth.Values.DefaultIfEmpty(0).Max());
        var index = _skills.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var prerequisites = _skills.Select(s => graph.PrerequisitesOf(s).Select(p => index[p]).ToArray()).ToArray();
        var depths = _skills.Select(s => depth[s]).ToArray();
        _states = new bool[settings.Particles][];
        for (var p = 0; p < settings.Particles; p++)
        {
            _states[p] = SamplePriorState(prerequisites, depths, maxDepth, settings.BranchSpread, random);
        }

        _weights = Enumerable.Repeat(1.0 / settings.Particles, settings.Particles).ToArray();
    }

    /// <summary>The settings.</summary>
    public DiagnosticSettings Settings { get; }

    /// <summary>Questions answered so far.</summary>
    public int QuestionsAsked => _answers.Count;

    /// <summary>
    /// A plausible knowledge state: a learner's reach into the graph (uniform over "nothing" to "everything"),
    /// shifted per branch by an offset each skill inherits from its prerequisites plus fresh noise, and per
    /// skill; a skill is known only when all its prerequisites are. Skills are in topological order.
    /// </summary>
    internal static bool[] SamplePriorState(int[][] prerequisites, int[] depths, int maxDepth, double branchSpread, DeterministicRandom random)
    {
        var reach = (random.NextDouble() * (maxDepth + 2)) - 1;
        var state = new bool[depths.Length];
        var offsets = new double[depths.Length];
        for (var i = 0; i < depths.Length; i++)
        {
            var inherited = 0.0;
            var prerequisitesKnown = true;
            foreach (var p in prerequisites[i])
            {
                inherited += offsets[p];
                prerequisitesKnown &= state[p];
            }

            if (prerequisites[i].Length > 0)
            {
                inherited /= prerequisites[i].Length;
            }

            offsets[i] = inherited + ((random.NextDouble() - 0.5) * branchSpread);
            var margin = reach - depths[i] + offsets[i] + ((random.NextDouble() - 0.5) * 3);
            state[i] = prerequisitesKnown && margin > 0;
        }

        return state;
    }

    /// <summary>
    /// P(known) per skill under the current belief, in topological order. A skill is placed as known only when a
    /// right answer backs it (on the skill or on one that builds on it): the prior alone may think a shallow skill
    /// of an unvisited branch is known, and placing it would skip teaching it.
    /// </summary>
    public IReadOnlyList<SkillPlacement> Placement() => _placement ??= ComputePlacement();

    private List<SkillPlacement> ComputePlacement()
    {
        var marginals = Marginals();
        var evidenced = new HashSet<SkillId>();
        foreach (var (skill, _) in _answers.Where(a => a.Correct))
        {
            evidenced.Add(skill);
            evidenced.UnionWith(_graph.Ancestors(skill));
        }

        return _skills.Select((s, i) => new SkillPlacement(s, marginals[i] >= 0.5 && evidenced.Contains(s), marginals[i], evidenced.Contains(s))).ToList();
    }

    /// <summary>P(known) per skill; computed once per answer (as the placement is), since the next question, the stopping rule and the placement all read it.</summary>
    private double[] Marginals() => _marginals ??= ComputeMarginals();

    private double[] ComputeMarginals()
    {
        var m = new double[_skills.Length];
        var total = 0.0;
        for (var p = 0; p < _states.Length; p++)
        {
            total += _weights[p];
            var state = _states[p];
            for (var i = 0; i < m.Length; i++)
            {
                if (state[i])
                {
                    m[i] += _weights[p];
                }
            }
        }

        for (var i = 0; i < m.Length; i++)
        {
            m[i] /= total;
        }

        return m;
    }

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
    private SkillId? DoubtfulFrontierSkill()
    {
        var placement = Placement();
        var known = placement.Where(p => p.Known).Select(p => p.Skill).ToHashSet();
        return placement
            .Where(p => !p.Known && p.Probability > Settings.MaxFrontierDoubt && _graph.PrerequisitesOf(p.Skill).All(known.Contains))
            .OrderByDescending(p => p.Probability)
            .Select(p => (SkillId?)p.Skill)
            .FirstOrDefault();
    }

    /// <summary>
    /// The skill to ask about next: while the belief is unsure, the one whose answer tells most about the
    /// knowledge state; once it is sure, the one whose right answer would back the most probably-known skills
    /// that no answer backs yet.
    /// </summary>
    public SkillId NextSkill() => BeliefAccuracy() < Settings.TargetAccuracy ? MostInformativeSkill() : MostBackingSkill() ?? DoubtfulFrontierSkill() ?? MostInformativeSkill();

    private SkillId? MostBackingSkill()
    {
        var placement = Placement();
        var unbacked = placement.Where(p => !p.Evidenced && p.Probability >= 0.5).ToDictionary(p => p.Skill, p => (2 * p.Probability) - 1);
        if (unbacked.Count == 0)
        {
            return null;
        }

        var best = placement[0];
        var bestGain = double.NegativeInfinity;
        foreach (var candidate in placement)
        {
            var backed = unbacked.GetValueOrDefault(candidate.Skill) + _graph.Ancestors(candidate.Skill).Sum(a => unbacked.GetValueOrDefault(a));
            var gain = candidate.Probability * (1 - Settings.Slip) * backed;
            if (gain > bestGain + 1e-12)
            {
                bestGain = gain;
                best = candidate;
            }
        }

        return best.Skill;
    }

    private SkillId MostInformativeSkill()
    {
        var marginals = Marginals();
        var best = 0;
        var bestGain = double.NegativeInfinity;
        var conditional = (Entropy(1 - Settings.Slip), Entropy(Settings.Guess));
        for (var i = 0; i < marginals.Length; i++)
        {
            var m = marginals[i];
            var pCorrect = (m * (1 - Settings.Slip)) + ((1 - m) * Settings.Guess);
            var gain = Entropy(pCorrect) - ((m * conditional.Item1) + ((1 - m) * conditional.Item2));
            if (gain > bestGain + 1e-12)
            {
                bestGain = gain;
                best = i;
            }
        }

        return _skills[best];
    }

    private static double Entropy(double p) =>
        p <= 0 || p >= 1 ? 0 : -((p * System.Math.Log(p)) + ((1 - p) * System.Math.Log(1 - p)));

    /// <summary>Records an answer on <paramref name="skill"/> and updates the belief.</summary>
    public void Answer(SkillId skill, bool correct)
    {
        var index = Array.IndexOf(_skills, skill);
        if (index < 0)
        {
            throw new ArgumentException($"Skill '{skill}' is not in the graph.", nameof(skill));
        }

        _answers.Add((skill, correct));
        _marginals = null;
        _placement = null;
        var total = 0.0;
        for (var p = 0; p < _states.Length; p++)
        {
            var known = _states[p][index];
            _weights[p] *= known ? (correct ? 1 - Settings.Slip : Settings.Slip) : (correct ? Settings.Guess : 1 - Settings.Guess);
            total += _weights[p];
        }

        for (var p = 0; p < _weights.Length; p++)
        {
            _weights[p] /= total;
        }
    }
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
