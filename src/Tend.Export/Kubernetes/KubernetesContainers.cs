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
        IReadOnlyDictionary<string, string> environment, string? workingDir, string? user, string? group, Action<string> note)
    {
        var c = new YamlMap().Add("name", name).Add("image", image);
        c.Add("command", YamlSeq.Strings(new[] { "tend", "--" }.Concat(command).Select(KubernetesVariables.Escape)));
        if (environment.Count > 0)
        {
            var env = new YamlSeq();
            foreach (var (key, value) in environment)
                env.Add(new YamlMap().Add("name", key).Add("value", KubernetesVariables.Escape(value)));
            c.Add("env", env);
        }
        if (workingDir is not null) c.Add("workingDir", workingDir);
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
    public static YamlMap ForProgram(ProgramSpec p, string image, Unmapped unmapped, bool withProbes, bool sharedNetwork)
    {
        var notes = new List<string>();
        var c = WithoutNotes(p, image, notes.Add, withProbes, sharedNetwork);
        foreach (var text in notes) unmapped.Note(c, p.Name, text);
        return c;
    }

    private static YamlMap WithoutNotes(ProgramSpec p, string image, Action<string> note, bool withProbes, bool sharedNetwork)
    {
        var c = Container(KubernetesNames.Label(p.Name), image, p.Command, p.Environment, p.WorkingDir, p.User, p.Group, note);
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
