namespace MasteryPath.Content.Tests;

internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MasteryPath.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("MasteryPath.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Courses => Path.Combine(Root, "courses");
}
