using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend convert supervisord.conf --to yaml` runs the same programs: the original and the converted
/// file, each run with Tend as PID 1, start the same programs (each prints a marker), and the
/// converted file's one-shot runs once and stays down as the original's does.
/// </summary>
public class ConvertTests
{
    private const string Conf = """
        [supervisord]
        nodaemon=true

        [program:web]
        command=sh -c 'echo web-up; exec sleep 100000'
        environment=GREETING="hello, world"
        startsecs=0
        stopsignal=INT
        stopwaitsecs=3
        priority=10

        [program:worker]
        command=sh -c 'echo worker-up-%(process_num)d; exec sleep 100000'
        process_name=%(program_name)s_%(process_num)d
        numprocs=2
        startsecs=0
        autorestart=unexpected
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        priority=20

        [program:once]
        command=sh -c 'echo "once-up $GREETING"'
        environment=GREETING="hi: there"
        startsecs=0
        autorestart=false
        priority=5
        """;

    private static readonly string[] Markers = ["web | web-up", "worker_0 | worker-up-0", "worker_1 | worker-up-1", "once | once-up hi: there"];

    [Fact(Timeout = 90_000)]
    public async Task A_converted_supervisord_conf_starts_the_same_programs_as_the_original()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", Conf);
        var (code, yaml, err) = RunTend("convert", conf, "--to", "yaml");
        Assert.True(code == 0, err);
        var converted = dir.Write("converted.yaml", yaml);

        foreach (var config in new[] { conf, converted })
        {
            using var tend = TendHost.Start(["run", config]);
            foreach (var marker in Markers)
                tend.WaitForLine(l => Squeeze(l).Contains(marker, StringComparison.Ordinal));
            // The one-shot exited (autorestart=false / restart: never) and was not started again.
            tend.WaitForLine(l => l.Contains("once", StringComparison.Ordinal) && l.Contains("exit", StringComparison.Ordinal) && !l.Contains("once-up", StringComparison.Ordinal));
            Assert.Equal(1, tend.Stdout.Count(l => Squeeze(l).Contains("once | once-up", StringComparison.Ordinal)));
            tend.Signal(15);
            Assert.Equal(0, tend.WaitForExit());
        }
    }

    /// <summary>
    /// selenium's images switch a program on with autostart=%(ENV_X)s: converted outside the image the
    /// value is unknown and a yes/no cannot stay a reference, so `tend convert` says which variable it
    /// needs, and takes the image's value with --env NAME=VALUE (it failed with "invalid autostart
    /// '${X}'", whatever the environment held).
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_setting_taken_from_the_images_environment_is_converted_with_its_value()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true
            loglevel=%(ENV_LOG_LEVEL)s

            [program:cleanup]
            command=/opt/bin/cleanup.sh --every %(ENV_INTERVAL)s
            autostart=%(ENV_CLEANUP)s
            """);
        var (code, _, err) = RunTend("convert", conf, "--to", "yaml");
        Assert.Equal(100, code);
        Assert.Contains("supervisord.conf:7: error: autostart in [program:cleanup] takes its value from $CLEANUP, which cannot stay a variable reference in the output", err);
        Assert.Contains("--env CLEANUP=VALUE", err);
        Assert.Contains("supervisord.conf:3: error: loglevel in [supervisord] takes its value from $LOG_LEVEL", err);

        var (ok, yaml, err2) = RunTend("convert", conf, "--to", "yaml", "--env", "CLEANUP=false", "--env", "LOG_LEVEL=warn");
        Assert.True(ok == 0, err2);
        Assert.Contains("autostart: false", yaml);
        Assert.Contains("${INTERVAL}", yaml); // a command keeps its reference, resolved where it runs
        Assert.Equal(100, RunTend("convert", conf, "--to", "yaml", "--env", "CLEANUP").Code);
    }

    /// <summary>Log prefixes are padded to the longest name: "web      | x" reads as "web | x".</summary>
    private static string Squeeze(string line)
    {
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        return bar < 0 ? line : line[..bar].TrimEnd() + line[bar..];
    }

    private static (int Code, string Out, string Err) RunTend(params string[] args)
    {
        var psi = new ProcessStartInfo(Paths.Tend) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(); throw new TimeoutException("tend convert did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
