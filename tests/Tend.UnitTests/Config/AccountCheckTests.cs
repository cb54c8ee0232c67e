using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>
/// `user:` and `group:` that the machine does not have are configuration errors at their line, found
/// by `tend check` and `tend run` before anything starts (not when the program is spawned).
/// </summary>
public sealed class AccountCheckTests
{
    /// <summary>A machine with the users root, www-data and backup and the groups root and www-data.</summary>
    private sealed class Accounts(bool readable = true) : IAccountDatabase
    {
        public List<string> Asked { get; } = [];

        public (AccountLookup Result, string? Why) FindUser(string name) => Find(name, ["root", "www-data", "backup"]);

        public (AccountLookup Result, string? Why) FindGroup(string name) => Find(name, ["root", "www-data"]);

        private (AccountLookup, string?) Find(string name, string[] known)
        {
            Asked.Add(name);
            if (!readable) return (AccountLookup.Unreadable, "permission denied");
            return (known.Contains(name) ? AccountLookup.Found : AccountLookup.Missing, null);
        }
    }

    private static ConfigResult Checked(string yaml, IAccountDatabase? accounts = null) =>
        AccountCheck.Apply(Load(yaml), accounts ?? new Accounts());

    [Fact]
    public void An_unknown_user_is_an_error_at_its_value()
    {
        var result = Checked("""
            programs:
              web:
                command: sleep 10
                user: nosuchuser
            """);
        var error = SingleErrorAt(result, "4:11");
        Assert.Equal("unknown user \"nosuchuser\" for program 'web'", error.Message);
        Assert.Equal("tend.yaml:4:11: error: unknown user \"nosuchuser\" for program 'web' (there is no such user in the user database " +
                     "(/etc/passwd); create it in the image, or give an existing name or a numeric id)", error.ToString());
    }

    [Fact]
    public void An_unknown_group_and_a_jobs_unknown_user_are_errors_too()
    {
        var result = Checked("""
            programs:
              web:
                command: sleep 10
                user: www-data
                group: nosuchgroup
            jobs:
              backup:
                schedule: "@daily"
                command: backup
                user: nobackup
            """);
        Assert.Null(result.Config);
        Assert.Equal(["tend.yaml:5:12: unknown group \"nosuchgroup\" for program 'web'", "tend.yaml:10:11: unknown user \"nobackup\" for job 'backup'"],
            result.Diagnostics.Select(d => $"{d.Location}: {d.Message}"));
    }

    [Fact]
    public void Known_names_and_numeric_ids_pass_and_numbers_are_not_looked_up()
    {
        var accounts = new Accounts();
        var result = Checked("""
            programs:
              web: {command: sleep 10, user: www-data, group: www-data}
              app: {command: sleep 10, user: "1000", group: "1000"}
            """, accounts);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Config);
        Assert.Equal(["www-data", "www-data"], accounts.Asked);
    }

    [Fact]
    public void An_unreadable_database_is_one_warning_and_the_config_stands()
    {
        var result = Checked("""
            programs:
              web: {command: sleep 10, user: nosuchuser}
              app: {command: sleep 10, user: other, group: grp}
            """, new Accounts(readable: false));
        Assert.NotNull(result.Config);
        var warning = SingleAt(result, Severity.Warning, "2:34");
        Assert.Equal("users and groups not checked: the user database cannot be read (permission denied)", warning.Message);
        Assert.Equal("an unknown name is reported when its program starts", warning.Hint);
    }

    [Fact]
    public void A_name_an_alias_repeats_is_reported_once()
    {
        var result = Checked("""
            x-user: &user nosuchuser
            programs:
              web: {command: sleep 10, user: *user}
              api: {command: sleep 10, user: *user}
            """);
        Assert.Equal("unknown user \"nosuchuser\" for program 'web'", SingleErrorAt(result, "1:9").Message);
    }

    [Fact]
    public void A_supervisord_user_is_checked_once_for_all_its_numprocs_copies()
    {
        var loaded = Supervisord.IniTestSupport.Load("[supervisord]\n[program:w]\ncommand=/bin/w\nnumprocs=3\nprocess_name=%(program_name)s_%(process_num)d\nuser=nosuchuser\n");
        var result = AccountCheck.Apply(loaded, new Accounts());
        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("supervisord.conf:6: error: unknown user \"nosuchuser\" for program 'w_0' (there is no such user in the user database " +
                     "(/etc/passwd); create it in the image, or give an existing name or a numeric id)", error.ToString());
    }

    [Fact]
    public void A_system_crontab_user_is_located_at_its_field()
    {
        var dir = Directory.CreateTempSubdirectory("tend-ut-");
        try
        {
            var crontab = Path.Combine(dir.FullName, "crontab");
            System.IO.File.WriteAllText(crontab, "# jobs\n  17 * * * * nosuchuser run-parts /etc/cron.hourly\n");
            var loaded = Tend.Config.Crontab.CrontabLoader.AddTo(new TendConfig { Source = crontab }, crontab, system: true);
            var result = AccountCheck.Apply(loaded, new Accounts());
            Assert.Null(result.Config);
            Assert.Equal($"{crontab}:2:14: unknown user \"nosuchuser\" for job 'cron-1'", Assert.Single(result.Diagnostics).Location + ": " +
                Assert.Single(result.Diagnostics).Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
