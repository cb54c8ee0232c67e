using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>examples/cron-app, as its README runs it: the job's output served over HTTP, then a clean SIGTERM.</summary>
public class CronAppExampleTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("tend.yaml", "refresh")]
    [InlineData("tend.crontab.yaml", "cron-1")]
    public async Task I_can_run_the_cron_app_example_and_get_the_jobs_output_over_http(string config, string job)
    {
        Tools.Require("python3");
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var port = Ctl.FreePort();
        using var tend = TendHost.Start(["run", Path.Combine(Paths.RepoRoot, "examples", "cron-app", config)], env: new Dictionary<string, string>
        {
            ["CRON_APP_DATA"] = data, ["CRON_APP_PORT"] = port.ToString(), ["CRON_APP_BIND"] = "127.0.0.1",
        });

        tend.WaitForLine("web is ready");            // its TCP readiness probe passed: the server listens
        tend.WaitForLine($"{job} | refreshed");      // the job has written status.txt (then printed this)
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var body = await http.GetStringAsync("/status.txt");
        Assert.StartsWith("last refresh: ", body);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("web stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("processes left") || l.Contains("killed"));
        // Nothing of the example outlives Tend (its data path is in every command line).
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)),
            d => { try { return File.ReadAllText(Path.Combine(d, "environ")).Contains(data); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } });
    }
}
