namespace Tend.Cli;

/// <summary>
/// s6-svc answered by Tend: its request for a service directory becomes the same request to the
/// running Tend for the program named after that directory (its last path element), e.g.
/// `s6-svc -d /run/service/nginx` is `tend ctl stop nginx`; -u and -o start, -r restarts, and the
/// signal options (-t -k -h -i -q -1 -2 -a -p -c -y) send their signal. Wait options (-w?) are
/// accepted, as the ctl request answers once it is done.
/// </summary>
internal static class S6Svc
{
    public static string[]? Translate(string[] args)
    {
        string? verb = null, signal = null;
        var dirs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--") { dirs.AddRange(args[(i + 1)..]); break; }
            if (!a.StartsWith('-') || a.Length < 2) { dirs.Add(a); continue; }
            for (var k = 1; k < a.Length; k++)
            {
                switch (a[k])
                {
                    case 'u' or 'o': verb = "start"; break;
                    case 'd' or 'D' or 'x': verb = "stop"; break;
                    case 'r': verb = "restart"; break;
                    case 'w': k++; break; // -wu -wU -wd -wD -wr -wR: ctl answers when done
                    case 'T': if (k == a.Length - 1) i++; k = a.Length; break; // -T timeout
                    case 's': signal = k < a.Length - 1 ? a[(k + 1)..] : (++i < args.Length ? args[i] : null); k = a.Length; break;
                    case 't': signal = "TERM"; break;
                    case 'k': signal = "KILL"; break;
                    case 'h': signal = "HUP"; break;
                    case 'i': signal = "INT"; break;
                    case 'q': signal = "QUIT"; break;
                    case '1': signal = "USR1"; break;
                    case '2': signal = "USR2"; break;
                    case 'a': signal = "ALRM"; break;
                    case 'b': signal = "ABRT"; break;
                    case 'p': signal = "STOP"; break;
                    case 'c': signal = "CONT"; break;
                    case 'y': signal = "WINCH"; break;
                    case 'O' or 'Q' or 'U': break; // once-at-most and readiness flags: Tend decides those itself
                    default:
                        Console.Error.WriteLine($"s6-svc (tend): fatal: unknown option -{a[k]}");
                        return null;
                }
            }
        }
        var names = dirs.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(d))).Where(n => n.Length > 0).ToList();
        if (names.Count == 0 || (verb is null && signal is null))
        {
            Console.Error.WriteLine("s6-svc (tend): usage: s6-svc [-udrotkhiq12...] SERVICEDIR...");
            return null;
        }
        return verb is not null ? ["ctl", verb, .. names] : ["ctl", "signal", signal!, .. names];
    }
}
