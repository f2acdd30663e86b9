namespace PortraitDb;

/// <summary>A database setting as <c>SHOW SETTINGS</c> lists it.</summary>
/// <param name="Name">The name <c>SET</c> takes.</param>
/// <param name="Value">The current value, as text.</param>
/// <param name="Description">What the setting does.</param>
internal sealed record SettingInfo(string Name, string Value, string Description);

/// <summary>
/// The settings of one database, in one place: <c>SET name = value</c>, <c>SHOW SETTINGS</c> and the host
/// properties of <see cref="PortraitDatabase"/> all read and write them here, and every change goes through
/// <see cref="Set"/>, so a durable database can log it.
/// </summary>
internal sealed class DatabaseSettings
{
    /// <summary>The name of the privacy guard's threshold.</summary>
    public const string MinGroupSizeName = "min_group_size";

    private static readonly (string Name, string Description)[] Known =
    [
        (MinGroupSizeName, "privacy guard: breakdown, PROFILE and COMPARE cells of fewer customers are suppressed, and smaller listings, samples and exports refused; 0 turns it off"),
    ];

    private readonly Lock _lock = new();
    private int _minGroupSize;

    /// <summary>The names of the settings, for suggestions.</summary>
    public static IEnumerable<string> Names => Known.Select(setting => setting.Name);

    /// <summary>The privacy guard's threshold k: cells of fewer than k customers are suppressed; 0 (the default) is off.</summary>
    public int MinGroupSize => Volatile.Read(ref _minGroupSize);

    /// <summary>Changes a setting; the single place every change passes through.</summary>
    /// <param name="name">The setting (case-insensitive).</param>
    /// <param name="value">The new value: a whole number for <c>min_group_size</c>.</param>
    /// <exception cref="PortraitDbException">There is no such setting (Binding), or the value does not suit it (Type).</exception>
    public void Set(string name, object? value)
    {
        lock (_lock)
        {
            if (string.Equals(name, MinGroupSizeName, StringComparison.OrdinalIgnoreCase))
            {
                Volatile.Write(ref _minGroupSize, value switch
                {
                    long number and >= 0 and <= int.MaxValue => (int)number,
                    int number and >= 0 => number,
                    _ => throw new PortraitDbException(PortraitDbErrorKind.Type, $"{MinGroupSizeName} takes a whole number from 0 (off) to {int.MaxValue}, not {Describe(value)}."),
                });
                return;
            }
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"There is no setting '{name}'{Query.Binding.ExpressionBinder.Suggest(name, Names)}; SHOW SETTINGS lists them.");
        }
    }

    /// <summary>Every setting with its current value.</summary>
    public IReadOnlyList<SettingInfo> List() =>
        [.. Known.Select(setting => new SettingInfo(setting.Name, Value(setting.Name), setting.Description))];

    private string Value(string name) => name switch
    {
        MinGroupSizeName => MinGroupSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        string text => $"'{text}'",
        _ => Query.QueryResult.FormatValue(value),
    };
}
