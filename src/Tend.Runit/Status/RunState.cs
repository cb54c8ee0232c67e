namespace Tend.Runit.Status;

/// <summary>What is: byte 19 of supervise/status. The values are the bytes runsv writes.</summary>
public enum RunState : byte
{
    Down = 0,
    Run = 1,
    /// <summary>./finish is running; the pid in the record is the finish process.</summary>
    Finish = 2,
}

/// <summary>
/// What was asked. runsv keeps three wants; the binary record has room for two ('u' and 'd'),
/// so <see cref="Exit"/> is written as 'd' and only the stat text says "want exit".
/// </summary>
public enum Want : byte
{
    Up,
    Down,
    Exit,
}
