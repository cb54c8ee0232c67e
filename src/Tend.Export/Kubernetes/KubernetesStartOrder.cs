using Tend.Config;
using Tend.Export.Compose;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// depends_on in a pod, expressed so that it holds on any engine that plays the manifests. An init
/// container runs to completion before any container starts, so a one-shot that needs a
/// long-running program (LEMP's seed needs MariaDB) must not be one: the pod would wait for ever.
/// Such a one-shot, and every container that waits for another, runs behind a small /bin/sh
/// wrapper that waits first: for a long-running dependency, until its readiness (else liveness)
/// probe passes, run from the waiting container (`tend probe` for HTTP and TCP probes); for a
/// one-shot, until it has left a mark in a shared emptyDir (<see cref="MarkDir"/>). Kubernetes'
/// native sidecars could say part of this, but podman 4.3's `kube play` runs them as plain init
/// containers and would wait for MariaDB to exit; the wrapper works on both. What cannot be
/// waited for (a long-running program without probes, "started") is a warning.
/// </summary>
internal static class KubernetesStartOrder
{
    /// <summary>Where a one-shot container leaves NAME.done when it succeeded.</summary>
    public const string MarkDir = "/run/tend-order";

    public const string MarkVolume = "tend-order";

    /// <summary>The one-shots that need a long-running program, directly or through other one-shots: they cannot be init containers.</summary>
    public static HashSet<string> LateOneshots(IReadOnlyList<ProgramSpec> programs, HashSet<string> inits)
    {
        var byName = programs.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var late = new HashSet<string>(StringComparer.Ordinal);
        bool NeedsLongrun(string name, HashSet<string> seen)
        {
            if (!seen.Add(name) || !byName.TryGetValue(name, out var p)) return false;
            return p.DependsOn.Any(d => !inits.Contains(d.Program) || NeedsLongrun(d.Program, seen));
        }
        foreach (var name in inits)
            if (NeedsLongrun(name, [])) late.Add(name);
        return late;
    }

    /// <summary>
    /// The command prefix that makes <paramref name="p"/> wait for its dependencies among the pod's
    /// containers, then run its argv (given after it, as "$@"); null when it waits for nothing.
    /// </summary>
    public static IReadOnlyList<string>? Prefix(ProgramSpec p, IReadOnlyDictionary<string, ProgramSpec> containers, bool isOneshot, Action<string> warn)
    {
        var waits = new List<string>();
        foreach (var d in p.DependsOn)
        {
            if (!containers.TryGetValue(d.Program, out var target)) continue; // an init container: done before any container starts
            if (target.Kind == ProgramKind.Oneshot || d.Condition == DependencyCondition.CompletedSuccessfully)
            {
                waits.Add($"until [ -e {MarkDir}/{target.Name}.done ]; do sleep 1; done");
                continue;
            }
            var probe = target.Readiness ?? target.Liveness;
            if (probe is null || d.Condition == DependencyCondition.Started)
            {
                warn($"depends_on {d.Program} ({ConfigWords.Condition(d.Condition)}) cannot be waited for in a pod: {(probe is null ? $"{d.Program} has no probe" : "\"started\" is not visible from another container")}; both start together");
                continue;
            }
            var argv = ComposeHealthcheck.ProbeCommand(probe).Select(w => CrontabLine.ShellQuote(ExportedVariables.WithDefaultValues(w)));
            waits.Add($"until {string.Join(' ', argv)} >/dev/null 2>&1; do sleep 1; done");
        }
        if (waits.Count == 0 && !isOneshot) return null;
        var run = isOneshot
            ? $"tend -- \"$@\" || exit $?; touch {MarkDir}/{p.Name}.done; exec tail -f /dev/null"
            : "exec tend -- \"$@\"";
        return ["/bin/sh", "-c", string.Join("; ", waits.Append(run)), "tend-wait"];
    }
}
