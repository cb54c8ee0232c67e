using System.Globalization;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Both status pages in a real browser (headless Chromium): what users click, what they see
/// change. With TEND_SCREENSHOTS=DIR each test also saves a screenshot there (docs/images comes
/// from `TEND_SCREENSHOTS=$PWD/docs/images dotnet test ... --filter BrowserTests`).
/// </summary>
public class BrowserTests
{
    private const string Talker = "sh -c 'i=0; while true; do i=$((i+1)); echo \"out $i\"; echo \"err $i\" >&2; sleep 0.3; done'";

    private static string? ScreenshotDir => Environment.GetEnvironmentVariable("TEND_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    private const string PidOfWeb = "(document.querySelector('tr[data-name=\"web\"] td.pid')||{}).textContent||''";

    [Fact(Timeout = 180_000)]
    public async Task In_chromium_I_restart_a_program_from_tends_page_and_watch_its_output_arrive()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            http: 127.0.0.1:{port}
            http_auth:
              username: admin
              password: secret
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
              talker:
                command: {Quote(Talker)}
                start_seconds: 0
            jobs:
              nightly:
                schedule: "0 3 * * *"
                command: ["true"]
            """);
        tend.WaitForLine("talker started");
        using var chromium = await HeadlessChromium.Start();
        await chromium.Authorize("admin:secret");
        await chromium.Navigate($"http://127.0.0.1:{port}/");
        var pid = await chromium.WaitFor(PidOfWeb, p => p.Length > 0, "web's pid on the page");
        await chromium.WaitFor("document.readyState", s => s == "complete", "the page to finish loading");

        await chromium.Evaluate("document.querySelector('tr[data-name=\"web\"] button[value=\"restart\"]').click()");
        Assert.Contains("restart", await chromium.WaitFor("(document.getElementById('message')||{}).textContent||''", m => m.Length > 0, "the message"));
        // The answer's page shows web as it was when the restart was asked (on a loaded machine it may
        // still be stopping); as a user would, reload the page until the new process is there.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var load = 1; ; load++)
        {
            await chromium.Navigate($"http://127.0.0.1:{port}/?load={load}");
            await chromium.WaitFor("location.search + ' ' + document.readyState", s => s == $"?load={load} complete", "the reloaded page");
            var now = await chromium.WaitFor(PidOfWeb, p => p.Length > 0, "web's pid on the reloaded page");
            if (now != pid) break;
            Assert.True(DateTime.UtcNow < deadline, $"web still has pid {pid} 30 s after the restart");
            await Task.Delay(200); // between reloads of the page, as a user's refresh
        }

        await chromium.Navigate($"http://127.0.0.1:{port}/?follow=talker");
        var first = await chromium.WaitFor("(document.getElementById('tail')||{}).textContent||''", t => Regex.IsMatch(t, @"out out \d+"), "the first lines");
        var newest = Regex.Matches(first, @"out out (\d+)").Max(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        // Lines written after the page loaded arrive by themselves, both streams marked.
        await chromium.WaitFor("document.getElementById('tail').textContent", t =>
            Regex.Matches(t, @"out out (\d+)").Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > newest + 2)
            && Regex.Matches(t, @"err err (\d+)").Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > newest + 2), "new lines on both streams");
        Assert.Equal("stderr", await chromium.Evaluate("document.querySelector('#tail span.stderr').className"));
        if (ScreenshotDir is { } shots) await chromium.Screenshot(Path.Combine(shots, "tend-status-page.png"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 180_000)]
    public async Task In_chromium_I_log_in_to_supervisords_port_and_restart_a_program()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Start(["run", dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=127.0.0.1:{port}
            username=admin
            password=secret

            [program:web]
            command={Paths.Dummy} sleep inf
            startsecs=0

            [program:worker]
            command=sh -c 'echo working; exec sleep 100000'
            startsecs=0
            """)]);
        tend.WaitForLine("worker started");
        using var chromium = await HeadlessChromium.Start();
        await chromium.Authorize("admin:secret");
        await chromium.Navigate($"http://127.0.0.1:{port}/");
        const string description = "(document.querySelector('tr[data-name=\"web\"] td:nth-child(2)')||{}).textContent||''";
        var before = await chromium.WaitFor(description, d => d.StartsWith("pid ", StringComparison.Ordinal), "web running on the page");
        await chromium.WaitFor("document.readyState", s => s == "complete", "the page to finish loading");

        await chromium.Evaluate("document.querySelector('tr[data-name=\"web\"] button[value=\"restart\"]').click()");
        await chromium.WaitFor("(document.getElementById('message')||{}).textContent||''", m => m == "Process web restarted", "supervisord's message");
        var after = await chromium.WaitFor(description, d => d.StartsWith("pid ", StringComparison.Ordinal), "web running again");
        Assert.NotEqual(PidIn(before), PidIn(after));
        if (ScreenshotDir is { } shots) await chromium.Screenshot(Path.Combine(shots, "supervisord-web-interface.png"));

        await chromium.Navigate($"http://127.0.0.1:{port}/tail.html?processname=worker");
        await chromium.WaitFor("(document.getElementById('tail')||{}).textContent||''", t => t.Contains("working"), "the tail of worker");
        tend.Signal(15);
        tend.WaitForExit();
    }

    private static string PidIn(string description) => Regex.Match(description, @"pid (\d+)").Groups[1].Value;
}
