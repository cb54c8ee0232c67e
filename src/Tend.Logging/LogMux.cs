using System.Collections.Concurrent;
using Tend.Logging.Files;
using Tend.Logging.History;
using Tend.Posix;
using Tend.Posix.Events;
using Tend.Posix.Files;

namespace Tend.Logging;

/// <summary>
/// Gathers every program's stdout and stderr onto Tend's own stdout and stderr, one whole line at a
/// time, prefixed with the program's name. It runs on its own thread so the supervision loop never
/// waits on output: when Tend's stdout is slow (docker logs reading slowly), this thread blocks in
/// write, the programs' pipes fill and the programs block, but Tend can still restart and stop them.
/// Memory stays bounded: a carry of at most MaxLineBytes per pipe, a read buffer (128 KiB, and 1 MiB
/// while pipes have grown, see <see cref="PipeGrowth"/>), output buffers
/// flushed at 256 KiB, and a capped queue for Tend's own messages (drops are counted and reported).
///
/// The thread owns an epoll set of the pipes plus an eventfd through which other threads post
/// commands (attach a pipe, write an event line, finish). It also waits for connections to the
/// control socket (<see cref="IReadinessWatcher"/>), so an idle Tend has no thread parked in accept().
/// </summary>
public sealed unsafe class LogMux : IDisposable, IReadinessWatcher
{
    private const ulong WakeToken = ulong.MaxValue;
    // 128 KiB, as cat reads: pipes hold 64 KiB by default, and a larger buffer only costs memory.
    private const int ReadBufferSize = 128 * 1024;
    private const int DropReportPollMs = 250;

    private readonly LogOptions _options;
    private readonly Epoll _epoll = new();
    private readonly EventFd _wake = new();
    private readonly ConcurrentQueue<Command> _commands = new();
    private readonly Dictionary<ulong, LogSource> _sources = [];
    private readonly Dictionary<ulong, (int Fd, Action OnReadable)> _watched = [];
    private readonly ConcurrentDictionary<(string, LogStream), StreamCounters> _counters = new();
    private readonly Dictionary<string, RotatingLogFile> _files = []; // by path: kept across restarts, shared by streams
    private readonly LogHistory? _history;
    private readonly OutputBuffer _stdout;
    private readonly OutputBuffer _stderr;
    private readonly LineFormatter _formatter;
    private readonly OutputBuffer _scratch = OutputBuffer.Scratch();
    private readonly bool _stdoutColor, _stderrColor;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _finished = new();
    private readonly QuietTrim _trim = new();
    private readonly byte[] _readBuffer = GC.AllocateUninitializedArray<byte>(ReadBufferSize + LineCopier.SourceSlack, pinned: true);
    private readonly PipeGrowth _growth = new();
    private byte[]? _bigReadBuffer; // for grown pipes: allocated with the first, dropped at a trim
    private ulong _nextToken = 1;
    private int _width;
    private int _pendingEvents;
    private int _wakePending;
    private int _holds;
    private long _droppedEvents;
    private long _finishDeadline = long.MaxValue;

    /// <param name="options">Where and how lines are written (descriptors, format, color, buffer).</param>
    /// <param name="names">The programs' names, so the prefix column fits the longest.</param>
    /// <param name="history">Where recent output is kept for `tend ctl logs`; null keeps none.</param>
    public LogMux(LogOptions options, IEnumerable<string> names, LogHistory? history = null)
    {
        _options = options;
        _history = history;
        // One writer when stdout and stderr are the same pipe (2>&1): two would write at once, and a
        // pipe write that has to wait for room lets another writer's bytes in mid-line.
        var stdoutWriter = OutputBuffer.WriterFor(options.StdoutFd, options.OutputBufferBytes, "stdout");
        var sameFile = OutputDescriptor.Identity(options.StdoutFd) is { } identity && OutputDescriptor.Identity(options.StderrFd) == identity;
        var stderrWriter = sameFile ? stdoutWriter : OutputBuffer.WriterFor(options.StderrFd, options.OutputBufferBytes, "stderr");
        _stdout = new OutputBuffer(stdoutWriter, "stdout");
        _stderr = new OutputBuffer(stderrWriter, "stderr");
        _formatter = options.Format == LogFormat.Json ? new JsonFormatter() : new TextFormatter();
        _stdoutColor = options.Color ?? Fd.IsTerminal(options.StdoutFd);
        _stderrColor = options.Color ?? Fd.IsTerminal(options.StderrFd);
        _stdout.FormatNotice = message => FormatSelf(message, LogStream.Stdout);
        _stderr.FormatNotice = message => FormatSelf(message, LogStream.Stderr);
        _width = Math.Max(options.SelfName.Length, names.Select(n => n.Length).DefaultIfEmpty(0).Max());
        _epoll.Add(_wake.Fd, WakeToken);
        _thread = new Thread(Run) { IsBackground = true, Name = "tend-logs" };
        _thread.Start();
    }

    /// <summary>Tend's own messages dropped while the output was blocked (and not yet reported).</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Bytes and lines forwarded per program and stream, for /metrics.</summary>
    public IReadOnlyList<StreamCount> Counters() =>
        [.. _counters.Select(kv => new StreamCount(kv.Key.Item1, kv.Key.Item2, kv.Value.Bytes, kv.Value.Lines, kv.Value.DroppedLines, kv.Value.DroppedBytes))
                     .OrderBy(c => c.Program, StringComparer.Ordinal).ThenBy(c => c.Stream)];

    /// <summary>
    /// Starts reading a pipe; the mux owns (and will close) the descriptor. <paramref name="route"/>
    /// says where the lines go; by default to the console stream matching <paramref name="stream"/>.
    /// </summary>
    public void Attach(int fd, string program, LogStream stream, bool prefix, LogRoute? route = null)
    {
        Fd.SetNonBlocking(fd);
        Post(new Command(CommandKind.Attach, fd, program, stream, prefix, null, route ?? LogRoute.ToConsole(stream)));
    }

    /// <inheritdoc/>
    public void Watch(int fd, Action onReadable) =>
        Post(new Command(CommandKind.Watch, fd, null, default, false, null, null) { OnReadable = onReadable });

    /// <inheritdoc/>
    public void Unwatch(int fd) => Post(new Command(CommandKind.Unwatch, fd, null, default, false, null, null));

    /// <inheritdoc/>
    public void UnwatchAndClose(int fd) => Post(new Command(CommandKind.UnwatchAndClose, fd, null, default, false, null, null));

    /// <summary>Empties a program's log files (supervisord's clearProcessLogs), on the log thread.</summary>
    public void ClearFiles(IEnumerable<string> paths) =>
        Post(new Command(CommandKind.ClearFiles, -1, null, default, false, null, null, [.. paths]));

    /// <summary>
    /// Writes one of Tend's own lines. With <paramref name="after"/>, whatever that program has
    /// already written is forwarded first, so "web exited" follows web's last lines.
    /// </summary>
    public void Event(string message, string? after = null, LogStream stream = LogStream.Stdout)
    {
        if (Interlocked.Increment(ref _pendingEvents) > _options.MaxPendingEvents)
        {
            Interlocked.Decrement(ref _pendingEvents);
            Interlocked.Increment(ref _droppedEvents);
            return;
        }
        Post(new Command(CommandKind.Event, -1, after, stream, true, message, null));
    }

    /// <summary>How long Tend's exit may wait for its output to be written, once every program has stopped.</summary>
    public static readonly TimeSpan ExitFlushLimit = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Forwards what is left: waits until every pipe is at end of file (all writers gone) and what
    /// is queued is written, for <paramref name="timeout"/> at most in all, whatever the reader of
    /// Tend's output does (a reader that takes nothing must not hold up the exit: what is left
    /// unwritten is dropped, counted as every drop is). A reader already not draining is not waited for.
    /// </summary>
    public void Complete(TimeSpan timeout)
    {
        Post(new Command(CommandKind.Finish, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), null, default, false, null, null));
        _finished.Wait(timeout);
    }

    private void Post(Command command)
    {
        _commands.Enqueue(command);
        // Held: the release wakes the thread. The command is queued before the hold is looked at,
        // so a release that comes in between finds it in the queue and wakes the thread itself.
        if (Volatile.Read(ref _holds) > 0) return;
        Wake();
    }

    /// <summary>
    /// One wake-up per batch: only the first post after the thread has looked at the queue writes
    /// the eventfd (a burst of starts would otherwise wake it once per message).
    /// </summary>
    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0) _wake.Signal();
    }

    /// <summary>
    /// Holds the log thread's wake-ups until the returned handle is disposed, then wakes it once if
    /// anything was posted meanwhile: for a burst of starts (each one an attach of two pipes and a
    /// "started" line), which otherwise woke the thread about once per program, and each of those
    /// wake-ups took a CPU from the programs starting (issue 21). Only for a bounded stretch of work
    /// on one thread: what is posted waits for the release.
    /// </summary>
    public WakeupHold HoldWakeups()
    {
        Interlocked.Increment(ref _holds);
        return new WakeupHold(this);
    }

    private void ReleaseHold()
    {
        if (Interlocked.Decrement(ref _holds) == 0 && !_commands.IsEmpty) Wake();
    }

    /// <summary>See <see cref="HoldWakeups"/>.</summary>
    public readonly struct WakeupHold(LogMux mux) : IDisposable
    {
        public void Dispose() => mux.ReleaseHold();
    }

    private void Run()
    {
        Span<ulong> ready = stackalloc ulong[64];
        try
        {
            while (true)
            {
                var timeout = _finishDeadline == long.MaxValue ? -1 : (int)Math.Max(0, _finishDeadline - Environment.TickCount64);
                // Drops are reported once the reader drains again, even if no program writes meanwhile.
                if (_stdout.HasUnreportedDrops || _stderr.HasUnreportedDrops) timeout = timeout < 0 ? DropReportPollMs : Math.Min(timeout, DropReportPollMs);
                if (_trim.TimeoutMs is var trimIn and >= 0) timeout = timeout < 0 ? trimIn : Math.Min(timeout, trimIn);
                var n = _epoll.Wait(ready, timeout);
                if (_trim.IsDue) _bigReadBuffer = null; // a grown pipe's next big read allocates it again
                _trim.TrimIfDue();
                try
                {
                    Dispatch(ready[..n]);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ReportInternalError(e);
                }
                _stdout.Flush();
                _stderr.Flush();
                _stdout.ReportDrops();
                _stderr.ReportDrops();
                if (_finishDeadline != long.MaxValue && (_sources.Count == 0 || Environment.TickCount64 >= _finishDeadline))
                    break;
            }
            foreach (var (token, source) in _sources.ToArray()) Close(token, source);
            RunCommands();
            // What is still queued gets what is left of the finish deadline to reach the reader.
            var left = TimeSpan.FromMilliseconds(Math.Max(0, _finishDeadline == long.MaxValue ? 0 : _finishDeadline - Environment.TickCount64));
            _stdout.Drain(left);
            _stderr.Drain(left);
        }
        finally
        {
            _finished.Set();
        }
    }

    private void Dispatch(ReadOnlySpan<ulong> ready)
    {
        foreach (var token in ready)
        {
            if (token == WakeToken)
            {
                _wake.Reset();
                Volatile.Write(ref _wakePending, 0); // before draining: a later post signals again
                RunCommands();
            }
            else if (_sources.TryGetValue(token, out var source))
            {
                // A read that filled the buffer leaves more behind: read on (bounded, for fairness)
                // rather than ask epoll again.
                for (var i = 0; i < 4 && ReadOnce(token, source) == ReadResult.Full; i++) { }
            }
            else if (_watched.TryGetValue(token, out var watched)) watched.OnReadable();
        }
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var c))
        {
            // Each on its own: one that fails must not leave the ones queued behind it (a program's
            // pipes, the finish) waiting for a wake-up that may never come.
            try
            {
                RunCommand(c);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ReportInternalError(e);
            }
        }
    }

    private void RunCommand(Command c)
    {
        switch (c.Kind)
        {
            case CommandKind.Attach:
                var token = _nextToken++;
                if (c.Program!.Length > _width) _width = c.Program.Length;
                var route = c.Route!;
                OutputBuffer? output = route.Console switch
                {
                    LogStream.Stdout => _stdout,
                    LogStream.Stderr => _stderr,
                    _ => null,
                };
                var color = route.Console == LogStream.Stderr ? _stderrColor : _stdoutColor;
                var prefix = _options.Format == LogFormat.Text ? Prefixes.For(c.Program, _width, color, false, c.Prefix) : [];
                var counters = CountersOf(c.Program, c.Stream);
                var source = new LogSource(c.Fd, c.Program, c.Stream, prefix, output ?? _stdout, _formatter, _options.MaxLineBytes, counters)
                {
                    ToConsole = output is not null,
                    File = route.File is { } f ? FileFor(f) : null,
                    Events = route.Events,
                    Lines = route.Lines,
                };
                PipeGrowth.Measure(source);
                try
                {
                    _epoll.Add(c.Fd, token); // first: a source is only kept once it is waited on
                }
                catch (PosixException e) when (e.Errno != EBADF) // a number not open is nobody's to close
                {
                    // Not read, the pipe would fill and block its program: closed, the program sees EPIPE.
                    Fd.Close(c.Fd);
                    throw;
                }
                _sources[token] = source;
                break;
            case CommandKind.ClearFiles:
                foreach (var path in c.Paths!)
                    if (_files.TryGetValue(path, out var file)) file.Clear();
                break;
            case CommandKind.Event:
                Interlocked.Decrement(ref _pendingEvents);
                _trim.Activity();
                if (c.Program is not null) DrainProgram(c.Program);
                ReportDrops();
                WriteSelf(c.Message!, c.Stream);
                break;
            case CommandKind.Watch:
                var watchToken = _nextToken++;
                _epoll.Add(c.Fd, watchToken);
                _watched[watchToken] = (c.Fd, c.OnReadable!);
                break;
            case CommandKind.Unwatch or CommandKind.UnwatchAndClose:
                foreach (var (t, w) in _watched.ToArray())
                    if (w.Fd == c.Fd)
                    {
                        _epoll.Remove(c.Fd);
                        _watched.Remove(t);
                    }
                // Here, after every Watch of it queued before: its number cannot come back meanwhile.
                if (c.Kind == CommandKind.UnwatchAndClose) Fd.Close(c.Fd);
                break;
            case CommandKind.Finish:
                _finishDeadline = Environment.TickCount64 + c.Fd;
                break;
        }
    }

    /// <summary>Forwarding must go on whatever one line, pipe or command did; say so on stderr, raw.</summary>
    private void ReportInternalError(Exception e) =>
        Fd.WriteAll(_options.StderrFd, System.Text.Encoding.UTF8.GetBytes($"tend: internal error in log forwarding: {Model.ErrorText.Of(e)}\n"));

    private RotatingLogFile FileFor(LogFileTarget target)
    {
        if (_files.TryGetValue(target.Path, out var file)) return file;
        file = new RotatingLogFile(target.Path, target.MaxBytes, target.Backups, target.ProgramUid);
        file.Report += message => WriteSelf(message, LogStream.Stderr);
        return _files[target.Path] = file;
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Exchange(ref _droppedEvents, 0);
        if (dropped > 0) WriteSelf($"{dropped} of tend's own messages were dropped while the output was blocked", LogStream.Stderr);
    }

    private StreamCounters CountersOf(string program, LogStream stream) =>
        _counters.GetOrAdd((program, stream), static key => new StreamCounters { Program = key.Item1 });

    private void WriteSelf(string message, LogStream stream)
    {
        var output = stream == LogStream.Stdout ? _stdout : _stderr;
        var color = stream == LogStream.Stdout ? _stdoutColor : _stderrColor;
        var prefix = _options.Format == LogFormat.Text ? Prefixes.For(_options.SelfName, _width, color, true, true) : [];
        var text = System.Text.Encoding.UTF8.GetBytes(message);
        output.Attribute(CountersOf(_options.SelfName, stream));
        _formatter.Write(output, prefix, _options.SelfName, stream, text);
        if (_history is not null)
        {
            // Kept like a program's output, so `tend ctl logs` and supervisorctl's maintail show it.
            _history.Append(_options.SelfName, stream, text);
            _history.Append(_options.SelfName, stream, "\n"u8);
        }
    }

    /// <summary>One of Tend's own lines, formatted, on its own (the drop notices go straight to the writer).</summary>
    private byte[] FormatSelf(string message, LogStream stream)
    {
        var color = stream == LogStream.Stdout ? _stdoutColor : _stderrColor;
        var prefix = _options.Format == LogFormat.Text ? Prefixes.For(_options.SelfName, _width, color, true, true) : [];
        _history?.Append(_options.SelfName, stream, System.Text.Encoding.UTF8.GetBytes(message + "\n"));
        _scratch.Clear();
        _formatter.Write(_scratch, prefix, _options.SelfName, stream, System.Text.Encoding.UTF8.GetBytes(message));
        return _scratch.Written.ToArray();
    }

    /// <summary>Forwards what a program has written so far (bounded, non-blocking).</summary>
    private void DrainProgram(string program)
    {
        foreach (var (token, source) in _sources.ToArray())
        {
            if (source.Program != program) continue;
            for (var i = 0; i < 16 && _sources.ContainsKey(token); i++)
                if (ReadOnce(token, source) == ReadResult.Empty) break;
        }
    }

    private enum ReadResult { Empty, Some, Full }

    /// <summary>
    /// One read: Empty when the pipe is empty or closed, Full when the read filled the buffer.
    /// A busy pipe is read through a big buffer once it has grown (see <see cref="PipeGrowth"/>):
    /// one read, one block of prefixed lines and one write per megabyte instead of sixteen.
    /// </summary>
    private ReadResult ReadOnce(ulong token, LogSource source)
    {
        var buffer = _readBuffer;
        if (source.PipeBytes > ReadBufferSize && source.Events is null) // an event is one read: kept to 128 KiB
            buffer = _bigReadBuffer ??= GC.AllocateUninitializedArray<byte>(PipeGrowth.GrownBytes + LineCopier.SourceSlack, pinned: true);
        var size = buffer.Length - LineCopier.SourceSlack;
        var n = Fd.Read(source.Fd, buffer.AsSpan(0, size), out var errno);
        if (n > 0)
        {
            // The program wrote half a pipe or more since the last read: it is busy, and a bigger
            // pipe spares it (and this thread) a sleep and a wake-up per 64 KiB.
            if (n >= source.PipeBytes / 2) _growth.Grow(source);
            var data = buffer.AsSpan(0, n);
            source.Counters.BytesField += n;
            _history?.Append(source.Program, source.Stream, data);
            source.File?.Write(data);
            source.Events?.Invoke(data.ToArray());
            if (source.Lines is { Matched: false } lines) lines.Feed(source.Stream, data);
            if (!source.ToConsole) source.Counters.LinesField += data.Count((byte)'\n');
            else if (_options.Format == LogFormat.Text)
                fixed (byte* p = buffer) source.FeedDirect(p, n);
            else source.Feed(data);
            return n == size ? ReadResult.Full : ReadResult.Some;
        }
        if (n < 0 && errno == 11) return ReadResult.Empty; // EAGAIN: nothing yet
        Close(token, source);
        return ReadResult.Empty;
    }

    private void Close(ulong token, LogSource source)
    {
        _growth.Release(source);
        if (source.ToConsole) source.Finish();
        _epoll.Remove(source.Fd);
        Fd.Close(source.Fd);
        _sources.Remove(token);
    }

    public void Dispose()
    {
        if (!_finished.IsSet) Complete(TimeSpan.Zero);
        // Closed under a thread still running its last round, the epoll and eventfd numbers could be
        // reused by files opened meanwhile, and waited on or read by it. A thread that does not end
        // (a wedged write) keeps them: a leak, not another file's data.
        if (!_finished.Wait(DisposeWait)) return;
        _epoll.Dispose();
        _wake.Dispose();
        _stdout.Close();
        _stderr.Close();
        foreach (var file in _files.Values) file.Dispose();
    }

    private const int EBADF = 9;

    private enum CommandKind { Attach, Event, Finish, ClearFiles, Watch, Unwatch, UnwatchAndClose }

    private sealed record Command(CommandKind Kind, int Fd, string? Program, LogStream Stream, bool Prefix, string? Message, LogRoute? Route, string[]? Paths = null)
    {
        public Action? OnReadable { get; init; }
    }
}
