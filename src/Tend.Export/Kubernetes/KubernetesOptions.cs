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
}
