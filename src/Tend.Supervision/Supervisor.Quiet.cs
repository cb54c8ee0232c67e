using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// What an idle Tend gives back (issue 21): once the loop has had nothing to do for
/// <see cref="QuietMs"/> after a burst of work (programs started, a `tend ctl` request, a restart),
/// the garbage collector returns the heap that burst used and the executable's pages it ran are
/// unmapped (<see cref="ExecutablePages"/>): an idle Tend with ten programs goes from 7.1 MiB (11.3 after
/// one `tend ctl status`) to 4.8 to 5.8. One wake-up per burst, none while nothing happens: the
/// deadline is armed only by a wake that did something, and the release does not arm it again. A
/// program that keeps the loop busy (a crash loop) keeps putting it off, so it is not paid per wake
/// (a release costs about 2 ms: a full collection of a small heap and one read of smaps).
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>How long the loop must have been quiet before it gives memory back.</summary>
    private const int QuietMs = 1000;

    private long _quietReleaseDueMs = long.MaxValue;

    /// <summary>The nearest deadline other than the quiet one, as the last wait was given it.</summary>
    private long _nextWorkDeadlineMs = long.MaxValue;

    /// <summary>After each wake: put the release off when the wake did work, else release once its deadline has come.</summary>
    private void GiveBackWhenQuiet(int events)
    {
        if (!_options.ReleaseUnusedPages || _finished) return;
        var now = NowMs;
        // A descriptor, or another deadline (a program's start_seconds, a backoff): the work it did
        // has effects still under way (its log lines are written by the log thread), so wait again.
        if (events > 0 || now >= _nextWorkDeadlineMs)
        {
            _quietReleaseDueMs = now + QuietMs;
            return;
        }
        if (now < _quietReleaseDueMs) return;
        _quietReleaseDueMs = long.MaxValue;
        // Aggressive: the heap's free regions are decommitted, not kept for the next burst. The
        // finalizers the collection queued run now, so their code is unmapped with the rest.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ExecutablePages.Release();
    }
}
