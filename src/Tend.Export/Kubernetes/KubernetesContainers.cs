using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A program (or job) as a container: Tend as its init (<c>tend -- ARGV</c>, as in compose), env,
/// workingDir, securityContext from a numeric user and group, probes. A user given by name cannot
/// be a runAsUser: it becomes a note (the image's USER, or a numeric id, is the fix).
/// </summary>
internal static class KubernetesContainers
{
    public static YamlMap Container(string name, string image, IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string> environment, string? workingDir, string? user, string? group, Action<string> note,
        KubernetesEnvironment vars, IReadOnlyList<string>? prefix = null)
    {
        var used = new ExportedVariables();
        var c = new YamlMap().Add("name", name).Add("image", image);
        var words = (prefix ?? ["tend", "--"]).Select(KubernetesVariables.Escape).Concat(command.Select(w => vars.Write(w, used)));
        c.Add("command", YamlSeq.Strings(words));
        var env = new YamlSeq();
        foreach (var (key, value) in environment)
            if (!KubernetesEnvironment.IsItself(key, value)) env.Add(new YamlMap().Add("name", key).Add("value", vars.Write(value, used)));
            else used.Write(value, t => t, (_, t) => t);
        vars.AddEnvFrom(c, used);
        if (env.Items.Count > 0) c.Add("env", env);
        if (workingDir is not null) c.Add("workingDir", ExportedVariables.WithDefaultValues(workingDir));
        var security = new YamlMap();
        if (user is not null)
        {
            if (long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid)) security.Add("runAsUser", uid);
            else note($"user {user} is a name: Kubernetes needs a numeric runAsUser (or the image's USER)");
        }
        if (group is not null)
        {
            if (long.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid)) security.Add("runAsGroup", gid);
            else note($"group {group} is a name: Kubernetes needs a numeric runAsGroup");
        }
        if (!security.IsEmpty) c.Add("securityContext", security);
        return c;
    }

    /// <summary>The container of a program; what it cannot carry is noted inside it, after its fields.</summary>
    public static YamlMap ForProgram(ProgramSpec p, string image, Unmapped unmapped, bool withProbes, bool sharedNetwork,
        KubernetesEnvironment vars, IReadOnlyList<string>? prefix = null)
    {
        var notes = new List<string>();
        var c = WithoutNotes(p, image, notes.Add, withProbes, sharedNetwork, vars, prefix);
        foreach (var text in notes) unmapped.Note(c, p.Name, text);
        return c;
    }

    private static YamlMap WithoutNotes(ProgramSpec p, string image, Action<string> note, bool withProbes, bool sharedNetwork,
        KubernetesEnvironment vars, IReadOnlyList<string>? prefix)
    {
        var c = Container(KubernetesNames.Label(p.Name), image, p.Command, p.Environment, p.WorkingDir, p.User, p.Group, note, vars, prefix);
        if (KubernetesNames.Label(p.Name) != p.Name) note($"container name {KubernetesNames.Label(p.Name)} (Kubernetes names are lower-case DNS labels)");
        foreach (var text in ProgramLeftovers.Of(p, sharedNetwork)) note(text);
        if (!withProbes) return c;
        var port = KubernetesProbes.Port(p.Readiness) ?? KubernetesProbes.Port(p.Liveness);
        if (port is { } containerPort) c.Add("ports", new YamlSeq().Add(new YamlMap().Add("containerPort", containerPort)));
        if (p.Readiness is { } readiness) c.Add("readinessProbe", KubernetesProbes.From(readiness, liveness: false, note));
        if (p.Liveness is { } liveness) c.Add("livenessProbe", KubernetesProbes.From(liveness, liveness: true, note));
        if (p.StopSignal != Signals.SIGTERM)
            note($"stop signal {Signals.Name(p.StopSignal)}: Kubernetes stops containers with SIGTERM");
        return c;
    }
}
