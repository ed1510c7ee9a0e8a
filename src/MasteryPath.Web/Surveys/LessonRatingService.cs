using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Surveys;

/// <summary>The ratings of one lesson: how many gave each star (1–5), the mean and the comments.</summary>
public sealed record SkillRatings(SkillId Skill, string Title, int Count, IReadOnlyList<int> Distribution, double? Mean, IReadOnlyList<string> Comments);

public sealed record ClassRatings(SchoolClass Class, Course Course, int Raters, IReadOnlyList<SkillRatings> Skills);

/// <summary>Learners' quick 1–5 ratings of lessons: one per learner and lesson, a re-rating replaces it.</summary>
public sealed class LessonRatingService(MasteryPathDb db, LearningService learning, TeachingService teaching, TimeProvider time)
{
    public const int MaxComment = 2000;

    public async Task<LessonRating?> GetAsync(string userId, string courseId, string skillId, CancellationToken cancellationToken = default) =>
        await db.LessonRatings.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.CourseId == courseId && r.SkillId == skillId, cancellationToken);

    /// <summary>Rates a lesson the learner can open (an unlocked skill); replaces the learner's earlier rating of it.</summary>
    public async Task<LessonRating> RateAsync(string userId, string courseId, string skillId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        if (rating is < 1 or > 5)
        {
            throw LearningException.Invalid("A rating is from 1 to 5 stars.");
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxComment })
        {
            throw LearningException.Invalid($"The comment is too long ({MaxComment} characters at most).");
        }

        var state = await learning.LoadAsync(userId, courseId, cancellationToken);
        LearningService.RequireUnlocked(state, LearningService.ParseSkill(state.Course, skillId));
        for (var tries = 1; ; tries++)
        {
            var existing = await db.LessonRatings.SingleOrDefaultAsync(r => r.UserId == userId && r.CourseId == courseId && r.SkillId == skillId, cancellationToken);
            if (existing is null)
            {
                existing = new LessonRating { UserId = userId, CourseId = courseId, SkillId = skillId };
                db.LessonRatings.Add(existing);
            }

            existing.Rating = rating;
            existing.Comment = comment;
            existing.At = time.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return existing;
            }
            catch (DbUpdateException) when (tries < 3)
            {
                // Rated in another tab at the same moment: the unique index kept theirs; update it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The class's learners' ratings of the course's lessons, per skill in prerequisite order (rated skills only).</summary>
    public async Task<ClassRatings> ForClassAsync(ClaimsPrincipal teacher, long classId, string? courseId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var course = teaching.CourseOf(schoolClass, courseId);
        var memberIds = schoolClass.Members.Select(m => m.LearnerId).ToList();
        var ratings = await db.LessonRatings.AsNoTracking()
            .Where(r => r.CourseId == course.Id && memberIds.Contains(r.UserId))
            .ToListAsync(cancellationToken);
        var bySkill = ratings.ToLookup(r => r.SkillId, StringComparer.Ordinal);
        var skills = course.Graph.TopologicalOrder
            .Where(s => bySkill.Contains(s.Value))
            .Select(s =>
            {
                var rs = bySkill[s.Value].ToList();
                return new SkillRatings(
                    s,
                    course.SkillsById[s].Title,
                    rs.Count,
                    Enumerable.Range(1, 5).Select(star => rs.Count(r => r.Rating == star)).ToList(),
                    rs.Count == 0 ? null : Math.Round(rs.Average(r => r.Rating), 2),
                    rs.Where(r => r.Comment is not null).OrderByDescending(r => r.At).Select(r => r.Comment!).ToList());
            })
            .ToList();
        return new ClassRatings(schoolClass, course, ratings.Select(r => r.UserId).Distinct().Count(), skills);
    }
}
