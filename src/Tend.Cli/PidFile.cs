using Tend.Logging;

namespace Tend.Cli;

/// <summary>
/// [supervisord] pidfile=: Tend's pid, written before any program starts and removed when Tend
/// exits, as supervisord does. Images read it to stop the container from inside: mailcow's event
/// listener runs `kill -3 $(cat /var/run/supervisord.pid)` when a program dies, selenium's node
/// `kill -s SIGINT $(cat $SE_SUPERVISORD_PID_FILE)`; without the file the container never stops.
/// A file that cannot be written is reported and Tend goes on, as supervisord does.
/// (docs/security.md, Pid files.)
/// </summary>
internal sealed class PidFile : IDisposable
{
    private readonly string _path;
    private readonly string _text;

    private PidFile(string path, string text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>Writes the pid file; null when none is configured or it could not be written.</summary>
    public static PidFile? Write(string? path, LogMux logs)
    {
        if (path is null) return null;
        var text = $"{Environment.ProcessId}\n";
        try
        {
            // A previous run's file (or a link planted in its place) is removed, then the file is
            // created O_EXCL: whatever appears meanwhile is refused rather than followed.
            File.Delete(path);
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                stream.Write(System.Text.Encoding.ASCII.GetBytes(text));
            return new PidFile(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logs.Event($"warning: could not write pidfile {path}: {e.Message}", stream: LogStream.Stderr);
            return null;
        }
    }

    /// <summary>Removes the file, unless something else has written it since.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _text) File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leaving a stale pid file behind is what supervisord does when it cannot remove it.
        }
    }
}
