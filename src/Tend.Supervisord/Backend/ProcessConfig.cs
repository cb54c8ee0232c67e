namespace Tend.Supervisord.Backend;

/// <summary>
/// One program's configuration as getAllConfigInfo (supervisorctl avail) reports it. Unset paths
/// and ids are null (sent as "none", as supervisord does); AutoRestart is "true", "false" or "unexpected".
/// </summary>
public sealed record ProcessConfig(
    string Name,
    string Group,
    bool InUse,
    bool AutoStart,
    string AutoRestart,
    int ProcessPriority,
    int GroupPriority,
    string Command,
    string? Directory,
    string? Uid,
    IReadOnlyList<int> ExitCodes,
    bool StopAsGroup,
    bool KillAsGroup,
    bool RedirectStderr,
    int StartRetries,
    int StartSecs,
    int StopSignal,
    int StopWaitSecs,
    string? StdoutLogfile,
    long StdoutMaxBytes,
    int StdoutBackups,
    string? StderrLogfile,
    long StderrMaxBytes,
    int StderrBackups,
    string? ServerUrl);
