using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>SHOW SETTINGS</c>: the database settings, their values and what they do.</summary>
internal sealed class ShowSettingsSyntax(TextSpan span) : StatementSyntax(span)
{
    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is ShowSettingsSyntax;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("SHOW SETTINGS");
}
