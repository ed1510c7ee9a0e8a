using MasteryPath.Data;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Accounts;

/// <summary>Roles always; on an empty database, a demo admin, teacher, class, learners enrolled in every course and a parent of Ada.</summary>
public sealed class DemoData(MasteryPathDb db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, CourseCatalog catalog, TimeProvider time)
{
    public const string Password = "Mastery-demo-1";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> Accounts =
    [
        ("admin@example.com", "Avery Admin", Roles.Admin),
        ("teacher@example.com", "Tess Teacher", Roles.Teacher),
        ("ada@example.com", "Ada Learner", Roles.Learner),
        ("ben@example.com", "Ben Learner", Roles.Learner),
        ("cleo@example.com", "Cleo Learner", Roles.Learner),
        ("dev@example.com", "Dev Learner", Roles.Learner),
        ("parent@example.com", "Pat Parent", Roles.Parent),
        ("author@example.com", "Ari Author", Roles.Author),
    ];

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    /// <summary>Seeds the demo accounts when the database has no users; returns true when it did.</summary>
    public async Task<bool> SeedAsync()
    {
        await EnsureRolesAsync();
        if (await db.Users.AnyAsync())
        {
            return false;
        }

        var created = new Dictionary<string, AppUser>(StringComparer.Ordinal);
        foreach (var (email, name, role) in Accounts)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = time.GetUtcNow() };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            created[email] = user;
        }

        var learners = Accounts.Where(a => a.Role == Roles.Learner).Select(a => created[a.Email]).ToList();
        var schoolClass = new SchoolClass { Name = "Period 1", TeacherId = created["teacher@example.com"].Id, JoinCode = JoinCodes.New(), CreatedAt = time.GetUtcNow() };
        schoolClass.Members.AddRange(learners.Select(l => new ClassMembership { LearnerId = l.Id, JoinedAt = time.GetUtcNow() }));
        foreach (var course in catalog.Courses)
        {
            schoolClass.Courses.Add(new ClassCourse { CourseId = course.Id });
            foreach (var learner in learners)
            {
                db.Enrollments.Add(new Enrollment { UserId = learner.Id, CourseId = course.Id, EnrolledAt = time.GetUtcNow() });
            }
        }

        db.Classes.Add(schoolClass);

        // Pat Parent follows Ada's week on /family (docs/adr/0029), as if Ada had given Pat a code.
        db.FamilyLinks.Add(new FamilyLink { ParentId = created["parent@example.com"].Id, LearnerId = created["ada@example.com"].Id, IssuedById = created["ada@example.com"].Id, LinkedAt = time.GetUtcNow() });
        await db.SaveChangesAsync();
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
