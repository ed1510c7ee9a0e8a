using MasteryPath.Data;
using Microsoft.AspNetCore.DataProtection;

namespace MasteryPath.Web.Nodes;

/// <summary>
/// Data protection shared by every node on one database: the keys that sign and encrypt the sign-in cookie and the
/// antiforgery tokens live in the database (table DataProtectionKeys) under one fixed application name, so a cookie
/// issued by one node is read by every other (ADR 0015).
/// </summary>
public static class SharedDataProtection
{
    /// <summary>The application discriminator: the same on every node whatever its content root or version.</summary>
    public const string ApplicationName = "MasteryPath";

    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<MasteryPathDb>();
        return builder;
    }
}
