using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>CHECKPOINT</c>: write the changes since the last checkpoint into the database files.</summary>
internal sealed class CheckpointSyntax(TextSpan span) : StatementSyntax(span)
{
    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is CheckpointSyntax;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("CHECKPOINT");
}
