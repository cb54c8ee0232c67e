using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// A bad option value, on any verb, is refused before anything starts: exit 100 and a message that
/// names the option and what it expects, in words, never a .NET type name or resource key.
/// </summary>
public class OptionValueTests
{
    private static (int Code, string Out, string Err) RunTend(params string[] args)
    {
        var psi = new ProcessStartInfo(Paths.Tend) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Nowhere to connect: a ctl verb that got past parsing would say "cannot connect" (exit 7), not 100.
        psi.Environment["TEND_SOCKET"] = Path.Combine(Path.GetTempPath(), $"tend-nowhere-{Guid.NewGuid():N}.sock");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException($"tend {string.Join(' ', args)} did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly string LongPath = "/tmp/" + new string('s', 120) + ".sock";

    public static TheoryData<string[], string> BadValues => new()
    {
        { ["run", "--kill-grace", "abc", "--", "true"], "--kill-grace: invalid duration 'abc'; expected a duration like 10s" },
        { ["run", "--kill-grace", "-5", "--", "true"], "--kill-grace: negative duration '-5'" },
        { ["run", "--http", "notanaddr", "--", "true"], "--http: 'notanaddr' has no port; expected host:port" },
        { ["run", "--http", "127.0.0.1:99999", "--", "true"], "--http: port 99999 is out of range" },
        { ["run", "--http", "http://127.0.0.1:9090", "--", "true"], "--http: 'http://127.0.0.1:9090' is a URL, not host:port" },
        { ["run", "--log-format", "xml", "--", "true"], "--log-format: 'xml' is not one of text or json" },
        { ["run", "--socket", LongPath, "--", "true"], "--socket: the path is 130 bytes long; a Unix socket path is at most 107 bytes" },
        { ["ctl", "--socket", LongPath, "status"], "--socket: the path is 130 bytes long" },
        { ["ctl", "logs", "-n", "abc"], "--lines: 'abc' is not a number; expected a whole number, 0 or more" },
        { ["ctl", "logs", "-n", "-1"], "--lines: -1 is negative; expected a whole number, 0 or more" },
        { ["ctl", "-n", "abc", "logs"], "--lines: 'abc' is not a number" },
        { ["ctl", "logs", "--lines", "99999999999"], "--lines: 99999999999 is too large (at most 2147483647)" },
        { ["ctl", "signal", "NOPE", "web"], "SIGNAL: unknown signal 'NOPE'; expected a name like HUP" },
        { ["ctl", "status", "--jsn"], "unknown option '--jsn' for 'tend ctl status'" },
        { ["probe", "tcp", "127.0.0.1:1", "--timeout", "soon"], "--timeout: invalid duration 'soon'" },
        { ["probe", "http", "http://127.0.0.1:1/", "--timeout", "-1s"], "--timeout: negative duration '-1s'" },
        { ["export", "compose", "x.yaml", "--group-by", "team"], "--group-by: 'team' is not one of program or group" },
        { ["export", "kubernetes", "x.yaml", "--layout", "mesh"], "--layout: 'mesh' is not one of pod or split" },
        { ["export", "compose", "x.yaml", "--keep-volumes=maybe"], "Unrecognized command or argument 'maybe'" }, // a flag takes no value
        { ["convert", "x.conf", "--to", "json"], "--to: 'json' is not one of yaml" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadValues))]
    public async Task I_get_a_plain_message_and_100_for_a_bad_option_value(string[] args, string message)
    {
        await Task.Yield();
        var (code, stdout, stderr) = RunTend(args);
        Assert.True(code == 100, $"exit {code}\n{stdout}{stderr}");
        Assert.Contains("tend: " + message, stderr);
        foreach (var leak in new[] { "System.", "Arg_", "`1", "Parameter '" })
            Assert.DoesNotContain(leak, stderr);
        Assert.Equal("", stdout);
    }

    /// <summary>Before: `Arg_ParamName_Name, hostPort` on stderr and Tend ran on without its listener.</summary>
    [Fact(Timeout = 30_000)]
    public async Task I_get_the_same_refusal_for_a_bad_http_address_on_the_command_line_as_in_tend_yaml()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", "http: notanaddr\nprograms:\n  app:\n    command: [\"true\"]\n");
        var inFile = RunTend("check", config);
        Assert.Equal(100, inFile.Code);
        Assert.Contains("'notanaddr' has no port", inFile.Err);
        var inOption = RunTend("run", "--http", "notanaddr", "--", "sleep", "30");
        Assert.Equal(100, inOption.Code);
        Assert.Contains("'notanaddr' has no port", inOption.Err);
        Assert.DoesNotContain("started", inOption.Out + inOption.Err);
    }

    [Fact(Timeout = 30_000)]
    public async Task I_can_still_give_kill_grace_in_seconds_or_as_a_duration()
    {
        await Task.Yield();
        foreach (var grace in new[] { "2", "1.5", "500ms", "0" })
        {
            var (code, _, stderr) = RunTend("run", "--kill-grace", grace, "--socket", "none", "--", "sh", "-c", "exit 7");
            Assert.True(code == 7, $"--kill-grace {grace}: exit {code}\n{stderr}");
        }
    }
}
