using MasteryPath.Content.Datasets;
using MasteryPath.Domain.Expressions;

namespace MasteryPath.Content.Tests;

/// <summary>The labelled corpus in data/answer-checking as a test suite: the checker must never accept a wrong pair.</summary>
public class AnswerCheckingCorpusTests
{
    private static readonly string CorpusPath = Path.Combine(RepositoryPaths.Root, "data", "answer-checking", "equivalence-corpus.csv");

    private static readonly Lazy<CorpusReport> Report = new(() => EquivalenceCorpus.Evaluate(EquivalenceCorpus.Read(CorpusPath)));

    [Fact]
    public void The_corpus_is_large_balanced_and_covers_every_category()
    {
        var cases = EquivalenceCorpus.Read(CorpusPath);

        Assert.True(cases.Count >= 400, $"{cases.Count} pairs");
        var equivalent = cases.Count(c => c.Equivalent);
        Assert.InRange((double)equivalent / cases.Count, 0.4, 0.6);
        string[] required = ["exact-vs-approximate", "approximate-with-tolerance", "large-exponents", "restricted-domain", "undefined-sample-points", "near-zero", "equations", "inequalities", "implicit-multiplication", "unicode-input", "algebra"];
        Assert.All(required, category => Assert.Contains(cases, c => c.Category == category && c.Equivalent));
        Assert.All(required, category => Assert.Contains(cases, c => c.Category == category && !c.Equivalent));
    }

    [Fact]
    public void No_non_equivalent_pair_is_accepted()
    {
        var falseAccepts = Report.Value.Results.Where(r => r.FalseAccept).Select(r => $"line {r.Case.Line}: {r.Case.Expected} vs {r.Case.Response}").ToList();

        Assert.True(falseAccepts.Count == 0, string.Join("\n", falseAccepts));
    }

    [Fact]
    public void At_most_two_percent_of_equivalent_pairs_are_rejected()
    {
        var total = Report.Value.Total;
        var rejected = Report.Value.Results.Where(r => r.FalseReject).Select(r => $"line {r.Case.Line}: {r.Case.Expected} vs {r.Case.Response} {r.Error}");

        Assert.True(total.FalseRejectRate <= 0.02, $"{total.FalseRejects} of {total.Equivalent} rejected:\n{string.Join("\n", rejected)}");
    }

    [Fact]
    public void Summaries_add_up_per_category()
    {
        var report = Report.Value;

        Assert.Equal(report.Total.Cases, report.Categories.Sum(c => c.Cases));
        Assert.Equal(report.Total.FalseRejects, report.Categories.Sum(c => c.FalseRejects));
        Assert.Equal(report.Results.Count(r => r.Agrees), report.Total.Agreed);
    }

    [Fact]
    public void A_tab_separated_corpus_with_columns_in_any_order_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mp-corpus-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "response\texpected\tequivalent\n2x+2\t2(x+1)\tyes\nx, y\tx\t0\n1/3\t0.333\t1\n");
        try
        {
            var cases = EquivalenceCorpus.Read(path);
            var report = EquivalenceCorpus.Evaluate(cases);

            Assert.Equal(3, cases.Count);
            Assert.Equal("uncategorised", cases[0].Category);
            Assert.Equal("2(x+1)", cases[0].Expected);
            Assert.Equal(EquivalenceVerdict.Equivalent, report.Results[0].Verdict);
            Assert.Equal(EquivalenceVerdict.Unreadable, report.Results[1].Verdict);
            Assert.True(report.Results[2].FalseReject);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("category,expected,equivalent\na,1,true\n", "no 'response' column")]
    [InlineData("expected,response,equivalent\n1,1,maybe\n", "'equivalent' is 'maybe'")]
    [InlineData("expected,response,equivalent,tolerance\n1,1,true,-1\n", "'tolerance' is '-1'")]
    public void A_malformed_corpus_names_its_line_and_problem(string text, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mp-corpus-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try
        {
            var ex = Assert.Throws<CorpusFormatException>(() => EquivalenceCorpus.Read(path));

            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
