using Tend.Config;
using Tend.Config.Writing;

namespace Tend.Export.Kubernetes;

/// <summary>
/// Where a container's <c>${VAR}</c> references come from on Kubernetes: never a value baked into
/// the manifest. A variable with a default in the configuration is a key of the ConfigMap
/// <see cref="ConfigMapName"/> (its value the default, to change there); one without is a key of the
/// Secret <see cref="SecretName"/>, to fill in. A container that refers to any gets them with
/// <c>envFrom</c>, and each reference in its command and env is written <c>$(NAME)</c>, which the
/// kubelet expands from that environment. Exec probes are not expanded from envFrom: there the
/// variable's default is written, with a note.
/// </summary>
internal sealed class KubernetesEnvironment(string app)
{
    public ExportedVariables Variables { get; } = new();

    public string ConfigMapName { get; } = KubernetesNames.Label(app + "-env");

    public string SecretName { get; } = KubernetesNames.Label(app + "-secrets");

    /// <summary>A word of a command or an env value: literal '$' escaped, references as $(NAME).</summary>
    public string Write(string text, ExportedVariables used) =>
        used.Write(text, KubernetesVariables.Escape, (r, _) => $"$({r.Name})");

    /// <summary>
    /// An env entry: a value that is one reference to another variable reads it with valueFrom
    /// (from the ConfigMap or the Secret); a text mixing references writes them $(NAME) for the
    /// kubelet, except TEND_CRONTAB, a shell line, where the shell expands them as written.
    /// </summary>
    public YamlMap EnvEntry(string key, string value, ExportedVariables used)
    {
        var entry = new YamlMap().Add("name", key);
        var segments = VariableReferences.Split(value).ToList();
        if (segments is [{ Reference: { } r }])
        {
            used.Write(value, t => t, (_, t) => t);
            var (source, name) = r.HasDefault ? ("configMapKeyRef", ConfigMapName) : ("secretKeyRef", SecretName);
            return entry.Add("valueFrom", new YamlMap().Add(source, new YamlMap().Add("name", name).Add("key", r.Name)));
        }
        var text = key == "TEND_CRONTAB"
            ? used.Write(value, KubernetesVariables.Escape, (_, written) => written)
            : Write(value, used);
        return entry.Add("value", text);
    }

    /// <summary>True when the env entry NAME is only ${NAME...}: envFrom already gives it.</summary>
    public static bool IsItself(string name, string value)
    {
        var segments = VariableReferences.Split(value).ToList();
        return segments is [{ Reference: { } r }] && r.Name == name;
    }

    /// <summary>Adds envFrom to <paramref name="container"/> for the variables it uses, and records them for the ConfigMap and Secret.</summary>
    public void AddEnvFrom(YamlMap container, ExportedVariables used)
    {
        if (used.IsEmpty) return;
        foreach (var r in used.Seen.Values) Variables.Write(VariableReferences.Mark(r.ToString()), t => t, (_, t) => t);
        var from = new YamlSeq();
        if (used.WithDefaults.Any()) from.Add(new YamlMap().Add("configMapRef", new YamlMap().Add("name", ConfigMapName)));
        if (used.WithoutDefaults.Any()) from.Add(new YamlMap().Add("secretRef", new YamlMap().Add("name", SecretName)));
        container.Add("envFrom", from);
    }

    /// <summary>The ConfigMap and the Secret the containers refer to (none when no variable is used).</summary>
    public IEnumerable<YamlMap> Documents(YamlMap labels)
    {
        if (Variables.WithDefaults.Any())
        {
            var map = new YamlMap();
            map.Comment("the configuration's ${VAR} defaults: change a value here, not in the Deployment");
            map.Add("apiVersion", "v1").Add("kind", "ConfigMap");
            map.Add("metadata", new YamlMap().Add("name", ConfigMapName).Add("labels", labels));
            var data = map.Map("data");
            foreach (var r in Variables.WithDefaults) data.Add(r.Name, r.DefaultText);
            yield return map;
        }
        if (Variables.WithoutDefaults.Any())
        {
            var secret = new YamlMap();
            secret.Comment("the configuration's ${VAR} without a default: fill in each value before applying (they are empty here)");
            secret.Add("apiVersion", "v1").Add("kind", "Secret");
            secret.Add("metadata", new YamlMap().Add("name", SecretName).Add("labels", labels));
            secret.Add("type", "Opaque");
            var data = secret.Map("stringData");
            foreach (var r in Variables.WithoutDefaults) data.Add(r.Name, "");
            yield return secret;
        }
    }
}
