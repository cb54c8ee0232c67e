using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Semantic rules for one program: values that are well-formed but cannot work. Each rule reports
/// at the offending value and says what would be accepted.
/// </summary>
internal static class ProgramValidator
{
    public static void Validate(ProgramDraft program, DiagnosticBag diagnostics)
    {
        CheckName(program, diagnostics);
        CheckCommand(program, diagnostics);
        CheckExitCodes(program, diagnostics);
        CheckStartRetries(program, diagnostics);
        CheckUmask(program, diagnostics);
        CheckBackoff(program, diagnostics);
        CheckForwardSignals(program, diagnostics);
        OutputValidator.Validate(program, diagnostics);
        ReplicaValidator.Validate(program, diagnostics);
        ProbeValidator.Validate(program, program.Readiness, diagnostics);
        ProbeValidator.Validate(program, program.Liveness, diagnostics);
        ProbeValidator.Validate(program, program.Startup, diagnostics);
    }

    /// <summary>Names appear in log prefixes, control requests and file names: keep them plain.</summary>
    private static void CheckName(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (!ProgramNames.HasValidSyntax(p.Name))
            diagnostics.Error(p.DefinedAt, $"invalid program name '{p.Name}'", ProgramNames.Rule);
        else if (ProgramNames.IsReserved(p.Name))
        {
            diagnostics.Error(p.DefinedAt, $"the program name '{p.Name}' is reserved",
                "Tend uses 'tend' for its own log lines; choose another name");
        }
    }

    /// <summary>A program without argv[0] cannot be started; catch it now rather than at exec time.</summary>
    private static void CheckCommand(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (p.CommandAt is null)
        {
            diagnostics.Error(p.DefinedAt, $"program '{p.Name}' has no command", "add 'command: [\"program\", \"arg\"]' or 'command: program arg'");
            return;
        }
        if (p.Command is not { } command) return; // invalid, already reported
        if (command.Value.Count == 0)
            diagnostics.Error(command.Location, $"program '{p.Name}' has an empty command", CommandReader.Expected);
        else if (command.Value[0].Length == 0)
            diagnostics.Error(command.Location, $"the command of program '{p.Name}' starts with an empty word", "the first word is the program to run");
        if (command.Value.Any(a => a.Contains('\0')))
            diagnostics.Error(command.Location, $"the command of program '{p.Name}' contains a NUL character", "arguments cannot contain \\0");
    }

    /// <summary>Exit statuses are one byte: anything else could never match.</summary>
    private static void CheckExitCodes(ProgramDraft p, DiagnosticBag diagnostics)
    {
        foreach (var code in p.ExitCodes?.Value ?? [])
        {
            if (code.Value is < 0 or > 255)
                diagnostics.Error(code.Location, $"exit code {code.Value} is out of range", "exit codes are between 0 and 255");
        }
    }

    private static void CheckStartRetries(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (p.StartRetries is { Value: < 0 } retries)
            diagnostics.Error(retries.Location, $"start_retries cannot be negative ({retries.Value})", "use 0 to give up after the first failed start");
    }

    private static void CheckUmask(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (p.Umask is { Value: > 0x1FF } umask)
            diagnostics.Error(umask.Location, $"umask {Convert.ToString(umask.Value, 8)} is out of range", "a umask is at most 777 (octal)");
    }

    /// <summary>Not an error (the delay is simply always max) but almost certainly a swap.</summary>
    private static void CheckBackoff(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (p.Backoff is not { } b) return;
        var initial = b.Initial?.Value ?? new BackoffSpec().Initial;
        var max = b.Max?.Value ?? new BackoffSpec().Max;
        if (initial > max)
        {
            diagnostics.Warning(b.Initial?.Location ?? b.Max!.Location,
                $"backoff initial ({Durations.Format(initial)}) is greater than max ({Durations.Format(max)})",
                "every retry will wait max; did you swap them?");
        }
    }

    /// <summary>KILL and STOP cannot be caught, so Tend would never see them to forward.</summary>
    private static void CheckForwardSignals(ProgramDraft p, DiagnosticBag diagnostics)
    {
        foreach (var signal in p.ForwardSignals?.Value ?? [])
        {
            if (signal.Value is Signals.SIGKILL or Signals.SIGSTOP)
                diagnostics.Error(signal.Location, $"{Signals.Name(signal.Value)} cannot be forwarded", "no process can catch KILL or STOP");
        }
    }
}
