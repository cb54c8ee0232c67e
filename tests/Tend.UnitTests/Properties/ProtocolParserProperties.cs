using System.Text;
using FsCheck.Xunit;
using Tend.Http;
using Tend.Runit.Control;
using Tend.Supervisord.XmlRpc;

namespace Tend.UnitTests.Properties;

/// <summary>
/// The parsers behind Tend's sockets, on any bytes: never throw (a refusal is their result type),
/// refuse with a 4xx/5xx status, and round-trip what their encoder writes.
/// </summary>
public class ProtocolParserProperties
{
    private static readonly string[] HttpTokens =
    [
        "GET ", "POST ", "PUT ", "BREW ", "/v1/programs", "/RPC2", "/v1/programs/web/restart", "?x=1&y", "%2F", "%zz", " HTTP/1.1",
        " HTTP/1.0", " HTTP/2", "\r\n", "\n", "\r", "Host: tend", "Content-Length: ", "0", "5", "-1", "99999999999", "Content-Length: 3, 4",
        "Transfer-Encoding: chunked", "Connection: close", "Connection: keep-alive", "Expect: 100-continue", " : ", ":", " ", "\t",
        "hello", "{\"a\":1}", "\0", "\u007f", "é", "X-A: b", "\r\n\r\n",
    ];

    private static readonly string[] XmlTokens =
    [
        "<?xml version=\"1.0\"?>", "<methodCall>", "</methodCall>", "<methodName>", "</methodName>", "supervisor.getState",
        "<params>", "</params>", "<param>", "</param>", "<value>", "</value>", "<int>", "</int>", "<i4>", "</i4>", "<string>",
        "</string>", "<boolean>", "</boolean>", "<double>", "</double>", "<array>", "</array>", "<data>", "</data>", "<struct>",
        "</struct>", "<member>", "</member>", "<name>", "</name>", "<base64>", "</base64>", "<nil/>", "<dateTime.iso8601>",
        "</dateTime.iso8601>", "1", "-7", "2147483648", "1.5e308", "nan", "aGk=", "!!", "&amp;", "&lt;", "&#65;", "&#0;", "&bogus;",
        "<![CDATA[x]]>", "<!-- c -->", "<!DOCTYPE x>", " ", "\n", "<", ">", "/", "\"", "20260101T00:00:00",
    ];

    [Property(MaxTest = 1000)]
    public bool HttpRequest_AnyBytes_ParsedNeedMoreOrRefusedWithAnErrorStatus(int seed, byte[] noise)
    {
        var data = Inputs.AssembleBytes(seed, noise, HttpTokens);
        var result = HttpRequestParser.Parse(data, HttpLimits.Default);
        return result.Status switch
        {
            ParseStatus.Error => result.Error is { Status: >= 400 and < 600 } e && e.Reason.Length > 0,
            ParseStatus.Complete => result.Request is not null && result.Consumed <= data.Length,
            _ => result.Error is null,
        };
    }

    [Property(MaxTest = 300)]
    public bool HttpRequest_WellFormed_RoundTrips(int seed, byte[] body)
    {
        var random = new Random(seed);
        var method = new[] { "GET", "POST", "PUT", "DELETE" }[random.Next(4)];
        var path = "/v1/" + string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)random.Next('a', 'z' + 1)));
        body ??= [];
        var head = $"{method} {path} HTTP/1.1\r\nHost: tend\r\nContent-Length: {body.Length}\r\nX-Seed: {seed}\r\n\r\n";
        byte[] data = [.. Encoding.ASCII.GetBytes(head), .. body];
        var result = HttpRequestParser.Parse(data, HttpLimits.Default);
        return result.Status == ParseStatus.Complete && result.Consumed == data.Length && result.Request!.Method == method
            && result.Request.Path == path && result.Request.Body.AsSpan().SequenceEqual(body)
            && result.Request.Headers.Any(h => h.Key.Equals("X-Seed", StringComparison.OrdinalIgnoreCase) && h.Value == seed.ToString());
    }

    [Property(MaxTest = 1000)]
    public bool XmlRpcBody_AnyBytes_ParsedOrRefusedWithAMessage(int seed, byte[] noise)
    {
        var body = Inputs.AssembleBytes(seed, noise, XmlTokens, 60);
        var result = MethodCallParser.Parse(body);
        return result.Call is not null ? result.Error is null : !string.IsNullOrEmpty(result.Error);
    }

    [Property(MaxTest = 300)]
    public bool XmlRpcCall_WhatTheWriterWrites_ParsesBackEqual(int seed)
    {
        var random = new Random(seed);
        var method = "supervisor." + new string('m', random.Next(1, 10));
        var parameters = Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, 3)).ToList();
        var result = MethodCallParser.Parse(XmlRpcWriter.Call(method, parameters));
        if (result.Call is not { } call) throw new Xunit.Sdk.XunitException($"writer output refused: {result.Error}");
        return call.MethodName == method && call.Params.Count == parameters.Count && call.Params.Zip(parameters).All(p => Same(p.First, p.Second));
    }

    [Fact]
    public void RunitControlBytes_EveryByte_ParsesOnlyTheDocumentedLettersAndRoundTrips()
    {
        var accepted = new List<char>();
        for (var b = 0; b < 256; b++)
        {
            if (!ControlCommands.TryParse((byte)b, out var command)) continue;
            accepted.Add((char)b);
            Assert.Equal((char)b, command.Letter());
        }
        Assert.Equal("12acdhikopqtux", string.Concat(accepted.OrderBy(c => c)));
    }

    private static XmlRpcValue RandomValue(Random random, int depth)
    {
        switch (random.Next(depth > 0 ? 7 : 5))
        {
            case 0: return new XmlRpcInt(random.Next(int.MinValue, int.MaxValue));
            case 1: return random.Next(2) == 0 ? XmlRpcBool.True : XmlRpcBool.False;
            case 2: return new XmlRpcString(RandomText(random));
            case 3: return new XmlRpcDouble(Math.Round(random.NextDouble() * 1e6, 3));
            case 4:
                var bytes = new byte[random.Next(20)];
                random.NextBytes(bytes);
                return new XmlRpcBase64(bytes);
            case 5: return new XmlRpcArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth - 1)).ToArray());
            default:
                return new XmlRpcStruct(Enumerable.Range(0, random.Next(4))
                    .Select(i => new KeyValuePair<string, XmlRpcValue>($"k{i}{RandomText(random)}", RandomValue(random, depth - 1))).ToArray());
        }
    }

    /// <summary>Any text XML 1.0 can carry: markup characters, non-ASCII, tab and LF (not CR: XML normalises it).</summary>
    private static string RandomText(Random random)
    {
        string[] pieces = ["a", "b", " ", "<", ">", "&", "\"", "'", "\t", "\n", "]]>", "é", "€", "😀", "%", ";", "=", "/", "\\", "x y"];
        return string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => pieces[random.Next(pieces.Length)]));
    }

    private static bool Same(XmlRpcValue a, XmlRpcValue b) => (a, b) switch
    {
        (XmlRpcArray x, XmlRpcArray y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => Same(p.First, p.Second)),
        (XmlRpcStruct x, XmlRpcStruct y) => x.Members.Count == y.Members.Count
            && x.Members.Zip(y.Members).All(p => p.First.Key == p.Second.Key && Same(p.First.Value, p.Second.Value)),
        (XmlRpcBase64 x, XmlRpcBase64 y) => x.Value.AsSpan().SequenceEqual(y.Value),
        _ => a.Equals(b),
    };
}
