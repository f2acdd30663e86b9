using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c type</c> or <c>ALTER TABLE t DROP [COLUMN] [IF EXISTS] c</c>.</summary>
internal sealed class AlterTableSyntax(IdentifierSyntax table, ColumnDefinitionSyntax? added, IdentifierSyntax? dropped, bool ifClause, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The column added, or null.</summary>
    public ColumnDefinitionSyntax? Added { get; } = added;

    /// <summary>The column dropped, or null.</summary>
    public IdentifierSyntax? Dropped { get; } = dropped;

    /// <summary>IF NOT EXISTS (for ADD) or IF EXISTS (for DROP).</summary>
    public bool IfClause { get; } = ifClause;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is AlterTableSyntax alter && alter.IfClause == IfClause && Table.IsEquivalentTo(alter.Table)
        && SyntaxEquality.Equivalent(Added, alter.Added) && SyntaxEquality.Equivalent(Dropped, alter.Dropped);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("ALTER TABLE ").AppendNode(Table);
        if (Added is not null)
            builder.Append(IfClause ? " ADD COLUMN IF NOT EXISTS " : " ADD COLUMN ").AppendNode(Added);
        else
            builder.Append(IfClause ? " DROP COLUMN IF EXISTS " : " DROP COLUMN ").AppendNode(Dropped!);
    }
}
