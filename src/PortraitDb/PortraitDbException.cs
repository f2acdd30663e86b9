namespace PortraitDb;

/// <summary>The broad class of a <see cref="PortraitDbException"/>, for callers that react by kind rather than by message.</summary>
public enum PortraitDbErrorKind
{
    /// <summary>Malformed input text: a query, or a CSV record that cannot be tokenized.</summary>
    Syntax,

    /// <summary>A name that does not resolve (unknown table or column).</summary>
    Binding,

    /// <summary>A value that does not fit the type it must have.</summary>
    Type,

    /// <summary>A file could not be read or written.</summary>
    Io,

    /// <summary>Stored data is damaged.</summary>
    Corruption,

    /// <summary>A constraint or limit was violated (for example a record larger than the allowed size).</summary>
    Constraint,

    /// <summary>The request is valid but not supported.</summary>
    NotSupported,

    /// <summary>A bug in the engine.</summary>
    Internal,
}

/// <summary>The single exception type the engine throws for errors in its input or data; the kind says what went wrong.</summary>
public class PortraitDbException : Exception
{
    /// <summary>Creates an exception of <see cref="PortraitDbErrorKind.Internal"/> kind.</summary>
    public PortraitDbException()
        : this(PortraitDbErrorKind.Internal, "PortraitDb internal error.")
    {
    }

    /// <summary>Creates an exception of <see cref="PortraitDbErrorKind.Internal"/> kind with a message.</summary>
    public PortraitDbException(string message)
        : this(PortraitDbErrorKind.Internal, message)
    {
    }

    /// <summary>Creates an exception of <see cref="PortraitDbErrorKind.Internal"/> kind wrapping another.</summary>
    public PortraitDbException(string message, Exception innerException)
        : this(PortraitDbErrorKind.Internal, message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind.</summary>
    public PortraitDbException(PortraitDbErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong, broadly.</summary>
    public PortraitDbErrorKind Kind { get; }
}

/// <summary>
/// An error while importing a file: the message starts with <c>file:line:column:</c> and names the column and the
/// offending value when there is one, e.g. <c>people.csv:17:23: column 'age': 'abc' is not an INT</c>.
/// </summary>
public sealed class ImportException : PortraitDbException
{
    private const int MaxValueLengthInMessage = 80;

    /// <summary>Creates an import error.</summary>
    /// <param name="kind">The error kind (usually <see cref="PortraitDbErrorKind.Syntax"/> or <see cref="PortraitDbErrorKind.Type"/>).</param>
    /// <param name="filePath">The file (or stream name) being read.</param>
    /// <param name="line">1-based line of the offending field or record.</param>
    /// <param name="column">1-based character position within the line.</param>
    /// <param name="detail">What is wrong, without the location prefix.</param>
    /// <param name="columnName">The table column concerned, when known.</param>
    /// <param name="value">The offending text, when there is one.</param>
    public ImportException(PortraitDbErrorKind kind, string filePath, long line, int column, string detail, string? columnName = null, string? value = null)
        : base(kind, FormatMessage(filePath, line, column, detail, columnName))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Value = value;
    }

    /// <summary>The file (or stream name) being read.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number.</summary>
    public long Line { get; }

    /// <summary>1-based character position within the line.</summary>
    public int Column { get; }

    /// <summary>The table column concerned, when known.</summary>
    public string? ColumnName { get; }

    /// <summary>The offending text, when there is one.</summary>
    public string? Value { get; }

    /// <summary>The error for a value that does not parse as its column's type: <c>'abc' is not an INT</c>.</summary>
    public static ImportException InvalidValue(string filePath, long line, int column, string? columnName, string value, string typeName) =>
        new(PortraitDbErrorKind.Type, filePath, line, column, $"{Quote(value)} is not {Article(typeName)} {typeName}", columnName, value);

    /// <summary>Quotes a value for a message, shortening long values so one bad field cannot flood a log.</summary>
    internal static string Quote(string value) =>
        value.Length <= MaxValueLengthInMessage ? $"'{value}'" : $"'{value[..MaxValueLengthInMessage]}…' ({value.Length} characters)";

    private static string Article(string typeName) => typeName.Length > 0 && "AEIOU".Contains(typeName[0], StringComparison.Ordinal) ? "an" : "a";

    private static string FormatMessage(string filePath, long line, int column, string detail, string? columnName)
    {
        string file = Path.GetFileName(filePath);
        if (file.Length == 0)
            file = filePath;
        return columnName is null ? $"{file}:{line}:{column}: {detail}" : $"{file}:{line}:{column}: column '{columnName}': {detail}";
    }
}
