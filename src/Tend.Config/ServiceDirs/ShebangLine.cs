using System.Text;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The first line of a script, read as the kernel reads a #! line (its first 256 bytes), for the
/// readers that decide how a script runs by its interpreter: v2 scripts without an execute bit,
/// and scripts run through with-contenv.
/// </summary>
internal static class ShebangLine
{
    /// <summary>What follows "#!" on the first line of <paramref name="path"/>; null when unreadable or not a #! script.</summary>
    public static string? Read(string path)
    {
        string first;
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[256];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var end = head[..n].IndexOf((byte)'\n');
            first = Encoding.UTF8.GetString(end < 0 ? head[..n] : head[..end]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return first.StartsWith("#!", StringComparison.Ordinal) ? first[2..] : null;
    }
}
