using System.Text.Json;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Every line, attributed, on the right stream, whole.</summary>
public class LogTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_each_programs_stdout_and_stderr_prefixed_on_the_matching_stream()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "to out", "then", "echo-err", "to err", "then", "sleep", "inf")}
              longername:
                command: {Dummy("echo", "hello", "then", "sleep", "inf")}
                log_prefix: true
              bare:
                command: {Dummy("echo", "unprefixed", "then", "sleep", "inf")}
                log_prefix: false
            """);
        tend.WaitForLine("web        | to out");
        tend.WaitForLine("web        | to err", stream: "err");
        tend.WaitForLine("longername | hello");
        tend.WaitForLine(l => l == "unprefixed");
        Assert.DoesNotContain(tend.Stderr, l => l.Contains("to out"));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("to err"));
        tend.WaitForLine(l => l.StartsWith("tend       | web started pid ", StringComparison.Ordinal));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_partial_last_line_flushed_when_the_program_exits()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              part:
                command: {Dummy("partial", "no newline at the end")}
                restart: never
                start_seconds: 0
            """);
        tend.WaitForLine("part | no newline at the end");
        tend.WaitForLine("part exited with 0");
        var lines = tend.Stdout.ToList();
        Assert.True(lines.FindIndex(l => l.Contains("part | no newline")) < lines.FindIndex(l => l.Contains("part exited with 0")),
            "the program's last line comes before Tend's note of its exit");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 120_000)]
    public async Task I_get_every_line_whole_and_in_order_from_several_busy_programs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        const int lines = 20000;
        using var tend = TendHost.Run(dir, $"""
            programs:
              a:
                command: {Dummy("spew-lines", lines.ToString(), "120", "then", "echo", "done", "then", "sleep", "inf")}
              b:
                command: {Dummy("spew-lines", lines.ToString(), "120", "then", "echo", "done", "then", "sleep", "inf")}
              c:
                command: {Dummy("spew-lines", lines.ToString(), "120", "stderr", "then", "echo", "done", "then", "sleep", "inf")}
            """);
        tend.WaitForCount("| done", 3, TimeSpan.FromSeconds(60));
        foreach (var (name, stream) in new[] { ("a", "out"), ("b", "out"), ("c", "err") })
        {
            var prefix = name.PadRight(4) + " | "; // aligned to the widest name, "tend"
            var mine = (stream == "out" ? tend.Stdout : tend.Stderr).Where(l => l.StartsWith(prefix + "line ", StringComparison.Ordinal)).ToList();
            Assert.Equal(lines, mine.Count);
            for (var i = 0; i < mine.Count; i++)
            {
                var body = mine[i][prefix.Length..];
                Assert.Equal(119, body.Length); // 120 bytes with the newline: never torn or interleaved
                Assert.StartsWith($"line {i + 1:D6}", body);
            }
        }
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_get_json_lines_with_time_program_stream_and_line()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "quote \" and tab \t", "then", "echo-err", "oops", "then", "sleep", "inf")}
            """, "--log-format", "json");
        var outLine = tend.WaitForLine("\"program\":\"web\"");
        var errLine = tend.WaitForLine("oops", stream: "err");
        using var doc = JsonDocument.Parse(outLine);
        Assert.Equal("stdout", doc.RootElement.GetProperty("stream").GetString());
        Assert.Equal("quote \" and tab \t", doc.RootElement.GetProperty("line").GetString());
        Assert.True(DateTime.TryParse(doc.RootElement.GetProperty("time").GetString(), out _));
        using var err = JsonDocument.Parse(errLine);
        Assert.Equal("stderr", err.RootElement.GetProperty("stream").GetString());
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_an_overlong_line_split_into_pieces_without_losing_bytes()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              long:
                command: {Dummy("long-line", "40000", "then", "echo", "after", "then", "sleep", "inf")}
            """);
        tend.WaitForLine("long | after");
        var pieces = tend.Stdout.Where(l => l.StartsWith("long | a", StringComparison.Ordinal) && !l.EndsWith("after", StringComparison.Ordinal)).ToList();
        Assert.True(pieces.Count >= 3, tend.Transcript());
        Assert.Equal(40000, pieces.Sum(p => p.Length - "long | ".Length));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_stop_tend_while_its_stdout_is_blocked_and_a_program_floods()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", $"""
            programs:
              flood:
                command: {Dummy("touch", dir.File("flooding"), "then", "spew-lines", "10000000", "then", "sleep", "inf")}
            """);
        // Nobody reads Tend's stdout: its pipe fills, and the log thread blocks in write.
        using var tend = TendHost.Start(["run", config], readStdout: false);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(dir.File("flooding")) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(File.Exists(dir.File("flooding")));
        var rss = Rss(tend.TendPid);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(rss < 64 * 1024, $"Tend's RSS was {rss} kB with its output blocked");
    }

    private static long Rss(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
