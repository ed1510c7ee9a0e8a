using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.PerformanceTasks;

/// <summary>
/// The learners' uploaded files, in &lt;data directory&gt;/uploads, each under a random name: the learner's file name
/// never reaches the disk (it is kept in the database and given back only as the download's name).
/// </summary>
public sealed class UploadStore
{
    public UploadStore(IOptions<MasteryPathOptions> options, IWebHostEnvironment environment)
    {
        Folder = Path.Combine(Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath), "uploads");
    }

    public string Folder { get; }

    /// <summary>Copies <paramref name="content"/> to a new file; returns its stored name and its size.</summary>
    public async Task<(string Name, long Size)> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(name);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken);
            return (name, file.Length);
        }
        catch
        {
            Delete(name);
            throw;
        }
    }

    /// <summary>The full path of a stored file; refuses anything but a name this store made.</summary>
    public string PathOf(string storedName)
    {
        if (storedName.Length != 32 || !storedName.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a stored file name.", nameof(storedName));
        }

        return Path.Combine(Folder, storedName);
    }

    public bool Exists(string storedName) => File.Exists(PathOf(storedName));

    public void Delete(string storedName)
    {
        var path = PathOf(storedName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
