using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tend.Supervisord.XmlRpc;
using Xunit.Abstractions;

namespace Tend.UnitTests.Supervisord;

/// <summary>
/// Runs Python's own xmlrpc.client (the codec supervisorctl and supervisord use) as the judge of
/// interoperability. Values cross as a canonical text both sides compute the same way: strings as
/// hex of their UTF-8 bytes, so no escaping rule can hide a difference. Without python3 the tests
/// fail when CI=true, and otherwise say so in their output and pass.
/// </summary>
internal static class PythonXmlRpc
{
    /// <summary>Python's canon(): the same rendering as <see cref="Canon"/>.</summary>
    public const string CanonDef = """
import sys, base64, xmlrpc.client as x
def canon(v):
    if isinstance(v, bool): return 'b:%d' % v
    if isinstance(v, int): return 'i:%d' % v
    if isinstance(v, float): return 'd:' + repr(v)
    if isinstance(v, str): return 's:' + v.encode('utf-8', 'surrogatepass').hex()
    if isinstance(v, (list, tuple)): return '[' + ','.join(canon(w) for w in v) + ']'
    if isinstance(v, dict): return '{' + ','.join(k.encode().hex() + '=' + canon(w) for k, w in v.items()) + '}'
    if isinstance(v, x.Binary): return 'x:' + v.data.hex()
    if isinstance(v, x.DateTime): return 't:' + v.value
    if v is None: return 'n'
    raise TypeError(type(v))

""";

    /// <summary>Reads one base64 methodResponse body per stdin line; prints canon(value) or F:code:hex(text).</summary>
    public const string LoadResponses = CanonDef + """
for line in sys.stdin:
    try:
        params, method = x.loads(base64.b64decode(line))
        assert method is None and len(params) == 1
        print(canon(params[0]))
    except x.Fault as f:
        print('F:%d:%s' % (f.faultCode, f.faultString.encode().hex()))
""";

    public static string Canon(XmlRpcValue v) => v switch
    {
        XmlRpcBool b => b.Value ? "b:1" : "b:0",
        XmlRpcInt i => "i:" + i.Value.ToString(CultureInfo.InvariantCulture),
        XmlRpcDouble d => "d:" + PythonFloat.Repr(d.Value),
        XmlRpcString s => "s:" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s.Value)),
        XmlRpcArray a => "[" + string.Join(",", a.Items.Select(Canon)) + "]",
        XmlRpcStruct st => "{" + string.Join(",", st.Members.Select(m => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(m.Key)) + "=" + Canon(m.Value))) + "}",
        XmlRpcBase64 b64 => "x:" + Convert.ToHexStringLower(b64.Value),
        XmlRpcDateTime t => "t:" + t.Value.ToString("yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture),
        XmlRpcNil => "n",
        _ => throw new ArgumentException(v.GetType().Name),
    };

    public static string CanonFault(int code, string text) => $"F:{code}:{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text))}";

    /// <summary>Python's answer, one line per input line; null when python3 is absent outside CI (the test should return).</summary>
    public static string[]? Run(string script, IEnumerable<string> stdinLines, ITestOutputHelper output)
    {
        var python = Find();
        if (python is null)
        {
            const string Missing = "python3 not found: the interoperability check with Python's xmlrpc.client did NOT run";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(Missing + " (CI=true)");
            output.WriteLine("SKIPPED: " + Missing);
            return null;
        }
        var psi = new ProcessStartInfo(python, ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        foreach (var line in stdinLines) p.StandardInput.Write(line + "\n");
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(30_000), "python3 did not finish in 30 s");
        Assert.True(p.ExitCode == 0, $"python3 failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The distribution's python3 (the one the supervisor package runs on), else any on PATH.</summary>
    private static string? Find()
    {
        var candidates = new List<string> { "/usr/bin/python3" };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "python3"));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static string B64(byte[] body) => Convert.ToBase64String(body);
}
