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
public sealed class LearnerMastery
{
    private readonly SkillGraph _graph;
    private readonly ILearnerTrace _trace;
    private readonly Dictionary<SkillId, int> _index;
    private readonly Dictionary<SkillId, Progress> _progress = [];
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly RetentionScheduler _retention;

    /// <summary>How many recent answers per skill are kept for explanations.</summary>
    public const int MaxEffectsPerSkill = 100;

    /// <summary>Starts a learner with no evidence.</summary>
    public LearnerMastery(SkillGraph graph, IKnowledgeTracer model, MasteryPolicy policy, RetentionScheduler? retention = null)
    {
        _retention = retention ?? new RetentionScheduler();
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(model);
        _graph = graph;
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _trace = model.StartLearner();
        _index = graph.TopologicalOrder.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
    }

    /// <summary>The policy in force.</summary>
    public MasteryPolicy Policy { get; }

    /// <summary>Events applied so far.</summary>
    public int EventCount => _applied.Count;

    private sealed class Progress
    {
        public int Answers { get; set; }

        public double Evidence { get; set; }

        public bool EverMastered { get; set; }

        public bool Mastered { get; set; }

        public bool NeedsReview { get; set; }

        public DateTimeOffset? MasteredAt { get; set; }

        public string? CheckId { get; set; }

        /// <summary>Checks already decided; late answers to them count as practice.</summary>
        public HashSet<string> DecidedChecks { get; } = new(StringComparer.Ordinal);

        public bool CheckCounts { get; set; }

        public int CheckAnswered { get; set; }

        public int CheckCorrect { get; set; }

        public int ChecksFailedInARow { get; set; }

        public int SinceProgress { get; set; }

        public double Best { get; set; }

        public List<EvidenceEffect> Effects { get; } = [];

        /// <summary>FSRS memory of a mastered skill; null until first mastered.</summary>
        public MemoryState? Memory { get; set; }

        /// <summary>The day this skill last received review credit from practice on a dependent skill.</summary>
        public DateOnly? CreditedOn { get; set; }
    }

    /// <summary>Replays <paramref name="events"/> in order into a fresh state.</summary>
    public static LearnerMastery Replay(SkillGraph graph, IKnowledgeTracer model, MasteryPolicy policy, IEnumerable<AnswerEvent> events, RetentionScheduler? retention = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var mastery = new LearnerMastery(graph, model, policy, retention);
        foreach (var e in events)
        {
            mastery.Apply(e);
        }

        return mastery;
    }

    private Progress For(SkillId skill)
    {
        if (!_progress.TryGetValue(skill, out var p))
        {
            p = new Progress();
            _progress[skill] = p;
        }

        return p;
    }

    /// <summary>The model's P(mastered) of <paramref name="skill"/>.</summary>
    public double Probability(SkillId skill) => _index.TryGetValue(skill, out var i) ? _trace.Mastery(i) : 0;

    /// <summary>Applies one answer. Returns false (and changes nothing) when an event with the same id was already applied.</summary>
    /// <exception cref="ArgumentException">When the skill is not in the course.</exception>
    public bool Apply(AnswerEvent answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!_index.ContainsKey(answer.Skill))
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

        var readyBefore = ReadyForCheck(answer.Skill, p);
        var before = Probability(answer.Skill);

        // A correct answer after a hint is weaker evidence: the model sees it only when the hint weight is at least one half.
        var observe = !(answer.Correct && answer.UsedHint) || Policy.HintWeight >= 0.5;
        if (observe)
        {
            _trace.Observe(_index[answer.Skill], answer.Correct);
            foreach (var also in answer.AlsoSkills ?? [])
            {
                if (_index.TryGetValue(also, out var alsoIndex) && also != answer.Skill)
                {
                    _trace.Observe(alsoIndex, answer.Correct);
                }
            }
        }

        var after = Probability(answer.Skill);
        p.Effects.Add(new EvidenceEffect(answer.EventId, answer.Kind, answer.Correct, answer.UsedHint, answer.At, before, after));
        if (p.Effects.Count > MaxEffectsPerSkill)
        {
            // Explanations draw on recent evidence; memory stays bounded per skill, not per answer.
            p.Effects.RemoveAt(0);
        }
        p.Answers++;
        p.Evidence += answer.Correct && answer.UsedHint ? Policy.HintWeight : 1;
        if (after > p.Best + 0.02)
        {
            p.Best = after;
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
                break;
            case EvidenceKind.Practice when answer.Correct:
                CreditPrerequisites(answer.Skill, answer.At);
                break;
        }

        return true;
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
            .Where(p => p.Value.Mastered && p.Value.Memory is not null)
            .Select(p => (p.Key, Recall: _retention.Retrievability(p.Value.Memory!.Value, now)))
            .Where(p => p.Recall < Policy.ReviewThreshold)
            .ToDictionary(p => p.Key, p => p.Recall);

    /// <summary>The statuses at <paramref name="now"/>: mastered skills whose memory has decayed below the review threshold show as needing review.</summary>
    public IReadOnlyList<SkillStatus> Statuses(DateTimeOffset now)
    {
        var due = DueReviews(now);
        return Statuses().Select(s => due.ContainsKey(s.Skill) ? s with { State = SkillState.NeedsReview } : s).ToList();
    }

    private void ApplyDecision(AnswerEvent decision, Progress p)
    {
        if (decision.Kind is EvidenceKind.Assessed or EvidenceKind.Override && decision.Correct)
        {
            p.Memory = p.Mastered && p.Memory is { } memory ? memory : _retention.First(Grade.Good, decision.At);
            p.MasteredAt = p.Mastered ? p.MasteredAt : decision.At;
            p.Mastered = true;
            p.EverMastered = true;
            p.NeedsReview = false;
            p.ChecksFailedInARow = 0;
            return;
        }

        if (decision.Kind == EvidenceKind.Assessed)
        {
            return;
        }

        if (decision.Kind == EvidenceKind.Override)
        {
            p.Mastered = false;
            p.EverMastered = false;
            p.NeedsReview = false;
            p.MasteredAt = null;
            p.Memory = null;
            p.CheckId = null;
            p.CheckCounts = false;
            return;
        }

        if (decision.Kind == EvidenceKind.PlacedKnown)
        {
            // Hard, not Good: a short first stability, so the placement is confirmed by an early review.
            p.Memory = _retention.First(Grade.Hard, decision.At);
            p.Mastered = true;
            p.EverMastered = true;
            p.NeedsReview = false;
            p.MasteredAt = decision.At;
            return;
        }

        p.Mastered = false;
        p.EverMastered = false;
        p.NeedsReview = false;
        p.MasteredAt = null;
        p.Memory = null;
        p.Evidence = 0;
        p.Answers = 0;
        p.ChecksFailedInARow = 0;
        p.SinceProgress = 0;
        p.CheckId = null;
        p.CheckCounts = false;
    }

    private void ApplyCheck(AnswerEvent answer, Progress p, bool readyBefore)
    {
        if (answer.CheckId is not null && p.DecidedChecks.Contains(answer.CheckId))
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
            p.DecidedChecks.Add(answer.CheckId);
        }

        if (passed)
        {
            p.Memory ??= _retention.First(Grade.Good, answer.At);
            p.Mastered = true;
            p.EverMastered = true;
            p.NeedsReview = false;
            p.MasteredAt = answer.At;
            p.ChecksFailedInARow = 0;
        }
        else
        {
            p.ChecksFailedInARow++;
        }

        p.CheckId = null;
        p.CheckCounts = false;
    }

    private bool ReadyForCheck(SkillId skill, Progress p) =>
        !p.Mastered && p.Evidence >= Policy.MinimumEvidence && Probability(skill) >= Policy.Probability;

    /// <summary>Skills whose mastery stands now.</summary>
    public IReadOnlySet<SkillId> Mastered => _progress.Where(p => p.Value.Mastered).Select(p => p.Key).ToHashSet();

    /// <summary>True when every prerequisite of <paramref name="skill"/> has been mastered at some point.</summary>
    public bool IsUnlocked(SkillId skill) =>
        _graph.PrerequisitesOf(skill).All(p => _progress.TryGetValue(p, out var pp) && pp.EverMastered);

    /// <summary>The status of one skill.</summary>
    public SkillStatus Status(SkillId skill)
    {
        _progress.TryGetValue(skill, out var p);
        p ??= new Progress();
        var probability = Probability(skill);
        var state = p switch
        {
            { Mastered: true } => SkillState.Mastered,
            { NeedsReview: true } => SkillState.NeedsReview,
            _ when !IsUnlocked(skill) => SkillState.Locked,
            { Answers: 0 } => SkillState.Ready,
            _ when p.ChecksFailedInARow >= 2 || (p.SinceProgress >= Policy.NeedsHelpAfter && probability < Policy.Probability) => SkillState.NeedsHelp,
            _ => SkillState.InProgress,
        };
        return new SkillStatus(skill, state, probability, p.Answers, p.ChecksFailedInARow, p.MasteredAt, p.CheckCounts ? p.CheckAnswered : 0)
        {
            ReadyForCheck = state is not (SkillState.Locked or SkillState.Mastered) && ReadyForCheck(skill, p),
        };
    }

    /// <summary>The status of every skill, in topological order.</summary>
    public IReadOnlyList<SkillStatus> Statuses() => _graph.TopologicalOrder.Select(Status).ToList();

    /// <summary>The answers that moved P(mastered) of <paramref name="skill"/> most, largest change first: "mastered because ...".</summary>
    public IReadOnlyList<EvidenceEffect> Explain(SkillId skill, int top = 3) =>
        _progress.TryGetValue(skill, out var p)
            ? p.Effects.OrderByDescending(e => System.Math.Abs(e.Change)).ThenByDescending(e => e.At).Take(top).ToList()
            : [];
}
