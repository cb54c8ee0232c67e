using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests.Examples;

/// <summary>
/// Issue 20, item 8: examples/lemp/README.md shows how the stack starts, as Tend's output. That
/// block, taken from the page, is compared with what `tend run examples/lemp/tend.yaml` prints
/// with the real daemons on a first start: every line shown is a line printed, on stdout or stderr
/// (pids, MariaDB's timestamp and this run's data directory normalised), and Tend's own lines
/// come in the order shown.
/// </summary>
[Collection(LempExampleTests.Port8080)]
public partial class LempReadmeOutputTests
{
    [Fact(Timeout = 300_000)]
    public async Task How_it_starts_shows_what_tend_run_prints()
    {
        await Task.Yield();
        var shown = DocBlocks.Of("examples/lemp/README.md")
            .Single(b => b.Language == "" && b.Text.StartsWith("tend    | prepare started pid", StringComparison.Ordinal))
            .Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalise).ToList();
        using var stack = new LempStack();
        using var tend = TendHost.Start(["run", Path.Combine(LempStack.ExampleDir, "tend.yaml")], env: stack.Environment);
        tend.WaitForLine("nginx is ready", TimeSpan.FromSeconds(150));

        // A daemon's own line (MariaDB's "ready for connections", on stderr) may still be on its way
        // when Tend's "nginx is ready" has arrived on stdout: two pipes, read apart. Wait for each.
        List<string> Printed() => tend.AllLines.Select(l => l.Line).Select(l => Normalise(l.Replace(stack.DataDir, "/var/lib/tend-lemp", StringComparison.Ordinal))).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (shown.Any(l => !l.StartsWith("tend ", StringComparison.Ordinal) && !Printed().Contains(l)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var printed = Printed();
        var at = -1;
        foreach (var line in shown)
        {
            var found = printed.IndexOf(line);
            Assert.True(found >= 0, $"examples/lemp/README.md shows `{line}`; Tend printed:\n{string.Join('\n', printed)}");
            if (!line.StartsWith("tend ", StringComparison.Ordinal)) continue;
            Assert.True(found > at, $"`{line}` comes earlier than the README shows; Tend printed:\n{string.Join('\n', printed)}");
            at = found;
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(60)));
    }

    private static string Normalise(string line) =>
        MariadbTime().Replace(Pid().Replace(line.TrimEnd(), "pid N"), "TIME [Note]");

    [GeneratedRegex(@"pid \d+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d +\d+:\d\d:\d\d \d+ \[Note\]")]
    private static partial Regex MariadbTime();
}
