using System.Collections;
using System.Text;

namespace Tend.Supervision;

/// <summary>
/// s6-overlay's /run/s6/container_environment: the container's environment as a directory, one
/// file per variable holding its value exactly (no trailing newline), which scripts read with
/// `cat` or s6-envdir without with-contenv. Made as s6-linux-init makes it (its -s option, skalibs'
/// env_dump): the files are written into a fresh temporary directory next to it, the directory is
/// chmod 0700 (root's alone: the environment often holds secrets) and renamed into place, so no
/// reader ever sees half of it and no one else can read it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class S6EnvironmentStore
{
    public const string RelativePath = "run/s6/container_environment";

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes <paramref name="environment"/> under ROOT/run/s6/container_environment, replacing an old one.</summary>
    public static void Write(string root, IDictionary environment)
    {
        var target = Path.Combine(root, RelativePath);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temporary = $"{target}:envdump:{Guid.NewGuid():N}";
        Directory.CreateDirectory(temporary, DirectoryMode);
        try
        {
            foreach (DictionaryEntry e in environment)
            {
                var name = (string)e.Key;
                if (!IsFileName(name)) continue; // no file can carry it; s6-envdir could not read it back either
                // CreateNew: O_EXCL, never through a link someone placed in the fresh directory.
                using var file = new FileStream(Path.Combine(temporary, name), new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode0644,
                });
                file.Write(Encoding.UTF8.GetBytes((string?)e.Value ?? ""));
            }
            File.SetUnixFileMode(temporary, DirectoryMode);
            RemoveOld(target);
            Directory.Move(temporary, target);
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>A previous run's store (tend run --root DIR again); a link is removed itself, never followed.</summary>
    private static void RemoveOld(string target)
    {
        FileAttributes attributes;
        try { attributes = File.GetAttributes(target); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return; }
        if (attributes.HasFlag(FileAttributes.Directory) && !attributes.HasFlag(FileAttributes.ReparsePoint)) Directory.Delete(target, recursive: true);
        else File.Delete(target);
    }

    private static bool IsFileName(string name) => name.Length > 0 && name is not ("." or "..") && !name.Contains('/');
}
