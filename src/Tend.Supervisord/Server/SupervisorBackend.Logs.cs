using Tend.Logging;
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
        var (program, stream, file) = Locate(log);
        if (program is null) return null;
        if (file is not null && File.Exists(file)) return new LogExtent(0, new FileInfo(file).Length);
        var (written, kept, _) = history.StreamTail(program, stream);
        return new LogExtent(written - kept.Length, written);
    }

    public byte[] ReadLog(LogTarget log, long offset, int count)
    {
        var (program, stream, file) = Locate(log);
        if (program is null || count <= 0) return [];
        if (file is not null && File.Exists(file))
        {
            using var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
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

    /// <summary>The history name, stream and log file (if any) behind a log target; a null name when there is no such process.</summary>
    private (string? Program, LogStream Stream, string? File) Locate(LogTarget log)
    {
        if (log.Process is not { } process) return (SelfName, LogStream.Stdout, null);
        var stream = log.Channel == LogChannel.Stderr ? LogStream.Stderr : LogStream.Stdout;
        return supervisor.Call(() =>
        {
            var p = supervisor.Find(process.Name);
            if (p is null) return ((string?)null, stream, (string?)null);
            // With redirect_stderr everything is on stdout; supervisord then has no stderr log.
            var spec = stream == LogStream.Stderr ? p.Spec.Stderr : p.Spec.Stdout;
            return (p.Name, stream, spec.File?.Path);
        }, CallTimeout);
    }
}
