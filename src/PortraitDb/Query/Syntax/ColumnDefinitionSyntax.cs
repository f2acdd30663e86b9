using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One column of CREATE TABLE: <c>name type [KEY | PRIMARY KEY] [PII]</c>.</summary>
internal sealed class ColumnDefinitionSyntax(IdentifierSyntax name, TypeNameSyntax type, bool isKey, TextSpan span, bool isPii = false) : SyntaxNode(span)
{
    /// <summary>The column's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The column's type.</summary>
    public TypeNameSyntax Type { get; } = type;

    /// <summary>True when the column is the table's key (KEY or PRIMARY KEY).</summary>
    public bool IsKey { get; } = isKey;

    /// <summary>True when the column holds personal data (PII): never listed or exported without WITH PII.</summary>
    public bool IsPii { get; } = isPii;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ColumnDefinitionSyntax column && column.IsKey == IsKey && column.IsPii == IsPii && Name.IsEquivalentTo(column.Name) && Type.IsEquivalentTo(column.Type);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendNode(Name).Append(' ').AppendNode(Type);
        if (IsKey)
            builder.Append(" KEY");
        if (IsPii)
            builder.Append(" PII");
    }
}
