using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Programs start, restart at once after a crash, back off and go FATAL, and exec errors are precise.</summary>
public class LifecycleTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_can_see_a_crashed_program_restarted_at_once_with_a_new_pid()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              crashy:
                command: {Dummy("echo", "up", "then", "sleep", "1.3", "then", "exit", "4")}   # past the backoff reset: restarted at once
                start_seconds: 0.1
            """);
        tend.WaitForLine("crashy exited with 4");
        tend.WaitForLine("restarting in 0 ms");
        tend.WaitForCount("crashy started pid", 2);
        tend.WaitForCount("crashy | up", 2);
        var pids = tend.Stdout.Where(l => l.Contains("crashy started pid")).Select(l => l.Split(' ')[^1]).ToList();
        Assert.NotEqual(pids[0], pids[1]);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_see_a_program_that_keeps_failing_to_start_back_off_and_go_fatal()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              flaky:
                command: {Dummy("exit", "2")}
                start_seconds: 5
                start_retries: 2
                backoff: {"{"}initial: 50ms, max: 100ms{"}"}
              steady:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine("attempt 1 of 3), restarting in 50 ms");
        tend.WaitForLine("attempt 2 of 3), restarting in 100 ms");
        tend.WaitForLine("flaky exited with 2 within 5 s of starting, 3 failed starts in a row: giving up (FATAL)");
        Assert.Equal(3, tend.Count("flaky started pid"));
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit()); // a FATAL program is a failure: never a silent 0
        Assert.Contains(tend.Stdout, l => l.Contains("steady stopped"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_get_a_precise_exec_error_and_the_other_programs_keep_running()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/usr/sbin/ngin", "-g", "daemon off;"]
              nocmd:
                command: "no-such-command-anywhere --flag"
              other:
                command: {Dummy("echo", "still here", "then", "sleep", "inf")}
            """);
        tend.WaitForLine("cannot start \"web\": exec /usr/sbin/ngin: no such file or directory");
        tend.WaitForLine("cannot start \"nocmd\": exec no-such-command-anywhere: no such file or directory");
        tend.WaitForLine("other | still here");
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit());
    }

    /// <summary>
    /// Commands found on PATH are remembered for a second (issue 21), commands not found never: a
    /// tool installed after the start failed is found by the next `tend ctl start`.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_install_a_missing_command_and_the_next_start_finds_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        using var tend = TendHost.Run(dir, $"""
            programs:
              late:
                command: "late-tool --now"
                environment:
                  PATH: "{bin}:/usr/bin:/bin"
                restart: never
            """);
        tend.WaitForLine("cannot start \"late\": exec late-tool: no such file or directory");
        var tool = Path.Combine(bin, "late-tool");
        File.WriteAllText(tool, "#!/bin/sh\necho late tool ran with $1\nexec sleep inf\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (code, _, err) = Ctl.Run(tend, "ctl", "start", "late");
        Assert.True(code == 0, err);
        tend.WaitForLine("late | late tool ran with --now");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_choose_not_to_restart_or_to_restart_only_on_failure()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              once:
                command: {Dummy("exit", "0")}
                restart: never
                start_seconds: 0
              okexit:
                command: {Dummy("exit", "3")}
                restart: on-failure
                exit_codes: [0, 3]
                start_seconds: 0
              badexit:
                command: {Dummy("sleep", "0.2", "then", "exit", "5")}
                restart: on-failure
                start_seconds: 0
            """);
        tend.WaitForLine("once exited with 0, not restarting (restart: never)");
        tend.WaitForLine("okexit exited with 3, not restarting (restart: on-failure)");
        tend.WaitForCount("badexit started pid", 2);
        Assert.Equal(1, tend.Count("once started pid"));
        Assert.Equal(1, tend.Count("okexit started pid"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_tend_survive_running_out_of_descriptors_and_report_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var programs = string.Concat(Enumerable.Range(1, 30).Select(i => $"""
              p{i}:
                command: {Dummy("sleep", "inf")}
                start_retries: 1
                backoff: {"{"}initial: 20ms{"}"}

            """));
        var config = dir.Write("tend.yaml", "programs:\n" + programs);
        // 40 descriptors: the runtime and Tend need some, each running program keeps two pipe ends.
        using var tend = TendHost.Start(["run", config], launcher: ["prlimit", "--nofile=40:40", "--"]);
        tend.WaitForLine("too many open files");
        tend.WaitForLine("giving up (FATAL)");
        tend.WaitForLine("p1 started pid");
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit()); // programs went FATAL: a failure, reported in the exit code
        Assert.Contains(tend.Stdout, l => l.Contains("p1 stopped"));
    }
}
