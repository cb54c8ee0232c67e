using System.Text;
using Tend.Supervisord.XmlRpc;

namespace Tend.UnitTests.Supervisord;

/// <summary>The methodCall parser: every value form it accepts, and refusals that never throw.</summary>
public class MethodCallParserTests
{
    private static MethodCall Accepted(string xml)
    {
        var r = MethodCallParser.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.True(r.Ok, $"refused: {r.Error}");
        return r.Call!;
    }

    private static string Refused(string xml, XmlRpcLimits? limits = null) => Refused(Encoding.UTF8.GetBytes(xml), limits);

    private static string Refused(byte[] body, XmlRpcLimits? limits = null)
    {
        var r = MethodCallParser.Parse(body, limits);
        Assert.False(r.Ok, "accepted a malformed body");
        Assert.NotNull(r.Error);
        return r.Error!;
    }

    private static string Call(string paramsXml) => $"<?xml version='1.0'?>\n<methodCall>\n<methodName>m.x</methodName>\n<params>\n{paramsXml}</params>\n</methodCall>\n";

    private static XmlRpcValue One(string valueXml) => Accepted(Call($"<param>\n{valueXml}\n</param>\n")).Params.Single();

    [Fact]
    public void Parse_SupervisorctlGetVersion_HasNameAndNoParams()
    {
        var call = Accepted("<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getVersion</methodName>\n<params>\n</params>\n</methodCall>\n");
        Assert.Equal("supervisor.getVersion", call.MethodName);
        Assert.Empty(call.Params);
    }

    [Theory]
    [InlineData("<methodCall><methodName>a.b</methodName></methodCall>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params/></methodCall>")]
    [InlineData("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- c --><methodCall><methodName>a.b</methodName><params></params></methodCall><!-- t -->\n")]
    public void Parse_OptionalParamsDeclarationAndComments_Accepted(string xml) => Assert.Equal("a.b", Accepted(xml).MethodName);

    [Theory]
    [InlineData("<value><int>42</int></value>", "i:42")]
    [InlineData("<value><i4>-7</i4></value>", "i:-7")]
    [InlineData("<value><i8>2147483647</i8></value>", "i:2147483647")]
    [InlineData("<value><boolean>1</boolean></value>", "b:1")]
    [InlineData("<value><boolean>0</boolean></value>", "b:0")]
    [InlineData("<value><string>a&lt;b&gt;&amp;&quot;&apos;&#65;&#x42;</string></value>", "s:613c623e262227414" + "2")]
    [InlineData("<value>bare text</value>", "s:626172652074657874")]
    [InlineData("<value></value>", "s:")]
    [InlineData("<value/>", "s:")]
    [InlineData("<value><string/></value>", "s:")]
    [InlineData("<value><string><![CDATA[<x>]]></string></value>", "s:3c783e")]
    [InlineData("<value><string>a\r\nb\rc&#13;</string></value>", "s:610a620a630d")]
    [InlineData("<value><double>1.5</double></value>", "d:1.5")]
    [InlineData("<value><double>-1e-07</double></value>", "d:-1e-07")]
    [InlineData("<value><dateTime.iso8601>20261128T22:40:40</dateTime.iso8601></value>", "t:20261128T22:40:40")]
    [InlineData("<value><base64>\naGk=\n</base64></value>", "x:6869")]
    [InlineData("<value><nil/></value>", "n")]
    [InlineData("<value><array><data>\n<value><int>1</int></value>\n<value>x</value>\n</data></array></value>", "[i:1,s:78]")]
    [InlineData("<value><array><data/></array></value>", "[]")]
    [InlineData("<value><struct>\n<member>\n<name>k</name>\n<value><int>1</int></value>\n</member>\n</struct></value>", "{6b=i:1}")]
    [InlineData("<value>\n  <int> 5 </int>\n</value>", "i:5")]
    public void Parse_EveryValueForm_ReadsTheValue(string valueXml, string canon) =>
        Assert.Equal(canon, PythonXmlRpc.Canon(One(valueXml)));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not xml", "text")]
    [InlineData("<methodCall><methodName></methodName></methodCall>", "empty name")]
    [InlineData("<methodCall><params/></methodCall>", "no name")]
    [InlineData("<methodCall><methodName>a</methodName>", "truncated")]
    [InlineData("<methodCall><methodName>a</methodName></methodcall>", "mismatched end")]
    [InlineData("<methodCall><methodName>a</methodName></methodCall><x/>", "two roots")]
    [InlineData("<methodCall><methodName>a</methodName></methodCall>trailing", "trailing text")]
    [InlineData("<!DOCTYPE m [<!ENTITY e \"x\">]><methodCall><methodName>&e;</methodName></methodCall>", "DTD")]
    [InlineData("<methodCall><methodName>&e;</methodName></methodCall>", "undefined entity")]
    [InlineData("<methodCall><methodName>a&#0;</methodName></methodCall>", "NUL reference")]
    [InlineData("<methodCall><methodName>a\u0001</methodName></methodCall>", "control char")]
    [InlineData("<?xml version='1.0' encoding='iso-8859-1'?><methodCall><methodName>a</methodName></methodCall>", "other encoding")]
    [InlineData("<methodCall><methodName>a</methodName><params><param></param></params></methodCall>", "param without value")]
    public void Parse_MalformedDocument_IsAnErrorResult(string xml, string why)
    {
        _ = why;
        Refused(xml);
    }

    [Theory]
    [InlineData("<value><int>1.5</int></value>")]
    [InlineData("<value><int>99999999999</int></value>")]
    [InlineData("<value><boolean>true</boolean></value>")]
    [InlineData("<value><double>abc</double></value>")]
    [InlineData("<value><base64>!!!</base64></value>")]
    [InlineData("<value><dateTime.iso8601>2026-11-28</dateTime.iso8601></value>")]
    [InlineData("<value><nil>x</nil></value>")]
    [InlineData("<value><float>1</float></value>")]
    [InlineData("<value>text<int>1</int></value>")]
    [InlineData("<value><int>1</int><int>2</int></value>")]
    [InlineData("<value><int><b>1</b></int></value>")]
    [InlineData("<value><struct><member><value><int>1</int></value></member></struct></value>")]
    [InlineData("<value><array><value><int>1</int></value></array></value>")]
    [InlineData("<value><struct>junk</struct></value>")]
    public void Parse_MalformedValue_IsAnErrorResult(string valueXml) => Refused(Call($"<param>{valueXml}</param>"));

    [Fact]
    public void Parse_InvalidUtf8_IsAnErrorResult() =>
        Assert.Contains("UTF-8", Refused([.. Encoding.UTF8.GetBytes("<methodCall><methodName>a"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("</methodName></methodCall>")]));

    [Fact]
    public void Parse_BodyOverTheLimit_IsRefusedBeforeReading() =>
        Assert.Contains("exceeds", Refused(Call(""), new XmlRpcLimits { MaxBodyBytes = 10 }));

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("<value><array><data>", 40)) + string.Concat(Enumerable.Repeat("</data></array></value>", 40));
        Assert.Contains("deeper", Refused(Call($"<param>{deep}</param>")));
        var ok = string.Concat(Enumerable.Repeat("<value><array><data>", 5)) + string.Concat(Enumerable.Repeat("</data></array></value>", 5));
        Accepted(Call($"<param>{ok}</param>"));
    }

    [Fact]
    public void Parse_RandomAndTruncatedInput_NeverThrows()
    {
        var rng = new Random(1234);
        var seed = Encoding.UTF8.GetBytes(Call("<param><value><struct><member><name>k</name><value><array><data><value><int>1</int></value><value>s&amp;</value></data></array></value></member></struct></value></param>"));
        for (var i = 0; i < 20000; i++)
        {
            byte[] body;
            if (i % 3 == 0) body = seed[..rng.Next(seed.Length)];
            else
            {
                body = (byte[])seed.Clone();
                for (var k = rng.Next(1, 4); k > 0; k--) body[rng.Next(body.Length)] = (byte)"<>/&;\"'x \0\u00ff"[rng.Next(11)];
            }
            var r = MethodCallParser.Parse(body); // must not throw
            Assert.True(r.Ok ^ r.Error is not null);
        }
    }
}
