namespace Tend.Logging;

/// <summary>
/// Where one of a program's streams goes: to one of Tend's console streams (prefixed lines), to a
/// log file written raw with rotation, both, or neither (discarded, but still counted and kept in
/// the in-memory history, so `tend ctl logs` and supervisorctl's tail still show it).
/// </summary>
public sealed record LogRoute(LogStream? Console, LogFileTarget? File)
{
    /// <summary>Called on the log thread with each chunk read (a copy), for PROCESS_LOG events; null: none.</summary>
    public Action<byte[]>? Events { get; init; }

    /// <summary>Watches the stream's lines for ready_log_line (one watch shared by a run's stdout and stderr); null: none.</summary>
    public LineWatch? Lines { get; init; }

    public static LogRoute ToConsole(LogStream stream) => new(stream, null);
}

/// <summary>
/// A log file: rotated at MaxBytes (0: never) into Path.1 … Path.Backups. ProgramUid is the user
/// the writing program runs as (null: root), who may own the file's directory and the file.
/// </summary>
public sealed record LogFileTarget(string Path, long MaxBytes, int Backups, uint? ProgramUid = null);
