using System.ComponentModel.DataAnnotations;
using MasteryPath.Data;
using Microsoft.AspNetCore.Identity;

namespace MasteryPath.Web.Accounts;

/// <summary>
/// An account's email, when it has one, is a valid address no other account has. Accounts without one exist: a
/// learner a OneRoster export names by username only signs in with that username.
/// </summary>
public sealed class OptionalUniqueEmailValidator : IUserValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var email = await manager.GetEmailAsync(user);
        if (email is null)
        {
            return IdentityResult.Success;
        }

        if (string.IsNullOrWhiteSpace(email) || !new EmailAddressAttribute().IsValid(email))
        {
            return IdentityResult.Failed(manager.ErrorDescriber.InvalidEmail(email));
        }

        var owner = await manager.FindByEmailAsync(email);
        return owner is not null && owner.Id != await manager.GetUserIdAsync(user)
            ? IdentityResult.Failed(manager.ErrorDescriber.DuplicateEmail(email))
            : IdentityResult.Success;
    }
}
