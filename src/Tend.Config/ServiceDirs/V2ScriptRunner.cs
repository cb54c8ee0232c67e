namespace Tend.Config.ServiceDirs;

/// <summary>
/// How a script of an s6-overlay v2-style tree is run when git kept it without its execute bit
/// (linuxserver.io's v2 images ship their cont-init.d and services.d scripts as 0644). s6-overlay v2
/// copied those directories and made every file 0755 before running them, so the image never
/// noticed. Tend changes no file of the image: it runs such a script through the interpreter its
/// #! line names, which is what exec would have done once the bit was set. A script without a #!
/// line could not be exec'd even by v2, so it stays an error.
/// </summary>
internal static class V2ScriptRunner
{
    /// <summary>The words of the #! line of <paramref name="path"/> (interpreter and its argument), or null when it has none.</summary>
    public static IReadOnlyList<string>? Interpreter(string path)
    {
        if (ShebangLine.Read(path) is not { } first) return null;
        // The kernel passes everything after the interpreter as one argument; so does this.
        var line = first.Trim(' ', '\t', '\r');
        if (line.Length == 0) return null;
        var space = line.IndexOfAny([' ', '\t']);
        return space < 0 ? [line] : [line[..space], line[(space + 1)..].Trim(' ', '\t')];
    }

    /// <summary>argv that runs <paramref name="path"/>: itself when executable, else through its #! interpreter; null when neither can run it.</summary>
    public static IReadOnlyList<string>? Argv(string path) =>
        ServiceDirFiles.IsExecutable(path) ? [path]
        : Interpreter(path) is { } interpreter ? [.. interpreter, path]
        : null;
}
