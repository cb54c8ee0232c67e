namespace Tend.Export;

/// <summary>
/// What an exporter produced: the document for stdout and the warnings for stderr (each also a
/// comment in the document); for compose, the .env example listing the variables it refers to.
/// </summary>
public sealed record ExportResult(string Text, IReadOnlyList<string> Warnings, string? EnvExample = null);
