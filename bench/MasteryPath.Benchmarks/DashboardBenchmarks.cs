using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using MasteryPath.Data;
using MasteryPath.Domain;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Benchmarks;

/// <summary>
/// The teacher's class dashboard, end to end below HTTP: read every learner's cached snapshot (written in setup as the
/// answer path writes it) from a real SQLite file, or from PostgreSQL when <see cref="BenchDatabase.PostgresVariable"/>
/// is set, then the needs-help, ready and re-teach lists. 200 skills on a branching prerequisite graph; 40 learners
/// with 1,000 answers each, and 1,000 learners with 150 each.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)] // as the app runs (the Web SDK's default)
public class DashboardBenchmarks
{
    private const int SkillCount = 200;
    private ServiceProvider _services = null!;
    private ClaimsPrincipal _teacher = null!;
    private long _classId;
    private BenchDatabase _database = null!;

    [Params(40, 1000)]
    public int Learners { get; set; }

    private int AnswersPerLearner => Learners <= 40 ? 1000 : 150;

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create();
        var course = SyntheticCourse();
        _services = _database.Services(course);

        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var teacher = new AppUser { Id = "teacher", UserName = "teacher", DisplayName = "Teacher" };
        db.Users.Add(teacher);
        var schoolClass = new SchoolClass { Name = "Bench", TeacherId = teacher.Id, JoinCode = JoinCodes.New() };
        schoolClass.Courses.Add(new ClassCourse { CourseId = course.Id });
        db.Classes.Add(schoolClass);
        db.SaveChanges();
        _classId = schoolClass.Id;

        var random = new DeterministicRandom(11);
        var start = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
        var order = course.Graph.TopologicalOrder;
        for (var l = 0; l < Learners; l++)
        {
            var id = $"learner-{l:D4}";
            db.Users.Add(new AppUser { Id = id, UserName = id, DisplayName = $"Learner {l}" });
            db.ClassMemberships.Add(new ClassMembership { ClassId = _classId, LearnerId = id });
            db.Enrollments.Add(new Enrollment { UserId = id, CourseId = course.Id });

            // Learners move along the course in order, each at their own pace and accuracy.
            var reach = 5 + random.Next(SkillCount - 5);
            var accuracy = 0.55 + (random.NextDouble() * 0.4);
            for (var a = 0; a < AnswersPerLearner; a++)
            {
                var skill = order[random.Next(reach)];
                db.AnswerEvents.Add(new AnswerEventRecord
                {
                    EventId = $"{id}-{a}",
                    UserId = id,
                    CourseId = course.Id,
                    SkillId = skill.Value,
                    Correct = random.NextDouble() < accuracy,
                    Kind = EvidenceKind.Practice,
                    At = start.AddMinutes(a),
                });
            }

            if (l % 20 == 19)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
        }

        db.SaveChanges();
        WriteSnapshots(db, course, schoolClass);
        _teacher = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, teacher.Id), new Claim(ClaimTypes.Role, Roles.Teacher)], "bench"));
    }

    /// <summary>Caches each learner's state on the enrollment, as the answer path does, so the dashboard reads snapshots.</summary>
    private void WriteSnapshots(MasteryPathDb db, Course course, SchoolClass schoolClass)
    {
        var model = _services.GetRequiredService<LearnerModelRegistry>().GetAsync(course.Id).GetAwaiter().GetResult();
        var policy = ClassPolicy.For(schoolClass, course);
        var key = LearnerSnapshots.KeyFor(course, model, policy);
        var now = DateTimeOffset.UtcNow;
        foreach (var enrollment in db.Enrollments.ToList())
        {
            var events = db.AnswerEvents.Where(e => e.UserId == enrollment.UserId).OrderBy(e => e.Sequence).ToList();
            var mastery = LearnerState.Replay(course, model.Model, events, policy);
            enrollment.StateJson = LearnerState.Snapshot(mastery.Statuses(now), mastery);
            enrollment.SnapshotKey = key;
        }

        db.SaveChanges();
        db.ChangeTracker.Clear();
    }

    [Benchmark]
    public int Dashboard()
    {
        using var scope = _services.CreateScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<TeachingService>().DashboardAsync(_teacher, _classId).GetAwaiter().GetResult();
        return dashboard.Learners.Count + dashboard.NeedsHelp.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _database.Dispose();
    }

    /// <summary>200 skills (or <paramref name="skillCount"/>) in units of 20; each skill after the first builds on one or two earlier ones.</summary>
    public static Course SyntheticCourse(int skillCount = SkillCount)
    {
        var random = new DeterministicRandom(5);
        var skills = new List<Skill>();
        for (var i = 0; i < skillCount; i++)
        {
            var prerequisites = i == 0
                ? []
                : new[] { random.Next(i), random.Next(i) }.Distinct().Select(p => SkillId.Parse($"s{p}")).ToList();
            skills.Add(new Skill(SkillId.Parse($"s{i}"), $"Skill {i}", "Objective", $"u{i / 20}", prerequisites, "Lesson", "Corrective", "Enrichment"));
        }

        var units = Enumerable.Range(0, (skillCount + 19) / 20).Select(u => new Unit($"u{u}", $"Unit {u}")).ToList();
        return new Course("bench", "Benchmark course", $"{skillCount} synthetic skills", "1", new MasterySettings(), units, skills, [], []);
    }
}
