using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Spawn;

/// <summary>
/// Tend's hidden mode for starting a program as another user without fork in managed code:
/// `tend __exec-as REPORTFD UID GID GROUPS UMASK DIR RLIMITS OOMADJ CGROUP PATH -- ARGV...`. It runs in the
/// freshly spawned child, joins CGROUP, sets the RLIMITS ("7=1024:1024,4=0:0") and OOMADJ while it
/// still has Tend's privileges (raising a hard limit needs them), then, when UID is not "-",
/// drops privileges in the only safe order (supplementary groups, then gid, then uid), applies the
/// umask and working directory as the new user, restores default signal dispositions (the runtime
/// ignores SIGPIPE) and execs PATH. On failure it writes (errno, step) to descriptor REPORTFD, which
/// the parent reads; a successful exec closes it (close-on-exec) and the parent sees EOF. REPORTFD
/// is 3 unless the program itself is given descriptor 3 (s6's notification-fd is very often 3):
/// then the first number above every passed descriptor (<see cref="ReportFdFor"/>).
///
/// It is also the one place a child can learn its own pid before the program runs, which systemd's
/// socket activation needs: when the environment holds LISTEN_FDS, it sets LISTEN_PID to its own
/// pid, which exec keeps (systemd sets it between fork and exec; Tend never forks).
/// </summary>
public static unsafe class ExecHelper
{
    public const string Verb = "__exec-as";
    public const int ReportFd = 3;

    /// <summary>In place of UID, GID and GROUPS: keep Tend's (the helper runs only to set LISTEN_PID).</summary>
    public const string Unchanged = "-";

    /// <summary>The helper's report descriptor: one the program is not given.</summary>
    public static int ReportFdFor(SpawnRequest request)
    {
        var fd = ReportFd;
        foreach (var (_, target) in request.ExtraFds)
            if (target >= fd) fd = target + 1;
        return fd;
    }
    private const int StepGroups = 1, StepGid = 2, StepUid = 3, StepChdir = 4, StepExec = 5, StepCgroup = 6, StepOom = 7, StepRlimit = 100;

    /// <summary>"7=1024:1024,4=0:0" (RLIMIT number = soft:hard), or "-" for none.</summary>
    public static string FormatRlimits(IReadOnlyList<(int Resource, ulong Soft, ulong Hard)> limits) =>
        limits.Count == 0 ? "-" : string.Join(',', limits.Select(l => $"{l.Resource}={l.Soft}:{l.Hard}"));

    public static string DescribeStep(int step, SpawnRequest request) => step switch
    {
        >= StepRlimit => $"setrlimit {Model.RlimitSpec.Resources.FirstOrDefault(r => r.Value == step - StepRlimit).Key ?? (step - StepRlimit).ToString()}",
        StepCgroup => $"join cgroup {request.Cgroup}",
        StepOom => $"oom_score_adj {request.OomScoreAdj}",
        StepGroups => "setgroups",
        StepGid => $"setresgid {request.Credentials?.Gid}",
        StepUid => $"setresuid {request.Credentials?.Uid}",
        StepChdir => $"chdir {request.WorkingDir}",
        _ => $"exec {request.Argv[0]}",
    };

    /// <summary>Runs the helper; never returns.</summary>
    public static void Run(string[] args)
    {
        // args: REPORTFD UID GID GROUPS UMASK DIR RLIMITS OOMADJ CGROUP PATH -- ARGV...
        if (args.Length < 12 || !int.TryParse(args[0], out _reportFd) || args[10] != "--")
        {
            _reportFd = ReportFd;
            Fail(22, StepExec);
        }
        LibC.fcntl(_reportFd, LibC.F_SETFD, LibC.FD_CLOEXEC);
        args = args[1..];

        if (args[7] != "-" && !WriteText(args[7] + "/cgroup.procs", "0")) Fail(Marshal.GetLastPInvokeError(), StepCgroup);
        if (args[5] != "-")
            foreach (var entry in args[5].Split(','))
            {
                var (resource, values) = (int.Parse(entry[..entry.IndexOf('=')]), entry[(entry.IndexOf('=') + 1)..].Split(':'));
                var limit = new LibC.RLimit { Current = ulong.Parse(values[0]), Maximum = ulong.Parse(values[1]) };
                if (LibC.setrlimit(resource, &limit) != 0) Fail(Marshal.GetLastPInvokeError(), StepRlimit + resource);
            }
        if (args[6] != "-" && !WriteText("/proc/self/oom_score_adj", args[6])) Fail(Marshal.GetLastPInvokeError(), StepOom);

        if (args[0] != Unchanged) SwitchUser(args);
        if (args[3] != "-") LibC.umask(Convert.ToInt32(args[3], 8));
        if (args[4] != "-")
        {
            var dir = Encoding.UTF8.GetBytes(args[4] + "\0");
            fixed (byte* d = dir)
                if (LibC.chdir(d) != 0) Fail(Marshal.GetLastPInvokeError(), StepChdir);
        }

        for (var s = 1; s < 32; s++)
            if (s != Model.Signals.SIGKILL && s != Model.Signals.SIGSTOP) LibC.signal(s, 0); // SIG_DFL
        var empty = stackalloc byte[LibC.SigSetSize];
        new Span<byte>(empty, LibC.SigSetSize).Clear();
        LibC.pthread_sigmask(LibC.SIG_SETMASK, empty, null);

        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if ((string)e.Key != ListenPid) env.Add($"{e.Key}={e.Value}");
        if (Environment.GetEnvironmentVariable("LISTEN_FDS") is not null) env.Add($"{ListenPid}={Environment.ProcessId}");
        using var argv = new NativeStringArray(args[10..]);
        using var envp = new NativeStringArray(env);
        var path = Encoding.UTF8.GetBytes(args[8] + "\0");
        fixed (byte* p = path)
            LibC.execve(p, argv.Pointer, envp.Pointer);
        Fail(Marshal.GetLastPInvokeError(), StepExec);
    }

    private const string ListenPid = "LISTEN_PID";

    private static void SwitchUser(string[] args)
    {
        var uid = uint.Parse(args[0]);
        var gid = uint.Parse(args[1]);
        var groups = args[2].Length == 0 ? [] : args[2].Split(',').Select(uint.Parse).ToArray();

        fixed (uint* g = groups)
            if (LibC.setgroups((nuint)groups.Length, g) != 0) Fail(Marshal.GetLastPInvokeError(), StepGroups);
        if (LibC.setresgid(gid, gid, gid) != 0) Fail(Marshal.GetLastPInvokeError(), StepGid);
        if (LibC.setresuid(uid, uid, uid) != 0) Fail(Marshal.GetLastPInvokeError(), StepUid);
    }

    private static int _reportFd = ReportFd;

    /// <summary>One write(2) of TEXT to a kernel file (cgroup.procs, oom_score_adj); errno stays for the caller.</summary>
    private static bool WriteText(string file, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var fd = LibC.open(file, LibC.O_WRONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0) return false;
        nint n;
        fixed (byte* b = bytes)
            n = LibC.write(fd, b, bytes.Length);
        var errno = Marshal.GetLastPInvokeError();
        LibC.close(fd);
        Marshal.SetLastPInvokeError(errno);
        return n == bytes.Length;
    }

    private static void Fail(int errno, int step)
    {
        var report = stackalloc int[2];
        report[0] = errno;
        report[1] = step;
        LibC.write(_reportFd, (byte*)report, 8);
        LibC._exit(127);
    }
}
