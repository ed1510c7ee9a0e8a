using MasteryPath.Domain.Retention;

namespace MasteryPath.Domain.Mastery;

/// <summary>What <see cref="LearnerMastery"/> remembers about one skill of one learner.</summary>
internal sealed class SkillProgress
{
    public SkillProgress(double known)
    {
        Known = known;
        Best = known;
    }

    /// <summary>P(knows the skill).</summary>
    public double Known { get; set; }

    public int Answers { get; set; }

    public double Evidence { get; set; }

    public bool EverMastered { get; set; }

    public bool Mastered { get; set; }

    /// <summary>Placed by the placement and not yet confirmed by a right answer on the skill.</summary>
    public bool Unconfirmed { get; set; }

    public MasterySource? MasteredBy { get; set; }

    public bool NeedsReview { get; set; }

    public DateTimeOffset? MasteredAt { get; set; }

    public string? CheckId { get; set; }

    /// <summary>How many decided checks are remembered: a check's answers come together, so late ones reach only recent checks.</summary>
    public const int MaxDecidedChecks = 16;

    /// <summary>The latest checks already decided, oldest first; late answers to them count as practice.</summary>
    public List<string> DecidedChecks { get; } = [];

    public void AddDecidedCheck(string checkId)
    {
        DecidedChecks.Add(checkId);
        if (DecidedChecks.Count > MaxDecidedChecks)
        {
            DecidedChecks.RemoveAt(0);
        }
    }

    public bool CheckCounts { get; set; }

    public int CheckAnswered { get; set; }

    public int CheckCorrect { get; set; }

    public int ChecksFailedInARow { get; set; }

    public CheckResult? LastCheck { get; set; }

    public int SinceProgress { get; set; }

    /// <summary>The best P(knows) since the last reset.</summary>
    public double Best { get; set; }

    /// <summary>The best P(knows) at the last progress: "no progress" counts answers since it was beaten.</summary>
    public double ProgressMark { get; set; }

    /// <summary>Wrong answers in a row (placement answers aside).</summary>
    public int WrongInARow { get; set; }

    /// <summary>Right answers in a row (placement answers aside).</summary>
    public int RightInARow { get; set; }

    /// <summary>True after a run of wrong answers until <see cref="MasteryPolicy.RecoveryRun"/> right answers in a row.</summary>
    public bool Recovering { get; set; }

    /// <summary>Outcomes of the latest answers (placement aside), most recent last, at most <see cref="MasteryPolicy.RecentWindow"/>.</summary>
    public Queue<bool> Recent { get; } = new();

    public List<EvidenceEffect> Effects { get; } = [];

    /// <summary>FSRS memory of a mastered skill; null until first mastered.</summary>
    public MemoryState? Memory { get; set; }

    /// <summary>The day this skill last received review credit from practice on a dependent skill.</summary>
    public DateOnly? CreditedOn { get; set; }

    /// <summary>Mastery (or a placement) ends: the skill must be earned again; evidence stays.</summary>
    public void LoseMastery()
    {
        Mastered = false;
        Unconfirmed = false;
        MasteredBy = null;
        MasteredAt = null;
        Memory = null;
    }

    /// <summary>Records an outcome in the runs and the recent window.</summary>
    public void Count(bool correct)
    {
        WrongInARow = correct ? 0 : WrongInARow + 1;
        RightInARow = correct ? RightInARow + 1 : 0;
        Recent.Enqueue(correct);
        while (Recent.Count > MasteryPolicy.RecentWindow)
        {
            Recent.Dequeue();
        }
    }
}
