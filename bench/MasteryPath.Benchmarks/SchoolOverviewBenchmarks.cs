using BenchmarkDotNet.Attributes;
using MasteryPath.Data;
using MasteryPath.Domain;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Benchmarks;

/// <summary>
/// The admins' school overview (<see cref="SchoolOverviewService"/>) for a whole school: 10,000 learners in 250
/// classes of 40 under 25 teachers, one course of 50 skills, each learner's snapshot written in setup as the answer path
/// writes it (from 40 answers replayed in memory; the answer events are not stored, as the overview reads only
/// snapshots). SQLite by default, PostgreSQL when <see cref="BenchDatabase.PostgresVariable"/> is set.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)] // as the app runs (the Web SDK's default)
public class SchoolOverviewBenchmarks
{
    private const int SkillCount = 50;
    private const int ClassSize = 40;
    private const int AnswersPerLearner = 40;
    private ServiceProvider _services = null!;
    private BenchDatabase _database = null!;

    [Params(10_000)]
    public int Learners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create();
        var course = DashboardBenchmarks.SyntheticCourse(SkillCount);
        _services = _database.Services(course);
        var model = _services.GetRequiredService<LearnerModelRegistry>().GetAsync(course.Id).GetAwaiter().GetResult();
        var policy = ClassPolicy.For(null, course);
        var key = LearnerSnapshots.KeyFor(course, model, policy);

        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        for (var t = 0; t < 25; t++)
        {
            db.Users.Add(new AppUser { Id = $"teacher-{t:D2}", UserName = $"teacher-{t:D2}", DisplayName = $"Teacher {t}" });
        }

        var classes = Enumerable.Range(0, (Learners + ClassSize - 1) / ClassSize)
            .Select(c => new SchoolClass { Name = $"Class {c:D3}", TeacherId = $"teacher-{c % 25:D2}", JoinCode = JoinCodes.New(), Courses = [new ClassCourse { CourseId = course.Id }] })
            .ToList();
        db.Classes.AddRange(classes);
        db.SaveChanges();

        var random = new DeterministicRandom(17);
        var start = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
        var now = DateTimeOffset.UtcNow;
        var order = course.Graph.TopologicalOrder;
        for (var l = 0; l < Learners; l++)
        {
            var id = $"learner-{l:D5}";
            var reach = 3 + random.Next(SkillCount - 3);
            var accuracy = 0.5 + (random.NextDouble() * 0.45);
            var events = Enumerable.Range(0, AnswersPerLearner).Select(a => new AnswerEventRecord
            {
                EventId = $"{id}-{a}",
                UserId = id,
                CourseId = course.Id,
                SkillId = order[random.Next(reach)].Value,
                Correct = random.NextDouble() < accuracy,
                Kind = EvidenceKind.Practice,
                At = start.AddMinutes(a),
            }).ToList();
            var mastery = LearnerState.Replay(course, model.Model, events, policy);
            db.Users.Add(new AppUser { Id = id, UserName = id, DisplayName = $"Learner {l}" });
            db.ClassMemberships.Add(new ClassMembership { ClassId = classes[l / ClassSize].Id, LearnerId = id, JoinedAt = start });
            db.Enrollments.Add(new Enrollment { UserId = id, CourseId = course.Id, StateJson = LearnerState.Snapshot(mastery.Statuses(now), mastery), SnapshotKey = key, LastActivityAt = events[^1].At });
            if (l % 500 == 499)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
        }

        db.SaveChanges();
    }

    [Benchmark]
    public int SchoolOverview()
    {
        using var scope = _services.CreateScope();
        var overview = scope.ServiceProvider.GetRequiredService<SchoolOverviewService>().BuildAsync().GetAwaiter().GetResult();
        return overview.Classes.Count + overview.Replayed;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _database.Dispose();
    }
}
