namespace Tend.Logging;

public enum LogStream { Stdout, Stderr }

public enum LogFormat { Text, Json }

/// <summary>How output is written: format, colours and where Tend's stdout and stderr are.</summary>
public sealed record LogOptions
{
    public LogFormat Format { get; init; } = LogFormat.Text;

    /// <summary>Colour the prefixes; by default only when the output is a terminal.</summary>
    public bool? Color { get; init; }

    public int StdoutFd { get; init; } = 1;
    public int StderrFd { get; init; } = 2;

    /// <summary>Longer lines are split into pieces of at most this many bytes (at a UTF-8 boundary).</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024;

    /// <summary>Tend's own messages waiting while the output is blocked; more are counted and dropped.</summary>
    public int MaxPendingEvents { get; init; } = 4096;

    /// <summary>
    /// Bytes held for each of Tend's stdout and stderr while the reader does not drain them (tend.yaml
    /// `log_buffer:`); past it whole lines are dropped, counted and reported.
    /// </summary>
    public long OutputBufferBytes { get; init; } = 4L << 20;

    /// <summary>Name used to mark Tend's own lines.</summary>
    public string SelfName { get; init; } = "tend";
}
