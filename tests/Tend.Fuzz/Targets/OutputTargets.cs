using System.Text;
using Tend.Config;
using YamlDotNet.RepresentationModel;

namespace Tend.Fuzz.Targets;

/// <summary>
/// What Tend writes for other programs to read: the YAML of `tend export`, `tend convert` and
/// `tend check`. Any config text may reach it (an environment value, a command), so it is the
/// injection surface of issue 16: every input must read back as itself as a scalar, and a comment
/// must stay one comment, whatever line breaks or controls the text holds.
/// </summary>
internal static class OutputTargets
{
    public static void YamlQuoting(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        // A comment, then one key whose value is the quoted text: a reader must see that key alone.
        var document = $"# tend: {Tend.Config.YamlQuoting.Comment(text)}\nkey: {Tend.Config.YamlQuoting.Quote(text)}\n";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(document));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FuzzFinding($"quoted text is not YAML: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode map || map.Children.Count != 1)
            throw new FuzzFinding("the comment or the value made more than one key");
        var (key, value) = map.Children.Single();
        if (key is not YamlScalarNode { Value: "key" } || value is not YamlScalarNode scalar || scalar.Value != text)
            throw new FuzzFinding("the quoted text does not read back as itself");
    }
}
