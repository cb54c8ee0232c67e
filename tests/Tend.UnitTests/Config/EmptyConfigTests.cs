using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class EmptyConfigTests
{
    [Theory]
    [InlineData("", "1:1")]
    [InlineData("# nothing yet\n", "1:1")]
    [InlineData("---\n", "1:1")]
    [InlineData("programs:\n", "1:1")]
    [InlineData("programs: {}\n", "1:1")]
    [InlineData("x-note: hello\nprograms:\n", "2:1")]
    public void Load_NoPrograms_IsAWarningAndAnEmptyConfig(string yaml, string at)
    {
        var result = Load(yaml);

        Assert.False(result.HasErrors);
        Assert.NotNull(result.Config);
        Assert.Empty(result.Config.Programs);
        var warning = SingleAt(result, Severity.Warning, at);
        Assert.Equal("no programs are defined", warning.Message);
        Assert.Contains("programs:", warning.Hint);
    }
}
