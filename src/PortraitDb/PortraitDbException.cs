namespace PortraitDb;

/// <summary>What kind of error ended a statement or an operation.</summary>
public enum PortraitDbErrorKind
{
    /// <summary>The text of a statement does not parse.</summary>
    Syntax,

    /// <summary>A name (table, column, value) does not resolve.</summary>
    Binding,

    /// <summary>A value does not fit its column's type.</summary>
    Type,

    /// <summary>A file could not be read or written.</summary>
    Io,

    /// <summary>Stored data is damaged.</summary>
    Corruption,

    /// <summary>A change would break a rule of the table (a duplicate key, a missing key).</summary>
    Constraint,

    /// <summary>The request is valid but not supported.</summary>
    NotSupported,

    /// <summary>A bug in PortraitDb.</summary>
    Internal,
}

/// <summary>The one exception PortraitDb throws for errors that end an operation; its <see cref="Kind"/> says which.</summary>
public class PortraitDbException : Exception
{
    /// <summary>Creates an error of <paramref name="kind"/>.</summary>
    public PortraitDbException(PortraitDbErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What kind of error this is.</summary>
    public PortraitDbErrorKind Kind { get; }
}
