using System.Runtime.InteropServices;
using Tend.Posix;
using Tend.Posix.Files;

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
///
/// Tend usually runs as root and the file may sit in a directory the program (running as another
/// user) can write; that program must not be able to make root write anywhere else. So the file is
/// opened through <see cref="TrustedDirectory"/> (no symlink, hard link or FIFO planted in such a
/// directory is followed), rotation renames and deletes by the directory's descriptor, and clearing
/// truncates the checked descriptor, never a path. A refusal is reported like any other failure.
/// </summary>
public sealed class RotatingLogFile(string path, long maxBytes, int backups, uint? programUid = null) : IDisposable
{
    private const int FileMode = 0b110_110_110; // 0666, less the umask: what FileStream created before

    private TrustedDirectory? _directory;
    private int _fd = -1;
    private long _size;
    private bool _regular; // only a regular file is rotated: never /dev/null, a FIFO or a terminal
    private bool _reported;
    private long _droppedBytes;

    public string Path { get; } = path;
    public long MaxBytes { get; } = maxBytes;
    public int Backups { get; } = backups;

    /// <summary>The user the program writing this file runs as (null: root), who may own its directory and the file.</summary>
    public uint? ProgramUid { get; } = programUid;

    private string Name => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// Raised once per run of failures with the reason, and once when writing works again, so the
    /// owner can say it on Tend's log.
    /// </summary>
    public event Action<string>? Report;

    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            var fd = Open();
            if (!Fd.WriteAll(fd, data)) throw new PosixException(Marshal.GetLastPInvokeError(), $"write {Path}");
            _size += data.Length;
            if (_reported) Resumed();
            if (MaxBytes > 0 && _regular && _size >= MaxBytes) RotateAndReopen();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            Drop(e, data.Length);
        }
    }

    /// <summary>Empties the file and deletes its backups (supervisord's clearProcessLogs).</summary>
    public void Clear()
    {
        try
        {
            CloseFile();
            var directory = Directory();
            for (var i = 1; i <= Backups; i++) directory.Delete(Backup(i));
            var fd = Open();
            if (_regular) Fd.Truncate(fd);
            _size = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            Drop(e, 0);
        }
    }

    private TrustedDirectory Directory() =>
        _directory ??= TrustedDirectory.Open(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? "/", create: true);

    private int Open()
    {
        if (_fd >= 0) return _fd;
        // Unbuffered: each write goes straight to the file, so nothing is lost if Tend is killed.
        _fd = Directory().OpenForAppend(Name, FileMode, ProgramUid);
        var facts = FileFacts.Of(_fd);
        _regular = facts.IsRegular;
        _size = facts.Size;
        return _fd;
    }

    /// <summary>
    /// Rotates, then opens the new FILE at once, as supervisord does: right after a rotation FILE
    /// exists, empty, for `tail -F` and `ls`. What was written is in FILE.1 by then: a failure to
    /// reopen drops nothing, it is only reported.
    /// </summary>
    private void RotateAndReopen()
    {
        Rotate();
        try
        {
            Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            Drop(e, 0);
        }
    }

    /// <summary>Renames within the directory opened with the file; the reopen walks the path again.</summary>
    private void Rotate()
    {
        CloseFile();
        var directory = Directory();
        try
        {
            if (Backups > 0)
            {
                directory.Delete(Backup(Backups));
                for (var i = Backups - 1; i >= 1; i--) directory.Rename(Backup(i), Backup(i + 1));
                directory.Rename(Name, Backup(1));
            }
            else directory.Delete(Name);
            _size = 0;
        }
        finally
        {
            CloseDirectory();
        }
    }

    private string Backup(int n) => $"{Name}.{n}";

    private void Drop(Exception e, int bytes)
    {
        CloseFile();
        CloseDirectory();
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

    private void CloseFile()
    {
        Fd.Close(_fd);
        _fd = -1;
    }

    private void CloseDirectory()
    {
        _directory?.Dispose();
        _directory = null;
    }

    public void Dispose()
    {
        CloseFile();
        CloseDirectory();
    }
}
