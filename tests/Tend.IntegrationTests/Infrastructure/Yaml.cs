using System.Text.Json;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>Helpers to write tend.yaml programs that run the test dummy.</summary>
public static class Yaml
{
    /// <summary>A YAML flow list for argv: the dummy with these verbs.</summary>
    public static string Dummy(params string[] args) =>
        "[" + string.Join(", ", new[] { Paths.Dummy }.Concat(args).Select(a => JsonSerializer.Serialize(a))) + "]";

    public static string Quote(string s) => JsonSerializer.Serialize(s);
}
