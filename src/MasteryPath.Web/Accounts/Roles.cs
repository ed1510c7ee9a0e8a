namespace MasteryPath.Web.Accounts;

public static class Roles
{
    public const string Learner = "learner";
    public const string Teacher = "teacher";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Learner, Teacher, Admin];
}
