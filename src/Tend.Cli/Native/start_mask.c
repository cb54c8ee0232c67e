/*
 * Blocks the signals Tend reads from its signalfd before the .NET runtime starts.
 *
 * Why native: the runtime starts threads (the finalizer's among them) before Main, and each
 * inherits the mask of the thread that made it. A mask set in Main is too late for them, and a
 * signal one of them does not block reaches the runtime's handlers (as PID 1 its SIGCHLD handling
 * reaps our children; TERM becomes a plain exit). Tend used to block in Main and execve itself,
 * which doubled the runtime's start and left the runtime's start-up unprotected: a TERM sent to a
 * PID 1 whose handler is still the default one is dropped by the kernel, so a `docker stop` in
 * the first tens of milliseconds was lost. A constructor runs in the main thread before main(),
 * so before the runtime exists: from here on every thread inherits the mask, and an early TERM
 * stays pending for the signalfd.
 *
 * The set must be SignalMask.Handled (src/Tend.Posix/Signals/SignalMask.cs); Main checks that it
 * is and falls back to the re-exec if not. Commands that do not supervise (ctl, check, the exec
 * helper, the s6 helpers that exec) put back the mask Tend was started with, which
 * tend_start_mask_inherited gives them.
 */
#include <signal.h>
#include <string.h>
#include <time.h>

static sigset_t inherited_mask;
static int blocked_at_start;
static struct timespec started; /* the origin of TEND_TRACE_STARTUP's times (StartupTrace) */

__attribute__((constructor(101))) static void tend_block_handled_signals(void)
{
    static const int handled[] = {
        SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGCHLD,
        SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH, SIGPWR,
    };
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < sizeof handled / sizeof handled[0]; i++)
        sigaddset(&set, handled[i]);
    if (sigprocmask(SIG_BLOCK, &set, &inherited_mask) == 0)
        blocked_at_start = 1;
    clock_gettime(CLOCK_MONOTONIC, &started);
}

/* CLOCK_MONOTONIC when the constructor ran, in nanoseconds. */
long long tend_start_mask_clock_ns(void)
{
    return (long long)started.tv_sec * 1000000000LL + started.tv_nsec;
}

/* Copies the mask Tend was started with into *out (a sigset_t); 0 if the constructor did not block. */
int tend_start_mask_inherited(sigset_t *out)
{
    if (!blocked_at_start)
        return 0;
    memcpy(out, &inherited_mask, sizeof inherited_mask);
    return 1;
}
