using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The command after -- as a program: the main one, run once, whose exit ends Tend. One builder for
/// both ways it arrives: `tend run CONFIG -- CMD` (<see cref="AddTo"/>) and s6-overlay's CMD, which
/// adds its own dependencies and signals on top.
/// </summary>
internal static class MainProgram
{
    public static ProgramSpec Of(string name, IReadOnlyList<string> argv) => new()
    {
        Name = name,
        Command = argv,
        Main = true,
        Restart = RestartPolicy.Never,
        StartSeconds = TimeSpan.Zero,
    };

    /// <summary>
    /// <paramref name="programs"/> with the command after -- added as the main program, named after
    /// its file name (or "main", "main-2", ... when that is taken or no valid name); a program the configuration
    /// marked main loses the role, with a warning.
    /// </summary>
    public static IReadOnlyList<ProgramSpec> AddTo(IReadOnlyList<ProgramSpec> programs, IReadOnlyList<string> argv, DiagnosticBag diagnostics)
    {
        foreach (var p in programs.Where(p => p.Main))
            diagnostics.Warning(p.DefinedAt, $"\"{p.Name}\" is marked main, but the command after -- takes that role",
                "it runs as an ordinary program; drop its main setting, or the command after --");
        var name = System.IO.Path.GetFileName(argv[0]);
        if (!ProgramNames.IsValid(name) || programs.Any(p => p.Name == name)) name = FreeName(programs);
        return [.. programs.Select(p => p.Main ? p with { Main = false } : p), Of(name, argv)];
    }

    private static string FreeName(IReadOnlyList<ProgramSpec> programs)
    {
        var taken = programs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var name = "main";
        for (var n = 2; taken.Contains(name); n++) name = $"main-{n}";
        return name;
    }
}
