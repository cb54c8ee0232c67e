using Tend.Config.Writing;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A program's <c>persistent:</c> directories as PersistentVolumeClaims: one claim per directory
/// (ReadWriteOnce, <see cref="KubernetesOptions.Storage"/>), mounted in every container that names
/// the directory, so the data survives the pod (`kubectl delete` and apply again, `podman kube
/// down` and `play`). A Deployment holding a claim is rolled out by Recreate: with a ReadWriteOnce
/// volume the new pod could not start before the old one lets go. A StatefulSet's
/// volumeClaimTemplates would say the same, but podman's kube play (4.3) plays no StatefulSet;
/// a claim and a Deployment of one replica run on both.
/// </summary>
internal static class KubernetesClaims
{
    /// <summary>The claim's object name: the app's name and the directory's ("lemp-var-lib-tend-lemp").</summary>
    public static string ClaimName(string app, PersistentDirectories.Directory dir) => KubernetesNames.Label($"{app}-{dir.VolumeName}");

    /// <summary>The pod's name for the volume ("data-var-lib-tend-lemp").</summary>
    public static string VolumeName(PersistentDirectories.Directory dir) => KubernetesNames.Label("data-" + dir.VolumeName);

    public static YamlMap Document(string app, PersistentDirectories.Directory dir, KubernetesOptions options, YamlMap labels)
    {
        var claim = new YamlMap();
        claim.Comment($"persistent {dir.Written} of {string.Join(", ", dir.Users)}: outlives the pod");
        claim.Add("apiVersion", "v1").Add("kind", "PersistentVolumeClaim");
        claim.Add("metadata", new YamlMap().Add("name", ClaimName(app, dir)).Add("labels", labels));
        var spec = claim.Map("spec");
        spec.Add("accessModes", YamlSeq.Strings(["ReadWriteOnce"]));
        spec.Add("resources", new YamlMap().Add("requests", new YamlMap().Add("storage", options.Storage)));
        return claim;
    }

    /// <summary>The pod volume that mounts the claim.</summary>
    public static YamlMap PodVolume(string app, PersistentDirectories.Directory dir) =>
        new YamlMap().Add("name", VolumeName(dir)).Add("persistentVolumeClaim", new YamlMap().Add("claimName", ClaimName(app, dir)));

    /// <summary>A mountPath is not expanded: a <c>${VAR}</c> in the directory is mounted at its default, which the note says.</summary>
    public static void NoteReference(PersistentDirectories.Directory dir, Action<string> note)
    {
        if (dir.HasReference)
            note($"persistent {dir.Written} is mounted at {dir.Path}: a mountPath cannot refer to a variable, so the variable must keep that value");
    }
}
