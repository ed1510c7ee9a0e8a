using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MasteryPath.Browser.Tests;

/// <summary>The accessibility bar every page is held to: axe finds no serious or critical violation.</summary>
internal static class AxeScan
{
    public static async Task<Deque.AxeCore.Commons.AxeResult> AssertNoSeriousViolationsAsync(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}:\n" + string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes.Length} nodes, e.g. {v.Nodes.FirstOrDefault()?.Html})")));
        return results;
    }
}
