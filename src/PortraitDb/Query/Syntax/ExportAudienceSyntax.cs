using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>EXPORT AUDIENCE name TO 'path' [WITH (format = 'csv' | 'roaring')] [WITH PII]</c>: writes an audience's keys
/// as CSV, or its row ids as a portable Roaring bitmap with a key-mapping CSV beside it.
/// </summary>
internal sealed class ExportAudienceSyntax(IdentifierSyntax audience, string path, TextSpan pathSpan, IReadOnlyList<OptionSyntax> options, bool withPii, TextSpan span)
    : StatementSyntax(span)
{
    /// <summary>The saved audience.</summary>
    public IdentifierSyntax Audience { get; } = audience;

    /// <summary>The file to write, as the string literal gives it.</summary>
    public string Path { get; } = path;

    /// <summary>Where the path literal was written (for I/O errors).</summary>
    public TextSpan PathSpan { get; } = pathSpan;

    /// <summary>The options as written (empty without WITH (...)).</summary>
    public IReadOnlyList<OptionSyntax> Options { get; } = options;

    /// <summary>True for WITH PII: keys of a PII column may be written.</summary>
    public bool WithPii { get; } = withPii;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ExportAudienceSyntax export && Audience.IsEquivalentTo(export.Audience) && string.Equals(Path, export.Path, StringComparison.Ordinal)
        && SyntaxEquality.Equivalent(Options, export.Options) && WithPii == export.WithPii;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("EXPORT AUDIENCE ").AppendNode(Audience).Append(" TO ").Append(SyntaxFacts.QuoteString(Path));
        if (Options.Count > 0)
            builder.Append(" WITH (").AppendList(Options).Append(')');
        if (WithPii)
            builder.Append(" WITH PII");
    }
}
