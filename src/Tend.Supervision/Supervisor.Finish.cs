using Tend.Model;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// runit's and s6's <c>finish</c>: run after every exit of the program, with the arguments of its
/// <see cref="FinishStyle"/>, its output treated as the program's, killed after FinishTimeout. The
/// next start of the program waits for it (<see cref="Phase.WaitingForFinish"/>; the life cycle
/// handles its end, Supervisor.Lifecycle.cs). An s6
/// finish that exits 125 marks the program permanently down, as <c>s6-svc -O</c>.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>s6-supervise: a finish script exiting with this means "do not restart".</summary>
    private const int S6PermanentFailure = 125;

    /// <summary>Called on the reap of the program, before its pid is forgotten (s6 passes it as the process group).</summary>
    private void BeginFinish(ProgramRuntime p, ExitStatus status)
    {
        if (p.Spec.FinishCommand is not { } finish || p.FinishPid > 0) return;
        var serviceName = p.Spec.ServiceDirectory is { } dir ? Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)) : p.Name;
        var args = FinishArguments.Of(p.Spec.FinishStyle, status, serviceName, p.Pid);
        ChildOutput output;
        try { output = OpenOutput(p); }
        catch (PosixException e)
        {
            Log($"cannot run the finish command of \"{p.Name}\": {ErrorText.Of(e)}", level: Chat.Error);
            return;
        }
        try
        {
            var request = new SpawnRequest
            {
                Argv = [.. finish, .. args],
                Environment = EnvironmentOf(p),
                WorkingDir = p.Spec.WorkingDir,
                StdoutFd = output.OutWrite,
                StderrFd = output.StderrForChild,
            };
            var pid = StartSideJob(ChildKind.Finish, $"the finish command of \"{p.Name}\"", request, p.Spec.FinishTimeout, s => OnFinishEnded(p, s));
            if (pid > 0)
            {
                p.FinishPid = pid;
                AttachOutput(output, p);
            }
            else output.CloseReadEnds();
        }
        finally
        {
            output.CloseWriteEnds();
        }
    }
}
