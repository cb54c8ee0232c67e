using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: a tend.yaml shown in the README or docs/ is run by a test, not only loaded.
/// Each block is claimed by the test that runs it (by a line only that block has); a block added
/// to a page with no test to run it, or changed so that its test no longer finds it, fails here.
/// </summary>
public partial class GuideRunCoverageTests
{
    /// <summary>Page, the marker its run test finds the block by, and that test.</summary>
    private static readonly (string Document, string Marker, string Test)[] Claimed =
    [
        ("README.md", "forward_signals: [USR1]", nameof(ReadmeConfigRunTests.The_configuration_blocks_program_gets_what_each_key_says)),
        ("README.md", "jobs:\n  backup:", nameof(ReadmeConfigRunTests.The_jobs_block_and_the_crontab_block_run_as_the_README_says)),
        ("README.md", "restart_with: [db]", nameof(ReadmeConfigRunTests.The_dependencies_block_starts_in_order_restarts_with_db_and_ignores_the_exporters_health)),
        ("docs/migrating/from-entrypoint-script.md", "programs:", nameof(EntrypointGuideRunTests.The_guides_tend_yaml_starts_nginx_once_php_fpm_is_ready_and_says_in_the_guides_words_what_waits)),
        ("docs/formats/tend-yaml.md", "groups:\n  web:", nameof(TendYamlReferenceRunTests.The_groups_example_runs_replicas_a_merged_log_file_and_restarts_its_group_together)),
        ("docs/formats/tend-yaml.md", "gunicorn --bind fd://3", nameof(HeldSocketTests.The_reference_example_hands_gunicorn_its_three_sockets_in_order_with_their_names)),
        ("docs/walkthrough-lemp.md", "# tend.yaml\nprograms:", nameof(WalkthroughRunTests.The_step_1_tend_yaml_starts_init_then_mariadb_then_php_fpm_and_nginx_once_mariadb_answers)),
    ];

    [Fact(Timeout = 30_000)]
    public async Task Every_tend_yaml_the_pages_show_is_run_by_a_test()
    {
        await Task.Yield();
        var documents = new[] { "README.md" }.Concat(
            Directory.EnumerateFiles(Path.Combine(Paths.RepoRoot, "docs"), "*.md", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Paths.RepoRoot, f).Replace('\\', '/')));
        foreach (var doc in documents)
            foreach (var block in DocBlocks.Of(doc).Where(b => b.Language == "yaml" && TopLevelTendKey().IsMatch(b.Text)))
            {
                var claims = Claimed.Where(c => c.Document == doc && block.Text.Contains(c.Marker, StringComparison.Ordinal)).ToList();
                Assert.True(claims.Count == 1, claims.Count == 0
                    ? $"{block}: a tend.yaml no test runs; run it under Tend as PID 1 (see ReadmeConfigRunTests) and claim it here"
                    : $"{block}: claimed by {string.Join(", ", claims.Select(c => c.Test))}; give each test a marker of its own");
            }
        // And each claim still finds its block (the test would fail too, but say here which page moved).
        foreach (var (doc, marker, test) in Claimed)
            Assert.True(DocBlocks.Of(doc).Count(b => b.Language == "yaml" && b.Text.Contains(marker, StringComparison.Ordinal)) == 1,
                $"{doc}: {test} finds no single yaml block holding '{marker}'");
    }

    [GeneratedRegex(@"(?m)^(programs|jobs):")]
    private static partial Regex TopLevelTendKey();
}
