using Tend.Config.Writing;
using YamlDotNet.RepresentationModel;

namespace Tend.UnitTests.Export;

public class YamlWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("a: b")]
    [InlineData("key:value")]
    [InlineData("\"double\" and 'single'")]
    [InlineData("# not a comment")]
    [InlineData("trailing # hash")]
    [InlineData("$HOME ${X} $$")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("on")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("0755")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("12:30")]
    [InlineData("")]
    [InlineData(" leading space")]
    [InlineData("- dash")]
    [InlineData("line1\nline2")]
    [InlineData("tab\there")]
    [InlineData("back\\slash")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("@at")]
    [InlineData("{flow}")]
    [InlineData("[seq]")]
    [InlineData("%percent")]
    [InlineData("|literal")]
    [InlineData(">folded")]
    [InlineData("?question")]
    [InlineData("=")]
    [InlineData("é unicode ✓")]
    [InlineData("bell\u0007")]
    [InlineData("10s")]
    [InlineData("1m30s")]
    [InlineData("1.5s")]
    public void A_string_reads_back_as_the_same_string(string text)
    {
        var yaml = YamlWriter.Write(new YamlMap().Add("key", text).Add("list", YamlSeq.Strings([text, "x"])).Add(text.Length == 0 ? "empty" : text, "v"));

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var scalar = (YamlScalarNode)root[new YamlScalarNode("key")];
        Assert.Equal(text, scalar.Value);
        // Plain scalars that a YAML 1.1 reader (PyYAML, in docker-compose) would type are quoted.
        if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain) Assert.Matches("^([A-Za-z/_][A-Za-z0-9_./-]*|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$", text);
        var list = (YamlSequenceNode)root[new YamlScalarNode("list")];
        Assert.Equal(text, ((YamlScalarNode)list[0]).Value);
        Assert.Contains(root.Children.Keys, k => ((YamlScalarNode)k).Value == (text.Length == 0 ? "empty" : text));
    }

    [Fact]
    public void Nested_maps_sequences_and_comments_are_block_style()
    {
        var doc = new YamlMap();
        doc.Comment("top");
        var services = doc.Map("services");
        services.Add("web", new YamlMap().Add("command", YamlSeq.Strings(["a", "b c"])).Add("empty", new YamlMap()));
        doc.Add("items", new YamlSeq().Add(new YamlMap().Add("name", "x").Add("port", 80)).Add(YamlScalar.Bool(true)));

        Assert.Equal("""
            # top
            services:
              web:
                command: [a, "b c"]
                empty: {}
            items:
              - name: x
                port: 80
              - true

            """.Replace("\r", ""), YamlWriter.Write(doc));
    }

    [Theory]
    [InlineData("a\nk2: injected")]
    [InlineData("a\rk2: injected")]
    [InlineData("a\r\nk2: injected")]
    [InlineData("a\u0085k2: injected")]
    [InlineData("a\u2028k2: injected")]
    [InlineData("a\u2029k2: injected")]
    [InlineData("bell\u0007, escape \u001b[31m, back\\slash, \"quotes\", BOM \ufeff, \uffff")]
    public void A_comment_stays_one_line_and_reads_back_as_its_text(string text)
    {
        var yaml = YamlWriter.Write(new YamlMap().Comment(text).Add("k", "v"));

        Assert.Equal(["k"], ExportedYaml.Keys(Assert.Single(ExportedYaml.Documents(yaml))));
        Assert.Equal([text], ExportedYaml.Comments(yaml));
    }
}
