using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>A runit tree (runsvdir's directory) run by `tend run DIR` and by Tend named runsvdir.</summary>
public class RunitTreeTests
{
    private static void WriteTree(string services, string records)
    {
        Script($"{services}/web", "run", $"""
            echo run >> {records}/web-runs
            echo "line-$(wc -l < {records}/web-runs)"
            [ "$(wc -l < {records}/web-runs)" -ge 2 ] || exit 2
            exec sleep 1000
            """);
        Script($"{services}/web", "finish", $"echo \"$@\" >> {records}/web-finish");
        Script($"{services}/web", "log/run", $"while read line; do echo \"logged: $line\" >> {records}/web-log; done");
        Script($"{services}/idle", "run", "exec sleep 1000");
        Write($"{services}/idle", "down", "");
    }

    [Fact(Timeout = 60_000)]
    public async Task I_run_a_runit_tree_with_a_log_service_restarts_and_runit_finish_arguments()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var services = Path.Combine(dir.Path, "service");
        WriteTree(services, dir.Path);
        using var tend = TendHost.Start(["run", services]);

        // Both runs' output reached log/run through one pipe, kept across the restart.
        WaitForLines(dir.File("web-log"), l => l.Contains("logged: line-1") && l.Contains("logged: line-2"));
        Assert.Equal(0, tend.Count("line-1"));
        var finish = WaitForLines(dir.File("web-finish"), l => l.Length >= 1);
        Assert.Equal("2 0", finish[0]); // runsv: ./finish CODE STATUS
        Assert.Equal(0, tend.Count("idle started")); // the down file

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Equal("-1 15", File.ReadAllLines(dir.File("web-finish")).Last()); // killed by TERM
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_every_last_line_a_service_writes_while_stopping_reach_its_log_service()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var services = Path.Combine(dir.Path, "service");
        // The service writes 20 lines as it stops; its logger is slow, so most are still in the pipe
        // when the service is down. As with runsv, the logger must read them all (its input ends)
        // rather than be sent TERM with the lines unread.
        Script($"{services}/web", "run", $"""
            trap 'for i in $(seq 1 20); do echo "bye-$i"; done; exit 0' TERM
            echo up
            while :; do sleep 0.05; done
            """);
        Script($"{services}/web", "log/run", $"while read line; do sleep 0.02; echo \"$line\" >> {dir.File("web-log")}; done");
        using var tend = TendHost.Start(["run", services]);
        WaitForLines(dir.File("web-log"), l => l.Contains("up"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var logged = File.ReadAllLines(dir.File("web-log"));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"bye-{i}"), logged.Where(l => l.StartsWith("bye-", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_run_tend_named_runsvdir_on_a_service_directory()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var services = Path.Combine(dir.Path, "service");
        WriteTree(services, dir.Path);
        var runsvdir = Path.Combine(dir.Path, "runsvdir");
        File.CreateSymbolicLink(runsvdir, Paths.Tend);
        using var tend = TendHost.Start(["-P", services], tendPath: runsvdir);
        WaitForLines(dir.File("web-log"), l => l.Contains("logged: line-2"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_tend_check_describe_what_it_understood_of_a_runit_tree()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var services = Path.Combine(dir.Path, "service");
        WriteTree(services, dir.Path);
        var result = Tools.Run(Paths.Tend, ["check", services]);
        Assert.Equal(0, result.Code);
        Assert.Contains("# layout: runit service tree", result.Out);
        Assert.Contains("web-log: longrun; reads the output of web", result.Out);
        Assert.Contains("idle: longrun; down (not started)", result.Out);
    }
}
