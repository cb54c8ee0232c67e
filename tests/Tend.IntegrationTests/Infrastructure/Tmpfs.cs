namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// A tiny tmpfs mounted on a directory for one test (a disk that fills up at once), unmounted on
/// Dispose. Mounted in the test's own mount namespace before Tend starts, so Tend's namespace
/// (unshare --mount-proc copies the mounts) sees the same filesystem, and freeing space on it
/// from the test is seen by Tend.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    public string Path { get; }

    private Tmpfs(string path) => Path = path;

    public static Tmpfs Mount(string path, string size)
    {
        Paths.RequireRoot();
        Directory.CreateDirectory(path);
        var (code, _, err) = Tools.Run("mount", ["-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path]);
        if (code != 0) throw new InvalidOperationException($"mount -t tmpfs on {path} failed: {err}");
        return new Tmpfs(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="name"/> until the filesystem says ENOSPC; returns the bytes it took.</summary>
    public long Fill(string name)
    {
        var block = new byte[4096];
        long written = 0;
        using var stream = new FileStream(File(name), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                stream.Write(block);
                written += block.Length;
            }
        }
        catch (IOException)
        {
            return written; // full
        }
    }

    public void Dispose() => Tools.Run("umount", ["--lazy", Path]);
}
