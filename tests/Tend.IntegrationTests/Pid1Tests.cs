using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// PID 1 duties, against the .NET runtime's own SIGCHLD handling (dotnet/runtime#65061: as PID 1 the
/// runtime reaps children itself once it handles SIGCHLD). Exit statuses must survive an orphan storm.
/// </summary>
public class Pid1Tests
{
    [Fact(Timeout = 90_000)]
    public async Task I_keep_every_exit_status_while_1000_orphans_are_reaped()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var exits = string.Concat(Enumerable.Range(1, 20).Select(i => $"""
              e{i}:
                command: {Dummy("sleep", "0.2", "then", "exit", (i + 100).ToString())}
                restart: never
                start_seconds: 0

            """));
        // The main program waits until the orphan storm is over (no zombie left in the namespace),
        // then exits 7; Tend must exit 7, so the runtime did not steal its status.
        var checker = """
            sleep 0.5; for i in $(seq 1 400); do z=$(grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l); [ "$z" -eq 0 ] && echo zombies=0 && exit 7; sleep 0.01; done; echo zombies=$z; exit 1
            """;
        // The runtime's own SIGCHLD handling is armed on purpose: it is what reaps children behind
        // a PID 1's back; Tend's blocked signal mask must keep it from ever running.
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", $"""
            programs:
              storm:
                command: {Dummy("orphans", "1000")}
                restart: never
                start_seconds: 0
            {exits}
              check:
                command: ["/bin/sh", "-c", {Quote(checker.Trim())}]
                main: true
            """)], env: new Dictionary<string, string> { ["TEND_ARM_RUNTIME_SIGCHLD"] = "1" });
        Assert.Equal(7, tend.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(tend.Stdout, l => l.EndsWith("check | zombies=0", StringComparison.Ordinal));
        for (var i = 1; i <= 20; i++)
            Assert.Contains(tend.Stdout, l => l.Contains($"e{i} exited with {i + 100}, not restarting"));
        Assert.Contains(tend.Stdout, l => l.Contains("storm exited with 0"));
    }

    /// <summary>
    /// The verb decides the signal mask, wherever it sits on the command line: an option of `run`
    /// written before it (as `tend ctl --socket P status` allows) once left Tend without the blocked
    /// mask, so as PID 1 the runtime could have reaped its children.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_get_signals_blocked_when_I_write_runs_options_before_run()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Start(["--socket", "none", "run", dir.Write("tend.yaml", """
            programs:
              mask:
                command: ["/bin/grep", "^SigBlk", "/proc/1/status"]
                restart: never
            """)]);
        tend.WaitForLine("mask exited with 0");
        var line = tend.Stdout.Single(l => l.StartsWith("mask | SigBlk:", StringComparison.Ordinal));
        var blocked = Convert.ToUInt64(line.Split('\t')[1], 16);
        Assert.NotEqual(0UL, blocked & (1UL << (17 - 1))); // SIGCHLD (17) is blocked in Tend, PID 1
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// `docker stop` right after `docker run`: the TERM comes while Tend is still starting. A PID 1
    /// whose TERM handler is still the default one has the signal dropped by the kernel, so it used
    /// to be lost whenever it came before Main had blocked it (the runtime's start: 30 ms idle, 100 ms
    /// at load), and Docker killed the container after its grace period. Now a constructor blocks it
    /// before the runtime starts, and the TERM waits for the signalfd. A shell holds the exec until
    /// the test is watching (a FIFO), so the TERM goes as soon as Tend's image replaces it and shows
    /// signs of life (below). What is left unguarded, from the exec to the constructor, is the C
    /// library's own start: nothing in the binary can run earlier.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_can_stop_tend_with_a_term_sent_as_soon_as_it_is_started()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gate = dir.File("gate");
        Assert.Equal(0, mkfifo(gate, 0x180));
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", """
            programs:
              web:
                command: ["/bin/sleep", "inf"]
            """)], launcher: ["/bin/sh", "-c", "read go < \"$0\" && exec \"$@\"", gate]);
        var pid = tend.TendPid;
        File.WriteAllText(gate, "go\n"); // opens once the shell reads: it execs Tend right after
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ReadLink($"/proc/{pid}/exe")?.EndsWith("/tend", StringComparison.Ordinal) != true)
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"pid {pid} never became Tend:\n{tend.Transcript()}");
        // Sent once TERM is blocked or the runtime has started its first thread (the finalizer's),
        // whichever is seen first: before the constructor the runtime had started long before Main
        // blocked anything; with it, both come after the mask.
        var (blocked, threads) = (false, 1);
        while (!blocked && threads < 2) (blocked, threads) = MaskAndThreads(pid);
        Assert.Equal(0, kill(pid, 15));
        Console.WriteLine($"TERM sent with TERM blocked: {blocked}, threads: {threads}");
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains(tend.Stdout, l => l.Contains("SIGTERM received: stopping all programs"));
    }

    /// <summary>
    /// Every Tend process now starts with its signals blocked (the constructor runs before
    /// anything knows the verb); whatever does not supervise must put back the mask it was given.
    /// A program Tend starts as another user goes through Tend's exec helper, a Tend process too:
    /// it must reach the program with an empty mask. And `tend ctl logs -f` must still end on
    /// Ctrl-C (SIGINT), as it did when only the supervising verb blocked anything.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_get_an_empty_mask_in_a_program_run_as_another_user_and_can_interrupt_ctl_logs_f()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              asuser:
                command: ["/bin/grep", "^SigBlk", "/proc/self/status"]
                user: nobody
                restart: never
              web:
                command: ["/bin/sh", "-c", "echo hello; exec sleep inf"]
            """);
        tend.WaitForLine("asuser exited with 0");
        Assert.Contains("asuser | SigBlk:\t0000000000000000", tend.Stdout);
        tend.WaitForLine(l => l.StartsWith("web ", StringComparison.Ordinal) && l.EndsWith("| hello", StringComparison.Ordinal));

        using (var follower = new CtlFollower(tend, "ctl", "logs", "-f", "web"))
        {
            Assert.Matches(@"^web +\| hello$", follower.Next());
            Assert.Equal(0, kill(follower.Process.Id, 2)); // Ctrl-C
            Assert.True(follower.Process.WaitForExit(TimeSpan.FromSeconds(10)), "tend ctl logs -f ignored SIGINT");
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Whether TERM is blocked in the process's main thread, and its number of threads.</summary>
    private static (bool TermBlocked, int Threads) MaskAndThreads(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var blocked = (Convert.ToUInt64(Field("SigBlk"), 16) & (1UL << (15 - 1))) != 0;
        return (blocked, int.Parse(Field("Threads")));
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);

    [Fact(Timeout = 60_000)]
    public async Task I_see_children_start_with_default_signals_an_empty_mask_and_only_three_descriptors()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              probe:
                command: {Dummy("print-fds", "then", "print-pgid", "then", "echo", "end", "then", "sleep", "inf")}
              sigs:
                command: ["/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]
                restart: never
            """);
        tend.WaitForLine("probe | end");
        tend.WaitForLine("sigs exited with 0");
        // A plain C program (grep) reads its own state: a .NET child would show the runtime's own ignored SIGPIPE.
        Assert.Contains("sigs  | SigBlk:\t0000000000000000", tend.Stdout);
        Assert.Contains("sigs  | SigIgn:\t0000000000000000", tend.Stdout);
        var lines = tend.Stdout.Where(l => l.StartsWith("probe | ", StringComparison.Ordinal)).Select(l => l[8..]).ToList();
        var fds = lines.Where(l => int.TryParse(l, out _)).ToList();
        Assert.Equal(["0", "1", "2"], fds);
        var ids = lines.Single(l => l.StartsWith("pid=", StringComparison.Ordinal)).Split(' ').ToDictionary(p => p.Split('=')[0], p => p.Split('=')[1]);
        Assert.Equal(ids["pid"], ids["pgid"]); // its own process group
        Assert.Equal(ids["pid"], ids["sid"]);  // and session
        Assert.Equal("1", ids["ppid"]);         // Tend is PID 1
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_set_environment_working_dir_and_umask()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", $$"""
            programs:
              envy:
                command: {{Dummy("print-env", "GREETING", "FROM_TEND", "DEFAULTED", "then", "print-cwd", "then", "print-umask", "then", "echo", "end", "then", "sleep", "inf")}}
                environment: {GREETING: "hello ${FROM_TEND}", DEFAULTED: "${NOT_SET_ANYWHERE:-fallback}"}
                working_dir: {{Quote(dir.Path)}}
                umask: "027"
            """)], env: new Dictionary<string, string> { ["FROM_TEND"] = "outside" });
        tend.WaitForLine("envy | end");
        Assert.Contains(tend.Stdout, l => l.EndsWith("envy | GREETING=hello outside", StringComparison.Ordinal));
        Assert.Contains(tend.Stdout, l => l.EndsWith("envy | FROM_TEND=outside", StringComparison.Ordinal));
        Assert.Contains(tend.Stdout, l => l.EndsWith("envy | DEFAULTED=fallback", StringComparison.Ordinal));
        Assert.Contains(tend.Stdout, l => l.EndsWith("envy | " + dir.Path, StringComparison.Ordinal));
        Assert.Contains(tend.Stdout, l => l.EndsWith("envy | 0027", StringComparison.Ordinal));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_program_as_another_user_with_its_groups()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              drop:
                command: {Dummy("print-ids", "then", "echo", "end", "then", "sleep", "inf")}
                user: nobody
              bad:
                command: {Dummy("sleep", "inf")}
                user: nobody
                working_dir: /root/definitely-not-here
            """);
        tend.WaitForLine("drop | end");
        var ids = tend.Stdout.Single(l => l.StartsWith("drop | uid=", StringComparison.Ordinal));
        Assert.StartsWith("drop | uid=65534 gid=65534", ids);
        Assert.DoesNotContain("groups=0", ids);
        tend.WaitForLine("cannot start \"bad\": chdir /root/definitely-not-here: no such file or directory");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_have_usr1_forwarded_to_the_programs_that_ask_for_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var got = dir.File("got");
        var other = dir.File("other");
        using var tend = TendHost.Run(dir, $"""
            programs:
              wants:
                command: {Dummy("trap-signals", got, "then", "echo", "ready", "then", "sleep", "inf")}
                forward_signals: [USR1, WINCH]
              ignores:
                command: {Dummy("trap-signals", other, "then", "echo", "ready", "then", "sleep", "inf")}
            """);
        tend.WaitForCount("| ready", 2);
        tend.Signal(10); // USR1
        tend.Signal(28); // WINCH
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((!File.Exists(got) || File.ReadAllLines(got).Length < 2) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(["USR1", "WINCH"], File.ReadAllLines(got));
        tend.Signal(1); // HUP: reserved for reload, logged
        tend.WaitForLine("SIGHUP received");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Equal(["TERM"], File.ReadAllLines(other)); // it got only its stop signal
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_tend_as_a_subreaper_when_it_is_not_pid1()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", $"""
            programs:
              probe:
                command: {Dummy("print-pgid", "then", "echo", "end", "then", "sleep", "inf")}
            """);
        using var tend = TendHost.Start(["run", config], pid1: false);
        tend.WaitForLine("probe | end");
        var line = tend.Stdout.Single(l => l.StartsWith("probe | pid=", StringComparison.Ordinal));
        Assert.Contains($"ppid={tend.TendPid}", line);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
