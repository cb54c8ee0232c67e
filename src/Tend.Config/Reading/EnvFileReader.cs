using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads <c>env_file</c>: one path or a list of them, relative to the file the name is written in
/// (so the pair moves together, and an included file's env files sit next to it), read in order with a later file winning. The result is laid under the
/// program's <c>environment:</c>, which wins over every file, as in docker compose. The merged
/// variables are the program's environment in the model, so a reload that finds an edited file
/// sees a changed environment and restarts the program, and `tend export` writes the values.
/// </summary>
internal static class EnvFileReader
{
    public const string Expected = "expected a file name or a list of file names, e.g. 'env_file: [.env, web.env]'";

    /// <summary>The variables of every file; null when the value or any file was invalid (reported).</summary>
    public static Located<IReadOnlyDictionary<string, string>>? Read(ReadContext ctx, ConfigNode node)
    {
        var paths = node switch
        {
            ScalarNode { IsNull: true } => [],
            ScalarNode scalar => [scalar],
            SequenceNode list => list.Items,
            _ => null,
        };
        if (paths is null) { ctx.Invalid(ConfigKeys.EnvFile, node, Expected); return null; }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var errorsBefore = ctx.Diagnostics.ErrorCount;
        foreach (var item in paths)
        {
            if (item is not ScalarNode { IsNull: false } scalar) { ctx.Invalid(ConfigKeys.EnvFile, item, Expected); continue; }
            if (ctx.Expand(scalar) is not { } name) continue;
            ReadFile(ctx, name, scalar.Location, variables);
        }
        return ctx.Diagnostics.ErrorCount == errorsBefore ? new(variables, node.Location) : null;
    }

    private static void ReadFile(ReadContext ctx, string name, SourceLocation at, Dictionary<string, string> variables)
    {
        var path = Path.Combine(Path.GetDirectoryName(at.File) ?? "", name);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ctx.Error(at, $"env file '{path}' not found", "env_file paths are relative to the configuration file's directory; check the name, or create the file");
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            ctx.Error(at, $"cannot read env file '{path}': {ErrorText.Of(ex)}", "check that it is a readable file");
            return;
        }
        DotenvReader.Read(ctx, text, path, variables);
    }

    /// <summary>The files' variables under <paramref name="environment"/>'s (which win); either may be absent.</summary>
    public static Located<IReadOnlyDictionary<string, string>>? Merge(
        Located<IReadOnlyDictionary<string, string>>? files, Located<IReadOnlyDictionary<string, string>>? environment)
    {
        if (files is null) return environment;
        if (environment is null) return files;
        var merged = new Dictionary<string, string>(files.Value, StringComparer.Ordinal);
        foreach (var (name, value) in environment.Value) merged[name] = value;
        return new(merged, environment.Location);
    }
}
