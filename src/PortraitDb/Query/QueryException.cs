using System.Text;

namespace PortraitDb.Query;

/// <summary>
/// An error in a statement, pointing at the text: the message names the kind ("Syntax Error", "Binder Error"),
/// says what is wrong, and shows the offending line with a caret under the token, e.g.
/// <code>
/// Binder Error: unknown column 'gendr'; did you mean 'gender'? (line 1, column 33)
///   SELECT COUNT(*) FROM p WHERE gendr = 'female'
///                                ^^^^^
/// </code>
/// </summary>
public sealed class QueryException : PortraitDbException
{
    /// <summary>Creates an error about <paramref name="length"/> characters of <paramref name="statementText"/> at <paramref name="position"/>.</summary>
    /// <param name="kind">The kind of error.</param>
    /// <param name="detail">What is wrong, without location.</param>
    /// <param name="statementText">The whole text given to the engine, or null when the error has no location.</param>
    /// <param name="position">0-based character offset of the offending token in <paramref name="statementText"/>.</param>
    /// <param name="length">Length of the offending token (at least 1 caret is shown).</param>
    public QueryException(PortraitDbErrorKind kind, string detail, string? statementText = null, int position = -1, int length = 1)
        : base(kind, Format(kind, detail, statementText, position, length, out int line, out int column))
    {
        Detail = detail;
        Position = position;
        Length = length;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the location and caret.</summary>
    public string Detail { get; }

    /// <summary>0-based character offset of the offending token, or -1 when the error has no location.</summary>
    public int Position { get; }

    /// <summary>Length in characters of the offending token.</summary>
    public int Length { get; }

    /// <summary>1-based line of the offending token, or 0.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token, or 0.</summary>
    public int Column { get; }

    /// <summary>The name a message gives to an error kind ("Syntax Error").</summary>
    public static string KindName(PortraitDbErrorKind kind) => kind switch
    {
        PortraitDbErrorKind.Syntax => "Syntax Error",
        PortraitDbErrorKind.Binding => "Binder Error",
        PortraitDbErrorKind.Type => "Type Error",
        PortraitDbErrorKind.Io => "IO Error",
        PortraitDbErrorKind.Corruption => "Corruption Error",
        PortraitDbErrorKind.Constraint => "Constraint Error",
        PortraitDbErrorKind.NotSupported => "Not Supported Error",
        _ => "Internal Error",
    };

    private static string Format(PortraitDbErrorKind kind, string detail, string? text, int position, int length, out int line, out int column)
    {
        line = 0;
        column = 0;
        var message = new StringBuilder().Append(KindName(kind)).Append(": ").Append(detail);
        if (text is null || position < 0 || position > text.Length)
            return message.ToString();
        int lineStart = 0;
        line = 1;
        for (int index = 0; index < position; index++)
        {
            if (text[index] == '\n')
            {
                line++;
                lineStart = index + 1;
            }
        }
        column = position - lineStart + 1;
        int lineEnd = text.IndexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.Length;
        string sourceLine = text[lineStart..lineEnd].TrimEnd('\r');
        int carets = Math.Clamp(length, 1, Math.Max(1, sourceLine.Length - (column - 1)));
        message.Append($" (line {line}, column {column})").AppendLine()
            .Append("  ").AppendLine(sourceLine.Replace('\t', ' '))
            .Append("  ").Append(' ', column - 1).Append('^', carets);
        return message.ToString();
    }
}
