using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Reaps every exited child on a thread of its own, the moment it exits, so no zombie waits for
/// the supervision loop: a loop busy spawning (posix_spawn waits for the child's exec, hundreds of
/// milliseconds on a starved machine) or reloading no longer delays a reap. The loop still decides
/// what every exit means: it takes the reaped statuses with <see cref="Drain"/>, after it has
/// registered the pids it spawned (same thread), so a fast exit is never mistaken for an orphan.
///
/// One danger comes with it: once a pid is reaped, the kernel may give it to a new process, and
/// the loop may not have seen the exit yet (a stop request, a timeout). So reaping and signalling
/// share one lock, and <see cref="ProcessControl.Signal"/> skips a pid reaped but not yet handled.
/// This is the only thread that calls waitpid while it runs, and <see cref="ReapExited"/> the only call. The loop could also be handed a pid
/// reaped, freed and already given to a child it spawned meanwhile; Linux hands pids out cyclically,
/// so that needs pid_max other processes within the few milliseconds between a reap and its drain.
/// </summary>
public sealed unsafe class ReaperThread
{
    /// <summary>The running reaper, if any: ProcessControl asks it before sending a signal.</summary>
    public static ReaperThread? Current { get; private set; }

    internal readonly object Lock = new();
    private readonly Action _onReaped;
    private readonly List<(int Pid, ExitStatus Status)> _reaped = [];
    private readonly HashSet<int> _notHandled = [];
    private long _spawnGeneration;             // bumped after every spawn
    private long _noChildrenAtGeneration = -1; // the generation at which waitid last said ECHILD

    private ReaperThread(Action onReaped) => _onReaped = onReaped;

    /// <summary>
    /// Starts the process's reaper. <paramref name="onReaped"/> runs on the reaper thread after
    /// children were reaped or when the last child is gone; it should only wake the loop.
    /// </summary>
    public static ReaperThread Start(Action onReaped)
    {
        if (Current is not null) throw new InvalidOperationException("one reaper per process");
        var reaper = new ReaperThread(onReaped);
        Current = reaper;
        // A small stack: it only loops on two system calls.
        new Thread(reaper.Run, 256 * 1024) { IsBackground = true, Name = "tend reaper" }.Start();
        return reaper;
    }

    /// <summary>Called after a successful spawn: the reaper may have been waiting for a first child.</summary>
    internal void ChildSpawned()
    {
        Interlocked.Increment(ref _spawnGeneration);
        lock (Lock) Monitor.PulseAll(Lock);
    }

    /// <summary>
    /// Moves the statuses reaped so far into <paramref name="into"/>; returns false when no child is
    /// left at all. Call <see cref="Handled"/> once the loop has dealt with them.
    /// </summary>
    public bool Drain(List<(int Pid, ExitStatus Status)> into)
    {
        lock (Lock)
        {
            into.AddRange(_reaped);
            _reaped.Clear();
            return _noChildrenAtGeneration != Interlocked.Read(ref _spawnGeneration);
        }
    }

    /// <summary>The loop has seen these exits: their pids are no longer ours to protect.</summary>
    public void Handled(List<(int Pid, ExitStatus Status)> exits)
    {
        if (exits.Count == 0) return;
        lock (Lock)
            foreach (var (pid, _) in exits) _notHandled.Remove(pid);
    }

    /// <summary>True while <paramref name="pid"/> is reaped and the loop has not handled it (hold <see cref="Lock"/>).</summary>
    internal bool IsReapedNotHandled(int pid) => _notHandled.Contains(pid);

    /// <summary>
    /// The reaper's nice value is lowered to -20 where Tend may (CAP_SYS_NICE, or root outside a
    /// container that drops it): on a starved machine a thread woken at nice 0 can wait on the run
    /// queue for tens of milliseconds (measured: 89 of a zombie's 103 ms at load 16), and a zombie
    /// lives as long. It runs a few microseconds per exit, so it takes nothing from the programs.
    /// Refused (Docker's default capabilities), it stays at Tend's own nice value.
    /// </summary>
    private static void RaiseOwnPriority()
    {
        try
        {
            LibC.setpriority(LibC.PRIO_PROCESS, LibC.gettid(), -20);
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without gettid (glibc before 2.30): the reaper works as well, at Tend's nice.
        }
    }

    private void Run()
    {
        RaiseOwnPriority();
        var info = stackalloc byte[LibC.SigInfoSize];
        while (true)
        {
            var generation = Interlocked.Read(ref _spawnGeneration);
            // Sleeps until some child is a zombie, without reaping it: the reap itself happens under the lock.
            if (LibC.waitid(LibC.P_ALL, 0, info, LibC.WEXITED | LibC.WNOWAIT) == 0)
            {
                ReapReady();
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            if (errno != LibC.ECHILD)
            {
                // Not expected from waitid(P_ALL); never spin on it.
                Thread.Sleep(10);
                ReapReady();
                continue;
            }
            // No child at all: say so, then sleep until the next spawn (orphans come only from children).
            lock (Lock) _noChildrenAtGeneration = generation;
            _onReaped();
            lock (Lock)
                while (Interlocked.Read(ref _spawnGeneration) == generation) Monitor.Wait(Lock);
        }
    }

    private void ReapReady()
    {
        bool any;
        lock (Lock)
        {
            var before = _reaped.Count;
            ReapExited(_reaped);
            for (var i = before; i < _reaped.Count; i++) _notHandled.Add(_reaped[i].Pid);
            any = _reaped.Count > before;
        }
        if (any) _onReaped();
    }

    /// <summary>
    /// Tend's one waitpid: reaps every exited child into <paramref name="into"/>, draining until
    /// waitpid says there is nothing more (SIGCHLD and wake-ups coalesce); returns false when no
    /// child is left at all (ECHILD). The reaper thread calls it under <see cref="Lock"/>; single-child
    /// mode, whose one loop both spawns and reaps (so a pid is always registered before it can be
    /// reaped), calls it directly and runs no reaper thread.
    /// </summary>
    public static bool ReapExited(List<(int Pid, ExitStatus Status)> into)
    {
        while (true)
        {
            var pid = LibC.waitpid(-1, out var status, LibC.WNOHANG);
            if (pid > 0) { into.Add((pid, ExitStatus.FromWaitStatus(status))); continue; }
            if (pid == 0) return true;
            if (Marshal.GetLastPInvokeError() == LibC.EINTR) continue;
            return false; // ECHILD: no children left
        }
    }
}
