namespace MasteryPath.Domain.Learning;

/// <summary>What the model remembers about one skill of one learner.</summary>
internal sealed class SkillHistory
{
    public int Attempts { get; set; }

    public int Correct { get; set; }

    public int LastStep { get; set; }

    /// <summary>Signed run of equal outcomes: +3 = three right in a row, -2 = two wrong in a row.</summary>
    public int Run { get; set; }

    /// <summary>The last three outcomes as bits, most recent in bit 0.</summary>
    public int Pattern { get; set; }

    public double MovingAverage { get; set; }
}

/// <summary>What the model remembers about one learner: memory grows with the skills touched.</summary>
internal sealed class LearnerHistory
{
    public const int Remembered = 3;

    public Dictionary<int, SkillHistory> Skills { get; } = [];

    public int Attempts { get; set; }

    public int Correct { get; set; }

    public int Run { get; set; }

    public int Pattern { get; set; }

    public double MovingAverage { get; set; } = double.NaN;

    public double Residual { get; set; }

    public double Ability { get; set; }

    /// <summary>Moving averages of (outcome − the skill's rate), fast and slow: how the learner fares right now.</summary>
    public double FastResidual { get; set; }

    public double SlowResidual { get; set; }

    public int[] RecentSkills { get; } = new int[Remembered];

    public bool[] RecentOutcomes { get; } = new bool[Remembered];

    public int RecentCount { get; set; }
}
