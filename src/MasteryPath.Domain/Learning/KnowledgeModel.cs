using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Learning;

/// <summary>
/// P(the learner knows the skill): what mastery decides on. Per skill it keeps the BKT parameters (prior,
/// learning, guess, slip) and filters a learner's answers through them, but credits learning only after a
/// right answer, so the estimate obeys the laws a learner and a teacher expect: a wrong answer never raises
/// it, a right one never lowers it (docs/adr/0009). Forgetting is not modelled here; the retention scheduler
/// (FSRS) owns memory decay of mastered skills.
/// </summary>
public sealed class KnowledgeModel
{
    /// <summary>The largest guess or slip a skill may have: beyond it an answer says too little.</summary>
    public const double MaxGuessSlip = 0.35;

    /// <summary>The largest learning rate per right answer, so one lucky answer cannot make a skill look known.</summary>
    public const double MaxLearn = 0.3;

    /// <summary>
    /// Parameters used before a course has answer data: three right answers in a row from scratch reach 0.95; chosen in
    /// simulation (docs/benchmarks.md §2) so the mastery rule built on them is not dominated by any baseline rule.
    /// </summary>
    public static BktParameters ColdStartParameters => new(0.2, 0.3, 0.2, 0.1);

    /// <summary>The cold-start model: the same parameters for every skill.</summary>
    public static KnowledgeModel ColdStart { get; } = new(new Dictionary<SkillId, BktParameters>(), ColdStartParameters);

    /// <summary>Creates a model; every parameter set is brought into the range where the laws hold.</summary>
    public KnowledgeModel(IReadOnlyDictionary<SkillId, BktParameters> perSkill, BktParameters fallback)
    {
        ArgumentNullException.ThrowIfNull(perSkill);
        PerSkill = perSkill.ToDictionary(p => p.Key, p => Sanitize(p.Value));
        Fallback = Sanitize(fallback);
    }

    /// <summary>Fitted parameters per skill.</summary>
    public IReadOnlyDictionary<SkillId, BktParameters> PerSkill { get; }

    /// <summary>Parameters of skills without their own.</summary>
    public BktParameters Fallback { get; }

    /// <summary>The parameters of <paramref name="skill"/>.</summary>
    public BktParameters For(SkillId skill) => PerSkill.TryGetValue(skill, out var p) ? p : Fallback;

    /// <summary>
    /// Clamps parameters into the range where an answer is informative in the right direction
    /// (guess + slip &lt; 1 with room to spare) and learning is modest; forgetting is dropped.
    /// </summary>
    public static BktParameters Sanitize(BktParameters p)
    {
        static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;
        var cold = ColdStartParameters;
        return new BktParameters(
            System.Math.Clamp(Finite(p.Initial, cold.Initial), 0.01, 0.9),
            System.Math.Clamp(Finite(p.Learn, cold.Learn), 0.01, MaxLearn),
            System.Math.Clamp(Finite(p.Guess, cold.Guess), 0.01, MaxGuessSlip),
            System.Math.Clamp(Finite(p.Slip, cold.Slip), 0.01, MaxGuessSlip));
    }

    /// <summary>
    /// P(knows) after one answer. Right: the Bayes posterior, then the chance to have learned from the practice.
    /// Wrong: the Bayes posterior only (learning from a wrong answer is credited once a later right answer shows it).
    /// A right answer after a hint is weaker evidence: the hint raises the chance of a right answer without the
    /// skill to guess + (1 − guess)·(1 − <paramref name="hintWeight"/>).
    /// </summary>
    public static double Update(BktParameters p, double known, bool correct, bool usedHint = false, double hintWeight = 1)
    {
        known = Bounded(known);
        if (!correct)
        {
            var wrongIfKnown = known * p.Slip;
            return Bounded(wrongIfKnown / (wrongIfKnown + ((1 - known) * (1 - p.Guess))));
        }

        var weight = usedHint ? System.Math.Clamp(hintWeight, 0, 1) : 1;
        var guess = System.Math.Min(p.Guess + ((1 - p.Guess) * (1 - weight)), 1 - p.Slip);
        var rightIfKnown = known * (1 - p.Slip);
        var posterior = rightIfKnown / (rightIfKnown + ((1 - known) * guess));
        return Bounded(posterior + ((1 - posterior) * p.Learn * weight));
    }

    /// <summary>Keeps an estimate off 0 and 1, where no answer could move it any more.</summary>
    private static double Bounded(double known) => System.Math.Clamp(double.IsNaN(known) ? 0.5 : known, 1e-4, 1 - 1e-4);

    /// <summary>P(the next answer is right) given P(knows): the same parameters read forwards.</summary>
    public static double PredictCorrect(BktParameters p, double known) => (known * (1 - p.Slip)) + ((1 - known) * p.Guess);

    /// <summary>The parameters as plain numbers, to store a fitted model.</summary>
    public ModelParameters Export()
    {
        var skills = PerSkill.Keys.OrderBy(s => s.Value, StringComparer.Ordinal).ToList();
        var names = skills.Select(s => s.Value).ToArray();
        return new ModelParameters(
            "knowledge-bkt",
            new Dictionary<string, double>
            {
                ["fallback_initial"] = Fallback.Initial,
                ["fallback_learn"] = Fallback.Learn,
                ["fallback_guess"] = Fallback.Guess,
                ["fallback_slip"] = Fallback.Slip,
            },
            new Dictionary<string, double[]>
            {
                ["initial"] = skills.Select(s => PerSkill[s].Initial).ToArray(),
                ["learn"] = skills.Select(s => PerSkill[s].Learn).ToArray(),
                ["guess"] = skills.Select(s => PerSkill[s].Guess).ToArray(),
                ["slip"] = skills.Select(s => PerSkill[s].Slip).ToArray(),
            })
        {
            Names = names,
        };
    }

    /// <summary>Reads what <see cref="Export"/> wrote.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static KnowledgeModel Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = parameters.Names ?? throw new FormatException("The knowledge model has no skill names.");
        var columns = new[] { "initial", "learn", "guess", "slip" }.Select(parameters.Array).ToArray();
        if (columns.Any(c => c.Length != names.Count))
        {
            throw new FormatException("The knowledge model's parameter arrays differ in length from its skills.");
        }

        var perSkill = new Dictionary<SkillId, BktParameters>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!SkillId.IsValid(names[i]))
            {
                throw new FormatException($"'{names[i]}' is not a skill id.");
            }

            perSkill[SkillId.Parse(names[i])] = new BktParameters(columns[0][i], columns[1][i], columns[2][i], columns[3][i]);
        }

        var fallback = new BktParameters(
            parameters.Scalar("fallback_initial"),
            parameters.Scalar("fallback_learn"),
            parameters.Scalar("fallback_guess"),
            parameters.Scalar("fallback_slip"));
        return new KnowledgeModel(perSkill, fallback);
    }
}
