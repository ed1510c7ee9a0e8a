using System.Text.Json.Nodes;
using Json.Schema;
using MasteryPath.Content.Standards;

namespace MasteryPath.Content.Tests;

/// <summary>
/// The real package against 1EdTech's CASE 1.1 JSON Schema binding of a CFPackage (OpenSALT's copy, see
/// Data/case/README.md), with JsonSchema.Net: the 2017 export is not 1.1 (which is why the importer is lenient), and
/// the same framework written as the 1.1 binding says is valid and imports to the same outline.
/// </summary>
public sealed class CaseSchemaTests : IDisposable
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "MasteryPath.Content.Tests", "Data", "case");

    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "case-v1p1-cfpackage-schema.json")));

    private readonly string _work = Directory.CreateTempSubdirectory("mp-case-schema-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static JsonObject Fixture() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "opensalt-what-standards-could-be.json")))!.AsObject();

    private static List<(string Where, string Error)> Errors(JsonNode package)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        // 1EdTech's binding names the 2020-12 meta-schema by http, not https as json-schema.org publishes it.
        options.SchemaRegistry.Register(new Uri("http://json-schema.org/draft/2020-12/schema"), MetaSchemas.Draft202012);
        var results = Schema.Evaluate(package, options);
        return results.IsValid
            ? []
            : results.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => (d.InstanceLocation.ToString(), $"{e.Key}: {e.Value}"))).ToList();
    }

    /// <summary>The 2017 export rewritten as the CASE 1.1 binding has it: only its keys, LinkURI objects, integer sequence numbers, education levels as lists.</summary>
    private static JsonObject AsCase11(JsonObject package)
    {
        package["CFDocument"]!.AsObject().Remove("CFPackageURI");
        foreach (var item in package["CFItems"]!.AsArray().Select(i => i!.AsObject()))
        {
            item.Remove("CFDocumentURI");
            item.Remove("CFItemAssociationURI");
            var level = item["educationalLevel"]!.GetValue<string>();
            item.Remove("educationalLevel");
            item["educationLevel"] = new JsonArray(level);
        }

        foreach (var association in package["CFAssociations"]!.AsArray().Select(a => a!.AsObject()))
        {
            association.Remove("CFDocumentURI");
            if (association["sequenceNumber"] is { } number)
            {
                association["sequenceNumber"] = int.Parse(number.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var type in package["CFDefinitions"]!["CFItemTypes"]!.AsArray().Select(t => t!.AsObject()))
        {
            type["description"] = type["title"]!.GetValue<string>();
        }

        return package;
    }

    [Fact]
    public void The_2017_opensalt_export_is_not_case_1_1_for_the_reasons_its_readme_gives()
    {
        var errors = Errors(Fixture());

        Assert.NotEmpty(errors);
        // Keys CASE 1.1 does not have (additionalProperties: false).
        Assert.Contains(errors, e => e.Where == "/CFDocument/CFPackageURI");
        Assert.Contains(errors, e => e.Where == "/CFItems/0/educationalLevel");
        Assert.Contains(errors, e => e.Where == "/CFAssociations/0/CFDocumentURI");
        Assert.Contains(errors, e => e.Where.EndsWith("/sequenceNumber", StringComparison.Ordinal) && e.Error.StartsWith("type", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_framework_in_the_case_1_1_binding_is_valid_and_imports_to_the_same_outline()
    {
        var case11 = AsCase11(Fixture());
        Assert.Empty(Errors(case11));

        var path = Path.Combine(_work, "case-1.1.json");
        File.WriteAllText(path, case11.ToJsonString());
        var fromCase11 = CaseImport.Run(path, Path.Combine(_work, "a"), new CaseImportOptions(), force: false).Outline;
        var from2017 = CaseImport.Run(Path.Combine(Folder, "opensalt-what-standards-could-be.json"), Path.Combine(_work, "b"), new CaseImportOptions(), force: false).Outline;

        Assert.Equal(12, fromCase11.Skills.Count);
        Assert.Equal(from2017.Units, fromCase11.Units);
        Assert.Equal(from2017.Skills.Select(s => (s.Id, s.UnitId, string.Join(",", s.Prerequisites), s.Standard)), fromCase11.Skills.Select(s => (s.Id, s.UnitId, string.Join(",", s.Prerequisites), s.Standard)));
        // educationLevel as a 1.1 list filters the same way as the 2017 educationalLevel text.
        Assert.Equal(6, CaseOutlineBuilder.Build(CasePackage.Parse(case11.ToJsonString()), new CaseImportOptions(Grade: "6")).Skills.Count);
    }

    [Fact]
    public void The_schema_refuses_what_the_importer_refuses_too()
    {
        var package = AsCase11(Fixture());
        package["CFItems"]![0]!["identifier"] = "not-a-uuid";

        Assert.Contains(Errors(package), e => e.Where == "/CFItems/0/identifier" && e.Error.StartsWith("pattern", StringComparison.Ordinal));
        var error = Assert.Throws<CasePackageException>(() => CasePackage.Parse(package.ToJsonString()));
        Assert.Contains("'not-a-uuid', which is not a CASE identifier", error.Message, StringComparison.Ordinal);
    }
}
