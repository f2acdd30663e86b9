using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>A column reference: <c>age</c>, <c>p.age</c>, <c>"default"</c>.</summary>
internal sealed class ColumnSyntax(IdentifierSyntax? table, IdentifierSyntax name, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The table or alias qualifier, if written.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <summary>The column name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The column name as text.</summary>
    public string ColumnName => Name.Name;

    /// <summary>The qualifier as text, or null.</summary>
    public string? TableName => Table?.Name;

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ColumnSyntax column && Name.IsEquivalentTo(column.Name) && SyntaxEquality.Equivalent(Table, column.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        if (Table is not null)
            builder.AppendNode(Table).Append('.');
        builder.AppendNode(Name);
    }
}
