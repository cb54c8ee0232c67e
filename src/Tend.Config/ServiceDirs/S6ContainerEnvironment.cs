using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// What s6-overlay's with-contenv and S6_KEEP_ENV decide, applied to the programs of an s6-overlay
/// root once they are read.
///
/// s6-overlay (v3) stores the container environment away and runs stage 2, every supervised service,
/// every oneshot and the CMD with an environment holding only PATH; <c>with-contenv</c> puts the
/// container environment back for the program it runs. With S6_KEEP_ENV=1 nothing is reset and
/// with-contenv does nothing. Tend has no with-contenv binary (the image no longer has /command), so
/// every use of it is rewritten here: a leading <c>with-contenv</c> word is dropped, and a script
/// whose #! line is <c>with-contenv INTERPRETER</c> is run as <c>INTERPRETER SCRIPT ARGS</c>; the
/// program then gets the container environment. A finish or down command shares its program's
/// environment (decided by its run or up command).
/// </summary>
internal static class S6ContainerEnvironment
{
    /// <summary>The program's environment when it is reset: PATH as s6-overlay's /init makes it.</summary>
    public static IReadOnlyDictionary<string, string> Minimal(IReadOnlyDictionary<string, string> container) =>
        new Dictionary<string, string> { ["PATH"] = InitPath(container.TryGetValue("PATH", out var p) ? p : null) };

    /// <summary>/init adds /bin, /usr/bin and /command in front of the container's PATH when missing.</summary>
    public static string InitPath(string? path)
    {
        var parts = string.IsNullOrEmpty(path) ? new List<string> { "/bin" } : path.Split(':').ToList();
        foreach (var dir in (string[])["/bin", "/usr/bin", "/command"])
            if (!parts.Contains(dir)) parts.Insert(0, dir);
        return string.Join(':', parts);
    }

    public static ProgramSpec Apply(ProgramSpec p, S6Settings settings, IReadOnlyDictionary<string, string> minimal)
    {
        var (command, contenv) = Rewrite(p.Command);
        var spec = p with
        {
            Command = command,
            FinishCommand = p.FinishCommand is { } f ? Rewrite(f).Argv : null,
            DownCommand = p.DownCommand is { } d ? Rewrite(d).Argv : null,
        };
        if (settings.KeepEnv || contenv) return spec;
        var env = new Dictionary<string, string>(minimal);
        foreach (var (k, v) in p.Environment) env[k] = v;
        return spec with { CleanEnvironment = true, Environment = env };
    }

    public static ShutdownCommand Apply(ShutdownCommand c, S6Settings settings, IReadOnlyDictionary<string, string> minimal)
    {
        var (command, contenv) = Rewrite(c.Command);
        return c with { Command = command, Environment = settings.KeepEnv || contenv ? null : minimal };
    }

    /// <summary>argv without with-contenv, and whether it used it (a leading word, or the #! line of the script it runs).</summary>
    public static (IReadOnlyList<string> Argv, bool Contenv) Rewrite(IReadOnlyList<string> argv)
    {
        var start = 0;
        while (start < argv.Count - 1 && IsWithContenv(argv[start])) start++;
        var rest = argv.Skip(start).ToList();
        if (InterpreterOf(rest[0]) is { } interpreter) return ([.. interpreter, .. rest], true);
        return (rest, start > 0);
    }

    private static bool IsWithContenv(string word) => Path.GetFileName(word) == "with-contenv";

    /// <summary>The words after with-contenv on the #! line of <paramref name="path"/>, or null when it has no such line.</summary>
    public static IReadOnlyList<string>? InterpreterOf(string path)
    {
        if (!path.Contains('/')) return null; // looked up on PATH: a program, not one of the image's scripts
        if (!File.Exists(path) || ShebangLine.Read(path) is not { } first) return null;
        var words = first.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !IsWithContenv(words[0])) return null;
        return words[1..];
    }
}
