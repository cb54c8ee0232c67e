using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket, JSON messages):
/// navigate, run a line of script in the page (a click, a read of the DOM), take a screenshot.
/// Just what the page tests need; no driver package, no download. Under CI a missing chromium fails.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly Process _process;
    private readonly TempDir _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, TempDir profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> Start()
    {
        var binary = Tools.Require("chromium");
        var profile = new TempDir();
        var psi = new ProcessStartInfo(binary,
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "--window-size=1200,800", "about:blank",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            // Chromium writes the port it chose, then the browser's path, into DevToolsActivePort.
            var portFile = profile.File("DevToolsActivePort");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
            {
                if (process.HasExited) throw new InvalidOperationException($"chromium exited with {process.ExitCode}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException("chromium never opened its DevTools port");
                await Task.Delay(100);
            }
            var port = File.ReadAllLines(portFile)[0].Trim();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            await browser.Call("Page.enable");
            await browser.Call("Network.enable");
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>Sends this header with every request of the page (Basic credentials, as a browser sends them once given).</summary>
    public Task Authorize(string userColonPassword) => Call("Network.setExtraHTTPHeaders", new JsonObject
    {
        ["headers"] = new JsonObject { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userColonPassword)) },
    });

    public Task Navigate(string url) => Call("Page.navigate", new JsonObject { ["url"] = url });

    /// <summary>The value of a script expression in the page (a string, number or boolean), or null.</summary>
    public async Task<string?> Evaluate(string expression)
    {
        var result = await Call("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["result"]?["value"]?.ToString();
    }

    /// <summary>Evaluates until the expression gives a value <paramref name="until"/> accepts; that value.</summary>
    public async Task<string> WaitFor(string expression, Func<string, bool> until, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Evaluate(expression);
                if (last is not null && until(last)) return last;
            }
            catch (InvalidOperationException) { } // the page is navigating: no context to evaluate in yet
            await Task.Delay(100);
        }
        string? where = null;
        try { where = await Evaluate("location.href + ' | ' + document.title + ' | ' + document.body.innerText.slice(0, 400)"); }
        catch (InvalidOperationException) { }
        throw new TimeoutException($"waited {seconds} s for {what}; last value: {last ?? "(none)"}; page: {where}");
    }

    public async Task Screenshot(string path)
    {
        var result = await Call("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)result["data"]!));
    }

    private async Task<JsonNode> Call(string method, JsonObject? parameters = null)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                text.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            var reply = JsonNode.Parse(text.ToArray())!;
            if ((int?)reply["id"] != id) continue; // an event, or an older call's answer
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"] ?? new JsonObject();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        _profile.Dispose();
    }
}
