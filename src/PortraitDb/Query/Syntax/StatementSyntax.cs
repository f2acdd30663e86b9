namespace PortraitDb.Query.Syntax;

/// <summary>One statement of a script; its span covers its text without the ';'.</summary>
internal abstract class StatementSyntax(TextSpan span) : SyntaxNode(span)
{
}
