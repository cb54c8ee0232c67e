using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;
using Tend.Posix.Signals;

namespace Tend.Posix.Spawn;

/// <summary>
/// Starts children with posix_spawn: never fork() from managed code (the runtime's threads and
/// locks do not survive it). Every child starts clean: all signals at their default disposition
/// (POSIX_SPAWN_SETSIGDEF with a full set, or it would inherit the runtime's ignored SIGPIPE), an
/// empty signal mask (or it would inherit Tend's blocked set), its own session or process group, and
/// only descriptors 0-2 (everything Tend opens is close-on-exec).
///
/// Switching user needs setgroups/setresgid/setresuid between fork and exec, which posix_spawn
/// cannot do; for that we spawn Tend itself in its hidden exec-helper mode (<see cref="ExecHelper"/>),
/// which drops privileges and execs the target, reporting a failure back through a close-on-exec pipe.
/// The same helper sets a program's rlimits, oom_score_adj and cgroup before the exec (tend.yaml's
/// rlimits:, oom_score_adj:, limits:): done there, they hold from the program's first instruction,
/// whereas prlimit or a cgroup move after posix_spawn returns races with the program (which may read
/// its limits or fork before), and prlimit on a child that switched user needs CAP_SYS_RESOURCE.
/// Only programs with such keys pay the helper's extra exec.
///
/// The one thing applied after the spawn is the default oom_score_adj: once Tend has set its own to
/// -1000 (<see cref="ChildOomScoreAdj"/>), every child would inherit it, so each is given 0 back
/// through /proc/PID/oom_score_adj right after posix_spawn returns. Until then (microseconds: the
/// child is still in the dynamic loader) the child is as protected as Tend: accepted, because passing
/// every start through the helper would cost every restart an extra exec of Tend.
/// </summary>
public static unsafe class Spawner
{
    private static readonly SignalSet AllSignals = SignalSet.Full();
    private static readonly SignalSet NoSignals = new();

    private static bool _spawnedOnce;

    /// <summary>The binary that implements the exec helper (Tend itself).</summary>
    public static string? HelperPath { get; set; }

    /// <summary>The oom_score_adj every child gets unless its request says otherwise; null: inherit Tend's (Tend did not change its own).</summary>
    public static int? ChildOomScoreAdj { get; set; }

    public static SpawnResult Spawn(SpawnRequest request)
    {
        var resolved = ExecutableLookup.Resolve(request.Argv[0], request.Environment, out var lookupErrno);
        if (resolved is null) return new SpawnResult(0, lookupErrno, $"exec {request.Argv[0]}");

        if (request.WorkingDir is { } dir && !Directory.Exists(dir))
            return new SpawnResult(0, LibC.ENOENT, $"chdir {dir}");

        if (request.NeedsHelper) return SpawnThroughHelper(request, resolved);
        var result = SpawnDirect(request, resolved);
        if (result.Ok && ChildOomScoreAdj is { } adj) OomScore.TrySet(result.Pid, adj);
        return result;
    }

    private static SpawnResult SpawnDirect(SpawnRequest request, string path)
    {
        var oldUmask = -1;
        if (request.Umask is { } mask) oldUmask = LibC.umask(mask); // process-wide, but only this thread creates files meanwhile
        try
        {
            var result = RawSpawn(path, request.Argv, request.Environment, request, request.WorkingDir, extraFd: -1);
            if (!result.Ok && result.FailedStep is null)
                return result with { FailedStep = $"exec {request.Argv[0]}" };
            return result;
        }
        finally
        {
            if (oldUmask >= 0) LibC.umask(oldUmask);
        }
    }

    private static SpawnResult SpawnThroughHelper(SpawnRequest request, string path)
    {
        if (HelperPath is null)
            return new SpawnResult(0, LibC.EACCES, request.Credentials is null ? "set LISTEN_PID or limits (no helper binary)" : "switch user (no helper binary)");
        var creds = request.Credentials;
        var oom = request.OomScoreAdj ?? ChildOomScoreAdj;
        var helperArgv = new List<string>
        {
            "tend", ExecHelper.Verb, ExecHelper.ReportFdFor(request).ToString(),
            creds?.Uid.ToString() ?? ExecHelper.Unchanged, creds?.Gid.ToString() ?? ExecHelper.Unchanged,
            creds is null ? ExecHelper.Unchanged : string.Join(',', creds.Groups),
            request.Umask is { } u ? Convert.ToString(u, 8) : "-", request.WorkingDir ?? "-",
            ExecHelper.FormatRlimits(request.Rlimits), oom?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", request.Cgroup ?? "-",
            path, "--",
        };
        helperArgv.AddRange(request.Argv);
        var (errRead, errWrite) = Fd.Pipe();
        try
        {
            var result = RawSpawn(HelperPath, helperArgv, request.Environment, request, workingDir: null, extraFd: errWrite);
            Fd.Close(errWrite);
            errWrite = -1;
            if (!result.Ok) return result with { FailedStep = "exec helper " + HelperPath };
            // The helper writes (errno, step) on failure; EOF means the target was exec'd.
            var report = stackalloc byte[8];
            var n = Fd.Read(errRead, new Span<byte>(report, 8), out _);
            if (n == 8)
            {
                var errno = *(int*)report;
                var step = *(int*)(report + 4);
                return new SpawnResult(result.Pid, errno, ExecHelper.DescribeStep(step, request));
            }
            return result;
        }
        finally
        {
            Fd.Close(errRead);
            Fd.Close(errWrite);
        }
    }

    /// <summary>
    /// dup2 of every (fd, as) pair, in two steps: first each to a number above every source and
    /// target, then from there to its target. In one step a target may be another pair's source
    /// (a held socket that is Tend's descriptor 4 given as 3 while another, Tend's 3, goes to 4) and
    /// would be overwritten before it is copied. dup2 clears close-on-exec on the copy, so exactly
    /// these reach the program; the staging copies are closed.
    /// </summary>
    private static void AddMoves(void* actions, List<(int Fd, int As)> moves)
    {
        if (moves.Count == 0) return;
        var stage = 0;
        foreach (var (fd, target) in moves) stage = Math.Max(stage, Math.Max(fd, target) + 1);
        for (var i = 0; i < moves.Count; i++) LibC.posix_spawn_file_actions_adddup2(actions, moves[i].Fd, stage + i);
        for (var i = 0; i < moves.Count; i++)
        {
            LibC.posix_spawn_file_actions_adddup2(actions, stage + i, moves[i].As);
            LibC.posix_spawn_file_actions_addclose(actions, stage + i);
        }
    }

    private static SpawnResult RawSpawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        SpawnRequest request, string? workingDir, int extraFd)
    {
        var attr = NativeMemory.AllocZeroed(LibC.SpawnAttrSize);
        var actions = NativeMemory.AllocZeroed(LibC.FileActionsSize);
        using var nArgv = new NativeStringArray(argv);
        using var nEnv = new NativeStringArray(env);
        var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
        var devNull = "/dev/null\0"u8;
        var dirBytes = workingDir is null ? null : Encoding.UTF8.GetBytes(workingDir + "\0");
        try
        {
            LibC.posix_spawnattr_init(attr);
            LibC.posix_spawn_file_actions_init(actions);
            short flags = LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK;
            flags |= request.NewSession ? LibC.POSIX_SPAWN_SETSID : LibC.POSIX_SPAWN_SETPGROUP;
            LibC.posix_spawnattr_setflags(attr, flags);
            LibC.posix_spawnattr_setpgroup(attr, 0);
            fixed (byte* all = AllSignals.Bytes)
                LibC.posix_spawnattr_setsigdefault(attr, all);
            fixed (byte* none = NoSignals.Bytes)
                LibC.posix_spawnattr_setsigmask(attr, none);

            if (request.StdinFd >= 0) LibC.posix_spawn_file_actions_adddup2(actions, request.StdinFd, 0);
            else
                fixed (byte* dn = devNull)
                    if (request.NullStdin) LibC.posix_spawn_file_actions_addopen(actions, 0, dn, LibC.O_RDONLY, 0);
            if (request.StdoutFd >= 0) LibC.posix_spawn_file_actions_adddup2(actions, request.StdoutFd, 1);
            if (request.StderrFd >= 0) LibC.posix_spawn_file_actions_adddup2(actions, request.StderrFd, 2);
            // The program's own descriptors, then the helper's report pipe on a number none of them uses.
            var moves = new List<(int Fd, int As)>(request.ExtraFds);
            if (extraFd >= 0) moves.Add((extraFd, ExecHelper.ReportFdFor(request)));
            AddMoves(actions, moves);
            if (dirBytes is not null)
                fixed (byte* d = dirBytes)
                    LibC.posix_spawn_file_actions_addchdir_np(actions, d);

            int pid, rc;
            fixed (byte* p = pathBytes)
                rc = LibC.posix_spawn(out pid, p, actions, attr, nArgv.Pointer, nEnv.Pointer);
            if (rc == 0) ReaperThread.Current?.ChildSpawned();
            if (rc == 0 && !_spawnedOnce)
            {
                _spawnedOnce = true;
                Model.StartupTrace.Mark("first program spawned");
            }
            return rc == 0 ? new SpawnResult(pid, 0, null) : new SpawnResult(0, rc, null);
        }
        finally
        {
            LibC.posix_spawn_file_actions_destroy(actions);
            LibC.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
        }
    }
}
