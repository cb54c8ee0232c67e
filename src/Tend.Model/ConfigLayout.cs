namespace Tend.Model;

/// <summary>Which kind of configuration a <see cref="TendConfig"/> was read from, so `tend check` can say what it understood.</summary>
public enum ConfigLayout
{
    /// <summary>tend.yaml.</summary>
    Yaml,

    /// <summary>A supervisord.conf and its includes.</summary>
    Supervisord,

    /// <summary>A runit service tree (runsvdir's directory, e.g. /etc/service).</summary>
    Runit,

    /// <summary>An s6-overlay v3 root: cont-init.d, services.d, s6-rc.d, cont-finish.d and the CMD.</summary>
    S6Overlay,
}
