namespace Tend.Supervisord.Backend;

public enum LogChannel { Stdout, Stderr }

/// <summary>The supervisor's main log (Process null), or one channel of a process's log.</summary>
public readonly record struct LogTarget(ProcessRef? Process, LogChannel Channel)
{
    public static LogTarget Main => new(null, LogChannel.Stdout);

    public static LogTarget Of(ProcessRef process, LogChannel channel) => new(process, channel);
}

/// <summary>
/// The readable part of a log seen as an append-only byte stream: bytes [Start, End). A log file
/// has Start 0 and End its size; a ring buffer keeps counting End and moves Start as it forgets,
/// so offsets a client holds stay meaningful.
/// </summary>
public readonly record struct LogExtent(long Start, long End);
