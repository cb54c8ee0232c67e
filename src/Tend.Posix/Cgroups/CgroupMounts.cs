namespace Tend.Posix.Cgroups;

/// <summary>
/// Where a process's cgroups are on this machine's filesystem: /proc/self/cgroup names the cgroup
/// (v2 "0::/path", v1 "N:memory:/path"), /proc/self/mountinfo says where each hierarchy is mounted
/// and which part of it (a container often sees its own cgroup mounted as the root, so the path
/// /proc names must be taken relative to the mount's root).
/// </summary>
public static class CgroupMounts
{
    /// <summary>The directory of Tend's cgroup in the cgroup v2 hierarchy; null without one.</summary>
    public static string? UnifiedDirectory() => Directory(v2: true, controller: null);

    /// <summary>The directory of Tend's cgroup in the v1 hierarchy that has <paramref name="controller"/>; null without one.</summary>
    public static string? V1Directory(string controller) => Directory(v2: false, controller);

    private static string? Directory(bool v2, string? controller)
    {
        string[] cgroupLines, mountLines;
        try
        {
            cgroupLines = File.ReadAllLines("/proc/self/cgroup");
            mountLines = File.ReadAllLines("/proc/self/mountinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        string? path = null;
        foreach (var line in cgroupLines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (v2 ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains(controller)) { path = parts[2]; break; }
        }
        if (path is null) return null;
        foreach (var line in mountLines)
        {
            // id parent maj:min root mountpoint options [optional...] - fstype source superoptions
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var left = line[..dash].Split(' ');
            var right = line[(dash + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 3) continue;
            if (v2 ? right[0] != "cgroup2" : right[0] != "cgroup" || !right[2].Split(',').Contains(controller)) continue;
            var root = Unescape(left[3]);
            var mountPoint = Unescape(left[4]);
            var relative = root == "/" ? path : path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..] : null;
            // A namespaced view whose root is not an ancestor: the mount is the process's own cgroup.
            var candidate = relative is null ? mountPoint : Path.Join(mountPoint, relative);
            if (System.IO.Directory.Exists(candidate)) return candidate.TrimEnd('/') is { Length: > 0 } d ? d : "/";
            if (System.IO.Directory.Exists(mountPoint)) return mountPoint;
        }
        return null;
    }

    private static string Unescape(string s) => s.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
