using Tend.Config;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class ShellWordsTests
{
    public static TheoryData<string, string[]> Splits => new()
    {
        { "nginx -g 'daemon off;'", ["nginx", "-g", "daemon off;"] },
        { "  a \t b\nc  ", ["a", "b", "c"] },
        { "", [] },
        { "   ", [] },
        { "'it''s'", ["its"] },
        { "'a \"b\" \\n'", ["a \"b\" \\n"] },
        { "\"a \\\"b\\\" \\\\ \\$HOME \\` \\n\"", ["a \"b\" \\ $HOME ` \\n"] },
        { "\"line\\\none\"", ["lineone"] },
        { "a\\ b c", ["a b", "c"] },
        { "\\'x\\\"", ["'x\""] },
        { "a\\\nb", ["ab"] },
        { "a \\\n b", ["a", "b"] },
        { "\\\n", [] },
        { "'' \"\" x", ["", "", "x"] },
        { "pre'mid'\"post\"", ["premidpost"] },
        { "sh -c 'echo $HOME; ls *'", ["sh", "-c", "echo $HOME; ls *"] },
        { "echo $HOME ~ *.txt", ["echo", "$HOME", "~", "*.txt"] },
        { "a;b x|y x>y", ["a;b", "x|y", "x>y"] },
        { "'|' \"&&\" \\;", ["|", "&&", ";"] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Split_ValidCommand_ReturnsWords(string text, string[] expected)
    {
        Assert.Equal(expected, ShellWords.Split(text));
    }

    [Theory]
    [InlineData("echo 'unclosed", "unclosed single quote", 5)]
    [InlineData("echo \"unclosed", "unclosed double quote", 5)]
    [InlineData("echo \"ends with \\\"", "unclosed double quote", 5)]
    [InlineData("echo trailing\\", "ends with a backslash", 13)]
    public void TrySplit_Malformed_ReportsErrorAndPosition(string text, string message, int position)
    {
        Assert.False(ShellWords.TrySplit(text, out _, out var error));
        Assert.Contains(message, error.Message);
        Assert.Equal(position, error.Position);
        Assert.NotEmpty(error.Hint);
    }

    [Theory]
    [InlineData("|")]
    [InlineData("||")]
    [InlineData("&&")]
    [InlineData(";")]
    [InlineData(">")]
    [InlineData(">>")]
    [InlineData("<")]
    [InlineData("&")]
    [InlineData("2>&1")]
    public void TrySplit_UnquotedShellOperator_IsRefusedWithShHint(string op)
    {
        Assert.False(ShellWords.TrySplit($"app {op} other", out _, out var error));
        Assert.Contains($"'{op}'", error.Message);
        Assert.Contains("[\"sh\", \"-c\", \"...\"]", error.Hint);
        Assert.Equal(4, error.Position);
    }

    [Fact]
    public void Split_Malformed_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => ShellWords.Split("a 'b"));
        Assert.Contains("unclosed single quote", ex.Message);
    }

    [Fact]
    public void Load_StringCommand_IsSplitLikeAShell()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: nginx -g "daemon off;" -c '/etc/my nginx.conf'
            """);

        Assert.Equal(["nginx", "-g", "daemon off;", "-c", "/etc/my nginx.conf"], p.Command);
    }

    [Fact]
    public void Load_ListCommand_IsNotSplit()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: ["sh", "-c", "echo a | tee b", "it's"]
            """);

        Assert.Equal(["sh", "-c", "echo a | tee b", "it's"], p.Command);
    }

    [Fact]
    public void Load_StringCommandWithPipe_ReportsErrorAtValueWithShHint()
    {
        var result = Load("""
            programs:
              web:
                command: app | tee log
            """);

        var error = SingleErrorAt(result, "3:14");
        Assert.Contains("'|'", error.Message);
        Assert.Contains("\"sh\", \"-c\"", error.Hint);
    }

    [Fact]
    public void Load_StringCommandWithUnclosedQuote_ReportsErrorAtValue()
    {
        var result = Load("""
            programs:
              web:
                command: "echo 'oops"
            """);

        var error = SingleErrorAt(result, "3:14");
        Assert.Contains("unclosed single quote", error.Message);
    }
}
