using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 19: scripts of s6-overlay images wait for a service with s6-svwait on its directory
/// (`s6-svwait -U /run/service/db` before migrating). Tend answers as s6-svwait, from its own state.
/// </summary>
public class S6SvwaitTests
{
    [Fact(Timeout = 60_000)]
    public async Task s6_svwait_waits_for_up_ready_and_down_and_times_out_with_99()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        foreach (var n in new[] { "s6-svwait", "s6-svc" }) File.CreateSymbolicLink(Path.Combine(bin, n), Paths.Tend);
        var gate = Path.Combine(root, "gate");
        Write(root, "etc/services.d/db/notification-fd", "3\n");
        Script(root, "etc/services.d/db/run", $"echo db-running\n{WaitFor(gate)}\necho >&3\nexec sleep 100000");
        using var tend = TendHost.Start(["run", "--root", root]);
        tend.WaitForLine("db-running");
        var env = new Dictionary<string, string> { ["TEND_SOCKET"] = tend.SocketPath };
        (int Code, string Out, string Err) Svwait(params string[] args) => Tools.Run(Path.Combine(bin, "s6-svwait"), args, env: env);

        var up = Svwait("-u", "-t", "10000", "/run/service/db");
        Assert.True(up.Code == 0, up.Err);
        var notReady = Svwait("-U", "-t", "300", "/run/service/db");
        Assert.True(notReady.Code == 99, $"{notReady.Code} {notReady.Err}");
        File.WriteAllText(gate, "");
        var ready = Svwait("-U", "-t", "20000", "/run/service/db");
        Assert.True(ready.Code == 0, ready.Err);

        var stillUp = Svwait("-d", "-t", "300", "/run/service/db");
        Assert.True(stillUp.Code == 99, $"{stillUp.Code} {stillUp.Err}");
        var waiter = Task.Run(() => Svwait("-D", "-t", "20000", "/run/service/db"));
        var down = Tools.Run(Path.Combine(bin, "s6-svc"), ["-d", "/run/service/db"], env: env);
        Assert.True(down.Code == 0, down.Err);
        var stopped = await waiter;
        Assert.True(stopped.Code == 0, stopped.Err);

        var unknown = Svwait("-u", "-t", "300", "/run/service/nosuch");
        Assert.True(unknown.Code == 111 && unknown.Err.Contains("nosuch"), $"{unknown.Code} {unknown.Err}");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
