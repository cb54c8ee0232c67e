using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// s6-overlay's logutil-service and logutil-newfifo, called by name from the scripts of a tree as
/// s6-overlay's README shows them (a log/run that is `exec logutil-service /var/log/myapp`, a
/// cont-init script preparing the directory or the FIFO), answered by Tend linked under those names.
/// </summary>
public class LogutilTests
{
    private static string Bin(TempDir dir)
    {
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        foreach (var n in (string[])["logutil-service", "logutil-newfifo"]) File.CreateSymbolicLink(Path.Combine(bin, n), Paths.Tend);
        // The logger runs as nobody, who must reach the log directory under the test's directory.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        return bin;
    }

    /// <summary>/run/s6/container_environment, where the helpers read S6_LOGGING_SCRIPT as printcontenv does: the tree's own, seen there.</summary>
    private static string[] ContainerEnvironment(string root) =>
        ["sh", "-c", $"mount -t tmpfs tmpfs /run && mkdir -p /run/s6 {root}/run/s6 && mount --bind {root}/run/s6 /run/s6 && exec \"$@\"", "sh"];

    private static uint Nobody() => uint.Parse(Tools.Run("id", ["-u", "nobody"]).Out.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Stat(string format, string path) => Tools.Run("stat", ["-c", format, path]).Out.Trim();

    [Fact(Timeout = 60_000)]
    public async Task A_log_run_that_execs_logutil_service_logs_the_services_lines_as_nobody_with_s6_overlays_default_script()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var bin = Bin(dir);
        var root = Path.Combine(dir.Path, "root");
        var logDir = dir.File("log/myapp");
        // s6-overlay's README example, with the log directory under the test's directory.
        Script(root, "etc/cont-init.d/myapp-log-prepare", $"set -e\nmkdir -p {logDir}\nchown nobody:nogroup {logDir}\nchmod 02755 {logDir}");
        Script(root, "etc/services.d/myapp/run", "exec 2>&1\necho 'first line'\necho 'second line' >&2\nexec sleep 100000");
        Script(root, "etc/services.d/myapp/log/run", $"exec logutil-service {logDir}");
        using var tend = TendHost.Start(["run", "--root", root], launcher: ContainerEnvironment(root),
            env: new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/sbin:/usr/bin:/sbin:/bin" });
        var current = Path.Combine(logDir, "current");
        WaitUntil(() => File.Exists(current) && File.ReadAllText(current).Contains("second line"), () => $"no second line in {current}:\n{tend.Transcript()}");
        // n20 s1000000 T: each line after an ISO 8601 local time with nanoseconds.
        var lines = File.ReadAllLines(current);
        Assert.Equal(2, lines.Length);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} first line$"), lines[0]);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} second line$"), lines[1]);
        // Written by the logger, which dropped to nobody.
        Assert.Equal(Nobody().ToString(System.Globalization.CultureInfo.InvariantCulture), Stat("%u", current));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Logutil_newfifo_makes_the_fifo_a_logutil_service_f_reads_with_the_S6_LOGGING_SCRIPT_given()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var bin = Bin(dir);
        var root = Path.Combine(dir.Path, "root");
        var fifo = dir.File("myapp-fifo");
        var logDir = dir.File("log");
        Directory.CreateDirectory(logDir);
        File.SetUnixFileMode(logDir, (UnixFileMode)0b111_111_111);
        // The v2 pattern: an init script makes the FIFO, the service writes into it, a logger reads it.
        Script(root, "etc/cont-init.d/10-fifo", $"logutil-newfifo -m 0620 -o nobody {fifo}");
        Script(root, "etc/services.d/myapp/run", $"exec > {fifo}\nfor i in 1 2 3 4 5 6 7 8; do echo \"line $i of the service, long enough to rotate\"; done\nexec sleep 100000");
        Script(root, "etc/services.d/myapp-logger/run", $"exec logutil-service -f {fifo} {logDir}");
        using var tend = TendHost.Start(["run", "--root", root], launcher: ContainerEnvironment(root), env: new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:/usr/sbin:/usr/bin:/sbin:/bin",
            // Two archived files of about 100 bytes each, no timestamps.
            ["S6_LOGGING_SCRIPT"] = "n2 s100",
        });
        var current = Path.Combine(logDir, "current");
        WaitUntil(() => File.Exists(current) && File.ReadAllText(current).Contains("line 8 "), () => $"no line 8 in {current}:\n{tend.Transcript()}");
        Assert.Equal($"fifo 620 {Nobody()}", Stat("%F %a %u", fifo));
        WaitUntil(() => tend.Transcript().Contains("logutil-newfifo: warning: this binary is deprecated", StringComparison.Ordinal), tend.Transcript);
        Assert.Equal("line 7 of the service, long enough to rotate", File.ReadAllLines(current)[0]);
        Assert.True(File.Exists(current + ".2") && !File.Exists(current + ".3"), string.Join(", ", Directory.GetFiles(logDir)));
        Assert.StartsWith("line 4 ", File.ReadAllText(current + ".1"), StringComparison.Ordinal);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
    }
}
