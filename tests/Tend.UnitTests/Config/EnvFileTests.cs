using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

/// <summary>env_file: dotenv files relative to the config, later wins, environment: wins over all; errors at the file's line.</summary>
public sealed class EnvFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-envfile-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigResult LoadWith(string yaml, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(_dir, name), text);
        var path = Path.Combine(_dir, "tend.yaml");
        File.WriteAllText(path, yaml);
        return ConfigLoader.Load(path, new Dictionary<string, string> { ["FROM_TEND"] = "inherited" });
    }

    [Fact]
    public void Files_are_read_in_order_and_environment_wins()
    {
        var result = LoadWith("programs:\n  web:\n    environment: {C: yaml}\n    env_file: [a.env, b.env]\n    command: [app]\n",
            ("a.env", "A=1\nB=from a\nC=from a\n"), ("b.env", "B=from b\r\nC=from b\n"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var env = Assert.Single(result.Config!.Programs).Environment;
        Assert.Equal("1", env["A"]);
        Assert.Equal("from b", env["B"]);
        Assert.Equal("yaml", env["C"]);
    }

    [Fact]
    public void The_dotenv_forms_compose_accepts_are_read()
    {
        var result = LoadWith("programs:\n  web:\n    env_file: .env\n    command: [app]\n",
            (".env", "# comment\n\nexport E=exported\nU = spaced value  # a comment\nS='single ${FROM_TEND} #x'\nD=\"line\\nnext ${FROM_TEND}\"\nEMPTY=\nFROM_TEND\n"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var env = Assert.Single(result.Config!.Programs).Environment;
        Assert.Equal("exported", env["E"]);
        Assert.Equal("spaced value", env["U"]);
        Assert.Equal("single ${FROM_TEND} #x", env["S"]);
        Assert.Equal("line\nnext inherited", env["D"]);
        Assert.Equal("", env["EMPTY"]);
        Assert.Equal("inherited", env["FROM_TEND"]);
    }

    [Fact]
    public void A_bad_line_is_located_in_the_env_file()
    {
        var result = LoadWith("programs:\n  web:\n    env_file: app.env\n    command: [app]\n", ("app.env", "OK=1\nnot a variable\n"));

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(Path.Combine(_dir, "app.env"), 2, 1), error.Location);
        Assert.Contains("not a variable", error.Message);
    }

    [Fact]
    public void A_missing_file_is_located_at_its_name_in_the_config()
    {
        var result = LoadWith("jobs:\n  nightly:\n    schedule: '@daily'\n    command: [backup]\n    env_file: [missing.env]\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(Path.Combine(_dir, "tend.yaml"), 5, 16), error.Location);
        Assert.Contains("missing.env", error.Message);
    }

    [Fact]
    public void A_job_gets_its_env_file_too()
    {
        var result = LoadWith("jobs:\n  nightly:\n    schedule: '@daily'\n    command: [backup]\n    env_file: job.env\n", ("job.env", "TARGET=s3\n"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal("s3", Assert.Single(result.Config!.Jobs).Environment["TARGET"]);
    }

    [Fact]
    public void Export_writes_the_values_of_the_env_files()
    {
        var result = LoadWith("programs:\n  web:\n    env_file: app.env\n    command: [app]\n", ("app.env", "DATABASE_URL=postgres://db/app\n"));

        var text = Tend.Export.Compose.ComposeExporter.Export(result.Config!, new Tend.Export.Compose.ComposeOptions()).Text;
        Assert.Matches(@"\n +DATABASE_URL: ""?postgres://db/app""?\n", text);
    }
}
