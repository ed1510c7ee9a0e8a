namespace MasteryPath.Tests;

/// <summary>Finds the repository from the test binaries; linked into every test project.</summary>
internal static class RepositoryPaths
{
    /// <summary>The nearest folder above the test binaries that holds MasteryPath.slnx.</summary>
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

    /// <summary>The sample courses.</summary>
    public static string Courses => Path.Combine(Root, "courses");
}
