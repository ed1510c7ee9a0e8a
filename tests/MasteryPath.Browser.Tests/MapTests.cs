using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// A course map people can read: every prerequisite drawn as an arrow pointing down to what builds on it, the whole
/// drawing within the page's width, full skill names without overlaps, the learner's frontier marked; on a phone, the
/// skills by unit instead of a drawing too small to read. No serious or critical accessibility violation at either width.
/// </summary>
public sealed partial class MapTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Algebra = "algebra-1";

    [SkippableFact]
    public async Task The_map_draws_every_prerequisite_within_the_width_with_full_names_and_the_frontier_marked()
    {
        var dev = new Learner(app, await app.NewPageAsync(), "map-wide");
        await dev.RunAsync(async () =>
        {
            var page = dev.Page;
            await dev.SignInAsync("dev@example.com");
            await dev.SkipPlacementAsync(Algebra);
            await dev.GoAsync($"/courses/{Algebra}/skills/place-value/practice");
            await dev.AnswerRightAsync();
            await dev.GoAsync($"/courses/{Algebra}/map");
            await Expect(page.Locator(".skill-map")).ToBeVisibleAsync();

            // Every prerequisite is an arrow made of numbers, from the bottom of a box down to the top of another.
            var course = app.Course(Algebra);
            var pairs = course.Graph.TopologicalOrder.Sum(s => course.Graph.PrerequisitesOf(s).Count);
            var edges = await page.Locator(".skill-map path.edge").EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('d'))");
            Assert.Equal(pairs, edges.Length);
            foreach (var d in edges)
            {
                var match = EdgePath().Match(d);
                Assert.True(match.Success, $"not a drawable path: {d}");
                Assert.True(double.Parse(match.Groups["ey"].Value, System.Globalization.CultureInfo.InvariantCulture) > double.Parse(match.Groups["sy"].Value, System.Globalization.CultureInfo.InvariantCulture), $"an arrow that does not point down: {d}");
            }

            await Expect(page.Locator(".skill-map path.edge[marker-end='url(#arrow)']")).ToHaveCountAsync(pairs);

            // The drawing fits the page: no sideways scrolling, every box inside the picture, no two boxes overlapping.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the page scrolls sideways");
            var boxes = await page.Locator(".skill-map .node rect").EvaluateAllAsync<double[][]>("rects => rects.map(r => { const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })");
            var picture = (await page.Locator(".skill-map").BoundingBoxAsync())!;
            Assert.Equal(course.SkillsById.Count, boxes.Length);
            Assert.All(boxes, b => Assert.True(b[0] >= picture.X - 1 && b[2] <= picture.X + picture.Width + 1, $"a box at {b[0]}–{b[2]} outside the picture"));
            for (var i = 0; i < boxes.Length; i++)
            {
                for (var j = i + 1; j < boxes.Length; j++)
                {
                    var overlap = boxes[i][0] < boxes[j][2] && boxes[j][0] < boxes[i][2] && boxes[i][1] < boxes[j][3] && boxes[j][1] < boxes[i][3];
                    Assert.False(overlap, $"boxes {i} and {j} overlap");
                }
            }

            // Full names, wrapped onto lines inside their boxes.
            var nodes = await page.Locator(".skill-map .node").EvaluateAllAsync<string[][]>(
                "nodes => nodes.map(n => [n.dataset.title, Array.from(n.querySelectorAll('tspan')).map(t => t.textContent).join(' '), String(n.querySelector('text').getBBox().width), String(n.querySelector('rect').getBBox().width)])");
            foreach (var node in nodes.Where(n => n[0].Length <= 70))
            {
                Assert.Equal(node[0], node[1]);
                Assert.True(double.Parse(node[2], System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(node[3], System.Globalization.CultureInfo.InvariantCulture), $"'{node[0]}' is wider than its box");
            }

            // The frontier: what the learner can work on now is outlined, nothing locked is.
            await Expect(page.Locator(".skill-map a.frontier[data-skill='place-value']")).ToHaveCountAsync(1);
            await Expect(page.Locator(".skill-map .state-locked.frontier")).ToHaveCountAsync(0);
            await Expect(page.Locator("#progress-summary")).ToContainTextAsync("skills mastered");

            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await dev.ScreenshotAsync("map-1280");
        });
    }

    [SkippableFact]
    public async Task On_a_phone_the_map_is_the_list_of_skills_by_unit()
    {
        var cleo = new Learner(app, await app.NewPageAsync(390, 844), "map-phone");
        await cleo.RunAsync(async () =>
        {
            var page = cleo.Page;
            await cleo.SignInAsync("cleo@example.com");
            await cleo.SkipPlacementAsync(Algebra);
            await cleo.GoAsync($"/courses/{Algebra}/map");
            await Expect(page.Locator(".map-graph")).ToBeHiddenAsync();
            await Expect(page.Locator(".map-phone-note")).ToBeVisibleAsync();
            await Expect(page.Locator("ul.skill-list li")).ToHaveCountAsync(app.Course(Algebra).SkillsById.Count);
            await Expect(page.Locator("ul.skill-list a[href$='/skills/place-value']")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the page scrolls sideways on a phone");
            await AxeScan.AssertNoSeriousViolationsAsync(page);
            await cleo.ScreenshotAsync("map-390");
        });
    }

    [GeneratedRegex(@"^M(?<sx>[\d.]+),(?<sy>[\d.]+) C[\d.]+,[\d.]+ [\d.]+,[\d.]+ (?<ex>[\d.]+),(?<ey>[\d.]+)$")]
    private static partial Regex EdgePath();
}
