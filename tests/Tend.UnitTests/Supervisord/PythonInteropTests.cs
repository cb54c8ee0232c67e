using System.Text;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.XmlRpc;
using Xunit.Abstractions;

namespace Tend.UnitTests.Supervisord;

/// <summary>
/// Python's xmlrpc.client judges both directions: it must read every reply Tend writes (and get
/// the same values), write byte-identical replies for the same values, and Tend must read every
/// call Python writes, system.multicall included.
/// </summary>
public class PythonInteropTests(ITestOutputHelper output)
{
    private static readonly XmlRpcValue[] Values =
    [
        0, 1, -1600, int.MaxValue, int.MinValue, true, false, "", "3.0", "a<b>&c'd\"e", "\u00e9\u4e2d\U0001F600", "multi\nline\ttext",
        new XmlRpcDouble(0.1), new XmlRpcDouble(-1e300), new XmlRpcDouble(1e16), new XmlRpcDouble(2.0),
        new XmlRpcDateTime(new DateTime(2026, 11, 28, 22, 40, 40)), new XmlRpcBase64(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray()),
        new XmlRpcBase64([]), new XmlRpcArray(), new XmlRpcStructBuilder().Build(),
        new XmlRpcArray(new XmlRpcArray(new XmlRpcArray("newbie"), new XmlRpcArray("sleeper"), new XmlRpcArray("oneshot"))),
        new XmlRpcStructBuilder().Add("name", "web").Add("k<&>", new XmlRpcArray(1, true, "x")).Add("z", new XmlRpcStructBuilder().Add("a", 1).Build()).Build(),
    ];

    // The same values, built in Python, in the same order.
    private const string PythonValues = """
import datetime
values = [0, 1, -1600, 2147483647, -2147483648, True, False, '', '3.0', 'a<b>&c\'d"e', '\u00e9\u4e2d\U0001F600', 'multi\nline\ttext',
    0.1, -1e300, 1e16, 2.0,
    x.DateTime(datetime.datetime(2026, 11, 28, 22, 40, 40)), x.Binary(bytes(range(200))),
    x.Binary(b''), [], {},
    [[['newbie'], ['sleeper'], ['oneshot']]],
    {'name': 'web', 'k<&>': [1, True, 'x'], 'z': {'a': 1}},
]

""";

    [Fact(Timeout = 60000)]
    public async Task Python_ReadsEveryResponseAndFault_WithTheSameValues()
    {
        await Task.Yield();
        var bodies = Values.Select(XmlRpcWriter.Response).Append(XmlRpcWriter.Fault(60, "ALREADY_STARTED: web <&>")).ToList();
        var got = PythonXmlRpc.Run(PythonXmlRpc.LoadResponses, bodies.Select(PythonXmlRpc.B64), output);
        if (got is null) return;
        var expected = Values.Select(PythonXmlRpc.Canon).Append(PythonXmlRpc.CanonFault(60, "ALREADY_STARTED: web <&>"));
        Assert.Equal(expected, got);
    }

    [Fact(Timeout = 60000)]
    public async Task Python_WritesTheSameResponseBytes_ForTheSameValues()
    {
        await Task.Yield();
        var script = PythonXmlRpc.CanonDef + PythonValues + """
for v in values:
    print(base64.b64encode(x.dumps((v,), methodresponse=True).encode()).decode())
print(base64.b64encode(x.dumps(x.Fault(60, 'ALREADY_STARTED: web')).encode()).decode())
""";
        var got = PythonXmlRpc.Run(script, [], output);
        if (got is null) return;
        var ours = Values.Select(XmlRpcWriter.Response).Append(XmlRpcWriter.Fault(60, "ALREADY_STARTED: web")).ToList();
        Assert.Equal(ours.Count, got.Length);
        for (var i = 0; i < ours.Count; i++)
            Assert.Equal(Encoding.UTF8.GetString(Convert.FromBase64String(got[i])), Encoding.UTF8.GetString(ours[i]));
    }

    [Fact(Timeout = 60000)]
    public async Task Tend_ReadsEveryCallPythonWrites_IncludingMulticall()
    {
        await Task.Yield();
        var script = PythonXmlRpc.CanonDef + PythonValues + """
calls = [('supervisor.getVersion', ()), ('supervisor.startProcess', ('web',)), ('supervisor.readProcessStdoutLog', ('talker', -1600, 0)),
         ('supervisor.signalProcess', ('sleeper', 'HUP')), ('supervisor.startProcess', ('g:*', False))]
calls += [('test.value', (v,)) for v in values]
for name, params in calls:
    print(base64.b64encode(x.dumps(params, name).encode()).decode() + ' ' + name + ' ' + canon(list(params)))
class Capture:
    def request(self, host, handler, body, verbose=False):
        print(base64.b64encode(body).decode() + ' system.multicall ' + canon(list(x.loads(body)[0])))
        raise SystemExit(0)
proxy = x.ServerProxy('http://localhost/RPC2', transport=Capture())
m = x.MultiCall(proxy)
m.supervisor.getVersion(); m.supervisor.getProcessInfo('web'); m.supervisor.stopProcessGroup('g', True)
m()
""";
        var got = PythonXmlRpc.Run(script, [], output);
        if (got is null) return;
        Assert.Equal(5 + Values.Length + 1, got.Length);
        foreach (var line in got)
        {
            var parts = line.Split(' ');
            var parsed = MethodCallParser.Parse(Convert.FromBase64String(parts[0]));
            Assert.True(parsed.Ok, $"{parts[1]}: {parsed.Error}");
            Assert.Equal(parts[1], parsed.Call!.MethodName);
            Assert.Equal(parts[2], PythonXmlRpc.Canon(new XmlRpcArray(parsed.Call.Params)));
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Python_ReadsTheReplyOfEveryMethod_FromTheEndpoint()
    {
        await Task.Yield();
        var endpoint = new XmlRpcEndpoint(new SupervisordRpc(DispatcherTests.Sample(), new FixedTime(1795905653)));
        var calls = DispatcherTests.OneCallOfEachMethod();
        var replies = calls.Select(c => endpoint.Handle(XmlRpcWriter.Call(c.Method, c.Params))).ToList();
        Assert.All(replies, r => Assert.Equal(200, r.Status));
        var got = PythonXmlRpc.Run(PythonXmlRpc.LoadResponses, replies.Select(r => PythonXmlRpc.B64(r.Body)), output);
        if (got is null) return;
        var ours = replies.Select(r =>
        {
            var text = Encoding.UTF8.GetString(r.Body);
            return text.Contains("<fault>") ? "fault" : "value";
        }).ToList();
        Assert.Equal(calls.Count, got.Length);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.True(ours[i] == "fault" == got[i].StartsWith("F:"), $"{calls[i].Method}: {got[i]}");
            output.WriteLine($"{calls[i].Method} -> {(got[i].Length > 80 ? got[i][..80] + "..." : got[i])}");
        }
        // Compare values exactly: what Python read is what the dispatcher answered.
        var rpc = new SupervisordRpc(DispatcherTests.Sample(), new FixedTime(1795905653));
        for (var i = 0; i < calls.Count; i++)
        {
            var reply = rpc.Handle(calls[i].Method, calls[i].Params);
            var canon = reply.Fault is { } f ? PythonXmlRpc.CanonFault(f.Code, f.Text) : PythonXmlRpc.Canon(reply.Value!);
            Assert.Equal(canon, got[i]);
        }
    }
}
