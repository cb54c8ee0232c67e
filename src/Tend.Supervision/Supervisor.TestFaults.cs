namespace Tend.Supervision;

/// <summary>
/// Faults the PID 1 tests inject to prove <see cref="Supervisor"/>'s failure handling (see
/// Supervisor.Failures.cs): a bug cannot be summoned from outside on demand, so the tests ask for
/// one. Armed only by TEND_TEST_INJECT_FAULT in Tend's environment, set to one of the exact values
/// below, and fired only by a SIGUSR2 afterwards: nothing in production sets that variable by
/// accident, and an unknown value does nothing.
/// - throw-once: the SIGUSR2 handling throws once (the loop must log it and carry on);
/// - wedge: from then on a step fails on every wake and the loop spins (it must give up and stop the programs);
/// - escape: an exception escapes the loop itself (it must stop the programs).
/// </summary>
public sealed partial class Supervisor
{
    private const string TestFaultVariable = "TEND_TEST_INJECT_FAULT";

    private bool _testWedged;
    private bool _testEscape;

    private void OnTestFaultSignal()
    {
        if (!_options.Environment.TryGetValue(TestFaultVariable, out var fault)) return;
        switch (fault)
        {
            case "throw-once":
                throw new InvalidOperationException("injected test fault (throw-once)");
            case "wedge":
                _testWedged = true;
                break;
            case "escape":
                _testEscape = true;
                break;
        }
    }

    /// <summary>One guarded step of every wake while wedged; 0 as the wait timeout keeps the loop spinning.</summary>
    private void ThrowIfTestWedged()
    {
        if (_testWedged) throw new InvalidOperationException("injected test fault (wedge)");
    }

    private long NextTestFaultDeadline() => _testWedged ? 0 : long.MaxValue;

    /// <summary>Outside the guards, as a failing epoll_wait would be.</summary>
    private void ThrowIfTestEscape()
    {
        if (_testEscape) throw new InvalidOperationException("injected test fault (escape)");
    }
}
