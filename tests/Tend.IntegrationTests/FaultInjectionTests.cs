using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Faults from the world around Tend, as PID 1: each gives a clear message and Tend keeps going
/// (the other programs stay up, the control socket answers).
/// </summary>
public class FaultInjectionTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_deleted_config_refused_on_reload_with_the_reason_and_nothing_changed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "ready", "then", "sleep", "inf")}
            """);
        tend.WaitForLine("| ready");
        File.Delete(dir.File("tend.yaml"));
        Directory.CreateDirectory(dir.File("tend.yaml")); // a directory where the file was: unreadable as a file, even for root
        tend.Signal(1);
        tend.WaitForLine("reload refused");
        Assert.Contains(tend.Stdout, l => l.Contains("tend.yaml", StringComparison.Ordinal) && !l.Contains("reload refused", StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_spawn_failures_named_precisely_while_the_other_programs_run()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gone = Directory.CreateDirectory(dir.File("gone")).FullName;
        var notExecutable = dir.Write("not-executable", "#!/bin/sh\necho hi\n");
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "ready", "then", "sleep", "inf")}
              missing:
                command: [{Quote(dir.File("no-such-binary"))}]
              noexec:
                command: [{Quote(notExecutable)}]
              nodir:
                command: {Dummy("sleep", "inf")}
                working_dir: {Quote(gone)}
                autostart: false
            """);
        tend.WaitForLine("| ready");
        tend.WaitForLine(l => l.Contains("cannot start \"missing\"", StringComparison.Ordinal) && l.Contains("no such file", StringComparison.OrdinalIgnoreCase));
        tend.WaitForLine(l => l.Contains("cannot start \"noexec\"", StringComparison.Ordinal) && l.Contains("permission denied", StringComparison.OrdinalIgnoreCase));
        Directory.Delete(gone);
        Ctl.Run(tend, "ctl", "start", "nodir");
        tend.WaitForLine(l => l.Contains("\"nodir\"", StringComparison.Ordinal) && l.Contains(gone, StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        tend.Signal(15);
        tend.WaitForExit();
    }
}
