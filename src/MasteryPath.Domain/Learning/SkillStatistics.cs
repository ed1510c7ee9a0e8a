namespace MasteryPath.Domain.Learning;

/// <summary>
/// What the features read from training data besides the weights: each skill's success rate (shrunk towards
/// the global rate) and a skill–skill kernel from the correlation of learners' residuals.
/// </summary>
internal sealed class SkillStatistics
{
    private const double PriorStrength = 5;
    private const double KernelShrink = 20;

    public SkillStatistics(int skills, double[] rate, double globalRate, float[] kernel)
    {
        Skills = skills;
        Rate = rate;
        GlobalRate = globalRate;
        Kernel = kernel;
    }

    public int Skills { get; }

    public double[] Rate { get; }

    public double GlobalRate { get; }

    /// <summary>K[k · skills + s]: how a surplus of successes on skill k predicts a surplus on skill s.</summary>
    public float[] Kernel { get; }

    public static SkillStatistics Fit(IEnumerable<LearnerSequence> training, int skills)
    {
        var learners = training as IReadOnlyCollection<LearnerSequence> ?? training.ToList();
        var attempts = new double[skills];
        var correct = new double[skills];
        double total = 0, totalCorrect = 0;
        foreach (var a in learners.SelectMany(l => l.Attempts))
        {
            if ((uint)a.Skill >= (uint)skills)
            {
                continue;
            }

            attempts[a.Skill]++;
            correct[a.Skill] += a.Correct ? 1 : 0;
            total++;
            totalCorrect += a.Correct ? 1 : 0;
        }

        var globalRate = total == 0 ? 0.5 : System.Math.Clamp(totalCorrect / total, 0.01, 0.99);
        var rate = new double[skills];
        for (var s = 0; s < skills; s++)
        {
            rate[s] = (correct[s] + (PriorStrength * globalRate)) / (attempts[s] + PriorStrength);
        }

        return new SkillStatistics(skills, rate, globalRate, FitKernel(learners, skills, rate));
    }

    /// <summary>
    /// The shrunken correlation of per-learner residuals of skills k and s, squared with its sign kept, scaled
    /// per column to max 1.
    /// </summary>
    private static float[] FitKernel(IReadOnlyCollection<LearnerSequence> training, int skills, double[] rate)
    {
        var size = (long)skills * skills;
        var sxy = new double[size];
        var sxx = new double[size];
        var syy = new double[size];
        var count = new int[size];
        var n = new int[skills];
        var c = new int[skills];
        var touched = new List<int>();
        var mean = new double[skills];
        foreach (var learner in training)
        {
            touched.Clear();
            foreach (var a in learner.Attempts)
            {
                if ((uint)a.Skill >= (uint)skills)
                {
                    continue;
                }

                if (n[a.Skill] == 0)
                {
                    touched.Add(a.Skill);
                }

                n[a.Skill]++;
                c[a.Skill] += a.Correct ? 1 : 0;
            }

            foreach (var k in touched)
            {
                mean[k] = (c[k] - (n[k] * rate[k])) / n[k];
            }

            foreach (var k in touched)
            {
                var mk = mean[k];
                var row = (long)k * skills;
                foreach (var s in touched)
                {
                    var ms = mean[s];
                    var ix = row + s;
                    sxy[ix] += mk * ms;
                    sxx[ix] += mk * mk;
                    syy[ix] += ms * ms;
                    count[ix]++;
                }
            }

            foreach (var k in touched)
            {
                n[k] = 0;
                c[k] = 0;
            }
        }

        var kernel = new float[size];
        for (var s = 0; s < skills; s++)
        {
            var max = 1e-12;
            for (var k = 0; k < skills; k++)
            {
                var ix = ((long)k * skills) + s;
                if (k == s || count[ix] < 2 || sxx[ix] <= 0 || syy[ix] <= 0)
                {
                    continue;
                }

                var r = sxy[ix] / System.Math.Sqrt(sxx[ix] * syy[ix]) * count[ix] / (count[ix] + KernelShrink);
                var v = System.Math.Sign(r) * r * r;
                kernel[ix] = (float)v;
                max = System.Math.Max(max, System.Math.Abs(v));
            }

            for (var k = 0; k < skills; k++)
            {
                kernel[((long)k * skills) + s] = (float)(kernel[((long)k * skills) + s] / max);
            }
        }

        return kernel;
    }
}
