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

    public void Save(BinaryWriter writer)
    {
        writer.Write(Skills.Count);
        foreach (var (skill, h) in Skills)
        {
            writer.Write(skill);
            writer.Write(h.Attempts);
            writer.Write(h.Correct);
            writer.Write(h.LastStep);
            writer.Write(h.Run);
            writer.Write(h.Pattern);
            writer.Write(h.MovingAverage);
        }

        writer.Write(Attempts);
        writer.Write(Correct);
        writer.Write(Run);
        writer.Write(Pattern);
        writer.Write(MovingAverage);
        writer.Write(Residual);
        writer.Write(Ability);
        writer.Write(FastResidual);
        writer.Write(SlowResidual);
        for (var i = 0; i < Remembered; i++)
        {
            writer.Write(RecentSkills[i]);
            writer.Write(RecentOutcomes[i]);
        }

        writer.Write(RecentCount);
    }

    public void Restore(BinaryReader reader)
    {
        Skills.Clear();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            Skills[reader.ReadInt32()] = new SkillHistory
            {
                Attempts = reader.ReadInt32(),
                Correct = reader.ReadInt32(),
                LastStep = reader.ReadInt32(),
                Run = reader.ReadInt32(),
                Pattern = reader.ReadInt32(),
                MovingAverage = reader.ReadDouble(),
            };
        }

        Attempts = reader.ReadInt32();
        Correct = reader.ReadInt32();
        Run = reader.ReadInt32();
        Pattern = reader.ReadInt32();
        MovingAverage = reader.ReadDouble();
        Residual = reader.ReadDouble();
        Ability = reader.ReadDouble();
        FastResidual = reader.ReadDouble();
        SlowResidual = reader.ReadDouble();
        for (var i = 0; i < Remembered; i++)
        {
            RecentSkills[i] = reader.ReadInt32();
            RecentOutcomes[i] = reader.ReadBoolean();
        }

        RecentCount = reader.ReadInt32();
    }
}
