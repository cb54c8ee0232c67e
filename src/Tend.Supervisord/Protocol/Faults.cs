namespace Tend.Supervisord.Protocol;

/// <summary>
/// supervisord's fault codes. A fault's text is the code's name, then ": " and a detail when there
/// is one ("ALREADY_STARTED: web", but a bare "UNKNOWN_METHOD"); supervisorctl reads both.
/// SUCCESS is not a fault: it is the "status" of a successful entry in a group call's result.
/// </summary>
public static class Faults
{
    public const int UnknownMethod = 1;
    public const int IncorrectParameters = 2;
    public const int BadArguments = 3;
    public const int SignatureUnsupported = 4;
    public const int ShutdownState = 6;
    public const int BadName = 10;
    public const int BadSignal = 11;
    public const int NoFile = 20;
    public const int NotExecutable = 21;
    public const int Failed = 30;
    public const int AbnormalTermination = 40;
    public const int SpawnError = 50;
    public const int AlreadyStarted = 60;
    public const int NotRunning = 70;
    public const int Success = 80;
    public const int AlreadyAdded = 90;
    public const int StillRunning = 91;
    public const int CantReread = 92;

    public static string Name(int code) => code switch
    {
        UnknownMethod => "UNKNOWN_METHOD",
        IncorrectParameters => "INCORRECT_PARAMETERS",
        BadArguments => "BAD_ARGUMENTS",
        SignatureUnsupported => "SIGNATURE_UNSUPPORTED",
        ShutdownState => "SHUTDOWN_STATE",
        BadName => "BAD_NAME",
        BadSignal => "BAD_SIGNAL",
        NoFile => "NO_FILE",
        NotExecutable => "NOT_EXECUTABLE",
        Failed => "FAILED",
        AbnormalTermination => "ABNORMAL_TERMINATION",
        SpawnError => "SPAWN_ERROR",
        AlreadyStarted => "ALREADY_STARTED",
        NotRunning => "NOT_RUNNING",
        Success => "SUCCESS",
        AlreadyAdded => "ALREADY_ADDED",
        StillRunning => "STILL_RUNNING",
        CantReread => "CANT_REREAD",
        _ => "UNKNOWN",
    };

    /// <summary>"NAME: detail", or "NAME" when there is no detail.</summary>
    public static string Text(int code, string? detail = null) => detail is null ? Name(code) : $"{Name(code)}: {detail}";
}

/// <summary>A fault as it goes on the wire.</summary>
public sealed record RpcFault(int Code, string Text)
{
    public static RpcFault Of(int code, string? detail = null) => new(code, Faults.Text(code, detail));
}
