[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Tend.Cli;

internal static class Startup
{
    /// <summary>
    /// For the PID 1 tests: with TEND_ARM_RUNTIME_SIGCHLD=1, make the .NET runtime install its own
    /// SIGCHLD handling, as Console on a terminal or any child-process API would. As PID 1 that
    /// handling reaps every child itself (dotnet/runtime#65061); the test shows that with Tend's
    /// signal mask it never runs and no exit status is lost.
    /// </summary>
    public static IDisposable? ArmRuntimeChildHandlingIfAsked() =>
        Environment.GetEnvironmentVariable("TEND_ARM_RUNTIME_SIGCHLD") == "1"
            ? System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGCHLD, context => context.Cancel = true)
            : null;
}
