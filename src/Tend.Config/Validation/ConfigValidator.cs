namespace Tend.Config;

/// <summary>
/// Step 3 of loading: rules about the configuration as a whole, plus each program's own rules.
/// Runs on every draft even when reading found errors, so one run reports everything.
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(ConfigDraft config, DiagnosticBag diagnostics)
    {
        CheckNotEmpty(config, diagnostics);
        CheckSingleMain(config, diagnostics);
        CheckSocket(config, diagnostics);
        CheckLogBuffer(config, diagnostics);
        CheckSocketsHeldOnce(config, diagnostics);
        foreach (var program in config.Programs) ProgramValidator.Validate(program, diagnostics);
        DependencyValidator.Validate(config, diagnostics);
        GroupValidator.Validate(config, diagnostics);
        JobValidator.Validate(config, diagnostics);
    }

    /// <summary>The kernel limits a unix socket path (sun_path) to 107 bytes plus the terminating NUL.</summary>
    private const int MaxSocketPathBytes = 107;

    private static void CheckSocket(ConfigDraft config, DiagnosticBag diagnostics)
    {
        if (config.Socket is not { } socket) return;
        if (socket.Value.Contains('\0'))
        {
            diagnostics.Error(socket.Location, "the socket path contains a NUL character", "a path cannot contain \\0");
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetByteCount(socket.Value);
        if (bytes > MaxSocketPathBytes)
        {
            diagnostics.Error(socket.Location, $"the socket path is {bytes} bytes long",
                $"a unix socket path is at most {MaxSocketPathBytes} bytes; use a shorter one, e.g. /run/tend.sock");
        }
    }

    private static void CheckLogBuffer(ConfigDraft config, DiagnosticBag diagnostics)
    {
        if (config.LogBuffer is not { } size) return;
        if (size.Value < Model.TendConfig.MinLogBuffer || size.Value > Model.TendConfig.MaxLogBuffer)
            diagnostics.Error(size.Location, $"log_buffer is {size.Value} bytes",
                "expected between 1MiB and 1GiB (the default is 4MiB)");
    }

    /// <summary>
    /// One listening socket per address: two programs cannot both bind it (the replicas of one
    /// program share it, and the kernel spreads its connections among them).
    /// </summary>
    private static void CheckSocketsHeldOnce(ConfigDraft config, DiagnosticBag diagnostics)
    {
        var holders = new Dictionary<string, (string Program, Model.SourceLocation? At)>(StringComparer.Ordinal);
        foreach (var program in config.Programs)
            foreach (var socket in program.Sockets?.Value ?? [])
            {
                if (holders.TryAdd(socket.Address, (program.Name, socket.DefinedAt))) continue;
                var first = holders[socket.Address];
                diagnostics.Error(socket.DefinedAt ?? program.Sockets!.Location, $"{socket.Address} is already held by program '{first.Program}' ({first.At})",
                    "one program holds each socket; run more copies of one program with 'replicas' to share it");
            }
    }

    /// <summary>Only a warning: the command line may still add a program.</summary>
    private static void CheckNotEmpty(ConfigDraft config, DiagnosticBag diagnostics)
    {
        if (config.Programs.Count == 0 && config.Jobs.Count == 0 && config.CrontabJobs.Count == 0)
            diagnostics.Warning(config.ProgramsAt, "no programs are defined", "add programs under 'programs:', e.g. 'web: {command: [nginx]}'");
    }

    /// <summary>The container's exit code comes from the main program, so there can be only one.</summary>
    private static void CheckSingleMain(ConfigDraft config, DiagnosticBag diagnostics)
    {
        var mains = config.Programs.Where(p => p.Main?.Value == true).ToList();
        if (mains.Count < 2) return;
        diagnostics.Error(mains[1].Main!.Location,
            $"more than one program has 'main: true': {string.Join(", ", mains.Select(p => p.Name))}",
            "only one program's exit can end the container; use 'critical: true' for the others");
    }
}
