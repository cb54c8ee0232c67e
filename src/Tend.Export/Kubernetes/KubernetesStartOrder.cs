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
    /// What <paramref name="p"/> must wait for among the pod's containers before it starts (shell
    /// lines), and whether it is a one-shot (it then leaves its mark and stays); null when it
    /// neither waits nor is a one-shot.
    /// </summary>
    public static StartScript? For(ProgramSpec p, IReadOnlyDictionary<string, ProgramSpec> containers, bool isOneshot, Action<string> warn)
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
        return waits.Count == 0 && !isOneshot ? null : new StartScript(p.Name, waits, isOneshot);
    }
}

/// <summary>
/// The /bin/sh script a container runs instead of <c>tend -- ARGV</c> when it must wait first, is
/// a one-shot among long-running containers, or has <c>${VAR}</c> references in its command (the
/// shell expands them from the environment envFrom gives it; podman's `kube play` does not expand
/// Kubernetes' <c>$(VAR)</c>). The argv is written as shell words: literal parts single-quoted,
/// references as written in tend.yaml (<c>${NAME:-default}</c> is also the shell's syntax).
/// </summary>
internal sealed record StartScript(string Name, IReadOnlyList<string> Waits, bool Oneshot)
{
    public static readonly StartScript Plain = new("", [], false);

    /// <summary>The program runs under `tend run` from the TEND_YAML variable (a named user), not as `tend -- ARGV`.</summary>
    public bool TendYaml { get; init; }

    public IReadOnlyList<string> Command(IReadOnlyList<string> argv)
    {
        var words = string.Join(' ', argv.Select(ShellWord));
        var file = $"/tmp/tend-{Name}.yaml";
        var run = TendYaml
            ? $"printf '%s' \"$TEND_YAML\" > {file} && exec tend run {file}"
            : Oneshot
            ? $"tend -- {words} || exit $?; touch {KubernetesStartOrder.MarkDir}/{Name}.done; exec tail -f /dev/null"
            : $"exec tend -- {words}";
        return ["/bin/sh", "-c", string.Join("; ", Waits.Append(run))];
    }

    public bool UsesMarks => Oneshot || Waits.Any(w => w.Contains(KubernetesStartOrder.MarkDir, StringComparison.Ordinal));

    private static string ShellWord(string word)
    {
        if (!Config.VariableReferences.HasReferences(word)) return CrontabLine.ShellQuote(word);
        var parts = Config.VariableReferences.Split(word)
            .Select(s => s.Reference is not null ? $"\"{s.Text}\"" : CrontabLine.ShellQuote(s.Text));
        return string.Concat(parts);
    }
}
