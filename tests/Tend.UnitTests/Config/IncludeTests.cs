using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

/// <summary>include: files merged in order, errors in the included file, names defined twice, cycles.</summary>
public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-include-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private ConfigResult Load(string yaml) =>
        ConfigLoader.Load(Write("tend.yaml", yaml), new Dictionary<string, string>());

    [Fact]
    public void Included_files_are_merged_in_sorted_order_where_the_include_stands()
    {
        Write("conf.d/20-worker.yaml", "programs:\n  worker: {command: [work]}\njobs:\n  nightly: {schedule: '@daily', command: [backup]}\n");
        Write("conf.d/10-web.yaml", "x-defaults: &d {restart: always}\nprograms:\n  web: {<<: *d, command: [serve]}\n");
        Write("conf.d/notes.txt", "not yaml: [");
        var result = Load("x-defaults: &d {restart: never}\nprograms:\n  first: {<<: *d, command: [a]}\ninclude: [\"conf.d/*.yaml\"]\nhttp: 127.0.0.1:9090\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["first", "web", "worker"], result.Config!.Programs.Select(p => p.Name));
        Assert.Equal("nightly", Assert.Single(result.Config.Jobs).Name);
    }

    [Fact]
    public void An_error_in_an_included_file_is_located_there()
    {
        var web = Write("conf.d/web.yaml", "programs:\n  web:\n    command: [serve]\n    restart: sometimes\n");
        var result = Load("include: conf.d/web.yaml\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(web, 4, 14), error.Location);
    }

    [Fact]
    public void A_program_defined_twice_is_an_error_naming_both_places()
    {
        var other = Write("other.yaml", "programs:\n  web: {command: [two]}\n");
        var result = Load("programs:\n  web: {command: [one]}\ninclude: [other.yaml]\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(other, 2, 3), error.Location);
        Assert.Contains($"{Path.Combine(_dir, "tend.yaml")}:2:3", error.Message);
    }

    [Fact]
    public void Includes_of_includes_are_read_relative_to_their_own_file()
    {
        Write("conf.d/web.yaml", "include: [more/*.yaml]\nprograms:\n  web:\n    command: [serve]\n    env_file: web.env\n");
        Write("conf.d/web.env", "PORT=8080\n");
        Write("conf.d/more/db.yaml", "programs:\n  db: {command: [db]}\n");
        var result = Load("include: [conf.d/web.yaml]\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["db", "web"], result.Config!.Programs.Select(p => p.Name));
        Assert.Equal("8080", result.Config.Programs[1].Environment["PORT"]);
    }

    [Fact]
    public void An_include_cycle_is_refused()
    {
        var b = Write("b.yaml", "include: [tend.yaml]\nprograms:\n  b: {command: [b]}\n");
        var result = Load("include: [b.yaml]\nprograms:\n  a: {command: [a]}\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(b, 1, 11), error.Location);
        Assert.Contains("include cycle", error.Message);
    }

    [Fact]
    public void A_missing_plain_file_is_an_error_and_an_empty_glob_is_not()
    {
        var result = Load("include: [conf.d/*.yaml, missing.yaml]\nprograms:\n  a: {command: [a]}\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(Path.Combine(_dir, "tend.yaml"), 1, 26), error.Location);
        Assert.Contains("missing.yaml", error.Message);
    }

    [Fact]
    public void Export_writes_the_programs_of_the_included_files()
    {
        Write("conf.d/web.yaml", "programs:\n  web: {command: [serve]}\n");
        var result = Load("include: [conf.d/*.yaml]\nprograms:\n  db: {command: [db]}\n");

        var text = Tend.Export.Compose.ComposeExporter.Export(result.Config!, new Tend.Export.Compose.ComposeOptions()).Text;
        Assert.Contains("\n  web:\n", text);
        Assert.Contains("\n  db:\n", text);
    }
}
