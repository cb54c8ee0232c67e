using Tend.Model;

namespace Tend.Config;

/// <summary>
/// tend.yaml's http_auth: {username: NAME, password: SECRET}. Both are required and non-empty: an
/// unset variable in either must not leave the page open with its buttons (that is an error at the
/// key, not a page without a password).
/// </summary>
internal static class HttpAuthReader
{
    private const string Expected = "expected a mapping like 'http_auth: {username: admin, password: \"${TEND_HTTP_PASSWORD}\"}'";

    public static Located<HttpCredentials>? Read(ReadContext ctx, string key, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map)
        {
            ctx.Invalid(key, node, Expected);
            return null;
        }
        string? username = null, password = null;
        foreach (var (name, value) in map.Entries)
        {
            switch (name.Value)
            {
                case "username": username = ScalarReaders.String(ctx, "username", value)?.Value; break;
                case "password": password = ScalarReaders.String(ctx, "password", value)?.Value; break;
                default:
                    ctx.Error(name.Location, $"unknown key '{name.Value}' in '{key}'", "expected 'username' and 'password'");
                    break;
            }
        }
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            ctx.Error(node.Location, $"'{key}' needs a non-empty username and password",
                "set both (an unset ${VARIABLE} leaves one empty), or remove http_auth to keep the page read-only");
            return null;
        }
        return new(new HttpCredentials(username, password), node.Location);
    }
}
