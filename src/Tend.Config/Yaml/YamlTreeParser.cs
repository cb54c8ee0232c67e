using Tend.Model;
using YamlDotNet.Core;

namespace Tend.Config;

/// <summary>
/// Step 1 of loading: YAML text to a <see cref="ConfigNode"/> tree. A syntax error ends this step
/// (the parser cannot resynchronise), so it is reported alone, with the best position available.
/// </summary>
internal static class YamlTreeParser
{
    /// <summary>False on a YAML syntax error (already reported); root is null for an empty file.</summary>
    public static bool TryParse(string text, string fileName, DiagnosticBag diagnostics, out ConfigNode? root)
    {
        root = null;
        var scanner = new Scanner(new StringReader(text));
        var builder = new YamlTreeBuilder(new Parser(scanner), fileName, diagnostics);
        try
        {
            root = builder.ReadStream();
            return true;
        }
        catch (YamlException ex)
        {
            // A tab error is reported against the enclosing mapping; the scanner knows where the tab is.
            var mark = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? scanner.CurrentPosition : ex.Start;
            diagnostics.Error(At(fileName, mark), $"invalid YAML: {Sentence(ex.Message)}", HintFor(ex.Message));
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these (instead of a YamlException) for some malformed flow collections.
            diagnostics.Error(At(fileName, scanner.CurrentPosition), "invalid YAML: the parser could not read past this point",
                "look for an unclosed '[', '{' or quote before this position");
            return false;
        }
    }

    private static string HintFor(string message)
    {
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase)) return "indent with spaces; YAML does not allow tabs for indentation";
        if (message.Contains("quoted scalar", StringComparison.OrdinalIgnoreCase)) return "check the quotes: every quote must be closed, and in double quotes a backslash must start a valid escape";
        if (message.Contains("flow", StringComparison.OrdinalIgnoreCase)) return "look for an unclosed '[' or '{', or a missing ',' between items";
        if (message.Contains("mapping", StringComparison.OrdinalIgnoreCase)) return "check the indentation and that every 'key: value' has a space after the colon; quote values that contain ': '";
        return "check the indentation and quoting near this position";
    }

    private static string Sentence(string message)
    {
        var m = message.Trim().TrimEnd('.');
        return m.Length > 0 ? char.ToLowerInvariant(m[0]) + m[1..] : "unreadable document";
    }

    private static SourceLocation At(string fileName, Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);
}
