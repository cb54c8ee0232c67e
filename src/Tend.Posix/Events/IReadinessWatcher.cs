namespace Tend.Posix.Events;

/// <summary>
/// A thread that already waits in epoll and can wait for one more descriptor on behalf of someone
/// else. An idle PID 1 should be a handful of parked threads: a listener that is connected to a few
/// times a day does not need a thread of its own parked in accept(), it can borrow the wait of one
/// that exists anyway (the log thread, see Tend.Logging's LogMux).
/// </summary>
public interface IReadinessWatcher
{
    /// <summary>
    /// Calls <paramref name="onReadable"/> on the watcher's thread whenever <paramref name="fd"/> is
    /// readable (level-triggered: until it is not), from shortly after this call until
    /// <see cref="Unwatch"/>. The callback must not block: the watcher's thread has its own work.
    /// </summary>
    void Watch(int fd, Action onReadable);

    /// <summary>
    /// Stops watching a descriptor the caller keeps open (to watch it again later). No call starts
    /// after the watcher has handled it. To give the descriptor up, use <see cref="UnwatchAndClose"/>.
    /// </summary>
    void Unwatch(int fd);

    /// <summary>
    /// Stops watching and closes the descriptor, both on the watcher's thread, after every Watch
    /// and Unwatch of it asked for before. The caller must not close it itself: a Watch still
    /// queued would find the number closed, or reused by a descriptor opened meanwhile (a
    /// program's log pipe), and wait on that one instead.
    /// </summary>
    void UnwatchAndClose(int fd);
}
