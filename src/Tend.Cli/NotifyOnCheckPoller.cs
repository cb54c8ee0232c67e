using System.Diagnostics;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// The poller of <see cref="S6NotifyOnCheck"/>: Tend re-invoked in a hidden mode, with the
/// notification descriptor inherited. It runs the check every wait interval until it exits 0, then
/// writes the newline s6 readiness expects and exits. It gives up (exit 1) after the allowed number
/// of checks or the overall timeout, and quietly (exit 0) once the service's process is gone, so a
/// stopped service leaves no poller behind.
/// </summary>
internal static class NotifyOnCheckPoller
{
    public const string Verb = "__notifyoncheck-poll";

    /// <summary>args: detach fd initialSleep globalTimeout localTimeout wait tries servicePid -- check...</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 10 || args[8] != "--") return 100;
        var fd = int.Parse(args[1]);
        if (args[0] == "1")
        {
            // -d: start the real poller and leave; the caller reaps us and init adopts it.
            var again = args.ToArray();
            again[0] = "0";
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
            var spawned = Spawner.Spawn(new SpawnRequest
            {
                Argv = [Environment.ProcessPath ?? "/proc/self/exe", Verb, .. again], Environment = env, NewSession = false,
            });
            return spawned.Ok ? 0 : 111;
        }
        long initialSleep = long.Parse(args[2]), globalTimeout = long.Parse(args[3]), localTimeout = long.Parse(args[4]),
            wait = long.Parse(args[5]), tries = long.Parse(args[6]);
        var servicePid = int.Parse(args[7]);
        var check = args[9..];
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
        var clock = Stopwatch.StartNew();
        bool TimedOut() => globalTimeout > 0 && clock.ElapsedMilliseconds >= globalTimeout;
        Thread.Sleep(TimeSpan.FromMilliseconds(initialSleep));
        for (long attempt = 1; tries == 0 || attempt <= tries; attempt++)
        {
            if (!ProcessControl.Signal(servicePid, 0)) return 0;
            if (TimedOut()) break;
            if (RunCheck(check, environment, localTimeout))
            {
                Fd.WriteAll(fd, "\n"u8);
                return 0;
            }
            if (tries != 0 && attempt == tries) break;
            Thread.Sleep(TimeSpan.FromMilliseconds(wait));
        }
        Console.Error.WriteLine($"s6-notifyoncheck (tend): fatal: {string.Join(' ', check)} did not succeed; the service is not ready");
        return 1;
    }

    private static bool RunCheck(string[] check, List<string> environment, long localTimeout)
    {
        var spawned = Spawner.Spawn(new SpawnRequest { Argv = check, Environment = environment, NewSession = false });
        if (!spawned.Ok) return false;
        if (localTimeout == 0) return ChildWait.Wait(spawned.Pid) is { Signaled: false, Code: 0 };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (ChildWait.Poll(spawned.Pid) is { } status) return status is { Signaled: false, Code: 0 };
            if (clock.ElapsedMilliseconds >= localTimeout)
            {
                ProcessControl.SignalGroup(spawned.Pid, 9);
                ChildWait.Wait(spawned.Pid);
                return false;
            }
            Thread.Sleep(10);
        }
    }
}
