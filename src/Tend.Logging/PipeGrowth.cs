using Tend.Posix;

namespace Tend.Logging;

/// <summary>
/// Grows the pipe of a program that writes a lot, from the kernel's 64 KiB to 1 MiB (F_SETPIPE_SZ).
/// With 64 KiB a busy program blocks every 64 KiB and the log thread is woken for every 64 KiB:
/// on a loaded host each of those sleeps waits for a CPU, and the switches cost more than the
/// copying (issue 21: half of Tend's kernel time per megabyte went to going to sleep and waking
/// up). With 1 MiB the program writes on while the log thread works, and the log thread reads a
/// megabyte at a time.
///
/// Only busy pipes grow (a read that took half the pipe or more), and only within a budget: the
/// kernel counts every pipe's capacity against its owner's limit (fs.pipe-user-pages-soft, 64 MiB
/// by default, for all of that user's processes on the host), and a user over it gets 8 KiB pipes
/// for every new pipe. Tend keeps to an eighth of that, however many programs are busy; a pipe
/// gives its share back when it is closed. A refusal (an unprivileged user over its limit,
/// fs.pipe-max-size set lower) leaves the pipe as it was, and it is not asked again. Log thread only.
/// </summary>
internal sealed class PipeGrowth
{
    /// <summary>The capacity of a new pipe (the kernel's default).</summary>
    public const int DefaultBytes = 64 * 1024;

    /// <summary>The capacity a busy pipe grows to (fs.pipe-max-size's default, the most a process may set without privilege).</summary>
    public const int GrownBytes = 1024 * 1024;

    /// <summary>At most this much grown capacity in all.</summary>
    public const long BudgetBytes = 8L * GrownBytes;

    private long _grown;

    /// <summary>Bytes of pipe capacity added so far, not yet given back.</summary>
    public long Grown => _grown;

    /// <summary>Grows <paramref name="source"/>'s pipe if it has not been tried yet and the budget allows.</summary>
    public void Grow(LogSource source)
    {
        // A stream with PROCESS_LOG events keeps its pipe: each read is one event, and a listener
        // expects them no bigger than supervisord's reads.
        if (source.GrowthTried || source.Events is not null || source.PipeBytes >= GrownBytes || _grown + GrownBytes - source.PipeBytes > BudgetBytes) return;
        source.GrowthTried = true;
        var size = Fd.SetPipeSize(source.Fd, GrownBytes);
        if (size <= source.PipeBytes) return; // refused, or not a pipe
        _grown += size - source.PipeBytes;
        source.PipeBytes = size;
    }

    /// <summary>Reads the capacity of a newly attached pipe (on a system with 64 KiB pages it is 1 MiB already).</summary>
    public static void Measure(LogSource source)
    {
        var size = Fd.PipeSize(source.Fd);
        if (size <= 0) source.GrowthTried = true; // not a pipe
        else source.PipeBytes = source.InitialPipeBytes = size;
    }

    /// <summary>The pipe is being closed: its growth goes back to the budget.</summary>
    public void Release(LogSource source)
    {
        _grown -= source.PipeBytes - source.InitialPipeBytes;
        source.PipeBytes = source.InitialPipeBytes;
    }
}
