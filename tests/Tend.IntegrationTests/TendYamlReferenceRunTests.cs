using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// docs/formats/tend-yaml.md's example of the supervisord-parity keys, run as written under Tend
/// as PID 1 with stand-ins for nginx, php-fpm and php: four replicas named worker_0..3, each with
/// its TEND_REPLICA; php-fpm's stdout and stderr in one log file; the group `web` restarted
/// together with `tend ctl restart web:*` while the workers keep their pids.
/// </summary>
public partial class TendYamlReferenceRunTests
{
    /// <summary>The example writes /var/log/php-fpm.log: a /var/log of the test's own.</summary>
    private static readonly string[] PrivateVarLog =
        ["sh", "-c", "mount -t tmpfs -o mode=0755 tmpfs /var/log && exec \"$0\" \"$@\""];

    [Fact(Timeout = 90_000)]
    public async Task The_groups_example_runs_replicas_a_merged_log_file_and_restarts_its_group_together()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single("docs/formats/tend-yaml.md", "yaml", "groups:\n  web:").Text;
        using var dir = new TempDir();
        var s = new StandIns(dir);
        s.Add("nginx", """exec "$DUMMY" echo "nginx: $*" then sleep inf""");
        s.Add("php-fpm", """exec "$DUMMY" echo "fpm on stdout" then echo-err "fpm on stderr" then sleep inf""");
        s.Add("php", """exec "$DUMMY" print-env TEND_REPLICA then sleep inf""");
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: s.Environment(), launcher: PrivateVarLog);

        for (var n = 0; n < 4; n++)
        {
            var replica = n;
            tend.WaitForLine(l => Regex.IsMatch(l, $@"^worker_{replica}\s+\| TEND_REPLICA={replica}$"));
        }
        Ctl.WaitForStatus(tend, r => r.StartsWith("php-fpm ", StringComparison.Ordinal) && r.Contains("RUNNING", StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, r => r.StartsWith("nginx ", StringComparison.Ordinal) && r.Contains("RUNNING", StringComparison.Ordinal));
        var before = Pids(Ctl.Run(tend, "ctl", "status").Out);

        // Both streams of php-fpm are in its log file (merge_stderr), as Tend's mount namespace sees it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var inFile = "";
        while (!(inFile.Contains("fpm on stdout", StringComparison.Ordinal) && inFile.Contains("fpm on stderr", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"php-fpm's log file holds:\n{inFile}");
            await Task.Delay(50);
            var path = $"/proc/{tend.TendPid}/root/var/log/php-fpm.log";
            inFile = File.Exists(path) ? File.ReadAllText(path) : "";
        }

        var restart = Ctl.Run(tend, "ctl", "restart", "web:*");
        Assert.Equal(0, restart.Code);
        foreach (var member in new[] { "nginx", "php-fpm" })
            Ctl.WaitForStatus(tend, r => r.StartsWith(member + " ", StringComparison.Ordinal) && r.Contains("RUNNING", StringComparison.Ordinal)
                && Pids(r)[member] != before[member]);
        var after = Pids(Ctl.Run(tend, "ctl", "status").Out);
        for (var n = 0; n < 4; n++) Assert.Equal(before[$"worker_{n}"], after[$"worker_{n}"]); // not in the group

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>Program name to pid, from `tend ctl status` rows (NAME STATE PID ...).</summary>
    private static Dictionary<string, string> Pids(string status) =>
        PidRow().Matches(status).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["pid"].Value);

    [GeneratedRegex(@"(?m)^(?<name>\S+)\s+\S+\s+(?<pid>\d+)\b")]
    private static partial Regex PidRow();
}
