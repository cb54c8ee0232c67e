using Tend.Config;
using Tend.Export;
using Tend.Export.Convert;
using Tend.UnitTests.Config.ServiceDirs;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 19: `tend convert` of an s6-overlay root with etc/fix-attrs.d (linuxserver's v2 images
/// chown their /config with it) names each line FILE:LINE in a warning and a comment, with what to
/// write instead, rather than leaving it out of the tend.yaml without a word.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConfigToYamlFixAttrsTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_fix_attrs_line_is_a_warning_naming_its_file_and_line_and_what_to_do_instead()
    {
        _tree.Script("etc/services.d/app/run", "#!/bin/sh\nexec sleep 1000\n");
        _tree.File("etc/fix-attrs.d/01-config", "# the volume belongs to abc\n/config true abc:abc 0644 0755\n");
        var config = TempTree.Valid(ConfigLoader.LoadS6Overlay(_tree.Root, null, new Dictionary<string, string>()));

        // as `tend convert --root DIR` does: the paths of this machine become the image's first
        var result = ConfigToYaml.Convert(ImagePaths.Relocate(config, _tree.Root));

        var warning = Assert.Single(result.Warnings, w => w.Contains("fix-attrs", StringComparison.Ordinal));
        Assert.Contains("fix-attrs.d/01-config:2: ", warning);
        Assert.Contains("'/config true abc:abc 0644 0755'", warning);
        Assert.Contains("`fix-attrs < /etc/fix-attrs.d/01-config`", warning);
        Assert.Contains("oneshot", warning);
        Assert.Contains("RUN chown", warning);
        Assert.DoesNotContain(_tree.Root, warning);
        Assert.Contains("# tend: fix-attrs line '/config true abc:abc 0644 0755' is not converted", result.Text);
    }
}
