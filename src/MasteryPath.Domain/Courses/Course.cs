using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;

namespace MasteryPath.Domain.Courses;

/// <summary>The mastery bar a course sets by default (a class may override it).</summary>
/// <param name="MasteryProbability">The learner model's P(mastered) needed, e.g. 0.95.</param>
/// <param name="MinimumEvidence">Answers on the skill needed before the probability counts.</param>
/// <param name="CheckItems">Fresh variants in a mastery check.</param>
/// <param name="CheckPassRatio">Share of a mastery check to get right, e.g. 0.8.</param>
/// <param name="PracticeVariants">Distinct variants a skill must offer for practice, besides the check.</param>
public sealed record MasterySettings(
    double MasteryProbability = 0.95,
    int MinimumEvidence = 3,
    int CheckItems = 5,
    double CheckPassRatio = 0.8,
    int PracticeVariants = 10)
{
    /// <summary>Distinct variants a skill needs: practice plus one mastery check.</summary>
    public int RequiredVariants => PracticeVariants + CheckItems;
}

/// <summary>When a learner who missed a question is shown its answer and worked solution.</summary>
public enum RevealAnswer
{
    /// <summary>As soon as the last try is used up (and earlier, when the learner asks).</summary>
    AfterLastTry,

    /// <summary>Only when the learner asks ("Show me the answer"), after a miss.</summary>
    OnRequest,
}

/// <summary>How a course gives feedback after an answer.</summary>
/// <param name="PracticeRetries">Further tries on a practice question after a wrong answer; only the first answer is evidence.</param>
/// <param name="RevealAnswer">When the answer and the worked solution are shown after a miss (never during a check or the placement).</param>
/// <param name="CheckReview">Whether a finished mastery check shows every question with the learner's answer, the right one and the solution.</param>
public sealed record FeedbackSettings(int PracticeRetries = 1, RevealAnswer RevealAnswer = RevealAnswer.AfterLastTry, bool CheckReview = true);

/// <summary>A group of skills shown together (a chapter).</summary>
public sealed record Unit(string Id, string Title);

/// <summary>A skill: one measurable learning target with its lesson and corrective and enrichment material.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Title">Short title.</param>
/// <param name="Objective">The measurable objective ("Solves one-step equations by ...").</param>
/// <param name="UnitId">The unit it belongs to, if any.</param>
/// <param name="Prerequisites">Skills to master first.</param>
/// <param name="Lesson">The micro-lesson (Markdown with $math$), including a worked example.</param>
/// <param name="Corrective">A second explanation, for learners who did not get it the first time.</param>
/// <param name="Enrichment">Extension activities for learners who have mastered it.</param>
/// <param name="Standard">The official standard the skill is (a CASE CFItem), if any.</param>
public sealed record Skill(
    SkillId Id,
    string Title,
    string Objective,
    string? UnitId,
    IReadOnlyList<SkillId> Prerequisites,
    string Lesson,
    string Corrective,
    string Enrichment,
    SkillStandard? Standard = null);

/// <summary>An official standard from a CASE 1.1 framework (a CFItem) that a skill stands for.</summary>
/// <param name="Identifier">The CFItem's CASE identifier (a UUID).</param>
/// <param name="Uri">The CFItem's resolvable URI, if the framework gave one.</param>
/// <param name="Code">Its humanCodingScheme, e.g. "6.EE.A.1".</param>
/// <param name="Statement">Its fullStatement.</param>
/// <param name="Framework">The CFDocument's title, if known.</param>
public sealed record SkillStandard(string Identifier, string? Uri, string Code, string Statement, string? Framework = null)
{
    /// <summary>"6.EE.A.1 — Write and evaluate numerical expressions …": how reports name the standard.</summary>
    public string Display => string.IsNullOrEmpty(Code) ? Statement : $"{Code} — {Statement}";
}

/// <summary>One level of a rubric criterion.</summary>
public sealed record RubricLevel(int Score, string Label, string Description);

/// <summary>One rubric criterion, met at <paramref name="PassingScore"/> or above.</summary>
public sealed record RubricCriterion(string Id, string Title, IReadOnlyList<RubricLevel> Levels, int PassingScore);

/// <summary>What a learner may hand in for a task.</summary>
/// <param name="Text">Whether a typed answer is accepted.</param>
/// <param name="FileTypes">Accepted file extensions (without dot); empty means no upload.</param>
/// <param name="MaxFileMegabytes">Upload size limit.</param>
public sealed record SubmissionRules(bool Text, IReadOnlyList<string> FileTypes, int MaxFileMegabytes);

/// <summary>A rubric-scored performance task (a project or portfolio piece) tagged to skills.</summary>
public sealed record PerformanceTask(
    string Id,
    string Title,
    IReadOnlyList<SkillId> Skills,
    string Prompt,
    SubmissionRules Submission,
    IReadOnlyList<RubricCriterion> Criteria);

/// <summary>A course: skills on a prerequisite graph, items and templates tagged to them, and performance tasks.</summary>
public sealed class Course
{
    /// <summary>Builds a course.</summary>
    /// <exception cref="ArgumentException">On an unknown or cyclic prerequisite (see <see cref="SkillGraph.Create"/>).</exception>
    public Course(
        string id,
        string title,
        string description,
        string version,
        MasterySettings mastery,
        IReadOnlyList<Unit> units,
        IReadOnlyList<Skill> skills,
        IReadOnlyList<ItemDefinition> items,
        IReadOnlyList<PerformanceTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(skills);
        ArgumentNullException.ThrowIfNull(items);
        Id = id;
        Title = title;
        Description = description;
        Version = version;
        Mastery = mastery;
        Units = units;
        Skills = skills;
        Items = items;
        Tasks = tasks;
        Graph = SkillGraph.Create(skills.Select(s => (s.Id, s.Prerequisites)));
        SkillsById = skills.ToDictionary(s => s.Id);
        Generators = items.ToDictionary(i => i.Id, i => new ItemGenerator(i), StringComparer.Ordinal);
        ItemsBySkill = items.GroupBy(i => i.PrimarySkill).ToDictionary(g => g.Key, g => (IReadOnlyList<ItemDefinition>)g.ToList());
    }

    /// <summary>Course id.</summary>
    public string Id { get; }

    /// <summary>Title.</summary>
    public string Title { get; }

    /// <summary>Description (Markdown).</summary>
    public string Description { get; }

    /// <summary>Author's version string.</summary>
    public string Version { get; }

    /// <summary>The default mastery bar.</summary>
    public MasterySettings Mastery { get; }

    /// <summary>Retries, answer reveal and check review.</summary>
    public FeedbackSettings Feedback { get; init; } = new();

    /// <summary>Units in display order.</summary>
    public IReadOnlyList<Unit> Units { get; }

    /// <summary>Skills in authoring order.</summary>
    public IReadOnlyList<Skill> Skills { get; }

    /// <summary>Items and templates.</summary>
    public IReadOnlyList<ItemDefinition> Items { get; }

    /// <summary>Performance tasks.</summary>
    public IReadOnlyList<PerformanceTask> Tasks { get; }

    /// <summary>The prerequisite graph.</summary>
    public SkillGraph Graph { get; }

    /// <summary>Skills by id.</summary>
    public IReadOnlyDictionary<SkillId, Skill> SkillsById { get; }

    /// <summary>A compiled generator per item or template id.</summary>
    public IReadOnlyDictionary<string, ItemGenerator> Generators { get; }

    /// <summary>Items and templates grouped by primary skill.</summary>
    public IReadOnlyDictionary<SkillId, IReadOnlyList<ItemDefinition>> ItemsBySkill { get; }
}
