using System.Globalization;
using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// The arguments a service directory's <c>finish</c> script receives after ./run ends: a pure
/// function of the program's <see cref="FinishStyle"/> and its exit, so it lives beside the core
/// that runs the script rather than behind a hook the composing layer fills.
/// </summary>
public static class FinishArguments
{
    /// <summary>The arguments for <paramref name="style"/>: runsv's or s6-supervise's.</summary>
    public static IReadOnlyList<string> Of(FinishStyle style, ExitStatus status, string serviceName, int processGroup) =>
        style == FinishStyle.S6 ? S6(status, serviceName, processGroup) : Runit(status);


    /// <summary>runsv's exit code when it could not start ./run at all.</summary>
    public const int RunsvCouldNotStart = 111;

    /// <summary>
    /// runit: <c>./finish CODE STATUS</c>. CODE is the exit code, or -1 when ./run did not exit
    /// normally; STATUS is the low byte of the wait status: 0 after a normal exit, the signal
    /// number after a kill (runsv would add 128 for a core dump, which ExitStatus does not keep).
    /// When ./run could not be started, runsv passes 111 and 0: use <see cref="RunsvCouldNotStart"/>.
    /// </summary>
    public static string[] Runit(ExitStatus status) => status.Signaled
        ? ["-1", Number(status.Signal)]
        : [Number(status.Code), "0"];

    /// <summary>
    /// s6: <c>./finish CODE SIGNAL NAME PGID</c>. CODE is the exit code, or 256 after a kill;
    /// SIGNAL the killing signal (0 after a normal exit; s6 documents it as undefined then);
    /// NAME the service directory's name; PGID the process group ./run led.
    /// </summary>
    public static string[] S6(ExitStatus status, string serviceName, int processGroup) =>
        [Number(status.Signaled ? 256 : status.Code), Number(status.Signal), serviceName, Number(processGroup)];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
