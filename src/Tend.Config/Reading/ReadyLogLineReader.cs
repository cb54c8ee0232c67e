using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads <c>ready_log_line</c>: a regular expression, compiled here once so a bad one is an error
/// at its file:line when the file is loaded, not a surprise when the program first logs.
/// </summary>
internal static class ReadyLogLineReader
{
    public static Located<string>? Read(ReadContext ctx, string key, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        var pattern = ScalarReaders.String(ctx, key, node);
        if (pattern is null) return null;
        if (ReadyLogLinePattern.Error(pattern.Value) is { } why)
        {
            ctx.Error(node.Location, $"'{key}' is not a valid regular expression: {why}",
                "expected a .NET regular expression matched against each line, e.g. \"listening on port [0-9]+\"");
            return null;
        }
        return pattern;
    }
}
