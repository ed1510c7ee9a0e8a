using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Mastery;

/// <summary>
/// One learner's mastery of a course's skills, built only by applying answer events in order. Live use
/// and replay run the same code, so replaying the log always gives exactly the live state, and a changed
/// policy (a teacher's new bar) or a refitted model is applied to old evidence by replaying. Applying an
/// event twice (same id) has no effect.
/// </summary>
/// <remarks>
/// P(knows) per skill comes from the <see cref="LearnerModel.Knowledge"/> part of the model and keeps the laws
/// of docs/adr/0009: a wrong answer never raises it, a right one never lowers it, and one right answer after a
/// run of wrong ones leaves it at most <see cref="MasteryPolicy.RecoveryCeiling"/>.
/// </remarks>
public sealed partial class LearnerMastery
{
    private readonly SkillGraph _graph;
    private readonly LearnerModel _model;
    private readonly CorrectnessTrace? _correctness;
    private readonly Dictionary<SkillId, SkillProgress> _progress = [];
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly RetentionScheduler _retention;

    /// <summary>How many recent answers per skill are kept for explanations (bounded, so the saved state is too).</summary>
    public const int MaxEffectsPerSkill = 24;

    /// <summary>Starts a learner with no evidence.</summary>
    public LearnerMastery(SkillGraph graph, LearnerModel model, MasteryPolicy policy, RetentionScheduler? retention = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(model);
        _retention = retention ?? model.Scheduler();
        _graph = graph;
        _model = model;
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _correctness = model.StartCorrectness();
    }

    /// <summary>The policy in force.</summary>
    public MasteryPolicy Policy { get; }

    /// <summary>The learner model in force.</summary>
    public LearnerModel Model => _model;

    /// <summary>Events applied so far (those in a restored state included).</summary>
    public int EventCount => _restoredCount + _applied.Count;

    /// <summary>Replays <paramref name="events"/> in order into a fresh state.</summary>
    public static LearnerMastery Replay(SkillGraph graph, LearnerModel model, MasteryPolicy policy, IEnumerable<AnswerEvent> events, RetentionScheduler? retention = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var mastery = new LearnerMastery(graph, model, policy, retention);
        foreach (var e in events)
        {
            mastery.Apply(e);
        }

        return mastery;
    }

    private SkillProgress For(SkillId skill)
    {
        if (!_progress.TryGetValue(skill, out var p))
        {
            p = new SkillProgress(_model.Knowledge.For(skill).Initial);
            p.ProgressMark = p.Known;
            _progress[skill] = p;
        }

        return p;
    }

    /// <summary>P(the learner knows <paramref name="skill"/>): what mastery decides on.</summary>
    public double Probability(SkillId skill) =>
        _progress.TryGetValue(skill, out var p) ? p.Known : _graph.Contains(skill) ? _model.Knowledge.For(skill).Initial : 0;

    /// <summary>P(the next answer on <paramref name="skill"/> is right): what item selection uses.</summary>
    public double PredictCorrect(SkillId skill) =>
        _correctness?.Predict(skill) ?? KnowledgeModel.PredictCorrect(_model.Knowledge.For(skill), Probability(skill));

    /// <summary>Applies one answer. Returns false (and changes nothing) when an event with the same id was already applied.</summary>
    /// <exception cref="ArgumentException">When the skill is not in the course.</exception>
    public bool Apply(AnswerEvent answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!_graph.Contains(answer.Skill))
        {
            throw new ArgumentException($"Skill '{answer.Skill}' is not in this course.", nameof(answer));
        }

        if (!_applied.Add(answer.EventId))
        {
            return false;
        }

        var p = For(answer.Skill);
        if (answer.Kind is EvidenceKind.PlacedKnown or EvidenceKind.Reset or EvidenceKind.Assessed or EvidenceKind.Override)
        {
            ApplyDecision(answer, p);
            return true;
        }

        var readyBefore = ReadyForCheck(p);
        var before = p.Known;
        _correctness?.Observe(answer.Skill, answer.Correct);
        Observe(answer.Skill, p, answer.Correct, answer.UsedHint, countsAsRun: answer.Kind != EvidenceKind.Placement);
        if (answer.Correct)
        {
            // A right answer is also evidence for the other skills the item exercises; a wrong one is blamed on its own skill.
            foreach (var also in (answer.AlsoSkills ?? []).Where(s => s != answer.Skill && _graph.Contains(s)))
            {
                var q = For(also);
                q.Known = System.Math.Max(q.Known, Cap(q, KnowledgeModel.Update(_model.Knowledge.For(also), q.Known, true, answer.UsedHint, Policy.HintWeight)));
            }
        }

        var after = p.Known;
        p.Effects.Add(new EvidenceEffect(answer.EventId, answer.Kind, answer.Correct, answer.UsedHint, answer.At, before, after));
        if (p.Effects.Count > MaxEffectsPerSkill)
        {
            // Explanations draw on recent evidence; memory stays bounded per skill, not per answer.
            p.Effects.RemoveAt(0);
        }

        p.Answers++;
        p.Evidence += answer.Correct && answer.UsedHint ? Policy.HintWeight : 1;
        if (after > p.ProgressMark + 0.02)
        {
            p.ProgressMark = after;
            p.SinceProgress = 0;
        }
        else
        {
            p.SinceProgress++;
        }

        if (p.Memory is { } memory && answer.At >= memory.LastReview)
        {
            // Every answer on a mastered skill is a review for its memory model.
            p.Memory = _retention.Review(memory, RetentionScheduler.FromAnswer(answer.Correct, answer.UsedHint), answer.At);
        }

        if (p.Unconfirmed)
        {
            ConfirmOrWithdrawPlacement(answer, p);
            return true;
        }

        if (p.Mastered && p.WrongInARow >= 2)
        {
            // Two wrong answers in a row on a mastered skill put its mastery on hold until a review is passed.
            p.Mastered = false;
            p.NeedsReview = true;
            return true;
        }

        switch (answer.Kind)
        {
            case EvidenceKind.MasteryCheck:
                ApplyCheck(answer, p, readyBefore);
                break;
            case EvidenceKind.Review when p.Mastered && !answer.Correct:
                // A failed review takes mastery away until a review is passed again.
                p.Mastered = false;
                p.NeedsReview = true;
                break;
            case EvidenceKind.Review when p.NeedsReview && answer.Correct && after >= Policy.Probability:
                p.Mastered = true;
                p.NeedsReview = false;
                p.MasteredAt = answer.At;
                p.MasteredBy = MasterySource.Review;
                break;
            case EvidenceKind.Practice when answer.Correct:
                CreditPrerequisites(answer.Skill, answer.At);
                break;
        }

        return true;
    }

    /// <summary>Updates P(knows) of the answered skill, with the recovery ceiling after a run of wrong answers.</summary>
    private void Observe(SkillId skill, SkillProgress p, bool correct, bool usedHint, bool countsAsRun)
    {
        var updated = KnowledgeModel.Update(_model.Knowledge.For(skill), p.Known, correct, usedHint, Policy.HintWeight);
        if (countsAsRun)
        {
            p.Count(correct);
            if (p.WrongInARow >= 2)
            {
                p.Recovering = true;
            }
            else if (p.RightInARow >= MasteryPolicy.RecoveryRun)
            {
                p.Recovering = false;
            }
        }

        p.Known = correct ? System.Math.Max(p.Known, Cap(p, updated)) : System.Math.Min(p.Known, Cap(p, updated));
        p.Best = System.Math.Max(p.Best, p.Known);
    }

    private double Cap(SkillProgress p, double known) => p.Recovering ? System.Math.Min(known, Policy.RecoveryCeiling) : known;

    /// <summary>A skill placed without direct evidence: a right unaided answer confirms it; a wrong answer withdraws the placement.</summary>
    private static void ConfirmOrWithdrawPlacement(AnswerEvent answer, SkillProgress p)
    {
        if (answer.Correct && !answer.UsedHint)
        {
            p.Unconfirmed = false;
        }
        else if (!answer.Correct)
        {
            // The placement's claim is refuted; the skills it opened stay open (EverMastered), this one is earned again.
            p.LoseMastery();
        }
    }

    /// <summary>
    /// Practising a skill exercises its prerequisites: each mastered direct prerequisite gets a fractional
    /// review (at most once a day, so credit cannot compound within a session).
    /// </summary>
    private void CreditPrerequisites(SkillId skill, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var prerequisite in _graph.PrerequisitesOf(skill))
        {
            if (_progress.TryGetValue(prerequisite, out var pp) && pp.Mastered && pp.Memory is { } memory && pp.CreditedOn != day && at >= memory.LastReview)
            {
                pp.Memory = _retention.Credit(memory, Policy.PrerequisiteCredit, at);
                pp.CreditedOn = day;
            }
        }
    }

    /// <summary>Mastered skills whose estimated recall at <paramref name="now"/> has fallen below the policy's review threshold, with that recall.</summary>
    public IReadOnlyDictionary<SkillId, double> DueReviews(DateTimeOffset now) =>
        _progress
            .Select(p => (p.Key, Recall: MasteredRecall(p.Value, now)))
            .Where(p => p.Recall < Policy.ReviewThreshold)
            .ToDictionary(p => p.Key, p => p.Recall!.Value);

    /// <summary>The chance of recalling a mastered skill at <paramref name="now"/>; null when it is not mastered (or has no memory yet).</summary>
    private double? MasteredRecall(SkillProgress progress, DateTimeOffset now) =>
        progress.Mastered && progress.Memory is { } memory ? _retention.Retrievability(memory, now) : null;

    /// <summary>When the next review of a mastered skill falls due, or null when it is not mastered.</summary>
    public DateTimeOffset? NextReview(SkillId skill) =>
        _progress.TryGetValue(skill, out var p) && p.Mastered && p.Memory is { } memory ? _retention.Due(memory, Policy.ReviewThreshold) : null;

    /// <summary>The statuses at <paramref name="now"/>: mastered skills whose memory has decayed below the review threshold show as needing review.</summary>
    public IReadOnlyList<SkillStatus> Statuses(DateTimeOffset now) => _graph.TopologicalOrder.Select(skill => Status(skill, now)).ToList();

    /// <summary>One skill's status at <paramref name="now"/>, as <see cref="Statuses(DateTimeOffset)"/> has it.</summary>
    public SkillStatus Status(SkillId skill, DateTimeOffset now)
    {
        var status = Status(skill);
        return status.State == SkillState.Mastered && IsDue(skill, now) ? status with { State = SkillState.NeedsReview } : status;
    }

    private bool IsDue(SkillId skill, DateTimeOffset now) =>
        _progress.TryGetValue(skill, out var p) && MasteredRecall(p, now) < Policy.ReviewThreshold;

    private void ApplyDecision(AnswerEvent decision, SkillProgress p)
    {
        switch (decision.Kind)
        {
            case EvidenceKind.Assessed or EvidenceKind.Override when decision.Correct:
                p.Memory = p.Mastered && p.Memory is { } memory ? memory : _retention.First(Grade.Good, decision.At);
                if (!p.Mastered || p.Unconfirmed)
                {
                    p.MasteredAt = decision.At;
                    p.MasteredBy = decision.Kind == EvidenceKind.Assessed ? MasterySource.Project : MasterySource.Teacher;
                }

                p.Mastered = true;
                p.Unconfirmed = false;
                p.EverMastered = true;
                p.NeedsReview = false;
                p.ChecksFailedInARow = 0;
                return;
            case EvidenceKind.Assessed:
                return;
            case EvidenceKind.Override:
                p.LoseMastery();
                p.EverMastered = false;
                p.NeedsReview = false;
                p.CheckId = null;
                p.CheckCounts = false;
                return;
            case EvidenceKind.PlacedKnown:
                // Hard, not Good: a short first stability, so an early review confirms the placement.
                p.Memory = _retention.First(Grade.Hard, decision.At);
                p.Mastered = true;
                p.Unconfirmed = true;
                p.EverMastered = true;
                p.NeedsReview = false;
                p.MasteredAt = decision.At;
                p.MasteredBy = MasterySource.Placement;
                p.Known = System.Math.Max(p.Known, Policy.PlacementConfidence);
                p.Best = System.Math.Max(p.Best, p.Known);
                return;
        }

        // Reset: evidence before it no longer counts toward mastery.
        var fresh = new SkillProgress(_model.Knowledge.For(decision.Skill).Initial);
        fresh.ProgressMark = fresh.Known;
        fresh.DecidedChecks.AddRange(p.DecidedChecks);

        _progress[decision.Skill] = fresh;
    }

    private void ApplyCheck(AnswerEvent answer, SkillProgress p, bool readyBefore)
    {
        if (answer.CheckId is not null && p.DecidedChecks.Contains(answer.CheckId, StringComparer.Ordinal))
        {
            return;
        }

        if (p.CheckId != answer.CheckId)
        {
            // A new check counts only if the learner met the bar when it started; under a raised bar,
            // replay turns early checks into plain practice.
            p.CheckId = answer.CheckId;
            p.CheckCounts = readyBefore;
            p.CheckAnswered = 0;
            p.CheckCorrect = 0;
        }

        if (!p.CheckCounts)
        {
            return;
        }

        p.CheckAnswered++;
        p.CheckCorrect += answer.Correct && !answer.UsedHint ? 1 : 0;

        // The check ends as soon as its outcome is decided (the rule simulated in docs/benchmarks.md §3).
        var passed = p.CheckCorrect >= Policy.CheckPassCount;
        var failed = p.CheckCorrect + (Policy.CheckItems - p.CheckAnswered) < Policy.CheckPassCount;
        if (!passed && !failed)
        {
            return;
        }

        if (answer.CheckId is not null)
        {
            p.AddDecidedCheck(answer.CheckId);
        }

        p.LastCheck = new CheckResult(p.CheckCorrect, p.CheckAnswered, passed, answer.At);
        if (passed)
        {
            p.Memory ??= _retention.First(Grade.Good, answer.At);
            p.Mastered = true;
            p.EverMastered = true;
            p.NeedsReview = false;
            p.MasteredAt = answer.At;
            p.MasteredBy = MasterySource.Check;
            p.ChecksFailedInARow = 0;
        }
        else
        {
            p.ChecksFailedInARow++;
        }

        p.CheckId = null;
        p.CheckCounts = false;
    }

    private bool ReadyForCheck(SkillProgress p) =>
        !p.Mastered && p.Evidence >= Policy.MinimumEvidence && p.Known >= Policy.Probability;

    /// <summary>Skills whose mastery stands now (placed skills included, confirmed or not).</summary>
    public IReadOnlySet<SkillId> Mastered => _progress.Where(p => p.Value.Mastered).Select(p => p.Key).ToHashSet();

    /// <summary>True when every prerequisite of <paramref name="skill"/> has been mastered (or placed) at some point.</summary>
    public bool IsUnlocked(SkillId skill) =>
        _graph.PrerequisitesOf(skill).All(p => _progress.TryGetValue(p, out var pp) && pp.EverMastered);

    /// <summary>The status of one skill.</summary>
    public SkillStatus Status(SkillId skill)
    {
        var p = _progress.GetValueOrDefault(skill) ?? new SkillProgress(_model.Knowledge.For(skill).Initial);
        var help = HelpReasonOf(p);
        var state = p switch
        {
            { Mastered: true, Unconfirmed: true } => SkillState.Placed,
            { Mastered: true } => SkillState.Mastered,
            { NeedsReview: true } => SkillState.NeedsReview,
            _ when !IsUnlocked(skill) => SkillState.Locked,
            { Answers: 0 } => SkillState.Ready,
            _ when help != HelpReason.None => SkillState.NeedsHelp,
            _ => SkillState.InProgress,
        };
        var open = state is not (SkillState.Locked or SkillState.Mastered or SkillState.Placed);
        return new SkillStatus(skill, state, p.Known, p.Answers, p.ChecksFailedInARow, p.MasteredAt, p.CheckCounts ? p.CheckAnswered : 0)
        {
            ReadyForCheck = open && ReadyForCheck(p),
            HelpReason = state == SkillState.NeedsHelp ? help : HelpReason.None,
            WrongInARow = p.WrongInARow,
            RecentCorrect = p.Recent.Count(c => c),
            RecentAnswers = p.Recent.Count,
            RightAnswersToCheck = open && !p.CheckCounts ? RightAnswersToCheck(skill, p) : null,
            MasteredBy = p.Mastered ? p.MasteredBy : null,
            LastCheck = p.LastCheck,
            Best = p.Best,
            Lapsed = p.NeedsReview,
        };
    }

    private HelpReason HelpReasonOf(SkillProgress p)
    {
        if (p.Mastered || p.Answers == 0)
        {
            return HelpReason.None;
        }

        if (p.ChecksFailedInARow >= Policy.StuckAfterFailedChecks)
        {
            return HelpReason.FailedChecks;
        }

        if (p.WrongInARow >= Policy.StuckAfterWrongInARow)
        {
            return HelpReason.WrongInARow;
        }

        if (p.Best >= Policy.Probability && p.Best - p.Known >= Policy.FallingDrop && p.Recent.Count >= 3 && p.Recent.TakeLast(3).Count(c => !c) >= 2)
        {
            return HelpReason.Falling;
        }

        return p.SinceProgress >= Policy.NeedsHelpAfter && p.Known < Policy.Probability ? HelpReason.NoProgress : HelpReason.None;
    }

    /// <summary>How many unaided right answers in a row would open the check from here (null past 30).</summary>
    private int? RightAnswersToCheck(SkillId skill, SkillProgress p)
    {
        var parameters = _model.Knowledge.For(skill);
        var known = p.Known;
        var evidence = p.Evidence;
        var recovering = p.Recovering;
        var run = p.RightInARow;
        for (var n = 0; n <= 30; n++)
        {
            if (evidence >= Policy.MinimumEvidence && known >= Policy.Probability)
            {
                return n;
            }

            run++;
            recovering &= run < MasteryPolicy.RecoveryRun;
            var next = KnowledgeModel.Update(parameters, known, true);
            known = System.Math.Max(known, recovering ? System.Math.Min(next, Policy.RecoveryCeiling) : next);
            evidence++;
        }

        return null;
    }

    /// <summary>The status of every skill, in topological order.</summary>
    public IReadOnlyList<SkillStatus> Statuses() => _graph.TopologicalOrder.Select(Status).ToList();

    /// <summary>The answers that moved P(knows) of <paramref name="skill"/> most, largest change first: "mastered because ...".</summary>
    public IReadOnlyList<EvidenceEffect> Explain(SkillId skill, int top = 3) =>
        _progress.TryGetValue(skill, out var p)
            ? p.Effects.OrderByDescending(e => System.Math.Abs(e.Change)).ThenByDescending(e => e.At).Take(top).ToList()
            : [];
}
