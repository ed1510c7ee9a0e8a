using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Families;

/// <summary>A teacher's short message to the parents of a learner: stored for each parent's page of the child, and emailed.</summary>
public sealed class FamilyMessenger(MasteryPathDb db, FamilyService families, MailOutbox outbox, IOptions<MailOptions> mail, TimeProvider time)
{
    /// <summary>Sends the message to every parent linked to the learner; returns how many parents it reached.</summary>
    public async Task<int> SendAsync(ClaimsPrincipal teacher, long classId, string learnerId, string? text, string requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var learner = await families.RequireTeachersLearnerAsync(teacher, classId, learnerId, cancellationToken);
        var message = TextInput.Require(text, "message", FamilyService.MaxMessage);
        var parents = await families.ParentsAsync(learnerId, cancellationToken);
        if (parents.Count == 0)
        {
            throw LearningException.Invalid($"No parent is linked to {learner.DisplayName} yet: issue a parent code first.");
        }

        var teacherName = await db.Users.Where(u => u.Id == teacher.UserId()).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        db.FamilyMessages.AddRange(parents.Select(p => new FamilyMessage { ParentId = p.ParentId, LearnerId = learnerId, TeacherId = teacher.UserId(), Text = message, SentAt = now }));
        await db.SaveChangesAsync(cancellationToken);

        var baseUrl = (mail.Value.PublicBaseUrl.Length > 0 ? mail.Value.PublicBaseUrl : requestBaseUrl).TrimEnd('/');
        foreach (var parent in parents.Where(p => p.Email is not null))
        {
            outbox.Enqueue(new OutgoingMail(
                parent.Email!,
                $"A message from {teacherName} about {learner.DisplayName}",
                $"""
                Hello {parent.Name},

                {teacherName}, {learner.DisplayName}'s teacher, wrote:

                {message}

                You can read it again, with {learner.DisplayName}'s week, at {baseUrl}/family/child/{learnerId}
                """));
        }

        return parents.Count;
    }
}
