using Tend.Logging;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// The effects the life cycle (Supervisor.Lifecycle.cs) asks for on a program's own process: the
/// spawn, with its environment and credentials, and the stop signal. No decision is taken here
/// beyond the spawn's own outcome, which goes back to the life cycle.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>
    /// Spawns the program. A command that cannot be executed goes FATAL at once: a missing binary
    /// will not appear by retrying. (Spreading the spawns of a start over two threads was tried and
    /// measured: no gain on 2 cores, where the children's own start-up is the bottleneck.)
    /// </summary>
    private void Spawn(ProgramRuntime p)
    {
        List<(int Fd, int As)>? sockets = null;
        if (p.Spec.Sockets.Count > 0 && (sockets = HeldSocketsOf(p, out var bindError)) is null)
        {
            p.LastError = bindError;
            FailedStart(p, ExitStatus.Exited(111), $"cannot start \"{p.Name}\": {bindError}");
            return;
        }
        ChildOutput? output = null;
        var notifyWrite = -1;
        SpawnResult result;
        try
        {
            output = OpenOutput(p);
            notifyWrite = OpenNotificationPipe(p);
            var request = WithResources(p, BuildRequest(p, output.OutWrite, output.StderrForChild, out var credentialError)) with
            {
                StdinFd = output.StdinForChild >= 0 ? output.StdinForChild : StdinOf(p),
                ExtraFds = notifyWrite >= 0 ? [(notifyWrite, p.Spec.NotificationFd!.Value)] : [],
            };
            if (sockets is not null)
                request = request with { ExtraFds = [.. request.ExtraFds, .. sockets], Environment = WithListenVariables(request.Environment, p.Spec), SetListenPid = true };
            if (NotifySocketOf(p) is { } socketPath)
                request = request with { Environment = [.. request.Environment.Where(e => !e.StartsWith("NOTIFY_SOCKET=", StringComparison.Ordinal)), "NOTIFY_SOCKET=" + socketPath] };
            result = credentialError is null ? _processes.Spawn(request) : CredentialFailure(credentialError);
        }
        catch (PosixException e)
        {
            // Out of descriptors or memory: a temporary failure, retried like a failed start.
            output?.CloseReadEnds();
            CloseNotificationPipe(p);
            FailedStart(p, ExitStatus.Exited(111), $"cannot start \"{p.Name}\": {Model.ErrorText.Of(e)}");
            return;
        }
        finally
        {
            output?.CloseWriteEnds();
            Fd.Close(notifyWrite);
        }

        var now = NowMs;
        p.ExitedTooQuickly = false;
        if (!result.Ok)
        {
            // A failed exec helper (user switch) still exits: it is reaped as an orphan.
            output!.CloseReadEnds();
            CloseNotificationPipe(p);
            p.LastError = result.Error;
            p.LastExit = ExitStatus.Exited(CodeOfFailedSpawn(result));
            GoFatal(p, $"cannot start: {result.Error}", $"cannot start \"{p.Name}\": {result.Error}");
            return;
        }

        LogEnvironmentOf(p);
        var restarted = p.EverStarted;
        if (restarted) p.Restarts++; // every start after the first, whatever asked for it
        p.EverStarted = true;
        p.Strays.Clear();
        p.ReadinessPassing = null;
        p.LivenessPassing = null;
        p.StartupPassing = null;
        p.NotifiedReady = false;
        AddProgramChild(result.Pid, p);
        p.Pid = result.Pid;
        p.LastPid = result.Pid;
        p.StartedAtMs = now;
        p.StartedAtUnixMs = UnixMs;
        p.LastError = null;
        // Through STARTING even with start_seconds 0, as supervisord reports it to event listeners.
        // Logged before its pipes are attached, so the line precedes its output.
        Transition(p, Phase.Starting, restarted ? "restarted" : "started", $"{p.Name} started pid {result.Pid}");
        AttachOutput(output!, p);
        ArmStartTimeout(p, now);
        if (p.Spec.StartSeconds <= TimeSpan.Zero) EnterRunning(p, "running (start_seconds 0)");
        else p.DeadlineMs = now + (long)p.Spec.StartSeconds.TotalMilliseconds;
        WatchProbes(p, now);
    }

    private SpawnRequest BuildRequest(ProgramRuntime p, int stdout, int stderr, out string? credentialError)
    {
        var credentials = CredentialsFor(p.Name, p.Name, p.Spec.User, p.Spec.Group, Chat.Warning, out credentialError);
        return new SpawnRequest
        {
            Argv = p.Spec.Command,
            Environment = EnvironmentOf(p),
            WorkingDir = p.Spec.WorkingDir,
            Umask = p.Spec.Umask,
            Credentials = credentials,
            StdoutFd = stdout,
            StderrFd = stderr,
        };
    }

    private readonly HashSet<string> _warnedNotRoot = [];

    /// <summary>
    /// The one credentials step of every spawn that has a user (programs, jobs): resolved when Tend
    /// is root; otherwise ignored, with one warning per name. <paramref name="error"/>: the user or
    /// group does not resolve.
    /// </summary>
    private Credentials? CredentialsFor(string who, string key, string? user, string? group, Chat level, out string? error)
    {
        error = null;
        if (user is null) return null;
        if (ProcessControl.IsRoot) return UserLookup.Resolve(user, group, out error);
        if (_warnedNotRoot.Add(key)) Log($"{who}: user \"{user}\" ignored: tend is not running as root", level: level);
        return null;
    }

    /// <summary>A spawn that did not happen: its user or group does not resolve (EINVAL, with the reason).</summary>
    private static SpawnResult CredentialFailure(string error) => new(0, EinvalErrno, error);

    private const int EnoentErrno = 2, EinvalErrno = 22;

    /// <summary>The shell's code for a command that could not be started: 127 when it is not there, 126 otherwise.</summary>
    private static int CodeOfFailedSpawn(SpawnResult result) => result.Errno == EnoentErrno ? 127 : 126;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Model.ProgramSpec, IReadOnlyList<string>> _environments = new();
    private string[]? _inheritedEnvironment;
    private Dictionary<string, int>? _inheritedIndex;

    /// <summary>
    /// Tend's environment (none with <see cref="Model.ProgramSpec.CleanEnvironment"/>) with the
    /// program's own on top, built once per spec. Keyed by the spec itself, not the program's name:
    /// an exec probe or a finish script of the old process, run while a reload stops it, must not
    /// leave the old values for the new process. Tend's own is formatted once and shared by every
    /// program that adds nothing to it (issue 21: building it per program was a third of a spawn).
    /// </summary>
    private IReadOnlyList<string> EnvironmentOf(ProgramRuntime p)
    {
        if (!p.Spec.CleanEnvironment && p.Spec.Environment.Count == 0) return InheritedEnvironment();
        if (_environments.TryGetValue(p.Spec, out var cached)) return cached;
        List<string> list;
        if (p.Spec.CleanEnvironment) list = [.. p.Spec.Environment.Select(kv => $"{kv.Key}={kv.Value}")];
        else
        {
            // As a copy of Tend's with the program's assigned on top: a variable Tend has keeps its place.
            list = [.. InheritedEnvironment()];
            foreach (var (k, v) in p.Spec.Environment)
                if (_inheritedIndex!.TryGetValue(k, out var at)) list[at] = $"{k}={v}";
                else list.Add($"{k}={v}");
        }
        _environments.AddOrUpdate(p.Spec, list);
        return list;
    }

    private string[] InheritedEnvironment()
    {
        if (_inheritedEnvironment is { } known) return known;
        _inheritedIndex = [];
        var list = new string[_options.Environment.Count];
        var i = 0;
        foreach (var (k, v) in _options.Environment)
        {
            _inheritedIndex[k] = i;
            list[i++] = $"{k}={v}";
        }
        return _inheritedEnvironment = list;
    }

    /// <summary>The stop signal, and SIGKILL due after stop_timeout.</summary>
    private void SendStopSignal(ProgramRuntime p)
    {
        p.DeadlineMs = NowMs + (long)p.Spec.StopTimeout.TotalMilliseconds;
        // supervisord's stopasgroup=false signals the program alone; Tend's default is the group.
        FindStrays(p); // before the program can die and leave them to Tend
        if (p.Spec.StopAsGroup)
        {
            _processes.SignalGroup(p.Pid, p.Spec.StopSignal);
            _processes.SignalGroup(p.Pid, Model.Signals.SIGCONT); // a stopped process must see it
        }
        else
        {
            _processes.Signal(p.Pid, p.Spec.StopSignal);
            _processes.Signal(p.Pid, Model.Signals.SIGCONT);
        }
        SignalStrays(p, p.Spec.StopSignal);   // and what it started outside its group
    }

    /// <summary>SIGKILL to the program, its group when it is stopped as one, and its strays.</summary>
    private void SendKill(ProgramRuntime p)
    {
        FindStrays(p);
        if (p.Spec.KillAsGroup) _processes.SignalGroup(p.Pid, Model.Signals.SIGKILL);
        _processes.Signal(p.Pid, Model.Signals.SIGKILL);
        SignalStrays(p, Model.Signals.SIGKILL);
    }
}
