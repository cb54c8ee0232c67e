namespace Tend.Logging.Files;

/// <summary>
/// A program's log file, rotated by size as supervisord rotates its child logs, so no external
/// logrotate is needed: once the file reaches <see cref="MaxBytes"/>, FILE.(n-1) becomes FILE.n
/// down to FILE becoming FILE.1, the oldest beyond <see cref="Backups"/> is deleted, and writing
/// goes on in an empty FILE (with no backups, FILE is simply emptied). MaxBytes 0 never rotates.
/// Bytes are written as the program wrote them, without prefixes. Used only by the log thread.
///
/// A file that cannot be written (disk full, directory gone) must not stop log forwarding: the
/// failure is reported once through <see cref="Report"/> and writes are dropped until a later
/// write succeeds again (every write after a failure reopens the file and tries again). The first
/// write that succeeds after a failure is reported too, with the number of bytes dropped meanwhile.
/// </summary>
public sealed class RotatingLogFile(string path, long maxBytes, int backups) : IDisposable
{
    private FileStream? _stream;
    private long _size;
    private bool _reported;
    private long _droppedBytes;

    public string Path { get; } = path;
    public long MaxBytes { get; } = maxBytes;
    public int Backups { get; } = backups;

    /// <summary>
    /// Raised once per run of failures with the reason, and once when writing works again, so the
    /// owner can say it on Tend's log.
    /// </summary>
    public event Action<string>? Report;

    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            var stream = Open();
            stream.Write(data);
            _size += data.Length;
            if (_reported) Resumed();
            if (MaxBytes > 0 && _size >= MaxBytes) Rotate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Drop(e, data.Length);
        }
    }

    /// <summary>Empties the file and deletes its backups (supervisord's clearProcessLogs).</summary>
    public void Clear()
    {
        try
        {
            _stream?.Dispose();
            _stream = null;
            for (var i = 1; i <= Backups; i++) File.Delete(Backup(i));
            using (new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
            _size = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Drop(e, 0);
        }
    }

    private FileStream Open()
    {
        if (_stream is not null) return _stream;
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Unbuffered: each write goes straight to the file, so nothing is lost if Tend is killed.
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _size = _stream.Length;
        return _stream;
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        if (Backups > 0)
        {
            File.Delete(Backup(Backups));
            for (var i = Backups - 1; i >= 1; i--)
                if (File.Exists(Backup(i))) File.Move(Backup(i), Backup(i + 1), overwrite: true);
            File.Move(Path, Backup(1), overwrite: true);
        }
        else File.Delete(Path);
        _size = 0;
    }

    private string Backup(int n) => $"{Path}.{n}";

    private void Drop(Exception e, int bytes)
    {
        _stream?.Dispose();
        _stream = null;
        _droppedBytes += bytes;
        if (_reported) return;
        _reported = true;
        Report?.Invoke($"cannot write log file {Path}: {Model.ErrorText.Of(e)}; its output is dropped until the file can be written again");
    }

    private void Resumed()
    {
        _reported = false;
        Report?.Invoke($"log file {Path} is written again ({_droppedBytes} bytes were dropped)");
        _droppedBytes = 0;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
