namespace Tend.Model;

/// <summary>Which of Tend's own output streams a program's stream is forwarded to.</summary>
public enum ConsoleStream { Stdout, Stderr }

/// <summary>
/// Where one of a program's output streams (stdout or stderr) goes: to Tend's console, to a file,
/// both, or nowhere. The YAML default is "to the matching console stream, no file".
/// </summary>
public sealed record LogOutputSpec
{
    /// <summary>Tend's stream the lines are forwarded to; null: not forwarded (supervisord's NONE or a file path).</summary>
    public ConsoleStream? Console { get; init; }

    /// <summary>A file the lines are written to, with rotation; null: none.</summary>
    public LogFileSpec? File { get; init; }

    /// <summary>
    /// supervisord's stdout_events_enabled / stderr_events_enabled: what the program writes is also
    /// sent to event listeners as PROCESS_LOG_STDOUT / PROCESS_LOG_STDERR, one event per read.
    /// </summary>
    public bool Events { get; init; }

    /// <summary>The YAML default for stdout: Tend's stdout.</summary>
    public static LogOutputSpec ToStdout { get; } = new() { Console = ConsoleStream.Stdout };

    /// <summary>The YAML default for stderr: Tend's stderr.</summary>
    public static LogOutputSpec ToStderr { get; } = new() { Console = ConsoleStream.Stderr };

    /// <summary>Discarded (supervisord's NONE).</summary>
    public static LogOutputSpec Discarded { get; } = new();
}

/// <summary>
/// A log file written by Tend, rotated when it reaches MaxBytes into Path.1 … Path.Backups
/// (supervisord's *_logfile, *_logfile_maxbytes, *_logfile_backups).
/// </summary>
public sealed record LogFileSpec(string Path)
{
    public const long DefaultMaxBytes = 50 * 1024 * 1024;
    public const int DefaultBackups = 10;

    /// <summary>Size at which the file is rotated; 0 means never rotate.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Rotated files kept; 0 means the file is truncated instead of rotated.</summary>
    public int Backups { get; init; } = DefaultBackups;

    /// <summary>
    /// Where the path was written (supervisord's *_logfile key), for `tend check`'s warnings. Not
    /// part of equality: moving the key in the file changes nothing (reload compares specs).
    /// </summary>
    public SourceLocation? DefinedAt { get; init; }

    public bool Equals(LogFileSpec? other) =>
        other is not null && Path == other.Path && MaxBytes == other.MaxBytes && Backups == other.Backups;

    public override int GetHashCode() => HashCode.Combine(Path, MaxBytes, Backups);
}
