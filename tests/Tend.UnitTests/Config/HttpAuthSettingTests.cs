using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>tend.yaml's http_auth: the credentials that open the HTTP listener's page to output and actions.</summary>
public class HttpAuthSettingTests
{
    [Fact]
    public void Load_HttpAuth_MapsToTendConfig_WithVariablesExpanded()
    {
        var result = Load("""
            http: 0.0.0.0:9090
            http_auth: {username: admin, password: "${PASS}"}
            programs:
              app: {command: app}
            """, Env(("PASS", "s3cret")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new Tend.Model.HttpCredentials("admin", "s3cret"), result.Config!.HttpAuth);
    }

    [Fact]
    public void Load_NoHttpAuth_LeavesThePageReadOnly()
    {
        var result = Load("http: 127.0.0.1:9090\nprograms:\n  app: {command: app}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Config!.HttpAuth);
    }

    [Theory]
    [InlineData("http_auth: {username: admin, password: \"${UNSET}\"}", "'http_auth' needs a non-empty username and password")]
    [InlineData("http_auth: {password: x}", "'http_auth' needs a non-empty username and password")]
    [InlineData("http_auth: {username: a, password: b, realm: c}", "unknown key 'realm' in 'http_auth'")]
    [InlineData("http_auth: admin:secret", "invalid value for 'http_auth': 'admin:secret'")]
    public void Load_HttpAuthIncomplete_IsAnErrorNotAnOpenPage(string line, string message)
    {
        var result = Load($"programs:\n  app: {{command: app}}\n{line}\n");

        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith(message, StringComparison.Ordinal));
        Assert.Null(result.Config);
    }
}
