using System.Diagnostics.CodeAnalysis;
using System.Text;
using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The plain subset of an execline command line, as found in s6-rc <c>up</c> and <c>down</c> files:
/// one command and its words. Words are separated by blanks and newlines; "double quotes" group
/// (with \" \\ \n \t inside); a backslash outside quotes escapes the next character; # starts a
/// comment at the start of a word. A leading <c>with-contenv</c> is dropped and reported (it decides
/// the environment: see <see cref="S6ContainerEnvironment"/>). Anything that needs execlineb itself (blocks, builtins such
/// as if, foreground, importas) is an error at its file:line, because running it word by word
/// would run something else than what was written.
/// </summary>
internal static class ExeclineCommand
{
    private static readonly HashSet<string> Builtins = new(
    [
        "if", "ifelse", "ifte", "ifthenelse", "foreground", "background", "importas", "import", "multisubstitute",
        "define", "multidefine", "backtick", "pipeline", "piperw", "redirfd", "fdmove", "fdclose", "fdswap",
        "fdreserve", "fdblock", "forx", "forbacktickx", "forstdin", "loopwhilex", "elglob", "elgetopt",
        "elgetpositionals", "emptyenv", "export", "unexport", "heredoc", "wait", "trap", "getpid", "getcwd",
        "withstdinas", "tryexec", "runblock", "shift", "dollarat", "case", "execlineb", "envfile", "exit",
    ], StringComparer.Ordinal);

    private readonly record struct Word(string Text, int Line, bool Quoted);

    /// <summary>True when <paramref name="text"/> holds no word at all: nothing, blanks or comments.</summary>
    public static bool IsEmpty(string text) => TryLex(text, out var words, out _) && words.Count == 0;

    /// <summary>The argv of <paramref name="text"/> read from <paramref name="file"/>, or null after reporting why not.</summary>
    public static IReadOnlyList<string>? Parse(string text, string file, DiagnosticBag diagnostics) =>
        Parse(text, file, diagnostics, out _);

    /// <param name="text">The run script's text.</param>
    /// <param name="file">The script's path, for error messages.</param>
    /// <param name="diagnostics">Where a line that cannot be read is reported.</param>
    /// <param name="withContenv">Whether the line started with with-contenv.</param>
    public static IReadOnlyList<string>? Parse(string text, string file, DiagnosticBag diagnostics, out bool withContenv)
    {
        withContenv = false;
        if (!TryLex(text, out var words, out var problem))
        {
            diagnostics.Error(ServiceDirFiles.At(file, problem.Value.Line), problem.Value.Message, "close the double quote");
            return null;
        }
        var start = 0;
        while (start < words.Count && !words[start].Quoted && Path.GetFileName(words[start].Text) == "with-contenv") start++;
        withContenv = start > 0;
        if (start == words.Count)
        {
            diagnostics.Error(ServiceDirFiles.At(file), $"'{file}' holds no command", "write the command to run, e.g. /etc/s6-overlay/scripts/init-db");
            return null;
        }
        // The construct is named first: 'if { ... }' is better explained by 'if' than by its block.
        var first = words[start];
        var program = Path.GetFileName(first.Text);
        if (!first.Quoted && Builtins.Contains(program))
        {
            diagnostics.Error(ServiceDirFiles.At(file, first.Line), $"the execline construct '{first.Text}' needs execlineb, which Tend does not run",
                "move the logic into a script and make this file name only that script");
            return null;
        }
        for (var i = start; i < words.Count; i++)
        {
            var w = words[i];
            if (w.Quoted) continue;
            if (w.Text is "{" or "}")
            {
                diagnostics.Error(ServiceDirFiles.At(file, w.Line), $"an execline block '{w.Text}' needs execlineb, which Tend does not run",
                    "move the logic into a script and make this file name only that script");
                return null;
            }
        }
        return words.Skip(start).Select(w => w.Text).ToList();
    }

    private static bool TryLex(string text, out List<Word> words, [NotNullWhen(false)] out (string Message, int Line)? problem)
    {
        words = [];
        problem = null;
        var line = 1;
        var i = 0;
        var word = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            var wordLine = line;
            var quoted = false;
            word.Clear();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    if (text[i + 1] == '\n') line++;
                    word.Append(text[i + 1]);
                    quoted = true;
                    i += 2;
                }
                else if (c == '"')
                {
                    quoted = true;
                    var open = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            problem = ("unclosed double quote", open);
                            return false;
                        }
                        c = text[i];
                        if (c == '"') { i++; break; }
                        if (c == '\n') line++;
                        if (c == '\\' && i + 1 < text.Length)
                        {
                            word.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var e => e });
                            i += 2;
                            continue;
                        }
                        word.Append(c);
                        i++;
                    }
                }
                else
                {
                    word.Append(c);
                    i++;
                }
            }
            words.Add(new Word(word.ToString(), wordLine, quoted));
        }
        return true;
    }
}
