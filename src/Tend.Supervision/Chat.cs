namespace Tend.Supervision;

/// <summary>
/// How much one of Tend's own lines matters; the values are S6_VERBOSITY's levels, so a line is
/// written when its level is at most the verbosity (see Supervisor.Log).
/// </summary>
internal enum Chat
{
    /// <summary>Something failed: a program could not start, went FATAL, a oneshot failed, an internal error.</summary>
    Error = 0,

    /// <summary>Something went wrong but Tend carries on: a kill after a timeout, a tolerated stage-2 failure.</summary>
    Warning = 1,

    /// <summary>What programs do: started, exited, ready, waiting, stopped (s6-overlay's default, 2).</summary>
    Info = 2,

    /// <summary>Details of the s6-overlay tree: the settings in effect, each program's environment.</summary>
    Detail = 3,

    /// <summary>What only someone chasing a problem wants: written when TEND_DEBUG is set (or S6_VERBOSITY is 4 or more).</summary>
    Debug = 4,
}
