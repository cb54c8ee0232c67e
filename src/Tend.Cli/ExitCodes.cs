namespace Tend.Cli;

/// <summary>Exit code classes (as s6): a program's own code passes through when it decides.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 100;
    public const int Temporary = 111;
    public const int Internal = 101;

    /// <summary>Tend's supervision loop failed (a bug it could not survive); every program was stopped first.</summary>
    public const int LoopFailed = Supervision.Supervisor.LoopFailedExitCode;
}
