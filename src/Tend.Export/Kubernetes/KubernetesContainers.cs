using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A program (or job) as a container: Tend as its init (<c>tend -- ARGV</c>, as in compose), env,
/// workingDir, securityContext from a numeric user and group (runAsNonRoot and no privilege
/// escalation when the user is not root), probes. A user given by name cannot
/// be a runAsUser: it becomes a note (the image's USER, or a numeric id, is the fix).
/// </summary>
internal static class KubernetesContainers
{
    public static YamlMap Container(string name, string image, IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string> environment, string? workingDir, string? user, string? group, Action<string> note,
        KubernetesEnvironment vars, IReadOnlyList<string>? prefix = null, StartScript? start = null)
    {
        var used = new ExportedVariables();
        var c = new YamlMap().Add("name", name).Add("image", image);
        foreach (var word in command) used.Write(word, t => t, (_, t) => t);
        IEnumerable<string> words;
        if (prefix is not null) words = prefix.Concat(command);
        else if (start is not null || !used.IsEmpty) words = (start ?? StartScript.Plain).Command(command);
        else words = new[] { "tend", "--" }.Concat(command);
        c.Add("command", YamlSeq.Strings(words.Select(KubernetesVariables.Escape)));
        var env = new YamlSeq();
        foreach (var (key, value) in environment)
        {
            if (KubernetesEnvironment.IsItself(key, value)) { used.Write(value, t => t, (_, t) => t); continue; }
            env.Add(vars.EnvEntry(key, value, used));
        }
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
        if (security.Entries.FirstOrDefault(e => e.Key == "runAsUser")?.Value is YamlScalar { Text: not "0" })
        {
            // A program that runs as a numeric non-root user: the restricted profile holds for it
            // (the kubelet refuses to start it as root, and it cannot gain privileges).
            security.Add("runAsNonRoot", true).Add("allowPrivilegeEscalation", false);
        }
        if (!security.IsEmpty) c.Add("securityContext", security);
        return c;
    }

    /// <summary>The container of a program; what it cannot carry is noted inside it, after its fields.</summary>
    public static YamlMap ForProgram(ProgramSpec p, string image, Unmapped unmapped, bool withProbes, bool sharedNetwork,
        KubernetesEnvironment vars, StartScript? start = null)
    {
        var notes = new List<string>();
        var c = WithoutNotes(p, image, notes.Add, withProbes, sharedNetwork, vars, start);
        foreach (var text in notes) unmapped.Note(c, p.Name, text);
        return c;
    }

    private static YamlMap WithoutNotes(ProgramSpec p, string image, Action<string> note, bool withProbes, bool sharedNetwork,
        KubernetesEnvironment vars, StartScript? start)
    {
        var (user, group, environment) = (p.User, p.Group, p.Environment);
        if (p.Kind != ProgramKind.Oneshot && (IsName(p.User) || IsName(p.Group)))
        {
            // Kubernetes takes only numeric ids, which depend on the image: Tend in the container
            // switches to the named user, running the program from a tend.yaml of its own.
            var yaml = Convert.ConfigToYaml.Convert(new TendConfig(), [p with { DependsOn = [], Readiness = null, Liveness = null, Startup = null }]).Text;
            environment = new Dictionary<string, string>(p.Environment) { ["TEND_YAML"] = yaml };
            start = (start ?? StartScript.Plain) with { Name = p.Name, TendYaml = true };
            note($"user {p.User}{(p.Group is { } g ? $":{g}" : "")} is a name, which no runAsUser can say: Tend in the container runs {p.Name} as that user (from TEND_YAML)");
            (user, group) = (null, null);
        }
        var c = Container(KubernetesNames.Label(p.Name), image, p.Command, environment, p.WorkingDir, user, group, note, vars, start: start);
        if (KubernetesNames.Label(p.Name) != p.Name) note($"container name {KubernetesNames.Label(p.Name)} (Kubernetes names are lower-case DNS labels)");
        foreach (var text in ProgramLeftovers.Of(p, sharedNetwork)) note(text);
        ResourceKeys.AddToKubernetes(c, p, note);
        if (!withProbes) return c;
        var ports = ProgramLeftovers.SocketPorts(p).ToList();
        if ((KubernetesProbes.Port(p.Readiness) ?? KubernetesProbes.Port(p.Liveness)) is { } probePort && !ports.Contains(probePort)) ports.Insert(0, probePort);
        if (ports.Count > 0) c.Add("ports", new YamlSeq().AddAll(ports.Select(containerPort => new YamlMap().Add("containerPort", containerPort))));
        if (p.Readiness is { } readiness) c.Add("readinessProbe", KubernetesProbes.From(readiness, liveness: false, note));
        if (p.Liveness is { } liveness) c.Add("livenessProbe", KubernetesProbes.From(liveness, liveness: true, note));
        // Kubernetes requires successThreshold 1 of a startup probe, as of a liveness probe.
        if (p.Startup is { } startup) c.Add("startupProbe", KubernetesProbes.From(startup, liveness: true, note));
        if (p.StopSignal != Signals.SIGTERM)
            note($"stop_signal {Signals.Name(p.StopSignal)}: Kubernetes stops containers with SIGTERM");
        return c;
    }

    private static bool IsName(string? id) => id is not null && !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
