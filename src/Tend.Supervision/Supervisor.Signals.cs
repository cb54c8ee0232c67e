using Tend.Posix;

namespace Tend.Supervision;

/// <summary>What Tend does with the signals it receives.</summary>
public sealed partial class Supervisor
{
    /// <summary>Set when SIGHUP meant "stop and exit" (<see cref="SupervisorOptions.HangupExitCode"/>).</summary>
    private int? _hangupExitCode;

    private void HandleSignals()
    {
        _signalBuffer.Clear();
        _signals.Drain(_signalBuffer);
        foreach (var (signal, _) in _signalBuffer)
        {
            switch (signal)
            {
                case Model.Signals.SIGCHLD:
                    break; // reaped right after, on every wake
                case Model.Signals.SIGTERM:
                case Model.Signals.SIGINT:
                case Model.Signals.SIGQUIT:
                    if (DivertToCmd(signal)) break;
                    if (_shuttingDown) Log($"SIG{Model.Signals.Name(signal)} received: already shutting down");
                    else
                    {
                        Log($"SIG{Model.Signals.Name(signal)} received: stopping all programs");
                        BeginShutdown();
                    }
                    break;
                case Model.Signals.SIGHUP when _options.HangupExitCode is { } hangupCode:
                    if (_shuttingDown) break;
                    Log($"SIGHUP received: stopping all programs, then exiting with {hangupCode} (as runsvdir)");
                    _hangupExitCode = hangupCode;
                    BeginShutdown();
                    break;
                case Model.Signals.SIGHUP:
                    Log("SIGHUP received: reloading the configuration");
                    Reload();
                    break;
                default:
                    if (signal == Model.Signals.SIGUSR2) OnTestFaultSignal();
                    Forward(signal);
                    break;
            }
        }
    }

    /// <summary>Passes a signal to every running program that asked for it (forward_signals).</summary>
    private void Forward(int signal)
    {
        foreach (var p in _programs)
            if (p.Pid > 0 && p.Spec.ForwardSignals.Contains(signal))
                _processes.Signal(p.Pid, signal);
    }
}
