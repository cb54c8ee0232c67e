using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: what the README shows Tend printing (its Logs block, the messages it quotes)
/// is taken from the README and compared with what Tend prints when the same thing is done, pids
/// and times normalised, so that the page cannot drift from the program again.
/// </summary>
public partial class ReadmeShownOutputTests
{
    private const string Readme = "README.md";

    /// <summary>Pids and durations change from run to run; the words do not.</summary>
    private static string Normalise(string line) =>
        Millis().Replace(Pid().Replace(line.TrimEnd(), "pid N"), "N ms");

    /// <summary>
    /// The Logs section's block: web's line, worker's line on stderr, flaky's exit with 3 after
    /// 1.5 s, each shown line printed by Tend (same words, same stream, names aligned as shown)
    /// for programs doing what the block shows them doing.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task The_Logs_sections_lines_are_what_Tend_prints()
    {
        await Task.Yield();
        var block = DocBlocks.Of(Readme).Single(b => b.Language == "" && b.Text.StartsWith("tend   | web started pid", StringComparison.Ordinal));
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $$"""
            programs:
              web:
                command: ["{{Paths.Dummy}}", "echo", "GET /item/1 200", "then", "sleep", "inf"]
              worker:
                command: ["{{Paths.Dummy}}", "echo-err", "warning: queue is slow", "then", "sleep", "inf"]
              flaky:
                command: ["{{Paths.Dummy}}", "sleep", "1.5", "then", "exit", "3"]
            """);
        tend.WaitForLine("flaky exited with 3");
        tend.WaitForLine("queue is slow", stream: "err");
        foreach (var shownLine in block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var onStderr = shownLine.Contains("<- on stderr", StringComparison.Ordinal);
            var shown = Normalise(Regex.Replace(shownLine, @"\s+<-.*$", ""));
            var printed = (onStderr ? tend.Stderr : tend.Stdout).Select(Normalise).ToList();
            Assert.True(printed.Contains(shown),
                $"{block}: the README shows `{shown}` on std{(onStderr ? "err" : "out")}; Tend printed:\n{string.Join('\n', printed)}");
        }
    }

    /// <summary>The message the README quotes for a bad option value is the line Tend prints, whole.</summary>
    [Fact(Timeout = 30_000)]
    public async Task The_quoted_bad_option_message_is_what_tend_run_prints()
    {
        await Task.Yield();
        var shown = Quoted("tend: --http: 'notanaddr'");
        var (code, _, err) = Tools.Run(Paths.Tend, ["run", "--http", "notanaddr", "--", "true"]);
        Assert.Equal(100, code);
        Assert.Equal(shown, err.Split('\n')[0]);
    }

    /// <summary>
    /// The life-cycle text: a command that cannot be executed is FATAL with the quoted message,
    /// and a `restart: never` program that exited with 3 has the quoted REASON in `tend ctl status`.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task The_quoted_start_error_and_reason_are_what_Tend_prints_and_shows()
    {
        await Task.Yield();
        var cannotStart = Quoted("cannot start \"web\"");
        var reason = Quoted("exited with 3, not");
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: ["/usr/sbin/ngin"]
              once:
                command: ["sh", "-c", "exit 3"]
                restart: never
            """);
        tend.WaitForLine(l => Regex.IsMatch(l, @"^tend\s+\| " + Regex.Escape(cannotStart) + "$"));
        var row = Ctl.WaitForStatus(tend, r => r.StartsWith("once ", StringComparison.Ordinal) && r.Contains("EXITED", StringComparison.Ordinal));
        Assert.EndsWith(" " + reason, row.TrimEnd());
        Assert.Contains(" FATAL ", Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("FATAL", StringComparison.Ordinal)));
    }

    /// <summary>The README's inline `code` that starts with <paramref name="start"/>, its line breaks read as spaces.</summary>
    private static string Quoted(string start)
    {
        var text = Regex.Replace(DocBlocks.Text(Readme), @"\n\s*", " ");
        var m = Regex.Match(text, "`(" + Regex.Escape(start) + "[^`]*)`");
        Assert.True(m.Success, $"{Readme} no longer quotes `{start}...`");
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"pid \d+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"\d+ ms")]
    private static partial Regex Millis();
}
