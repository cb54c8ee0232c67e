using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>The top-level log_buffer setting: a size, within bounds, 4MiB when absent.</summary>
public class LogBufferSettingTests
{
    private const string Programs = "programs:\n  app: {command: app}\n";

    [Theory]
    [InlineData("4MiB", 4L << 20)]
    [InlineData("1MiB", 1L << 20)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("2048KiB", 2L << 20)]
    [InlineData("\"8 MB\"", 8_000_000L)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("2000000B", 2_000_000L)]
    public void Load_LogBuffer_ReadsSizes(string value, long bytes)
    {
        var result = Load($"log_buffer: {value}\n" + Programs);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(bytes, result.Config!.LogBuffer);
    }

    [Fact]
    public void Load_LogBufferAbsent_IsFourMiB()
    {
        Assert.Equal(TendConfig.DefaultLogBuffer, Load(Programs).Config!.LogBuffer);
        Assert.Equal(4L << 20, TendConfig.DefaultLogBuffer);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("4XB")]
    [InlineData("-1MiB")]
    [InlineData("1.5MiB")]
    [InlineData("99999999999999999999GiB")]
    public void Load_LogBufferNotASize_IsLocatedError(string value)
    {
        var error = SingleErrorAt(Load($"log_buffer: {value}\n" + Programs), "1:13");
        Assert.StartsWith("invalid value for 'log_buffer'", error.Message);
    }

    [Theory]
    [InlineData("64KiB", 65536)]
    [InlineData("2GiB", 2147483648)]
    public void Load_LogBufferOutOfRange_IsLocatedError(string value, long bytes)
    {
        var error = SingleErrorAt(Load($"log_buffer: {value}\n" + Programs), "1:13");
        Assert.Equal($"log_buffer is {bytes} bytes", error.Message);
    }
}
