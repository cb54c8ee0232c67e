using Tend.Logging;
using Tend.Posix;
using Tend.Posix.Files;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Server;

/// <summary>
/// supervisorctl tail / maintail / clear. A stream with a log file is read from the file (it holds
/// more); otherwise from the in-memory history, whose offsets count every byte the stream ever
/// wrote, so a client's offset stays meaningful after older bytes are forgotten. The main log is
/// Tend's own messages.
/// </summary>
internal sealed partial class SupervisorBackend
{
    public LogExtent? GetLogExtent(LogTarget log)
    {
        var (program, stream, file, uid) = Locate(log);
        if (program is null) return null;
        if (file is not null && OpenLogFile(file, uid) is { } f)
            using (f) return new LogExtent(0, f.Length);
        var (written, kept, _) = history.StreamTail(program, stream);
        return new LogExtent(written - kept.Length, written);
    }

    public byte[] ReadLog(LogTarget log, long offset, int count)
    {
        var (program, stream, file, uid) = Locate(log);
        if (program is null || count <= 0) return [];
        if (file is not null && OpenLogFile(file, uid) is { } f)
        {
            using var _ = f;
            if (offset >= f.Length) return [];
            f.Position = offset;
            var buffer = new byte[(int)Math.Min(count, f.Length - offset)];
            var n = f.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..n];
        }
        var (written, kept, _) = history.StreamTail(program, stream);
        var from = offset - (written - kept.Length);
        if (from < 0 || from >= kept.Length) return [];
        return kept.AsSpan((int)from, (int)Math.Min(count, kept.Length - from)).ToArray();
    }

    public BackendResult ClearMainLog()
    {
        history.Clear(SelfName);
        return BackendResult.Ok;
    }

    public BackendResult ClearProcessLogs(ProcessRef process)
    {
        var files = supervisor.Call(() => supervisor.Find(process.Name) is { } p
            ? new[] { p.Spec.Stdout.File?.Path, p.Spec.Stderr.File?.Path }.OfType<string>().ToArray()
            : null, CallTimeout);
        if (files is null) return BackendResult.Fail(Faults.BadName, process.Name);
        history.Clear(process.Name);
        logs.ClearFiles(files);
        return BackendResult.Ok;
    }

    /// <summary>
    /// The history name, stream and log file (if any) behind a log target, and the user the
    /// program runs as (whose file it may be); a null name when there is no such process.
    /// </summary>
    private (string? Program, LogStream Stream, string? File, uint? Uid) Locate(LogTarget log)
    {
        if (log.Process is not { } process) return (SelfName, LogStream.Stdout, null, null);
        var stream = log.Channel == LogChannel.Stderr ? LogStream.Stderr : LogStream.Stdout;
        var (name, file, user) = supervisor.Call(() =>
        {
            var p = supervisor.Find(process.Name);
            if (p is null) return ((string?)null, (string?)null, (string?)null);
            // With redirect_stderr everything is on stdout; supervisord then has no stderr log.
            var spec = stream == LogStream.Stderr ? p.Spec.Stderr : p.Spec.Stdout;
            return (p.Name, spec.File?.Path, p.Spec.User);
        }, CallTimeout);
        var uid = user is not null && file is not null ? Tend.Posix.Spawn.UserLookup.Resolve(user, null, out _)?.Uid : null;
        return (name, stream, file, uid);
    }

    /// <summary>
    /// The log file opened for reading by the rules Tend writes it by (Tend.Posix's TrustedPath):
    /// as root, a link that the program's user planted in its log directory is not followed, so
    /// tail never shows another file's contents (issue 16). Null when the file cannot be read so;
    /// the caller then reads the history kept in memory, which holds the same output.
    /// </summary>
    private static FileStream? OpenLogFile(string path, uint? programUid)
    {
        try
        {
            using var directory = TrustedDirectory.Open(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/", create: false);
            var fd = directory.OpenForReading(Path.GetFileName(path), programUid);
            var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
            try { return new FileStream(handle, FileAccess.Read, bufferSize: 0); }
            catch { handle.Dispose(); throw; }
        }
        catch (Exception e) when (e is UnsafePathException or PosixException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
