using Tend.Config.Supervisord;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class SplittersTests
{
    [Theory]
    [InlineData("a b\tc", new[] { "a", "b", "c" })]
    [InlineData("a'b c'd", new[] { "ab cd" })]
    [InlineData("\"a\\\\b\" \"c\\$d\"", new[] { "a\\b", "c\\$d" })] // in double quotes only \\ and \" are escapes
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("''", new[] { "" })]
    [InlineData("'a\\b'", new[] { "a\\b" })]
    public void Command_SplitsLikePythonShlex(string text, string[] words) =>
        Assert.Equal(words, CommandSplitter.Split(text, out _)!.Select(w => w.Word));

    [Theory]
    [InlineData("a 'b", "a single quote is never closed")]
    [InlineData("a \"b", "a double quote is never closed")]
    [InlineData("a\\", "the command ends with a lone backslash")]
    public void Command_Errors(string text, string error)
    {
        Assert.Null(CommandSplitter.Split(text, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void Command_QuotedOperator_IsNotBare() =>
        Assert.Equal([true, false], CommandSplitter.Split("| '|'", out _)!.Select(w => w.Bare));

    [Theory]
    [InlineData("A=1,B=2", "A", "1")]
    [InlineData("A=\"x, y\"", "A", "x, y")]
    [InlineData("HOME=/home/u,LANG=en_US.UTF-8", "LANG", "en_US.UTF-8")]
    [InlineData("A=a\"b\"", "A", "a\"b")]
    [InlineData("A = 1 , B = 2", "B", "2")]
    [InlineData("A=1,\n  B=2", "B", "2")]
    public void Environment_Pairs(string text, string key, string value) =>
        Assert.Equal(value, EnvironmentPairs.Parse(text, out _)![key]);

    [Fact]
    public void Environment_Empty_IsNoPairs() => Assert.Empty(EnvironmentPairs.Parse("", out _)!);

    [Theory]
    [InlineData("A=", "unexpected end of key/value pairs at 'A='")]
    [InlineData("A=\"x", "a quote is never closed")]
    [InlineData("A=x@y", "expected ',' after A=x, found '@'")]
    public void Environment_Errors(string text, string error)
    {
        Assert.Null(EnvironmentPairs.Parse(text, out var message));
        Assert.Equal(error, message);
    }
}
