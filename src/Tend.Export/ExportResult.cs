namespace Tend.Export;

/// <summary>What an exporter produced: the document for stdout and the warnings for stderr (each also a comment in the document).</summary>
public sealed record ExportResult(string Text, IReadOnlyList<string> Warnings);
