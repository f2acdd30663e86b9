namespace PortraitDb.Storage;

/// <summary>The physical and logical kind of a column.</summary>
public enum ColumnKind
{
    /// <summary>Free text: stored, listed, never indexed (names, notes).</summary>
    Text,

    /// <summary>A dictionary-encoded string with a bitmap index per value (gender, city, phone brand).</summary>
    Category,

    /// <summary>True or false, with a bitmap index per value.</summary>
    Bool,

    /// <summary>A 32-bit signed integer.</summary>
    Int32,

    /// <summary>A 64-bit signed integer.</summary>
    Int64,

    /// <summary>A 64-bit IEEE floating-point number.</summary>
    Double,

    /// <summary>An exact decimal with a precision of at most 18 digits, stored as a scaled 64-bit integer.</summary>
    Decimal,

    /// <summary>A calendar date, stored as days since 1970-01-01.</summary>
    Date,

    /// <summary>A date and time without time zone, stored as microseconds since 1970-01-01T00:00:00.</summary>
    Timestamp,

    /// <summary>A set of strings per row (interests), with a bitmap index per value.</summary>
    Tags,
}

/// <summary>A column's type: its kind, and for <see cref="ColumnKind.Decimal"/> its precision and scale.</summary>
public readonly record struct ColumnType
{
    /// <summary>The largest decimal precision: 18 digits always fit in a 64-bit integer.</summary>
    public const int MaxDecimalPrecision = 18;

    private ColumnType(ColumnKind kind, byte precision, byte scale)
    {
        Kind = kind;
        Precision = precision;
        Scale = scale;
    }

    /// <summary>The column's kind.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Total decimal digits (decimals only).</summary>
    public byte Precision { get; }

    /// <summary>Digits after the decimal point (decimals only).</summary>
    public byte Scale { get; }

    /// <summary>TEXT.</summary>
    public static ColumnType Text { get; } = new(ColumnKind.Text, 0, 0);

    /// <summary>CATEGORY.</summary>
    public static ColumnType Category { get; } = new(ColumnKind.Category, 0, 0);

    /// <summary>BOOL.</summary>
    public static ColumnType Bool { get; } = new(ColumnKind.Bool, 0, 0);

    /// <summary>INT (32-bit).</summary>
    public static ColumnType Int32 { get; } = new(ColumnKind.Int32, 0, 0);

    /// <summary>BIGINT (64-bit).</summary>
    public static ColumnType Int64 { get; } = new(ColumnKind.Int64, 0, 0);

    /// <summary>DOUBLE.</summary>
    public static ColumnType Double { get; } = new(ColumnKind.Double, 0, 0);

    /// <summary>DATE.</summary>
    public static ColumnType Date { get; } = new(ColumnKind.Date, 0, 0);

    /// <summary>TIMESTAMP.</summary>
    public static ColumnType Timestamp { get; } = new(ColumnKind.Timestamp, 0, 0);

    /// <summary>TAGS.</summary>
    public static ColumnType Tags { get; } = new(ColumnKind.Tags, 0, 0);

    /// <summary>DECIMAL(<paramref name="precision"/>, <paramref name="scale"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Precision is not in 1..18, or scale exceeds it.</exception>
    public static ColumnType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > MaxDecimalPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"DECIMAL precision must be between 1 and {MaxDecimalPrecision}.");
        if (scale < 0 || scale > precision)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "DECIMAL scale must be between 0 and the precision.");
        return new ColumnType(ColumnKind.Decimal, (byte)precision, (byte)scale);
    }

    /// <summary>True for the kinds that carry a bitmap index per value.</summary>
    public bool IsIndexed => Kind is ColumnKind.Category or ColumnKind.Bool or ColumnKind.Tags;

    /// <summary>True for the kinds stored as fixed-width numbers with zone maps.</summary>
    public bool IsNumeric => Kind is ColumnKind.Int32 or ColumnKind.Int64 or ColumnKind.Double or ColumnKind.Decimal or ColumnKind.Date or ColumnKind.Timestamp;

    /// <summary>The type as the query language writes it: TEXT, CATEGORY, BOOL, INT, BIGINT, DOUBLE, DECIMAL(p,s), DATE, TIMESTAMP, TAGS.</summary>
    public override string ToString() => Kind switch
    {
        ColumnKind.Text => "TEXT",
        ColumnKind.Category => "CATEGORY",
        ColumnKind.Bool => "BOOL",
        ColumnKind.Int32 => "INT",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Decimal => $"DECIMAL({Precision},{Scale})",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        ColumnKind.Tags => "TAGS",
        _ => Kind.ToString(),
    };
}
