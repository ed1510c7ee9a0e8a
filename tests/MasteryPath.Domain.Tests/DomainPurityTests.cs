using System.Xml.Linq;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class DomainPurityTests
{
    [Fact]
    public void Domain_assembly_references_only_the_base_library()
    {
        var references = typeof(SkillGraph).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        var foreign = references.Where(n => !(n == "netstandard" || n == "mscorlib" || n.StartsWith("System", StringComparison.Ordinal))).ToList();
        Assert.True(foreign.Count == 0, "Domain references non-base assemblies: " + string.Join(", ", foreign));
        Assert.DoesNotContain(references, n => n.StartsWith("System.Net.Http", StringComparison.Ordinal) || n.StartsWith("System.Data", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_project_has_no_package_or_project_references()
    {
        var project = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Domain", "MasteryPath.Domain.csproj"));

        var references = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference").ToList();

        Assert.Empty(references);
        Assert.Equal("Microsoft.NET.Sdk", project.Root!.Attribute("Sdk")!.Value);
    }

    [Fact]
    public void Domain_code_does_not_read_the_clock_or_do_io()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "MasteryPath.Domain"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);

        string[] forbidden = ["DateTime.Now", "DateTime.UtcNow", "DateTimeOffset.Now", "DateTimeOffset.UtcNow", "File.", "Directory.", "Console.", "HttpClient", "Environment."];
        var offences = sources
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => forbidden.Any(word => x.line.Contains(word, StringComparison.Ordinal)))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }
}
