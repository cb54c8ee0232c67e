using Tend.Config.Writing;

namespace Tend.Export.Kubernetes;

/// <summary>
/// What the deployment decides rather than the configuration, applied to every generated object
/// once it is built: --namespace (metadata.namespace), --label (every object's labels and every
/// pod template's, never a selector's), --requests and --limits (each container's resources),
/// --read-only-root (readOnlyRootFilesystem in each container, /tmp an emptyDir). Without these
/// options nothing changes.
/// </summary>
internal static class KubernetesDeployOptions
{
    public const string TmpVolume = "tmp";

    public static void Apply(YamlMap doc, KubernetesOptions options)
    {
        if (doc.Entries.FirstOrDefault(e => e.Key == "metadata")?.Value is YamlMap metadata)
        {
            if (options.Namespace is { } ns)
            {
                var at = metadata.Entries.FindIndex(e => e.Key == "name");
                metadata.Entries.Insert(at + 1, new YamlMap.Entry("namespace", YamlScalar.String(ns), null));
            }
            AddLabels(metadata, options);
        }
        foreach (var template in PodTemplates(doc))
        {
            if (options.Labels.Count > 0) AddLabels(template.Map("metadata"), options);
            if (template.Entries.FirstOrDefault(e => e.Key == "spec")?.Value is YamlMap pod) ApplyToPod(pod, options);
        }
    }

    private static void AddLabels(YamlMap metadata, KubernetesOptions options)
    {
        if (options.Labels.Count == 0) return;
        // A copy: the exporter may use one label map for metadata and a selector, which must not change.
        var labels = new YamlMap();
        var at = metadata.Entries.FindIndex(e => e.Key == "labels");
        if (at >= 0 && metadata.Entries[at].Value is YamlMap existing) labels.Entries.AddRange(existing.Entries);
        foreach (var (key, value) in options.Labels)
            if (!labels.Has(key)) labels.Add(key, value);
        var entry = new YamlMap.Entry("labels", labels, null);
        if (at >= 0) metadata.Entries[at] = entry;
        else metadata.Add(entry);
    }

    /// <summary>spec.template of a Deployment or Job, spec.jobTemplate.spec.template of a CronJob.</summary>
    private static IEnumerable<YamlMap> PodTemplates(YamlMap doc)
    {
        if (Child(doc, "spec") is not { } spec) yield break;
        if (Child(spec, "template") is { } template) yield return template;
        if (Child(spec, "jobTemplate") is { } jobTemplate && Child(jobTemplate, "spec") is { } jobSpec && Child(jobSpec, "template") is { } t)
            yield return t;
    }

    private static void ApplyToPod(YamlMap pod, KubernetesOptions options)
    {
        var containers = new[] { "initContainers", "containers" }
            .SelectMany(k => Child<YamlSeq>(pod, k)?.Items.OfType<YamlMap>() ?? []).ToList();
        foreach (var c in containers)
        {
            if (options.Requests.Count > 0 || options.Limits.Count > 0)
            {
                var resources = c.Map("resources");
                if (options.Requests.Count > 0) resources.Add("requests", Quantities(options.Requests));
                // A program's own limits: (already there) win over the flag's blanket values.
                if (options.Limits.Count > 0)
                {
                    var limits = resources.Map("limits");
                    foreach (var (name, quantity) in options.Limits)
                        if (!limits.Has(name)) limits.Add(name, quantity);
                }
            }
            if (options.ReadOnlyRoot)
            {
                c.Map("securityContext").Add("readOnlyRootFilesystem", true);
                if (!Mounts(c).Contains("/tmp")) AddMount(c, TmpVolume, "/tmp");
            }
        }
        if (options.ReadOnlyRoot && containers.Any(c => Child<YamlSeq>(c, "volumeMounts")?.Items.OfType<YamlMap>().Any(m => Text(m, "name") == TmpVolume) == true))
        {
            var volumes = Child<YamlSeq>(pod, "volumes");
            if (volumes is null) pod.Add("volumes", volumes = new YamlSeq());
            volumes.Add(new YamlMap().Add("name", TmpVolume).Add("emptyDir", new YamlMap()));
        }
    }

    private static YamlMap Quantities(IReadOnlyDictionary<string, string> values)
    {
        var map = new YamlMap();
        foreach (var (name, quantity) in values) map.Add(name, quantity);
        return map;
    }

    private static HashSet<string> Mounts(YamlMap container) =>
        (Child<YamlSeq>(container, "volumeMounts")?.Items.OfType<YamlMap>().Select(m => Text(m, "mountPath")).OfType<string>() ?? []).ToHashSet(StringComparer.Ordinal);

    private static void AddMount(YamlMap container, string volume, string path)
    {
        var mount = new YamlMap().Add("name", volume).Add("mountPath", path);
        if (Child<YamlSeq>(container, "volumeMounts") is { } mounts) mounts.Add(mount);
        else container.Add("volumeMounts", new YamlSeq().Add(mount));
    }

    private static YamlMap? Child(YamlMap map, string key) => Child<YamlMap>(map, key);

    private static T? Child<T>(YamlMap map, string key) where T : YamlNode =>
        map.Entries.FirstOrDefault(e => e.Key == key)?.Value as T;

    private static string? Text(YamlMap map, string key) => (Child<YamlScalar>(map, key))?.Text;
}
