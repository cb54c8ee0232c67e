namespace Tend.Model;

/// <summary>A place in a configuration file; Column is 0 when unknown.</summary>
public sealed record SourceLocation(string File, int Line, int Column = 0)
{
    public override string ToString() => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}
