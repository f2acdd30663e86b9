using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>IMPORT 'path' INTO table [WITH (option = value, ...)]</c>: loads a CSV or Parquet file into a table.</summary>
internal sealed class ImportSyntax(string path, TextSpan pathSpan, IdentifierSyntax table, IReadOnlyList<OptionSyntax> options, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The file's path, as the string literal gives it.</summary>
    public string Path { get; } = path;

    /// <summary>Where the path literal was written (for I/O errors).</summary>
    public TextSpan PathSpan { get; } = pathSpan;

    /// <summary>The table to load into.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The options as written, in order (empty without WITH).</summary>
    public IReadOnlyList<OptionSyntax> Options { get; } = options;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ImportSyntax import && string.Equals(import.Path, Path, StringComparison.Ordinal)
        && Table.IsEquivalentTo(import.Table) && SyntaxEquality.Equivalent(Options, import.Options);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("IMPORT ").Append(SyntaxFacts.QuoteString(Path)).Append(" INTO ").AppendNode(Table);
        if (Options.Count > 0)
            builder.Append(" WITH (").AppendList(Options).Append(')');
    }
}
