namespace Tend.Cli;

/// <summary>
/// An envdir, as s6-envdir reads it: one variable per file, named after the file; an empty file
/// unsets the variable; by default only the first line counts and trailing blanks are cut (-f: the
/// whole file; -n: trailing newlines kept); a NUL in a value stands for a newline.
/// </summary>
internal static class EnvDir
{
    public static void Load(string dir, Dictionary<string, string> env, bool wholeFile, bool keepNewlines)
    {
        foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.Length == 0 || name.Contains('=')) continue;
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (text.Length == 0)
            {
                env.Remove(name);
                continue;
            }
            if (!wholeFile && text.IndexOf('\n') is var nl and >= 0) text = text[..nl];
            if (!keepNewlines || !wholeFile) text = text.TrimEnd(' ', '\t', '\n', '\r');
            env[name] = text.Replace('\0', '\n');
        }
    }
}
