namespace MasteryPath.Web.Interop.Lti;

/// <summary>The claim names, message types, roles and scopes of LTI 1.3 and LTI Advantage, as the 1EdTech specifications spell them.</summary>
public static class LtiClaims
{
    public const string MessageType = "https://purl.imsglobal.org/spec/lti/claim/message_type";
    public const string Version = "https://purl.imsglobal.org/spec/lti/claim/version";
    public const string DeploymentId = "https://purl.imsglobal.org/spec/lti/claim/deployment_id";
    public const string TargetLinkUri = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri";
    public const string ResourceLink = "https://purl.imsglobal.org/spec/lti/claim/resource_link";
    public const string Roles = "https://purl.imsglobal.org/spec/lti/claim/roles";
    public const string Context = "https://purl.imsglobal.org/spec/lti/claim/context";
    public const string Custom = "https://purl.imsglobal.org/spec/lti/claim/custom";
    public const string AgsEndpoint = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    public const string NrpsService = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    public const string DeepLinkingSettings = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    public const string DeepLinkingContentItems = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    public const string DeepLinkingData = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    public const string DeepLinkingMessage = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";

    public const string ResourceLinkRequest = "LtiResourceLinkRequest";
    public const string DeepLinkingRequest = "LtiDeepLinkingRequest";
    public const string DeepLinkingResponse = "LtiDeepLinkingResponse";
    public const string LtiVersion = "1.3.0";

    public const string ScopeLineItem = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    public const string ScopeLineItemReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    public const string ScopeScore = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    public const string ScopeResultReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    public const string ScopeMemberships = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    public const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The custom parameters a MasteryPath link carries (set by deep linking, or typed in the LMS by hand).</summary>
    public const string CustomCourse = "masterypath_course";
    public const string CustomUnit = "masterypath_unit";
    public const string CustomSkill = "masterypath_skill";

    /// <summary>Instructor or administrator of the context or the institution: a MasteryPath teacher.</summary>
    public static bool IsTeacherRole(string role) =>
        role.EndsWith("#Instructor", StringComparison.Ordinal) || role.EndsWith("#Administrator", StringComparison.Ordinal)
        || role is "Instructor" or "Administrator" || role.StartsWith("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#", StringComparison.Ordinal);

    public static bool IsLearnerRole(string role) =>
        role.EndsWith("#Learner", StringComparison.Ordinal) || role is "Learner" || role.StartsWith("http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#", StringComparison.Ordinal);
}
