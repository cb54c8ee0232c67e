namespace Tend.Model;

public enum RestartPolicy
{
    /// <summary>Restart whatever the exit status.</summary>
    Always,

    /// <summary>Restart unless the exit code is one of <see cref="ProgramSpec.ExitCodes"/>.</summary>
    OnFailure,

    /// <summary>Leave it EXITED.</summary>
    Never,
}
