namespace MasteryPath.Domain.Simulation;

/// <summary>Final-test outcome of one pacing policy for the simulated class.</summary>
/// <param name="Pacing">"fixed-pacing" or "mastery-pacing".</param>
/// <param name="ItemsPerLearner">Practice items per learner (the same budget under both policies).</param>
/// <param name="TestMean">Mean final-test score (share correct over all skills' items).</param>
/// <param name="TestSd">Sample SD of the final-test scores.</param>
/// <param name="SkillsTrulyMastered">Mean number of skills truly mastered at the final test.</param>
/// <param name="MovedOnUnmastered">Share of moves to the next skill made while the skill was truly not mastered.</param>
public sealed record PacingResult(string Pacing, int ItemsPerLearner, double TestMean, double TestSd, double SkillsTrulyMastered, double MovedOnUnmastered);

/// <summary>Both policies on the same class and Cohen's d of the final test, mastery minus fixed.</summary>
/// <param name="Fixed">Fixed pacing.</param>
/// <param name="Mastery">Mastery pacing.</param>
/// <param name="EffectSize">Cohen's d: (mastery mean − fixed mean) / pooled SD.</param>
public sealed record ClassWhatIfResult(PacingResult Fixed, PacingResult Mastery, double EffectSize);

/// <summary>
/// Class what-if: the same simulated class works through a chain of skills, each needing its predecessor,
/// under fixed pacing (everyone moves on after <see cref="ItemsPerSkill"/> items) and under mastery pacing
/// (move on when <see cref="MasteryPathRule"/> declares mastery, however long it takes) with the same total
/// practice budget per learner (<see cref="ItemsPerSkill"/> × <see cref="Skills"/>). A mastery-paced learner who
/// finishes the chain early spends the rest of the budget on review, round-robin over the skills; one who runs
/// out of budget leaves later skills unpractised. Then a final test of <see cref="TestItemsPerSkill"/> fresh items
/// per skill.
/// <para>Learner model (irt-learning per skill): ability θ ~ N(0, 1) and a per-learner learning rate
/// (log-normal, median 0.12, log-SD 0.5) as in <see cref="IrtLearningGenerator"/>; skill k starts at level
/// θ + N(0, 0.5²) − <see cref="StartOffset"/>. The prerequisite's gap g = max(0, logit(0.85) − its level) slows
/// learning (each practised item adds rate · exp(−<see cref="PrerequisiteLearningCost"/> · g)) and lowers
/// performance (an item of difficulty b ~ N(0, 0.5²) is answered right with
/// σ(level − <see cref="PrerequisitePerformanceCost"/> · g − b)): a missing foundation makes practice and
/// answers on the next skill worse, in proportion to how much is missing. Truly mastered means σ(level) ≥ 0.85.</para>
/// </summary>
public sealed class ClassWhatIf
{
    /// <summary>Learners in the class.</summary>
    public int Learners { get; init; } = 30;

    /// <summary>Skills in the prerequisite chain.</summary>
    public int Skills { get; init; } = 10;

    /// <summary>Items per skill under fixed pacing; times <see cref="Skills"/> it is each learner's budget.</summary>
    public int ItemsPerSkill { get; init; } = 20;

    /// <summary>Final-test items per skill.</summary>
    public int TestItemsPerSkill { get; init; } = 10;

    /// <summary>
    /// How fast learning on a skill fades with the prerequisite's gap g = max(0, logit(0.85) − prerequisite level):
    /// each practised item adds rate · exp(−cost · g).
    /// </summary>
    public double PrerequisiteLearningCost { get; init; } = 1.0;

    /// <summary>How much the prerequisite's gap lowers performance on a skill: effective level = level − cost · g.</summary>
    public double PrerequisitePerformanceCost { get; init; } = 1.0;

    /// <summary>How far below θ a new skill starts, on average.</summary>
    public double StartOffset { get; init; } = 0.5;

    /// <summary>The mastery rule used for mastery pacing.</summary>
    public MasteryPathRule Rule { get; init; } = new();

    /// <summary>Runs both policies on the class drawn from <paramref name="seed"/>.</summary>
    public ClassWhatIfResult Run(ulong seed)
    {
        var fixedPacing = RunPolicy(seed, mastery: false);
        var masteryPacing = RunPolicy(seed, mastery: true);
        var pooled = System.Math.Sqrt(((fixedPacing.TestSd * fixedPacing.TestSd) + (masteryPacing.TestSd * masteryPacing.TestSd)) / 2);
        var d = pooled > 0 ? (masteryPacing.TestMean - fixedPacing.TestMean) / pooled : 0;
        return new ClassWhatIfResult(fixedPacing, masteryPacing, d);
    }

    private PacingResult RunPolicy(ulong seed, bool mastery)
    {
        var budget = ItemsPerSkill * Skills;
        var scores = new double[Learners];
        double masteredSum = 0;
        int moves = 0, unmasteredMoves = 0;
        var classKey = MasterySimulator.StableHash("class");
        for (var i = 0; i < Learners; i++)
        {
            var learner = new ClassLearner(this, SimulationRandom.Mix(seed, classKey, (ulong)i), SimulationRandom.Mix(seed, classKey + 1, (ulong)i));
            var used = 0;
            for (var k = 0; k < Skills && used < budget; k++)
            {
                if (mastery)
                {
                    var tracker = Rule.Start();
                    var declared = false;
                    while (used < budget && !declared)
                    {
                        declared = tracker.Observe(learner.Practise(k));
                        used++;
                    }

                    if (declared)
                    {
                        moves++;
                        unmasteredMoves += learner.Mastered(k) ? 0 : 1;
                    }
                }
                else
                {
                    for (var j = 0; j < ItemsPerSkill; j++)
                    {
                        learner.Practise(k);
                        used++;
                    }

                    moves++;
                    unmasteredMoves += learner.Mastered(k) ? 0 : 1;
                }
            }

            for (var review = 0; used < budget; review = (review + 1) % Skills)
            {
                learner.Practise(review);
                used++;
            }

            scores[i] = learner.FinalTest(TestItemsPerSkill);
            masteredSum += Enumerable.Range(0, Skills).Count(learner.Mastered);
        }

        var mean = scores.Average();
        var sd = Learners > 1 ? System.Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (Learners - 1)) : 0;
        return new PacingResult(mastery ? "mastery-pacing" : "fixed-pacing", budget, mean, sd, masteredSum / Learners, moves == 0 ? 0 : unmasteredMoves / (double)moves);
    }

    private sealed class ClassLearner
    {
        private const double MasteryLevel = 1.7346010553881064; // logit(0.85)
        private readonly ClassWhatIf _setup;
        private readonly DeterministicRandom _answers;
        private readonly double _rate;
        private readonly double[] _level;

        public ClassLearner(ClassWhatIf setup, ulong parameterSeed, ulong answerSeed)
        {
            _setup = setup;
            var random = new DeterministicRandom(parameterSeed);
            var ability = random.NextGaussian();
            _rate = 0.12 * System.Math.Exp(0.5 * random.NextGaussian());
            _level = new double[setup.Skills];
            for (var k = 0; k < setup.Skills; k++)
            {
                _level[k] = ability + (0.5 * random.NextGaussian()) - setup.StartOffset;
            }

            _answers = new DeterministicRandom(answerSeed);
        }

        public bool Mastered(int skill) => _level[skill] >= MasteryLevel;

        public bool Practise(int skill)
        {
            var correct = Answer(skill);
            _level[skill] += _rate * System.Math.Exp(-_setup.PrerequisiteLearningCost * Gap(skill));
            return correct;
        }

        private double Gap(int skill) => skill == 0 ? 0 : System.Math.Max(0, MasteryLevel - _level[skill - 1]);

        public double FinalTest(int itemsPerSkill)
        {
            var correct = 0;
            for (var k = 0; k < _level.Length; k++)
            {
                for (var j = 0; j < itemsPerSkill; j++)
                {
                    correct += Answer(k) ? 1 : 0;
                }
            }

            return correct / (double)(itemsPerSkill * _level.Length);
        }

        private bool Answer(int skill)
        {
            var level = _level[skill] - (_setup.PrerequisitePerformanceCost * Gap(skill));
            return _answers.NextDouble() < SimulationRandom.Sigmoid(level - (0.5 * _answers.NextGaussian()));
        }
    }
}
