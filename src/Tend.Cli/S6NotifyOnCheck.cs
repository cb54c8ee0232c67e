using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// s6-notifyoncheck answered by Tend, for services whose program cannot say it is ready
/// (linuxserver.io's run scripts: `exec s6-notifyoncheck -d -n 300 -w 1000 -c "nc -z localhost 8080" prog...`).
/// It reads the service's notification descriptor (-3 FD, or the number in ./notification-fd),
/// starts a poller that runs the check (-c CMD through /bin/sh -c, or ./data/check) until it
/// succeeds and then writes the newline on that descriptor, closes the descriptor itself and
/// execs the program: Tend, watching the other end, sees the service ready as s6-supervise would.
/// Options as skarnet documents them: -d the poller is not the program's child; -s initial sleep,
/// -T overall timeout, -t timeout of one check, -w wait between checks (milliseconds); -n at most
/// that many checks (0: no limit).
/// The poller is Tend itself in a hidden mode (<see cref="NotifyOnCheckPoller"/>), started with
/// posix_spawn: the process that becomes the program never forks from managed code.
/// </summary>
internal static class S6NotifyOnCheck
{
    private const string Name = "s6-notifyoncheck";
    private const int Usage = 100, Failure = 111;

    public static int Run(string[] args)
    {
        var detach = false;
        int? fd = null;
        long initialSleep = 10, globalTimeout = 0, localTimeout = 0, wait = 1000, tries = 0;
        string? checkCommand = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i].Length > 1; i++)
        {
            if (args[i] == "--") { i++; break; }
            for (var k = 1; k < args[i].Length; k++)
            {
                var flag = args[i][k];
                if (flag == 'd') { detach = true; continue; }
                if ("3sTtwnc".IndexOf(flag) < 0) return Fail($"unknown option -{flag}; usage: {Synopsis}", Usage);
                // An option with a value: the rest of this word, or the next word.
                string? value = k < args[i].Length - 1 ? args[i][(k + 1)..] : (++i < args.Length ? args[i] : null);
                if (value is null) return Fail($"option -{flag} needs a value; usage: {Synopsis}", Usage);
                if (flag == 'c') checkCommand = value;
                else if (!long.TryParse(value, out var n) || n < 0) return Fail($"-{flag} {value}: expected a number", Usage);
                else switch (flag)
                {
                    case '3': fd = (int)n; break;
                    case 's': initialSleep = n; break;
                    case 'T': globalTimeout = n; break;
                    case 't': localTimeout = n; break;
                    case 'w': wait = n; break;
                    case 'n': tries = n; break;
                }
                break;
            }
        }
        var program = args[i..];
        if (program.Length == 0) return Fail($"no program to run; usage: {Synopsis}", Usage);
        if (fd is null)
        {
            // As s6: the service directory's notification-fd, read from the current directory.
            var text = File.Exists("notification-fd") ? File.ReadAllText("notification-fd").Trim() : null;
            if (text is null) return Fail("unable to read ./notification-fd: No such file or directory (give -3 FD or run from the service directory)", Failure);
            if (!int.TryParse(text, out var n) || n < 3) return Fail($"./notification-fd: expected a descriptor number of 3 or more, found \"{text}\"", Failure);
            fd = n;
        }
        var check = checkCommand is null ? new[] { "./data/check" } : ["/bin/sh", "-c", checkCommand];
        var self = Environment.ProcessPath ?? "/proc/self/exe";
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").ToList();
        string[] pollerArgv =
        [
            self, NotifyOnCheckPoller.Verb, detach ? "1" : "0", fd.Value.ToString(), initialSleep.ToString(), globalTimeout.ToString(),
            localTimeout.ToString(), wait.ToString(), tries.ToString(), ProcessControl.CurrentPid.ToString(), "--", .. check,
        ];
        // The descriptor reaches the poller by inheritance (it came to us without close-on-exec).
        var poller = Spawner.Spawn(new SpawnRequest { Argv = pollerArgv, Environment = env, NullStdin = true, NewSession = false });
        if (!poller.Ok) return Fail($"unable to spawn the poller: {poller.Error}", Failure);
        // With -d the spawned process only starts the real poller and exits: reap it, so the program
        // does not inherit a zombie, and the poller is nobody's child but init's.
        if (detach) ChildWait.Wait(poller.Pid);
        Fd.Close(fd.Value);
        var (errno, step) = ExecInPlace.Exec(program, env);
        return Fail($"unable to {step}: {PosixException.Describe(errno)}", errno == 2 ? 127 : errno == 13 ? 126 : Failure);
    }

    private const string Synopsis = "s6-notifyoncheck [-d] [-3 FD] [-s MS] [-T MS] [-t MS] [-w MS] [-n N] [-c CHECK] PROG...";

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"{Name} (tend): fatal: {message}");
        return code;
    }
}
