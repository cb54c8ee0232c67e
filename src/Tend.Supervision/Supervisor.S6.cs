using System.Globalization;
using Tend.Model;
using Tend.Posix;
using Tend.Posix.Files;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// What an s6-overlay container adds at run time (<see cref="S6Settings"/>):
/// S6_BEHAVIOUR_IF_STAGE2_FAILS, S6_CMD_WAIT_FOR_SERVICES_MAXTIME, S6_CMD_RECEIVE_SIGNALS, the
/// cont-finish.d scripts after every program has stopped, and the container's exit code: the CMD's,
/// written to ROOT/run/s6-linux-init-container-results/exitcode when it exits (as s6-overlay's
/// haltwith does), so that a finish script writing that file afterwards overrides it.
/// </summary>
public sealed partial class Supervisor
{
    private const string ExitCodeFile = "run/s6-linux-init-container-results/exitcode";

    private S6Settings? _s6;
    private string? _s6Root;
    private IReadOnlyList<ShutdownCommand> _shutdownCommands = [];
    private int _nextShutdownCommand;
    private bool _shutdownCommandRunning;
    private long _stage2DeadlineMs = long.MaxValue;

    private void InitS6(TendConfig config)
    {
        _shutdownCommands = config.ShutdownCommands;
        if (config.Layout != ConfigLayout.S6Overlay || config.S6 is null) return;
        _s6 = config.S6;
        _s6Root = config.Source;
        // A fresh container starts without a result; an old one must not decide this run's code.
        if (ExitCodePath() is { } path) TryDelete(path);
    }

    /// <summary>s6-overlay's /run/s6/container_environment, before any program starts (s6-linux-init writes it in stage 1).</summary>
    private void StoreContainerEnvironment()
    {
        if (_s6Root is null || !OperatingSystem.IsLinux()) return;
        try
        {
            S6EnvironmentStore.Write(_s6Root, Environment.GetEnvironmentVariables());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"cannot write {Path.Combine(_s6Root, S6EnvironmentStore.RelativePath)}: {ErrorText.Of(e)}", level: Chat.Error);
        }
    }

    /// <summary>S6_VERBOSITY 3 and more: the settings in effect, once at start.</summary>
    private void LogS6Settings()
    {
        if (_s6 is not { } s6) return;
        var logging = s6.Logging == S6Logging.Console ? "0" : $"{(int)s6.Logging} (catch-all log {s6.CatchAllDirectory}/current)";
        Log($"s6-overlay: S6_KEEP_ENV={(s6.KeepEnv ? 1 : 0)} S6_LOGGING={logging} S6_VERBOSITY={s6.Verbosity} " +
            $"S6_BEHAVIOUR_IF_STAGE2_FAILS={(int)s6.Stage2Failure}", level: Chat.Detail);
    }

    /// <summary>S6_VERBOSITY 3 and more: at a program's first start, which environment it gets (S6_KEEP_ENV, with-contenv).</summary>
    private void LogEnvironmentOf(ProgramRuntime p)
    {
        if (_s6 is null || p.EverStarted) return;
        Log(p.Spec.CleanEnvironment
            ? $"{p.Name} gets a reset environment (PATH only): it does not use with-contenv and S6_KEEP_ENV is 0"
            : $"{p.Name} gets the container environment", level: Chat.Detail);
    }

    private void ArmStage2Deadline(long now)
    {
        if (_s6?.CmdWaitForServicesMaxTime is { } max) _stage2DeadlineMs = now + (long)max.TotalMilliseconds;
    }

    /// <summary>S6_BEHAVIOUR_IF_STAGE2_FAILS for a failure while starting up (nothing outside s6-overlay).</summary>
    private void Stage2Failed(string what, int code)
    {
        switch (_s6?.Stage2Failure)
        {
            case S6Stage2Failure.Warn:
                Log($"warning: {what}", level: Chat.Warning);
                break;
            case S6Stage2Failure.Stop when !_shuttingDown:
                Log($"{what}: stopping the container (S6_BEHAVIOUR_IF_STAGE2_FAILS=2)", level: Chat.Error);
                _criticalExitCode ??= code == 0 ? 1 : code;
                BeginShutdown();
                break;
            default:
                break; // 0: carry on silently, as s6-overlay does
        }
    }

    /// <summary>S6_CMD_WAIT_FOR_SERVICES_MAXTIME: start-up not done in time is a stage-2 failure; the CMD then runs anyway unless that stops the container.</summary>
    private void FireStage2Deadline(long now)
    {
        if (_stage2DeadlineMs > now) return;
        _stage2DeadlineMs = long.MaxValue;
        var pending = _programs.Where(p => p.WaitsForDependencies).ToList();
        if (pending.Count == 0 || _shuttingDown) return;
        Stage2Failed($"start-up not done within {FormatMs((long)_s6!.CmdWaitForServicesMaxTime!.Value.TotalMilliseconds)} " +
                     $"(waiting: {string.Join(", ", pending.Select(p => p.Name))})", 1);
        if (_shuttingDown) return;
        foreach (var cmd in pending.Where(p => p.Spec.Main))
        {
            Log($"{cmd.Name} starting without waiting any longer");
            OnDependenciesMet(cmd);
        }
    }

    /// <summary>S6_CMD_RECEIVE_SIGNALS: TERM, INT and QUIT go to the running CMD instead of stopping the container.</summary>
    private bool DivertToCmd(int signal)
    {
        if (_s6 is not { CmdReceiveSignals: true } || _shuttingDown) return false;
        var cmd = _programs.FirstOrDefault(p => p.Spec.Main && p.Pid > 0 && p.Spec.ForwardSignals.Contains(signal));
        if (cmd is null) return false;
        Log($"SIG{Model.Signals.Name(signal)} received: passed to {cmd.Name} (S6_CMD_RECEIVE_SIGNALS)");
        _processes.Signal(cmd.Pid, signal);
        return true;
    }

    /// <summary>As s6-overlay's haltwith: the CMD's code goes into the exitcode file, where a finish script may still change it.</summary>
    private void RecordCmdExitCode(int code)
    {
        if (ExitCodePath() is not { } path) return;
        try
        {
            // Through Tend.Posix's TrustedPath, as every file Tend writes as root: no symlink or
            // hard link planted on the way by someone other than root is followed.
            using var directory = TrustedDirectory.Open(Path.GetDirectoryName(path)!, create: true);
            var fd = directory.OpenForAppend(Path.GetFileName(path), 0b110_100_100, programUid: null);
            try
            {
                if (FileFacts.Of(fd).IsRegular) Fd.Truncate(fd);
                if (!Fd.WriteAll(fd, System.Text.Encoding.ASCII.GetBytes(code.ToString(CultureInfo.InvariantCulture) + "\n")))
                    throw new PosixException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), $"write {path}");
            }
            finally
            {
                Fd.Close(fd);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            Log($"cannot write {path}: {ErrorText.Of(e)}", level: Chat.Error);
        }
    }

    /// <summary>The container's exit code: the exitcode file's, if there is one, else what Tend decided.</summary>
    private int FinalExitCode(int decided)
    {
        if (ExitCodePath() is not { } path || !File.Exists(path)) return decided;
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)) return code & 0xff;
            Log($"{path} does not hold a number (\"{text}\"); ignored", level: Chat.Warning);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"cannot read {path}: {ErrorText.Of(e)}", level: Chat.Error);
        }
        return decided;
    }

    private string? ExitCodePath() => _s6Root is null ? null : Path.Combine(_s6Root, ExitCodeFile);

    /// <summary>Runs the next shutdown command if none runs; true while some are left or running.</summary>
    private bool AdvanceShutdownCommands()
    {
        while (!_shutdownCommandRunning && _nextShutdownCommand < _shutdownCommands.Count)
        {
            var command = _shutdownCommands[_nextShutdownCommand++];
            Log($"running {command.Name}");
            var (outRead, outWrite) = Fd.Pipe();
            var (errRead, errWrite) = Fd.Pipe();
            try
            {
                var pid = StartSideJob(ChildKind.ShutdownCommand, command.Name, new SpawnRequest
                {
                    Argv = command.Command,
                    Environment = (command.Environment ?? _options.Environment).Select(kv => $"{kv.Key}={kv.Value}").ToList(),
                    StdoutFd = outWrite,
                    StderrFd = errWrite,
                }, command.Timeout, status =>
                {
                    _shutdownCommandRunning = false;
                    Log($"{command.Name} exited with {Describe(status)}", after: command.Name);
                });
                if (pid > 0)
                {
                    _shutdownCommandRunning = true;
                    _options.Logs.Attach(outRead, command.Name, Logging.LogStream.Stdout, true, command.Output is { } o ? LogRoutes.Of(o) : null);
                    _options.Logs.Attach(errRead, command.Name, Logging.LogStream.Stderr, true, command.Output is { } e ? LogRoutes.Of(e) : null);
                }
                else
                {
                    Fd.Close(outRead);
                    Fd.Close(errRead);
                }
            }
            finally
            {
                Fd.Close(outWrite);
                Fd.Close(errWrite);
            }
        }
        return _shutdownCommandRunning;
    }

    /// <summary>unlink by the directory's descriptor, the directory reached as <see cref="RecordCmdExitCode"/> reaches it.</summary>
    private static void TryDelete(string path)
    {
        try
        {
            using var directory = TrustedDirectory.Open(Path.GetDirectoryName(path)!, create: false);
            directory.Delete(Path.GetFileName(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException) { }
    }
}
