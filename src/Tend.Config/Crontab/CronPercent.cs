using System.Text;

namespace Tend.Config.Crontab;

/// <summary>
/// cron's `%` in a command (crontab(5)): the first unescaped `%` ends the command, and the text
/// after it is the command's standard input, each further `%` a newline; `\%` is a `%` (in both
/// parts). A job has no standard input of its own, so the input is handed to the shell as a here
/// document, which every sh-like SHELL reads: `{ COMMAND\n} &lt;&lt;'DELIMITER'`.
/// </summary>
internal static class CronPercent
{
    public static string Rewrite(string command)
    {
        var (head, input) = Split(command);
        if (input is null) return head;
        var delimiter = "TEND_CRON_STDIN";
        for (var n = 1; input.Split('\n').Contains(delimiter); n++) delimiter = $"TEND_CRON_STDIN_{n}";
        // Quoted delimiter: the shell expands nothing in the input, as cron hands it over unread.
        return $"{{ {head}\n}} <<'{delimiter}'\n{input}\n{delimiter}";
    }

    /// <summary>The command and its standard input (null when the line has no unescaped `%`).</summary>
    internal static (string Command, string? Input) Split(string command)
    {
        var head = new StringBuilder();
        StringBuilder? input = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\\' && i + 1 < command.Length && command[i + 1] == '%')
            {
                (input ?? head).Append('%');
                i++;
            }
            else if (c == '%')
            {
                if (input is null) input = new StringBuilder();
                else input.Append('\n');
            }
            else (input ?? head).Append(c);
        }
        return (head.ToString(), input?.ToString());
    }
}
