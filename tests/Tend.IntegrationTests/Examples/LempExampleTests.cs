using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tend.IntegrationTests.Examples;

/// <summary>
/// Case study 1, end to end with the real nginx, php-fpm and MariaDB: examples/lemp started as it
/// is (tend.yaml, then the supervisord.conf beside it) under Tend as PID 1, the page fetched through
/// nginx, then SIGTERM. The page's port, 8080, is the example's contract: the two tests share one
/// class, and any other test that needs 8080 joins the collection, so they never run at once.
/// </summary>
[Collection(Port8080)]
public class LempExampleTests(ITestOutputHelper output)
{
    /// <summary>xunit runs the tests of one collection one after the other.</summary>
    public const string Port8080 = "tests that listen on 127.0.0.1:8080";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly string[] Daemons = ["mariadb", "php-fpm", "nginx"];

    [Fact(Timeout = 300_000)]
    public async Task The_tend_yaml_serves_a_value_read_from_MariaDB_and_every_process_stops_cleanly_on_SIGTERM()
    {
        using var stack = new LempStack();
        var config = Path.Combine(LempStack.ExampleDir, "tend.yaml");
        var clock = Stopwatch.StartNew();
        using (var tend = TendHost.Start(["run", config], env: stack.Environment))
        {
            // The order tend.yaml asks for, each step on the previous one's readiness.
            tend.WaitForLine("nginx is ready", StartTimeout);
            WaitForHealth(tend);
            var healthy = LempStack.Ms(clock);
            AssertInOrder(tend, "prepare exited with 0", "mariadb is ready", "seed started pid",
                "seed exited with 0", "php-fpm is ready (sd_notify READY=1)", "nginx started pid", "nginx is ready");

            var (status, body) = await LempStack.GetPage();
            var firstPage = LempStack.Ms(clock);
            Assert.True(status == 200 && body.Contains("LEMP OK: Hello from MariaDB", StringComparison.Ordinal), $"{status}: {body}\n{tend.Transcript()}");

            // Read live: a value written now is the one the page shows.
            var value = $"written by the test {Guid.NewGuid():N}";
            stack.Sql($"UPDATE lemp.greeting SET message = '{value}' WHERE id = 1");
            (status, body) = await LempStack.GetPage();
            Assert.True(status == 200 && body.Contains($"LEMP OK: {value}", StringComparison.Ordinal), $"{status}: {body}");
            tend.WaitForLine(l => l.StartsWith("nginx ", StringComparison.Ordinal) && l.Contains("\"GET / HTTP/1.1\" 200", StringComparison.Ordinal));

            var rss = LempStack.RssKiB(tend.TendPid);
            output.WriteLine($"first start (mariadb-install-db included): healthy after {healthy} ms, first page after {firstPage} ms, tend RSS {rss} KiB");
            StopAndCheckEveryProcessExitedCleanly(tend);

            // A second start on the same directories: no new data directory, the seed changes
            // nothing, and the value written above is still there.
            clock.Restart();
            using var again = TendHost.Start(["run", config], env: stack.Environment);
            again.WaitForLine("nginx is ready", StartTimeout);
            WaitForHealth(again);
            healthy = LempStack.Ms(clock);
            Assert.Contains(again.Stdout, l => l.Contains($"MariaDB data directory {stack.DataDir} is ready", StringComparison.Ordinal));
            (status, body) = await LempStack.GetPage();
            firstPage = LempStack.Ms(clock);
            Assert.True(status == 200 && body.Contains($"LEMP OK: {value}", StringComparison.Ordinal), $"{status}: {body}");
            output.WriteLine($"second start: healthy after {healthy} ms, first page after {firstPage} ms, tend RSS {LempStack.RssKiB(again.TendPid)} KiB");
            StopAndCheckEveryProcessExitedCleanly(again);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task The_supervisord_conf_beside_it_serves_the_same_page_under_Tend()
    {
        using var stack = new LempStack();
        // supervisord has no ${VAR:-default}: the file's fixed paths are pointed at this run's
        // directories in a copy of the example (its %(here)s is then the copy).
        var copy = Path.Combine(stack.Root, "example");
        CopyDirectory(LempStack.ExampleDir, copy);
        var conf = Path.Combine(copy, "supervisord.conf");
        File.WriteAllText(conf, File.ReadAllText(conf)
            .Replace("/run/tend-lemp", stack.RunDir, StringComparison.Ordinal)
            .Replace("/var/lib/tend-lemp", stack.DataDir, StringComparison.Ordinal)
            .Replace("pidfile=/run/supervisord.pid", $"pidfile={stack.Root}/supervisord.pid", StringComparison.Ordinal));

        var clock = Stopwatch.StartNew();
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine("seed exited with 0", StartTimeout);
        // No readiness to wait on here (supervisord has none): nginx answers once it listens.
        var (status, body) = await PollPage(StartTimeout);
        output.WriteLine($"supervisord.conf, first start: first page after {LempStack.Ms(clock)} ms");
        Assert.True(status == 200 && body.Contains("LEMP OK: Hello from MariaDB", StringComparison.Ordinal), $"{status}: {body}\n{tend.Transcript()}");
        StopAndCheckEveryProcessExitedCleanly(tend);
    }

    /// <summary>
    /// SIGTERM: the daemons stop in reverse order, each logged as a clean stop, none of their
    /// workers outliving it, nothing else left in the namespace, and Tend exits 0.
    /// </summary>
    private void StopAndCheckEveryProcessExitedCleanly(TendHost tend)
    {
        var tendPid = tend.TendPid;
        var before = LempStack.ProcessesInNamespaceOf(tendPid);
        // Only Tend, the three daemons and their workers (and, maybe, a readiness probe running).
        var strangers = before.Where(p => p.Pid != tendPid && !p.Name.StartsWith("mariadb", StringComparison.Ordinal)
            && !p.Name.StartsWith("php-fpm", StringComparison.Ordinal) && p.Name != "nginx").ToList();
        Assert.True(strangers.Count == 0, $"unexpected processes: {string.Join(", ", strangers)}");
        // A daemon is a direct child of Tend; its workers are its children.
        var workers = Daemons.ToDictionary(d => d, d => before.Where(p => p.ParentPid != tendPid && p.Pid != tendPid
            && before.Any(m => m.Pid == p.ParentPid && m.ParentPid == tendPid && m.Name.StartsWith(d == "mariadb" ? "mariadbd" : d, StringComparison.Ordinal)))
            .ToList());
        Assert.Equal(2, workers["php-fpm"].Count); // pm = static, 2 children
        Assert.Single(workers["nginx"]);           // worker_processes 1

        tend.Signal(15);
        foreach (var daemon in Daemons.Reverse())
        {
            tend.WaitForLine(l => l.Contains($"tend", StringComparison.Ordinal) && l.EndsWith($" {daemon} stopped", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            // Later programs are still stopping: a worker left behind would still be here.
            var alive = workers[daemon].Where(w => !LempStack.IsGone(w.Pid)).ToList();
            Assert.True(alive.Count == 0, $"{daemon} workers outlived it: {string.Join(", ", alive)}");
        }
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("killed after", StringComparison.Ordinal) || l.Contains("stopped with", StringComparison.Ordinal)
            || l.Contains("processes left", StringComparison.Ordinal));
        var order = Daemons.Reverse().Select(d => tend.Stdout.ToList().FindIndex(l => l.EndsWith($" {d} stopped", StringComparison.Ordinal))).ToList();
        Assert.True(order.SequenceEqual(order.Order()), $"not stopped in reverse order:\n{tend.Transcript()}");
        Assert.All(before, p => Assert.True(LempStack.IsGone(p.Pid), $"{p} is still there"));
    }

    /// <summary>
    /// Polls `tend health` (what Docker's HEALTHCHECK runs) until it answers 0. Readiness is logged
    /// first, but a program counts as RUNNING only once its start_seconds have passed.
    /// </summary>
    private static void WaitForHealth(TendHost tend)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var last = Ctl.Run(tend, "health");
        while (last.Code != 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            last = Ctl.Run(tend, "health");
        }
        Assert.True(last.Code == 0, $"tend health: {last.Out}{last.Err}\n{tend.Transcript()}");
    }

    private static void AssertInOrder(TendHost tend, params string[] texts)
    {
        var lines = tend.Stdout.ToList();
        var at = texts.Select(t => lines.FindIndex(l => l.Contains(t, StringComparison.Ordinal))).ToList();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()), $"expected in this order: {string.Join(" / ", texts)}\n{tend.Transcript()}");
    }

    /// <summary>The page, polled until it answers 200 (supervisord gives no readiness to wait on).</summary>
    private static async Task<(int Status, string Body)> PollPage(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        (int, string) last = (0, "no answer");
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await LempStack.GetPage();
                if (last.Item1 == 200) return last;
            }
            catch (HttpRequestException e) { last = (0, e.Message); }
            await Task.Delay(100);
        }
        return last;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
