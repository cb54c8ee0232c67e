using k8s;

namespace Tend.UnitTests.Export;

/// <summary>
/// `kubectl --validate=strict` without a cluster: each document of a manifest is read into the
/// API type its apiVersion and kind name (KubernetesClient's models, generated from Kubernetes'
/// OpenAPI), strictly: a field the type does not have, a value of the wrong type, an unknown kind
/// is an error, as the API server's strict field validation reports it.
/// </summary>
internal static class StrictKubernetes
{
    /// <summary>One line per document that does not read, "document N: what failed".</summary>
    public static List<string> Errors(string manifest)
    {
        var errors = new List<string>();
        var documents = ("\n" + manifest).Split("\n---\n").Skip(1).ToList();
        if (documents.Count == 0) documents.Add(manifest);
        for (var i = 0; i < documents.Count; i++)
        {
            try
            {
                var read = KubernetesYaml.LoadAllFromString(documents[i], typeMap: null, strict: true);
                if (read.Count != 1 || read[0] is null) errors.Add($"document {i + 1}: not one object");
            }
            catch (Exception e)
            {
                errors.Add($"document {i + 1}: {e.GetType().Name}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}");
            }
        }
        return errors;
    }
}
