using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Backend;

/// <summary>
/// One process as supervisord describes it. Times are unix seconds, 0 for never. Log paths are ""
/// when the process has no such log file.
/// </summary>
/// <param name="Group">supervisord's group name.</param>
/// <param name="Name">supervisord's process name.</param>
/// <param name="State">supervisord's state of the process.</param>
/// <param name="Pid">The running process; 0 when none.</param>
/// <param name="StartTime">When it last started.</param>
/// <param name="StopTime">When it last stopped.</param>
/// <param name="SpawnError">Why the last spawn failed, "" if it did not; shown for BACKOFF and FATAL.</param>
/// <param name="ExitStatus">The last exit code; 0 before the first exit.</param>
/// <param name="StdoutLogfile">The stdout log file's path.</param>
/// <param name="StderrLogfile">The stderr log file's path.</param>
public sealed record ProcessSnapshot(
    string Group,
    string Name,
    ProcessState State,
    int Pid,
    long StartTime,
    long StopTime,
    int ExitStatus,
    string SpawnError,
    string StdoutLogfile,
    string StderrLogfile)
{
    public ProcessRef Ref => new(Group, Name);

    public string Namespec => Protocol.Namespec.Make(Group, Name);
}

/// <summary>A process by its group and its name within the group.</summary>
public readonly record struct ProcessRef(string Group, string Name);
