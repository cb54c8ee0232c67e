using Tend.Supervision;

namespace Tend.UnitTests.Supervision.Harness;

/// <summary>For tests that build a runtime by hand in a given state: the phase that shows it.</summary>
internal static class TestPhases
{
    public static Phase For(ProgramState state) => state switch
    {
        ProgramState.Starting => Phase.Starting,
        ProgramState.Running => Phase.Running,
        ProgramState.Backoff => Phase.Backoff,
        ProgramState.Stopping => Phase.Stopping,
        ProgramState.Exited => Phase.Exited,
        ProgramState.Fatal => Phase.Fatal,
        _ => Phase.Stopped,
    };
}
