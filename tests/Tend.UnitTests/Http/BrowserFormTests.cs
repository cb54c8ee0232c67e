using System.Text;
using Tend.Http;

namespace Tend.UnitTests.Http;

/// <summary>What the status pages read from a browser: its form posts, and where its requests come from.</summary>
public class BrowserFormTests
{
    [Fact]
    public void FormBody_DecodesPairs_PlusAsSpace_FirstOfRepeatedNamesWins_SkipsMalformed()
    {
        var form = FormBody.Parse(Encoding.ASCII.GetBytes("action=restart&processname=g%3Aweb+1&action=stop&bad=%zz&&flag"));
        Assert.Equal("restart", form["action"]);
        Assert.Equal("g:web 1", form["processname"]);
        Assert.Equal("", form["flag"]);
        Assert.False(form.ContainsKey("bad"));
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers) => new("POST", "/", new Dictionary<string, string>(),
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), [], null);

    [Fact]
    public void IsCrossSite_TheSitesOwnButtonsAndScripts_AreNot()
    {
        Assert.False(BrowserOrigin.IsCrossSite(Request()));                                   // curl
        Assert.False(BrowserOrigin.IsCrossSite(Request(("Sec-Fetch-Site", "same-origin"))));
        Assert.False(BrowserOrigin.IsCrossSite(Request(("Sec-Fetch-Site", "none"))));         // typed in
        Assert.False(BrowserOrigin.IsCrossSite(Request(("Host", "127.0.0.1:9001"), ("Origin", "http://127.0.0.1:9001"))));
    }

    [Fact]
    public void IsCrossSite_AnotherSitesPage_Is()
    {
        Assert.True(BrowserOrigin.IsCrossSite(Request(("Sec-Fetch-Site", "cross-site"))));
        Assert.True(BrowserOrigin.IsCrossSite(Request(("Sec-Fetch-Site", "same-site"))));
        Assert.True(BrowserOrigin.IsCrossSite(Request(("Host", "127.0.0.1:9001"), ("Origin", "http://evil.example"))));
        Assert.True(BrowserOrigin.IsCrossSite(Request(("Host", "127.0.0.1:9001"), ("Origin", "null"))));
        Assert.True(BrowserOrigin.IsCrossSite(Request(("Origin", "http://127.0.0.1:9001"))));   // no Host to compare with
    }
}
