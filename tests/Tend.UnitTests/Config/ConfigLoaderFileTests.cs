using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

public sealed class ConfigLoaderFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_ExistingFile_UsesThePathInLocationsAndSource()
    {
        var path = Path.Combine(_dir, "tend.yaml");
        File.WriteAllText(path, "programs:\n  web:\n    command: app\n    colour: red\n");

        var result = ConfigLoader.Load(path, new Dictionary<string, string>());

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(new SourceLocation(path, 4, 5), error.Location);
    }

    [Fact]
    public void Load_ValidFile_ReturnsConfigWithSource()
    {
        var path = Path.Combine(_dir, "ok.yaml");
        File.WriteAllText(path, "\uFEFFprograms:\n  web: {command: [app]}\n");

        var result = ConfigLoader.Load(path, new Dictionary<string, string>());

        Assert.NotNull(result.Config);
        Assert.Equal(path, result.Config.Source);
        Assert.Equal("web", Assert.Single(result.Config.Programs).Name);
    }

    [Fact]
    public void Load_MissingFile_IsAnErrorNotAnException()
    {
        var path = Path.Combine(_dir, "missing.yaml");

        var result = ConfigLoader.Load(path, new Dictionary<string, string>());

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Contains("not found", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_Directory_IsAnErrorNotAnException()
    {
        var result = ConfigLoader.Load(_dir, new Dictionary<string, string>());

        Assert.True(result.HasErrors);
        Assert.Contains(_dir, Assert.Single(result.Diagnostics).Message);
    }
}
