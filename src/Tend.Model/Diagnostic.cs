namespace Tend.Model;

public enum Severity { Error, Warning }

/// <summary>One configuration problem, located, with a hint on what was expected.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation? Location, string Message, string? Hint = null)
{
    public override string ToString()
    {
        var where = Location is null ? "" : Location + ": ";
        var what = Severity == Severity.Error ? "error" : "warning";
        return Hint is null ? $"{where}{what}: {Message}" : $"{where}{what}: {Message} ({Hint})";
    }
}
