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
        if (text.IndexOf('\0') is var nul and >= 0)
        {
            // YamlDotNet reads a NUL as the end of the input ("unexpected end of stream"); say what it is.
            diagnostics.Error(PositionOf(text, nul, fileName), "invalid YAML: a NUL byte (\\0) in the file",
                "YAML text cannot contain NUL bytes: remove it (a name, path or argument cannot hold one either)");
            return false;
        }
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

    /// <summary>Line and column (both from 1, columns in characters, as YamlDotNet counts them) of an offset.</summary>
    private static SourceLocation PositionOf(string text, int offset, string fileName)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var line = 1 + text.AsSpan(0, lineStart).Count('\n');
        return new SourceLocation(fileName, line, offset - lineStart + 1);
    }

    private static SourceLocation At(string fileName, Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);
}
