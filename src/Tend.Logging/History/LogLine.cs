namespace Tend.Logging.History;

/// <summary>One line of a program's recent output, without its newline.</summary>
public readonly record struct LogLine(string Program, LogStream Stream, byte[] Text);

/// <summary>One run of bytes a program wrote on one stream, as kept in its <see cref="LogRing"/>.</summary>
/// <param name="Program">The program that wrote it.</param>
/// <param name="Stream">Stdout or stderr.</param>
/// <param name="Sequence">Position in the order of all programs' output (increasing, shared).</param>
/// <param name="StreamOffset">Offset of the first byte in everything this stream has written.</param>
/// <param name="StartsLine">Whether the byte before it (on this stream) was a newline or there was none.</param>
/// <param name="Data">The bytes, as written.</param>
public readonly record struct LogChunk(string Program, LogStream Stream, long Sequence, long StreamOffset, bool StartsLine, byte[] Data);
