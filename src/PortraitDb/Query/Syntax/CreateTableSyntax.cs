using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>CREATE TABLE [IF NOT EXISTS] name (column type [KEY], ...)</c> or <c>CREATE TABLE name AS SELECT ...</c>.</summary>
internal sealed class CreateTableSyntax(IdentifierSyntax name, bool ifNotExists, IReadOnlyList<ColumnDefinitionSyntax> columns, SelectSyntax? asSelect, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>True for IF NOT EXISTS.</summary>
    public bool IfNotExists { get; } = ifNotExists;

    /// <summary>The columns (empty for AS SELECT).</summary>
    public IReadOnlyList<ColumnDefinitionSyntax> Columns { get; } = columns;

    /// <summary>The query whose result fills the table, or null.</summary>
    public SelectSyntax? AsSelect { get; } = asSelect;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CreateTableSyntax create && create.IfNotExists == IfNotExists && Name.IsEquivalentTo(create.Name)
        && SyntaxEquality.Equivalent(Columns, create.Columns) && SyntaxEquality.Equivalent(AsSelect, create.AsSelect);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ").AppendNode(Name);
        if (AsSelect is not null)
            builder.Append(" AS ").AppendNode(AsSelect);
        else
            builder.Append(" (").AppendList(Columns).Append(')');
    }
}
