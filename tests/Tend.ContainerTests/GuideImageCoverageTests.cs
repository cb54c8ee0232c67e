namespace Tend.ContainerTests;

/// <summary>
/// Issue 20, item 8: every Dockerfile a guide gives for Tend (one that names it; the "before"
/// ones are the reader's own image) is built and run by GuideImageTests, found there by a line
/// only it has. A Dockerfile added to a guide with no test to build it, or changed so that its
/// test no longer finds it, fails here, before any image is built.
/// </summary>
public class GuideImageCoverageTests
{
    /// <summary>Page (under docs/), the line GuideImageTests finds the Dockerfile by, and that test.</summary>
    private static readonly (string Document, string Marker, string Test)[] Claimed =
    [
        ("migrating/from-entrypoint-script.md", "COPY tend.yaml", nameof(GuideImageTests.The_entrypoint_guides_image_starts_php_fpm_then_nginx_once_php_fpm_is_ready)),
        ("migrating/from-runit.md", "/usr/bin/runsvdir", nameof(GuideImageTests.The_runit_guides_two_steps_run_the_same_services)),
        ("migrating/from-runit.md", "COPY tend.yaml", nameof(GuideImageTests.The_runit_guides_two_steps_run_the_same_services)),
        ("migrating/from-supervisord.md", "ln -s /usr/bin/tend /usr/bin/supervisord", nameof(GuideImageTests.The_supervisord_guides_two_steps_run_the_same_programs)),
        ("migrating/from-supervisord.md", "COPY tend.yaml", nameof(GuideImageTests.The_supervisord_guides_two_steps_run_the_same_programs)),
        ("migrating/from-s6-overlay.md", "/usr/bin/tend /init", nameof(GuideImageTests.The_s6_overlay_guides_first_step_runs_the_tree_and_the_CMD)),
        ("migrating/from-s6-overlay.md", "COPY tend.yaml", nameof(GuideImageTests.The_s6_overlay_guides_second_step_converts_the_tree_and_runs_it_from_tend_yaml)),
        ("walkthrough-lemp.md", "COPY site/", nameof(GuideImageTests.The_walkthroughs_all_in_one_image_serves_a_php_page_once_mariadb_answers)),
    ];

    [Fact(Timeout = 30_000)]
    public async Task Every_Dockerfile_a_guide_gives_for_Tend_is_built_and_run_by_a_test()
    {
        await Task.Yield();
        var documents = Directory.EnumerateFiles(Path.Combine(Infrastructure.Images.RepoRoot, "docs", "migrating"), "*.md")
            .Select(f => "migrating/" + Path.GetFileName(f)).Append("walkthrough-lemp.md");
        foreach (var doc in documents)
            foreach (var (_, text) in GuideImageTests.Blocks(doc).Where(b => b.Language == "dockerfile" && b.Text.Contains("tend", StringComparison.Ordinal)))
            {
                var claims = Claimed.Count(c => c.Document == doc && text.Contains(c.Marker, StringComparison.Ordinal));
                Assert.True(claims == 1, $"docs/{doc}: {(claims == 0 ? "no test builds this Dockerfile" : "more than one test claims this Dockerfile")}:\n{text}");
            }
        foreach (var (doc, marker, test) in Claimed)
            Assert.True(GuideImageTests.Blocks(doc).Count(b => b.Language == "dockerfile" && b.Text.Contains(marker, StringComparison.Ordinal)) == 1,
                $"docs/{doc}: {test} finds no single Dockerfile holding '{marker}'");
    }
}
