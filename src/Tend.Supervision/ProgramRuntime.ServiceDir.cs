namespace Tend.Supervision;

/// <summary>The live state of what service directories add: finish scripts, readiness notification, oneshots.</summary>
public sealed partial class ProgramRuntime
{
    /// <summary>The pid of the running finish command; 0: none. A start waits for it (<see cref="Phase.WaitingForFinish"/>).</summary>
    public int FinishPid { get; internal set; }

    /// <summary>Told Tend it is ready (a line on its notification-fd, or READY=1 over sd_notify) since its last start.</summary>
    public bool NotifiedReady { get; internal set; }

    /// <summary>It has a readiness notification protocol and has not used it yet in this run.</summary>
    public bool AwaitsNotification => (Spec.NotificationFd is not null || Spec.SdNotify || Spec.ReadyLogLine is not null) && !NotifiedReady;

    /// <summary>The read end of the notification-fd pipe of the current run; -1: none.</summary>
    internal int NotifyReadFd { get; set; } = -1;

    /// <summary>Bytes read from the notification-fd pipe of the current run, none of them a newline.</summary>
    internal int NotifyBytesRead { get; set; }

    /// <summary>Monotonic ms by which a oneshot must complete, or a notifying longrun be ready (timeout-up); long.MaxValue: none.</summary>
    internal long StartTimeoutAtMs { get; set; } = long.MaxValue;

    /// <summary>The pid of the running start hook (runit's control/u); 0: none. A start waiting for it is <see cref="Phase.WaitingForStartHook"/>.</summary>
    internal int StartHookPid { get; set; }

    /// <summary>The pid of the running down command of a oneshot; 0: none.</summary>
    internal int DownPid { get; set; }
}
