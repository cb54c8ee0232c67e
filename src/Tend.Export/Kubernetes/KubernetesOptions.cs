namespace Tend.Export.Kubernetes;

/// <summary>pod: one Deployment whose pod has a container per program; split: a Deployment per program.</summary>
public enum KubernetesLayout { Pod, Split }

/// <summary>The options of `tend export kubernetes`.</summary>
public sealed record KubernetesOptions
{
    public KubernetesLayout Layout { get; init; } = KubernetesLayout.Pod;

    /// <summary>The image every container runs; null: the compose placeholder, with a warning.</summary>
    public string? Image { get; init; }

    /// <summary>Name of the pod layout's Deployment and label value; null: from the config's file or folder name.</summary>
    public string? Name { get; init; }

    /// <summary>metadata.namespace of every object; null: none written (kubectl's current namespace).</summary>
    public string? Namespace { get; init; }

    /// <summary>Labels added to every object and pod template (never to selectors, which cannot change once applied).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>resources.requests of every container (cpu, memory, ...), as given.</summary>
    public IReadOnlyDictionary<string, string> Requests { get; init; } = new Dictionary<string, string>();

    /// <summary>resources.limits of every container.</summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();

    /// <summary>The size each persistent directory's PersistentVolumeClaim requests.</summary>
    public string Storage { get; init; } = "1Gi";

    /// <summary>
    /// readOnlyRootFilesystem in every container, with /tmp an emptyDir (Tend writes its per-container
    /// files there): the programs write only to their volumes.
    /// </summary>
    public bool ReadOnlyRoot { get; init; }
}
