using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// What an idle Tend gives back (issue 21): once the loop has had nothing to do for
/// <see cref="QuietMs"/> after a burst of work (programs started, a `tend ctl` request, a restart),
/// the garbage collector returns the heap that burst used and the executable's pages it ran are
/// unmapped (<see cref="IdlePages"/>): an idle Tend with ten programs goes from 7.1 MiB (11.3 after
/// one `tend ctl status`) to about 4.8. One wake-up per burst, none while nothing happens: the
/// deadline is armed only by a wake that did something, and the release does not arm it again. A
/// program that keeps the loop busy (a crash loop) keeps putting it off, so it is not paid per wake
/// (a release costs about 2 ms: a full collection of a small heap and one read of smaps).
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>How long the loop must have been quiet before it gives memory back.</summary>
    private const int QuietMs = 1000;

    private long _quietReleaseDueMs = long.MaxValue;

    /// <summary>After each wake: release when the quiet deadline has come, else put it off when the wake did work.</summary>
    private void GiveBackWhenQuiet(int events)
    {
        if (!_options.ReleaseStartupPages || _finished) return;
        var now = NowMs;
        if (now >= _quietReleaseDueMs)
        {
            _quietReleaseDueMs = long.MaxValue;
            // Aggressive: the heap's free regions are decommitted, not kept for the next burst. The
            // finalizers the collection queued run now, so their code is unmapped with the rest.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            IdlePages.Release();
            if (events == 0) return;
        }
        // Anything but the quiet deadline itself woke the loop (a descriptor, or another deadline).
        _quietReleaseDueMs = now + QuietMs;
    }
}
