using Tend.Config;
using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// This machine's users and groups, as the programs will be started with them, for the account
/// check `tend check` and `tend run` make before anything starts (and a reload makes again).
/// </summary>
internal sealed class SystemAccounts : IAccountDatabase
{
    public static readonly SystemAccounts Instance = new();

    public (AccountLookup Result, string? Why) FindUser(string name) => Answer(UserLookup.UserExists(name, out var why), why);

    public (AccountLookup Result, string? Why) FindGroup(string name) => Answer(UserLookup.GroupExists(name, out var why), why);

    private static (AccountLookup, string?) Answer(bool? exists, string? why) => exists switch
    {
        true => (AccountLookup.Found, null),
        false => (AccountLookup.Missing, null),
        null => (AccountLookup.Unreadable, why),
    };
}
