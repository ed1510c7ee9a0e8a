namespace MasteryPath.Web.Accounts;

public static class Roles
{
    public const string Learner = "learner";
    public const string Teacher = "teacher";
    public const string Admin = "admin";

    /// <summary>Writes and publishes courses (the authoring area); given by an admin.</summary>
    public const string Author = "author";

    /// <summary>A parent or guardian: reads the progress of the learners linked to them (docs/adr/0029), nothing else.</summary>
    public const string Parent = "parent";

    public static readonly IReadOnlyList<string> All = [Learner, Teacher, Admin, Author, Parent];
}
