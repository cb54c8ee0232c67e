using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Convert;

/// <summary>
/// An s6-overlay root's etc/fix-attrs.d: `tend run` applies it before cont-init.d, as s6-overlay
/// does, but it is no program, so the converted tend.yaml would silently lose it (the volume's
/// owner and modes stay wrong and the services fail later on permissions). Each line becomes a
/// comment and a warning naming FILE:LINE and what to write instead.
/// </summary>
internal static class FixAttrsLeftovers
{
    public static void Note(TendConfig config, YamlMap root, Unmapped unmapped)
    {
        foreach (var file in config.FixAttrsFiles)
        {
            var inImage = "/etc/fix-attrs.d/" + Path.GetFileName(file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                unmapped.Note(root, $"{ImagePaths.ShownFile(file)}:{i + 1}",
                    $"fix-attrs line '{line}' is not converted: tend.yaml has no key that changes owners and modes at start; " +
                    $"run `fix-attrs < {inImage}` (the release tarball's fix-attrs, a link to tend) from a oneshot program the others depend_on, " +
                    "or chown/chmod in the Dockerfile (RUN chown ... && chmod ...) when the path is not a volume");
            }
        }
    }
}
