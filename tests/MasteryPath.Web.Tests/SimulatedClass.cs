using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Simulation;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// A class of simulated learners written straight into the database: accounts, enrollments with empty snapshots, and
/// the answer-event log of <see cref="AnswerLogSimulator"/> on a course. Every seventh answer was given after a hint,
/// and one placement decision is logged, so that a fit can be checked to leave both out.
/// </summary>
internal static class SimulatedClass
{
    public sealed record Seeded(IReadOnlyList<string> LearnerIds, int TrainingAnswers, int HintedAnswers);

    public static async Task<Seeded> SeedAsync(MasteryPathAppFactory app, string courseId, int learners, ulong seed)
    {
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(courseId);
        var answers = new AnswerLogSimulator(course.Graph) { MaxSkillsPerLearner = 8 }.Simulate(learners, seed);
        var ids = new List<string>();
        int training = 0, hinted = 0;
        await app.QueryAsync(async db =>
        {
            foreach (var learner in answers.GroupBy(a => a.Learner))
            {
                var id = $"sim-{seed}-{learner.Key}";
                ids.Add(id);
                db.Users.Add(new AppUser { Id = id, UserName = $"{id}@example.com", NormalizedUserName = $"{id}@EXAMPLE.COM", Email = $"{id}@example.com", NormalizedEmail = $"{id}@EXAMPLE.COM", DisplayName = learner.Key, SecurityStamp = Guid.NewGuid().ToString() });
                db.Enrollments.Add(new Enrollment { UserId = id, CourseId = courseId, EnrolledAt = learner.First().At });
                var n = 0;
                foreach (var answer in learner)
                {
                    var usedHint = ++n % 7 == 0;
                    (training, hinted) = usedHint ? (training, hinted + 1) : (training + 1, hinted);
                    db.AnswerEvents.Add(new AnswerEventRecord { EventId = $"e{n}", UserId = id, CourseId = courseId, SkillId = answer.Skill.Value, Correct = answer.Correct, UsedHint = usedHint, Kind = EvidenceKind.Practice, At = answer.At });
                }
            }

            // A decision, not an answer: never training data.
            db.AnswerEvents.Add(new AnswerEventRecord { EventId = "placed", UserId = ids[0], CourseId = courseId, SkillId = course.Graph.TopologicalOrder[^1].Value, Correct = true, Kind = EvidenceKind.PlacedKnown, At = answers[^1].At });
            return await db.SaveChangesAsync();
        });
        return new Seeded(ids, training, hinted);
    }
}
