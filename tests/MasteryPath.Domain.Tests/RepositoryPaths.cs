namespace MasteryPath.Domain.Tests;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds MasteryPath.slnx.</summary>
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
}
