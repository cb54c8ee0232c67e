using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// A program's log file on a full disk (issue 9, fault injection), Tend as PID 1: ENOSPC is said
/// once, not once per line; supervision goes on (a restart works); the program's other stream
/// still reaches the console; once space is freed, the file is written again, from a whole line.
/// </summary>
public class FullDiskTests
{
    [Fact(Timeout = 90_000)]
    public async Task A_log_file_on_a_full_disk_is_reported_once_and_written_again_once_space_is_freed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var disk = Tmpfs.Mount(dir.File("disk"), "64k");
        Assert.True(disk.Fill("filler") > 0, "the tmpfs took some bytes before it was full");
        var log = disk.File("writer.log");
        // stdout goes to the file on the full disk; stderr (AUTO) to Tend's console, as a witness.
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:writer]
            command=sh -c 'i=0; while :; do i=$((i+1)); echo "line $i"; echo "console $i" >&2; sleep 0.01; done'
            startsecs=0
            stdout_logfile={log}
            stdout_logfile_maxbytes=0
            """);
        using var tend = TendHost.Start(["run", conf]);

        var failure = tend.WaitForLine(l => l.Contains("cannot write log file", StringComparison.Ordinal), stream: "err");
        Assert.Contains(log, failure);
        Assert.Contains("no space left on device", failure, StringComparison.OrdinalIgnoreCase);
        // Many more lines fail to reach the file, and still reach the console... (the failure can
        // be said before the first stderr line arrives: stdout is written first in each round)
        var seen = ConsoleNumber(tend.WaitForLine(l => ConsoleLine.IsMatch(l), stream: "err"));
        tend.WaitForLine(l => l.EndsWith($"| console {seen + 50}", StringComparison.Ordinal), stream: "err");
        // ...and a restart still works while the disk is full.
        var (code, _, err) = Ctl.Run(tend, "ctl", "restart", "writer");
        Assert.True(code == 0, err);
        await WaitUntil(() => tend.Stderr.Count(l => l.EndsWith("| console 1", StringComparison.Ordinal)) >= 2, tend);
        Assert.True(!File.Exists(log) || new FileInfo(log).Length == 0, "nothing reached the file while the disk was full");
        Assert.Equal(1, Mentions(tend, "cannot write log file"));

        File.Delete(disk.File("filler"));
        await WaitUntil(() => File.Exists(log) && File.ReadAllText(log).Count(c => c == '\n') >= 20, tend);
        var resumed = tend.WaitForLine(l => l.Contains("is written again", StringComparison.Ordinal), stream: "err");
        Assert.Matches($@"log file {Regex.Escape(log)} is written again \(\d+ bytes were dropped\)", resumed);
        // Written again from a line boundary (lines are dropped whole), in order, nothing repeated.
        var text = File.ReadAllText(log);
        var lines = text[..text.LastIndexOf('\n')].Split('\n'); // up to the last whole line: the program is still writing
        Assert.All(lines, l => Assert.Matches(@"^line \d+$", l));
        var numbers = lines.Select(l => int.Parse(l["line ".Length..])).ToList();
        Assert.All(numbers.Zip(numbers.Skip(1)), p => Assert.Equal(p.First + 1, p.Second));
        Assert.Equal(1, Mentions(tend, "cannot write log file"));
        Assert.Equal(1, Mentions(tend, "is written again"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    private static readonly Regex ConsoleLine = new(@"\| console (\d+)$");

    private static int ConsoleNumber(string line) => int.Parse(ConsoleLine.Match(line).Groups[1].Value);

    private static int Mentions(TendHost tend, string text) => tend.AllLines.Count(l => l.Line.Contains(text, StringComparison.Ordinal));

    /// <summary>Polls a condition on files or lines the test cannot be woken by; fails with Tend's transcript.</summary>
    private static async Task WaitUntil(Func<bool> condition, TendHost tend)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met in 20 s. Transcript:\n{tend.Transcript()}");
            await Task.Delay(20);
        }
    }
}
