using System.Text;
using Tend.Supervisord.XmlRpc;

namespace Tend.UnitTests.Supervisord;

/// <summary>The writer's exact shapes, and round trips through the parser.</summary>
public class XmlRpcWriterTests
{
    private static string Body(XmlRpcValue v) => Encoding.UTF8.GetString(XmlRpcWriter.Response(v));

    [Fact]
    public void Response_String_HasPythonsLayout() =>
        Assert.Equal("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n</param>\n</params>\n</methodResponse>\n", Body("3.0"));

    [Fact]
    public void Response_EscapesOnlyAmpersandAndAngleBrackets() =>
        Assert.Contains("<value><string>a&lt;b&gt;c&amp;d'e\"f</string></value>", Body("a<b>c&d'e\"f"));

    [Fact]
    public void Response_CharacterXmlForbids_BecomesReplacementCharacter() =>
        Assert.Contains("<string>a\uFFFDb\tc</string>", Body("a\u001bb\tc"));

    /// <summary>The reply bound is checked on XmlRpcSize, never on a written reply: the two must agree to the byte.</summary>
    [Fact]
    public void Size_IsExactlyWhatTheWriterWrites()
    {
        var envelope = XmlRpcWriter.Response("").Length - XmlRpcSize.Of("");
        var random = new Random(16);
        string RandomText() => new(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)(random.Next(4) switch
        {
            0 => random.Next(0, 0x80),
            1 => "&<>\t\n\r"[random.Next(6)],
            2 => random.Next(0xD800, 0xE000), // surrogates, paired or not
            _ => random.Next(0x80, 0x10000),
        })).ToArray());
        XmlRpcValue RandomValue(int depth) => random.Next(depth > 2 ? 8 : 10) switch
        {
            0 => random.Next(int.MinValue, int.MaxValue),
            1 => random.Next(2) == 0,
            2 => new XmlRpcDouble(random.NextDouble() * Math.Pow(10, random.Next(-20, 20))),
            3 => new XmlRpcDateTime(new DateTime(2026, 12, 4, 20, 30, 5)),
            4 => new XmlRpcBase64(new byte[random.Next(0, 200)]),
            5 => XmlRpcNil.Instance,
            6 or 7 => RandomText(),
            8 => new XmlRpcArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(depth + 1)).ToArray()),
            _ => new XmlRpcStruct(Enumerable.Range(0, random.Next(4)).Select(_ => new KeyValuePair<string, XmlRpcValue>(RandomText(), RandomValue(depth + 1))).ToArray()),
        };
        for (var i = 0; i < 2000; i++)
        {
            var value = RandomValue(0);
            Assert.Equal(XmlRpcWriter.Response(value).Length - envelope, XmlRpcSize.Of(value));
        }
    }

    [Fact]
    public void Response_Nil_HasNoLineBreakAfterIt_AsPythonWrites() =>
        Assert.Contains("<value><nil/></value></param>", Body(XmlRpcNil.Instance));

    [Fact]
    public void Response_Base64_IsSplitInto76CharacterLines()
    {
        var body = Body(new XmlRpcBase64(new byte[100]));
        Assert.Contains("<value><base64>\n" + new string('A', 76) + "\n", body);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void PythonFloat_Repr_MatchesPython(double d, string expected) => Assert.Equal(expected, PythonFloat.Repr(d));

    [Fact]
    public void Call_ThenParse_GivesTheSameValues()
    {
        XmlRpcValue[] values =
        [
            42, -1, int.MaxValue, true, false, "", "plain", "<&>\"' \u00e9\u4e2d\U0001F600", "line\nbreak\ttab",
            new XmlRpcDouble(3.25), new XmlRpcDateTime(new DateTime(2026, 11, 28, 22, 40, 40)),
            new XmlRpcBase64([0, 1, 2, 255]), XmlRpcNil.Instance, new XmlRpcArray(),
            new XmlRpcArray(1, "a", new XmlRpcArray(new XmlRpcStructBuilder().Add("k", "v").Add("n", 2).Build())),
            new XmlRpcStructBuilder().Build(),
        ];
        var parsed = MethodCallParser.Parse(XmlRpcWriter.Call("supervisor.x", values));
        Assert.True(parsed.Ok, parsed.Error);
        Assert.Equal("supervisor.x", parsed.Call!.MethodName);
        Assert.Equal(values.Select(PythonXmlRpc.Canon), parsed.Call.Params.Select(PythonXmlRpc.Canon));
    }
}
