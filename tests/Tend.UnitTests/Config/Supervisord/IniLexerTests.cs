using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class IniLexerTests
{
    [Fact]
    public void Lexer_ColonAndEquals_BothSeparateKeyFromValue()
    {
        var p = Single("[program:a]\ncommand: /bin/app x=1\ndirectory = /srv\n");
        Assert.Equal(["/bin/app", "x=1"], p.Command);
        Assert.Equal("/srv", p.WorkingDir);
    }

    [Fact]
    public void Lexer_KeysAreCaseInsensitive_SectionNamesAreNot()
    {
        var result = Load("[supervisord]\n[program:a]\nCOMMAND=/bin/app\n[Program:b]\ncommand=/bin/b\n");
        Assert.Equal("a", Assert.Single(result.Config!.Programs).Name);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("unknown section [Program:b]") && d.Location!.Line == 4);
    }

    [Theory]
    [InlineData("; comment")]
    [InlineData("# comment")]
    [InlineData("   ; indented comment")]
    public void Lexer_CommentLines_AreSkipped(string comment)
    {
        var p = Single($"{comment}\n[program:a]\n{comment}\ncommand=/bin/app\n");
        Assert.Equal(["/bin/app"], p.Command);
    }

    [Theory]
    [InlineData("command=/bin/echo a;b", new[] { "/bin/echo", "a;b" })]
    [InlineData("command=/bin/echo a ;b", new[] { "/bin/echo", "a" })]
    [InlineData("command=/bin/echo a#b", new[] { "/bin/echo", "a#b" })]
    [InlineData("command=/bin/echo a\t#b", new[] { "/bin/echo", "a" })]
    public void Lexer_InlineComment_OnlyAfterWhitespace(string line, string[] argv) =>
        Assert.Equal(argv, Single($"[program:a]\n{line}\n").Command);

    [Fact]
    public void Lexer_InlineComment_CutsEvenInsideQuotes_AsSupervisordDocsWarn()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=sh -c 'foo ; bar'\n", 3);
        Assert.Contains("quote is never closed", error.Message);
        Assert.Contains("' ;' starts a comment", error.Hint);
    }

    [Fact]
    public void Lexer_IndentedLines_ContinueTheValue_BlankLinesKept_CommentsDropped()
    {
        var p = Single("[program:a]\ncommand=/bin/app\n  --one\n\n  ; note\n  --two\nenvironment=A=1,\n    B=2\n");
        Assert.Equal(["/bin/app", "--one", "--two"], p.Command);
        Assert.Equal("2", p.Environment["B"]);
    }

    [Fact]
    public void Lexer_KeyWrittenTwice_LastWins_AndTheFirstIsReported()
    {
        var result = Load("[supervisord]\n[program:a]\ncommand=/bin/one\ncommand=/bin/two\n");
        Assert.Equal(["/bin/two"], Assert.Single(result.Config!.Programs).Command);
        var warning = SingleAt(result, Severity.Warning, 3);
        Assert.Contains("set again in [program:a] at supervisord.conf:4", warning.Message);
        Assert.Equal("remove one of the two lines", warning.Hint);
    }

    [Fact]
    public void Lexer_SectionWrittenTwice_KeysMerge()
    {
        var p = Single("[program:a]\ncommand=/bin/app\n[unix_http_server]\nfile=/run/s.sock\n[program:a]\ndirectory=/srv\n");
        Assert.Equal("/srv", p.WorkingDir);
        Assert.Equal(["/bin/app"], p.Command);
    }

    [Fact]
    public void Lexer_SettingBeforeAnySection_IsAnError()
    {
        var error = ErrorAt("command=/bin/app\n[supervisord]\n", 1);
        Assert.Contains("before any [section]", error.Message);
        Assert.Contains("[program:name]", error.Hint);
    }

    [Fact]
    public void Lexer_LineWithoutSeparator_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/app\njust words\n", 4);
        Assert.Equal("cannot read the line 'just words'", error.Message);
        Assert.Contains("key = value", error.Hint);
    }

    [Fact]
    public void Lexer_EmptyKey_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/app\n= value\n", 4);
        Assert.Contains("no key", error.Message);
    }

    [Fact]
    public void Lexer_EveryProblem_IsReportedInOneRun()
    {
        var result = Load("[supervisord]\nbad line\n[program:a]\ncommand=/bin/app\nstartsecs=x\nautostart=maybe\n");
        Assert.Equal([2, 5, 6], result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Location!.Line));
    }
}
