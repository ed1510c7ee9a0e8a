using System.Security.Claims;
using System.Text;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Authoring;

/// <summary>A skill of a draft as the course page lists it.</summary>
public sealed record DraftSkill(string Id, string Path, string Title, string? Unit, IReadOnlyList<string> Prerequisites);

/// <summary>The skills of a draft and the prerequisite graph between them: added, edited, and edges added or removed.</summary>
public sealed class DraftSkills(AuthoringService drafts)
{
    public static IReadOnlyList<DraftSkill> Read(CourseFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var skills = new List<DraftSkill>();
        foreach (var (path, content) in files.All.Where(f => f.Key.StartsWith("skills/", StringComparison.Ordinal) && f.Key.EndsWith(".md", StringComparison.Ordinal)))
        {
            var skill = SkillFile.Parse(Encoding.UTF8.GetString(content));
            var id = skill.Field("id") ?? System.IO.Path.GetFileNameWithoutExtension(path);
            skills.Add(new DraftSkill(id, path, skill.Field("title") ?? id, skill.Field("unit"), skill.Prerequisites));
        }

        return skills.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public async Task AddAsync(ClaimsPrincipal user, string courseId, string? skillId, string? title, string? objective, string? unit)
    {
        var files = await drafts.FilesAsync(user, courseId);
        var id = AuthoringService.RequireId(skillId, "skill id");
        if (Read(files).Any(s => s.Id == id) || files[$"skills/{id}.md"] is not null)
        {
            throw LearningException.Conflict($"The course already has a skill '{id}'.");
        }

        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(objective))
        {
            throw LearningException.Invalid("A skill needs a title and an objective.");
        }

        var unitId = AuthoringService.RequireId(unit, "unit id");
        await drafts.WriteTextAsync(user, courseId, $"skills/{id}.md", SkillFile.New(id, title, objective, unitId).ToString());
    }

    /// <summary>Saves the editor's fields and sections into the skill's file, keeping every other front matter line.</summary>
    public async Task SaveAsync(ClaimsPrincipal user, string courseId, string skillId, string? title, string? objective, string? unit, IReadOnlyDictionary<string, string?> sections)
    {
        var (path, skill) = await FindAsync(user, courseId, skillId);
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(objective))
        {
            throw LearningException.Invalid("A skill needs a title and an objective.");
        }

        skill.SetField("title", title);
        skill.SetField("objective", objective);
        skill.SetField("unit", AuthoringService.RequireId(unit, "unit id"));
        foreach (var (name, markdown) in sections)
        {
            skill.Sections[name] = markdown ?? string.Empty;
        }

        await drafts.WriteTextAsync(user, courseId, path, skill.ToString());
    }

    /// <summary>Makes <paramref name="prerequisiteId"/> a prerequisite of <paramref name="skillId"/>, unless that closes a cycle.</summary>
    public async Task AddPrerequisiteAsync(ClaimsPrincipal user, string courseId, string skillId, string? prerequisiteId)
    {
        var files = await drafts.FilesAsync(user, courseId);
        var skills = Read(files);
        if (skills.All(s => s.Id != prerequisiteId))
        {
            throw LearningException.Invalid($"There is no skill '{prerequisiteId}' in this course.");
        }

        if (CycleThrough(skills, skillId, prerequisiteId!) is { } cycle)
        {
            throw LearningException.Invalid($"Refused: {skillId} cannot need {prerequisiteId}, that would make a cycle (each skill needs the next): {string.Join(" -> ", cycle)}");
        }

        var (path, skill) = await FindAsync(user, courseId, skillId);
        if (!skill.Prerequisites.Contains(prerequisiteId))
        {
            skill.SetPrerequisites([.. skill.Prerequisites, prerequisiteId!]);
            await drafts.WriteTextAsync(user, courseId, path, skill.ToString());
        }
    }

    public async Task RemovePrerequisiteAsync(ClaimsPrincipal user, string courseId, string skillId, string? prerequisiteId)
    {
        var (path, skill) = await FindAsync(user, courseId, skillId);
        if (skill.Prerequisites.Contains(prerequisiteId))
        {
            skill.SetPrerequisites(skill.Prerequisites.Where(p => p != prerequisiteId));
            await drafts.WriteTextAsync(user, courseId, path, skill.ToString());
        }
    }

    public async Task<(string Path, SkillFile Skill)> FindAsync(ClaimsPrincipal user, string courseId, string skillId)
    {
        var files = await drafts.FilesAsync(user, courseId);
        var found = Read(files).FirstOrDefault(s => s.Id == skillId) ?? throw LearningException.NotFound($"There is no skill '{skillId}' in this draft.");
        return (found.Path, SkillFile.Parse(Encoding.UTF8.GetString(files[found.Path]!)));
    }

    /// <summary>
    /// The cycle the edge "<paramref name="skill"/> needs <paramref name="prerequisite"/>" would close, as
    /// [skill, prerequisite, …, skill], or null when there is none (a breadth-first search for the shortest way back).
    /// </summary>
    public static IReadOnlyList<string>? CycleThrough(IReadOnlyList<DraftSkill> skills, string skill, string prerequisite)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var needs = skills.ToDictionary(s => s.Id, s => s.Prerequisites, StringComparer.Ordinal);
        var cameFrom = new Dictionary<string, string?>(StringComparer.Ordinal) { [prerequisite] = null };
        var queue = new Queue<string>([prerequisite]);
        while (queue.TryDequeue(out var current))
        {
            if (current == skill)
            {
                var path = new List<string>();
                for (var at = (string?)current; at is not null; at = cameFrom[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return [skill, .. path];
            }

            foreach (var next in needs.GetValueOrDefault(current) ?? [])
            {
                if (cameFrom.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }
}
