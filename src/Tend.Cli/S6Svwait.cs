using System.Diagnostics;
using Tend.Control;
using Tend.Control.Api;
using Tend.Control.Client;
using Tend.Supervision;

namespace Tend.Cli;

/// <summary>
/// s6-svwait answered by Tend: waits until the services named by their directories (the last path
/// element is the program's name, as for s6-svc) are up (-u), up and ready (-U), down (-d), down
/// with their finish done (-D), restarted (-r: up under a new process), or restarted and ready (-R);
/// all of them (-a, the default) or any one (-o). -t MS gives up after MS milliseconds (0: never)
/// with exit 99, as s6-svwait does; 100 for a bad command line, 111 when Tend cannot answer; when
/// waiting for up, N services that gave up for good (FATAL) exit N. No directory: exit 0 at once.
/// It reads the answer from the running Tend's status, polled, since Tend has no per-service
/// event pipe (s6's event/ fifodir) to subscribe to.
/// </summary>
internal static class S6Svwait
{
    private const string Name = "s6-svwait";
    private const string Synopsis = "s6-svwait [-U|-u|-D|-d|-R|-r] [-a|-o] [-t MS] SERVICEDIR...";
    private const int Usage = 100, Timeout = 99, Failure = 111;

    public static int Run(string[] args)
    {
        var want = 'u';
        var any = false;
        long timeout = 0;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i].Length > 1; i++)
        {
            if (args[i] == "--") { i++; break; }
            for (var k = 1; k < args[i].Length; k++)
            {
                var flag = args[i][k];
                if ("uUdDrR".IndexOf(flag) >= 0) want = flag;
                else if (flag == 'a') any = false;
                else if (flag == 'o') any = true;
                else if (flag == 't')
                {
                    var value = k < args[i].Length - 1 ? args[i][(k + 1)..] : (++i < args.Length ? args[i] : null);
                    if (!long.TryParse(value, out timeout) || timeout < 0) return Fail($"-t {value}: expected milliseconds; usage: {Synopsis}", Usage);
                    break;
                }
                else return Fail($"unknown option -{flag}; usage: {Synopsis}", Usage);
            }
        }
        var names = args[i..].Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(d))).Where(n => n.Length > 0).ToList();
        if (names.Count == 0) return 0;
        var client = new ControlClient(DefaultSocket.ForClient(), TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        Dictionary<string, int?>? firstPids = null;
        while (true)
        {
            IReadOnlyList<ProgramStatus> programs;
            try
            {
                var (status, _, body) = client.Send("GET", $"/v1/status?names={Uri.EscapeDataString(string.Join(',', names))}");
                if (status != 200) return Fail(ControlJson.ReadError(body) ?? $"status request answered {status}", Failure);
                programs = ControlJson.ReadStatus(body).Programs;
            }
            catch (ControlClientException e)
            {
                return Fail($"unable to ask Tend: {e.Message}", Failure);
            }
            // -r and -R wait for a new process: the one running now does not count.
            firstPids ??= programs.ToDictionary(p => p.Name, p => p.Pid);
            var met = programs.Select(p => Meets(p, want, firstPids.GetValueOrDefault(p.Name))).ToList();
            if (met.Count > 0 && (any ? met.Any(m => m) : met.All(m => m))) return 0;
            var failed = "uUrR".Contains(want) ? programs.Count(p => p.State == "FATAL") : 0;
            if (failed > 0 && (!any || failed == programs.Count)) return Fail($"{failed} service(s) reported permanent failure", failed);
            if (timeout > 0 && clock.ElapsedMilliseconds >= timeout) return Fail("timed out", Timeout);
            Thread.Sleep(50);
        }
    }

    private static bool Meets(ProgramStatus p, char want, int? firstPid) => want switch
    {
        'u' => p.Pid is not null,
        'U' => p.Pid is not null && p.Ready,
        'd' => p.Pid is null,
        'D' => p.Pid is null && p.State is not ("STOPPING" or "STARTING"),
        'r' => p.Pid is not null && p.Pid != firstPid,
        _ => p.Pid is not null && p.Pid != firstPid && p.Ready,
    };

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"{Name} (tend): {(code == Timeout ? "" : "fatal: ")}{message}");
        return code;
    }
}
