using System.Globalization;
using Tend.Model;

namespace Tend.Posix.Cgroups;

/// <summary>
/// Per-program cgroups for tend.yaml's <c>limits:</c>, inside the container's own cgroup v2:
/// <code>
///   CONTAINER/            cgroup.subtree_control: +memory +cpu +pids
///   CONTAINER/tend/       Tend itself (and programs without limits)
///   CONTAINER/programs/   cgroup.subtree_control: the same
///   CONTAINER/programs/web/   memory.max, cpu.max, pids.max of "web"
/// </code>
/// cgroup v2's "no internal processes" rule forbids enabling controllers for the children of a
/// cgroup that itself holds processes, so Tend first moves every process of CONTAINER into
/// <c>tend/</c>. Nothing here is possible with cgroup v1, a read-only cgroup mount (docker's and
/// podman's default without a private cgroup namespace) or controllers not delegated to the
/// container; <see cref="Prepare"/> then returns the reason, for one clear warning.
/// </summary>
public sealed class ProgramCgroups
{
    private readonly string _root;

    private ProgramCgroups(string root) => _root = root;

    /// <summary>Where the programs' cgroups live, for the log.</summary>
    public string Root => _root;

    /// <summary>Sets the tree up for <paramref name="needed"/> controllers; null and the reason when it cannot.</summary>
    public static ProgramCgroups? Prepare(IReadOnlyCollection<string> needed, out string? reason)
    {
        reason = null;
        var dir = CgroupMounts.UnifiedDirectory();
        if (dir is null || !File.Exists(Path.Join(dir, "cgroup.controllers")))
        {
            reason = CgroupMounts.V1Directory("memory") is not null || CgroupMounts.V1Directory("pids") is not null
                ? "the container has cgroup v1 (per-program limits need cgroup v2)"
                : "no cgroup v2 filesystem is mounted at /sys/fs/cgroup";
            return null;
        }
        string available;
        try { available = File.ReadAllText(Path.Join(dir, "cgroup.controllers")).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { reason = $"cannot read {dir}/cgroup.controllers: {e.Message}"; return null; }
        var missing = needed.Where(c => !available.Split(' ').Contains(c)).ToList();
        if (missing.Count > 0)
        {
            reason = $"the {string.Join(", ", missing)} controller{(missing.Count > 1 ? "s are" : " is")} not delegated to the container's cgroup " +
                     $"({dir}/cgroup.controllers has: {(available.Length == 0 ? "none" : available)})";
            return null;
        }
        try
        {
            var self = Path.Join(dir, "tend");
            System.IO.Directory.CreateDirectory(self);
            // Every process of the container's cgroup (Tend, and anything started before it) into tend/.
            foreach (var pid in File.ReadAllLines(Path.Join(dir, "cgroup.procs")).Where(l => l.Length > 0))
                TryWrite(Path.Join(self, "cgroup.procs"), pid);
            var enable = string.Join(' ', needed.Select(c => "+" + c));
            File.WriteAllText(Path.Join(dir, "cgroup.subtree_control"), enable);
            var programs = Path.Join(dir, "programs");
            System.IO.Directory.CreateDirectory(programs);
            File.WriteAllText(Path.Join(programs, "cgroup.subtree_control"), enable);
            return new ProgramCgroups(programs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = Describe(dir, e);
            return null;
        }
    }

    /// <summary>The program's cgroup with its limits written (created on first use); null and the reason when that fails.</summary>
    public string? For(string program, ResourceLimits limits, out string? reason)
    {
        reason = null;
        var dir = Path.Join(_root, program);
        try
        {
            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Join(dir, "memory.max"), limits.MemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? "max");
            File.WriteAllText(Path.Join(dir, "cpu.max"), limits.Cpus is { } cpus
                ? ((long)Math.Max(1000, Math.Round(cpus * 100_000))).ToString(CultureInfo.InvariantCulture) + " 100000" : "max 100000");
            File.WriteAllText(Path.Join(dir, "pids.max"), limits.Pids?.ToString(CultureInfo.InvariantCulture) ?? "max");
            return dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = Describe(dir, e);
            return null;
        }
    }

    private static void TryWrite(string file, string text)
    {
        try { File.WriteAllText(file, text); }
        catch (IOException) { } // a process that exited meanwhile, or a kernel thread
    }

    private static string Describe(string dir, Exception e) => e switch
    {
        UnauthorizedAccessException => $"{dir} is not writable (the cgroup is not delegated to the container)",
        IOException io when io.HResult == 30 || io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) =>
            $"the cgroup filesystem is mounted read-only ({dir})",
        _ => $"{dir}: {e.Message}",
    };
}
