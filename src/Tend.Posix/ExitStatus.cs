namespace Tend.Posix;

/// <summary>How a child ended, decoded from a wait status.</summary>
public readonly record struct ExitStatus(int Code, int Signal)
{
    public bool Signaled => Signal != 0;

    /// <summary>What a shell would report: the exit code, or 128 + the signal.</summary>
    public int ShellCode => Signaled ? 128 + Signal : Code;

    public static ExitStatus FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(0, status & 0x7f);

    public static ExitStatus Exited(int code) => new(code, 0);
    public static ExitStatus Killed(int signal) => new(0, signal);

    public override string ToString() => Signaled ? $"signal {Model.Signals.Name(Signal)}" : $"exit code {Code}";
}
