using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>CREATE [OR REPLACE] AUDIENCE [IF NOT EXISTS] name ON table AS [SNAPSHOT] condition</c>: a saved audience,
/// re-evaluated when used, or with SNAPSHOT the set of customers the condition selects now.
/// </summary>
internal sealed class CreateAudienceSyntax(
    IdentifierSyntax name, bool orReplace, bool ifNotExists, IdentifierSyntax table, bool snapshot, ExpressionSyntax condition, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The audience's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>True for OR REPLACE.</summary>
    public bool OrReplace { get; } = orReplace;

    /// <summary>True for IF NOT EXISTS.</summary>
    public bool IfNotExists { get; } = ifNotExists;

    /// <summary>The table whose customers the audience holds.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>True for AS SNAPSHOT: the members are fixed when the statement runs.</summary>
    public bool Snapshot { get; } = snapshot;

    /// <summary>The condition (a WHERE condition on the table).</summary>
    public ExpressionSyntax Condition { get; } = condition;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CreateAudienceSyntax create && create.OrReplace == OrReplace && create.IfNotExists == IfNotExists && create.Snapshot == Snapshot
        && Name.IsEquivalentTo(create.Name) && Table.IsEquivalentTo(create.Table) && Condition.IsEquivalentTo(create.Condition);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(OrReplace ? "CREATE OR REPLACE AUDIENCE " : "CREATE AUDIENCE ");
        if (IfNotExists)
            builder.Append("IF NOT EXISTS ");
        builder.AppendNode(Name).Append(" ON ").AppendNode(Table).Append(Snapshot ? " AS SNAPSHOT " : " AS ").AppendNode(Condition);
    }
}
