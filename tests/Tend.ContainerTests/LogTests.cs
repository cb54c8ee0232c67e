using System.Text.RegularExpressions;
using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>`podman logs`: every program line, prefixed, stdout and stderr on the streams they were written to.</summary>
public class LogTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task Podman_logs_has_every_line_of_every_program_prefixed_on_its_own_stream()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              chatty:
                command: {Sh("i=1; while [ $i -le 200 ]; do echo out-$i; echo err-$i >&2; i=$((i+1)); done; echo chatty finished")}
                restart: never
                start_seconds: 0
              other:
                command: {Sh("i=1; while [ $i -le 200 ]; do echo other-$i; i=$((i+1)); done; sleep 1000")}
              app:
                command: {Sh("echo app waiting; while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 0")}
                main: true
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);
        c.WaitForLine(@"^chatty\s+\| chatty finished$");
        c.WaitForLine(@"^other\s+\| other-200$");
        Assert.Equal(0, c.Exec("touch", "/tmp/go").Code);
        Assert.Equal(0, c.WaitForExit());

        // Not the follower's copy: podman's own answer to `podman logs`, as a user sees it. Podman's
        // log file (k8s-file) tags each line with the stream it came on, and `podman logs` writes
        // each line back on that stream.
        var (code, stdout, stderr) = Podman.Run("logs", c.Name);
        Assert.Equal(0, code);
        var outLines = stdout.Split('\n');
        var errLines = stderr.Split('\n');
        for (var i = 1; i <= 200; i++)
        {
            Assert.Contains(outLines, l => Regex.IsMatch(l, $@"^chatty\s+\| out-{i}$"));
            Assert.Contains(errLines, l => Regex.IsMatch(l, $@"^chatty\s+\| err-{i}$"));
            Assert.Contains(outLines, l => Regex.IsMatch(l, $@"^other\s+\| other-{i}$"));
        }
        Assert.DoesNotContain(outLines, l => l.Contains("err-"));
        Assert.DoesNotContain(errLines, l => l.Contains("out-") || l.Contains("other-"));
        Assert.Contains(outLines, l => Regex.IsMatch(l, @"^tend\s+\| chatty started pid \d+"));
        Assert.Contains(outLines, l => Regex.IsMatch(l, @"^app\s+\| app waiting$"));
    }
}
