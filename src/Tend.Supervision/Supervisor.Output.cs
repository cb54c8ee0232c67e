using Tend.Logging;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Where a child's stdout and stderr go: pipes read by the log mux, or, for a program another one
/// reads (runit and s6 log/run, s6-rc pipelines, <see cref="Model.ProgramSpec.StdinFrom"/>), the
/// write end of the one pipe between them. That pipe is made once and kept by Tend for as long as
/// it runs, so neither side's restart loses a line or gives the other EOF/EPIPE.
/// </summary>
public sealed partial class Supervisor
{
    private readonly Dictionary<string, (int Read, int Write)> _stdinPipes = [];

    /// <summary>One child's output descriptors: write ends for the child, read ends for the log mux.</summary>
    private sealed class ChildOutput
    {
        public int OutRead = -1, OutWrite = -1, ErrRead = -1, ErrWrite = -1;
        public int InRead = -1, InWrite = -1; // an event listener's stdin: the child reads, Tend writes events
        public bool OutShared; // the write end of a consumer's stdin pipe: Tend keeps it

        public int StderrForChild => ErrWrite >= 0 ? ErrWrite : OutWrite;

        /// <summary>The child's stdin when it is an event listener; -1 otherwise.</summary>
        public int StdinForChild => InRead;

        /// <summary>After the spawn: the child's ends, which Tend must not keep.</summary>
        public void CloseWriteEnds()
        {
            if (!OutShared) Fd.Close(OutWrite);
            Fd.Close(ErrWrite);
            Fd.Close(InRead);
        }

        /// <summary>On a failed spawn: Tend's ends too.</summary>
        public void CloseReadEnds()
        {
            Fd.Close(OutRead);
            Fd.Close(ErrRead);
            Fd.Close(InWrite);
        }
    }

    private ChildOutput OpenOutput(ProgramRuntime p)
    {
        var o = new ChildOutput();
        try
        {
            if (ConsumerOf(p.Name) is { } consumer)
            {
                o.OutWrite = PipeFor(consumer).Write;
                o.OutShared = true;
            }
            else (o.OutRead, o.OutWrite) = Fd.Pipe();
            // redirect_stderr: both of the child's streams are the one pipe, so their order is kept.
            if (!p.Spec.RedirectStderr) (o.ErrRead, o.ErrWrite) = Fd.Pipe();
            if (p.Spec.EventListener is not null) (o.InRead, o.InWrite) = Fd.Pipe();
            return o;
        }
        catch
        {
            o.CloseWriteEnds();
            o.CloseReadEnds();
            throw;
        }
    }

    private void AttachOutput(ChildOutput o, ProgramRuntime p)
    {
        // An event listener's stdout is the protocol channel, not a log.
        var uid = ProgramUid(p);
        var lines = ReadyLineWatchOf(p);
        if (p.Spec.EventListener is not null) AttachListener(p, o.InWrite, o.OutRead);
        else if (o.OutRead >= 0) _options.Logs.Attach(o.OutRead, p.Name, LogStream.Stdout, p.Spec.LogPrefix, WithEvents(LogRoutes.Of(p.Spec.Stdout, uid), p, p.Spec.Stdout, stderr: false) with { Lines = lines });
        if (o.ErrRead >= 0) _options.Logs.Attach(o.ErrRead, p.Name, LogStream.Stderr, p.Spec.LogPrefix, WithEvents(LogRoutes.Of(p.Spec.Stderr, uid), p, p.Spec.Stderr, stderr: true) with { Lines = lines });
    }

    /// <summary>
    /// The user a program runs as when Tend (root) switches to one: its log file may sit in that
    /// user's directory and belong to it, and to nobody else but root (Tend.Posix's TrustedPath).
    /// </summary>
    private static uint? ProgramUid(ProgramRuntime p) =>
        p.Spec.User is { } user && ProcessControl.IsRoot && (p.Spec.Stdout.File ?? p.Spec.Stderr.File) is not null
            ? UserLookup.Resolve(user, null, out _)?.Uid
            : null;

    /// <summary>The read end of the program's stdin pipe, or -1 when it reads no other program.</summary>
    private int StdinOf(ProgramRuntime p) => p.Spec.StdinFrom is null ? -1 : PipeFor(p.Name).Read;

    private string? ConsumerOf(string producer)
    {
        foreach (var q in _programs)
            if (q.Spec.StdinFrom == producer) return q.Name;
        return null;
    }

    private (int Read, int Write) PipeFor(string consumer)
    {
        if (!_stdinPipes.TryGetValue(consumer, out var pipe))
        {
            pipe = Fd.Pipe();
            _stdinPipes[consumer] = pipe;
        }
        return pipe;
    }

    private void CloseStdinPipes()
    {
        foreach (var (read, write) in _stdinPipes.Values)
        {
            Fd.Close(read);
            Fd.Close(write);
        }
        _stdinPipes.Clear();
    }
}
