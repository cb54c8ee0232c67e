using Tend.Model;

namespace Tend.Config;

/// <summary>A value read from the file and where it was written, so later checks can point at it.</summary>
internal sealed record Located<T>(T Value, SourceLocation Location);
