using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tend.UnitTests.Export;

/// <summary>An export read back with YamlDotNet: its documents, its containers, and its comments with their escapes undone.</summary>
internal static class ExportedYaml
{
    public static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary>The containers of every pod template of a Kubernetes export.</summary>
    public static IEnumerable<YamlMappingNode> Containers(string text) =>
        Documents(text).SelectMany(d => Path(d, "spec", "template", "spec") is YamlMappingNode pod && pod.Children.TryGetValue("containers", out var c)
            ? ((YamlSequenceNode)c).Cast<YamlMappingNode>()
            : []);

    public static YamlNode? Path(YamlMappingNode node, params string[] keys)
    {
        YamlNode current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(key, out var next)) return null;
            current = next;
        }
        return current;
    }

    public static List<string> Keys(YamlNode map) => ((YamlMappingNode)map).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    public static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    public static List<string> Strings(YamlNode seq) => ((YamlSequenceNode)seq).Select(Scalar).ToList();

    public static string EnvValue(YamlMappingNode container, string name) =>
        Scalar(((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().Single(e => Scalar(e["name"]) == name)["value"]);

    /// <summary>Every comment of the text, read by YamlDotNet's scanner, its escapes undone: the text the exporter commented.</summary>
    public static List<string> Comments(string text)
    {
        var comments = new List<string>();
        var scanner = new Scanner(new StringReader(text), skipComments: false);
        while (scanner.MoveNext())
            if (scanner.Current is YamlDotNet.Core.Tokens.Comment comment)
                comments.Add(Unescape(comment.Value.StartsWith(' ') ? comment.Value[1..] : comment.Value));
        return comments;
    }

    /// <summary>The escapes of a YAML double-quoted scalar that the writer uses: \\ \" \n \t \r \uXXXX.</summary>
    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\') { sb.Append(text[i]); continue; }
            var e = text[++i];
            if (e == 'u')
            {
                sb.Append((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
        }
        return sb.ToString();
    }

    /// <summary>The noise FsCheck made, as text a UTF-8 config file could hold: a surrogate without its pair becomes '?'.</summary>
    public static string ValidUnicode(string? noise)
    {
        if (noise is null) return "";
        var chars = noise.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = '?';
        }
        return new string(chars);
    }
}
