namespace MasteryPath.Data;

/// <summary>An LMS registered as an LTI 1.3 platform: who signs its launches and where the tool talks back to it.</summary>
public sealed class LtiPlatform
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The platform's "iss" claim, exactly as it sends it.</summary>
    public required string Issuer { get; set; }

    /// <summary>The client id the platform gave this tool: the "aud" of its id tokens.</summary>
    public required string ClientId { get; set; }

    /// <summary>The deployment ids this registration accepts, one per line.</summary>
    public string DeploymentIds { get; set; } = string.Empty;

    public required string AuthLoginUrl { get; set; }

    public required string TokenUrl { get; set; }

    public required string JwksUrl { get; set; }

    /// <summary>The "aud" of the tool's client assertions at the token endpoint, when the platform names one; else the token URL.</summary>
    public string? TokenAudience { get; set; }

    public bool RegisteredDynamically { get; set; }

    /// <summary>Launches are accepted only from an approved platform: an admin's own entry is; a dynamic registration waits for an admin unless configured otherwise.</summary>
    public bool Approved { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public IEnumerable<string> Deployments => DeploymentIds.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The tool's RSA signing key: made once, its private part protected by Data Protection, its public part served as a JWK.</summary>
public sealed class LtiToolKey
{
    /// <summary>The key id ("kid").</summary>
    public required string Id { get; set; }

    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One OIDC login initiation in flight: the state handed to the platform and the nonce its id token must carry; used once.</summary>
public sealed class LtiLoginState
{
    public required string State { get; set; }

    public required string Nonce { get; set; }

    public long PlatformId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>An LMS course section (the LTI context) and the MasteryPath class it became.</summary>
public sealed class LtiContext
{
    public long Id { get; set; }

    public long PlatformId { get; set; }

    public required string DeploymentId { get; set; }

    public required string ContextId { get; set; }

    public long ClassId { get; set; }

    public string? Title { get; set; }

    /// <summary>The NRPS context_memberships_url of the last launch, when the platform offers roster sync.</summary>
    public string? MembershipsUrl { get; set; }

    /// <summary>The AGS line items URL of the last launch.</summary>
    public string? LineItemsUrl { get; set; }

    public DateTimeOffset? RosterSyncedAt { get; set; }
}

/// <summary>An LMS assignment (an LTI resource link) and what in MasteryPath it opens and grades.</summary>
public sealed class LtiResourceLink
{
    public long Id { get; set; }

    public long LtiContextId { get; set; }

    public required string ResourceLinkId { get; set; }

    public string? Title { get; set; }

    public required string CourseId { get; set; }

    /// <summary>"course", "unit" or "skill".</summary>
    public required string TargetKind { get; set; }

    /// <summary>The unit or skill id; the course id for a course.</summary>
    public required string TargetId { get; set; }

    /// <summary>The AGS line item the scores go to, when the platform gave or made one.</summary>
    public string? LineItemUrl { get; set; }

    public string? ScopesJson { get; set; }
}

/// <summary>A score waiting for (or delivered to) a platform's line item: the durable outbox of grade passback.</summary>
public sealed class LtiScoreOutbox
{
    public long Id { get; set; }

    public long ResourceLinkId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The learner's "sub" at the platform.</summary>
    public required string PlatformUserId { get; set; }

    public double ScoreGiven { get; set; }

    public double ScoreMaximum { get; set; }

    public required string ActivityProgress { get; set; }

    public required string GradingProgress { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}
