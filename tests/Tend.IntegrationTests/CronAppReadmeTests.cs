using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: examples/cron-app/README.md's commands as it writes them, from the repository
/// root: "any crontab next to any config" runs both the YAML job and the crontab's cron-1,
/// `tend ctl status` shows both, `tend ctl run-job refresh` runs it now, and status.txt holds what
/// the page shows (`last refresh: 2026-...Z`).
/// </summary>
public partial class CronAppReadmeTests
{
    private const string Readme = "examples/cron-app/README.md";

    [Fact(Timeout = 60_000)]
    public async Task The_crontab_next_to_the_config_runs_both_jobs_and_ctl_shows_and_runs_them()
    {
        await Task.Yield();
        var command = DocBlocks.Of(Readme).Where(b => b.Language == "sh")
            .SelectMany(b => b.Text.Split('\n')).Single(l => l.StartsWith("out/tend run --crontab ", StringComparison.Ordinal));
        var args = command["out/tend ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shownBody = Regex.Match(DocBlocks.Text(Readme), @"# (?<body>last refresh: [^\n]*)").Groups["body"].Value;
        Assert.StartsWith("last refresh: ", shownBody);

        using var dir = new TempDir();
        var data = dir.File("data");
        using var tend = TendHost.Start(args, workingDir: Paths.RepoRoot, env: new Dictionary<string, string>
        {
            ["CRON_APP_DATA"] = data, ["CRON_APP_PORT"] = Ctl.FreePort().ToString(), ["CRON_APP_BIND"] = "127.0.0.1",
        });
        tend.WaitForLine(l => Regex.IsMatch(l, @"^refresh\s+\| refreshed"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^cron-1\s+\| refreshed"));

        var status = Ctl.Run(tend, "ctl", "status");
        Assert.Contains(status.Out.Split('\n'), r => r.StartsWith("refresh ", StringComparison.Ordinal));
        Assert.Contains(status.Out.Split('\n'), r => r.StartsWith("cron-1 ", StringComparison.Ordinal));

        var runs = tend.Count("refresh | refreshed");
        var runJob = Ctl.Run(tend, "ctl", "run-job", "refresh");
        Assert.True(runJob.Code == 0, runJob.Out + runJob.Err);
        Assert.Matches(@"\d+", runJob.Out); // the started pid
        tend.WaitForCount("refresh | refreshed", runs + 1);

        // The page's body, as the README shows it: `last refresh: 2026-...Z`.
        var pattern = "^" + Regex.Escape(shownBody).Replace(@"\.\.\.", ".*", StringComparison.Ordinal).Replace("2026", @"\d{4}", StringComparison.Ordinal) + "$";
        Assert.Matches(pattern, File.ReadAllText(Path.Combine(data, "status.txt")).TrimEnd());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
