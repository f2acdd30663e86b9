namespace PortraitDb.Query.Syntax;

/// <summary>Statements that derive tags and segments: CREATE/DROP/SHOW TAG(S), ALTER TABLE, RFM, PARETO.</summary>
internal sealed partial class Parser
{
    // ---- CREATE TAG / DROP TAG / SHOW TAGS ----

    private CreateTagSyntax ParseCreateTag(Token create, bool orReplace)
    {
        RequireKeyword(Keyword.Tag);
        var name = ParseName("a tag name");
        RequireKeyword(Keyword.On);
        var table = ParseName("a table name");
        RequireKeyword(Keyword.As);
        if (AtKeyword(Keyword.Tiers) && PeekToken(1).Kind == TokenKind.LeftParen)
            return new CreateTagSyntax(name, table, orReplace, null, ParseTiers(), SpanFrom(create.Span.Start));
        Expect("TIERS");
        var definition = ParseExpression();
        return new CreateTagSyntax(name, table, orReplace, definition, null, SpanFrom(create.Span.Start));
    }

    private TiersSyntax ParseTiers()
    {
        var tiers = Advance();
        Require(TokenKind.LeftParen);
        var measure = ParseExpression();
        Require(TokenKind.Comma);
        // QUANTILES and LABELS are keywords only where a list follows (a column may be called quantiles).
        bool quantiles = AtKeyword(Keyword.Quantiles) && PeekToken(1).Kind is not (TokenKind.Comma or TokenKind.RightParen) && AcceptKeyword(Keyword.Quantiles);
        var cuts = ParseExpressionList();
        List<ExpressionSyntax> labels = [];
        if (AtKeyword(Keyword.Labels) && PeekToken(1).Kind == TokenKind.LeftParen && AcceptKeyword(Keyword.Labels))
        {
            Require(TokenKind.LeftParen);
            labels = ParseExpressionList();
            Require(TokenKind.RightParen);
        }
        Require(TokenKind.RightParen);
        return new TiersSyntax(measure, quantiles, cuts, labels, SpanFrom(tiers.Span.Start));
    }

    private DropTagSyntax ParseDropTag(Token drop)
    {
        RequireKeyword(Keyword.Tag);
        bool ifExists = false;
        if (AcceptKeyword(Keyword.If, "IF EXISTS"))
        {
            RequireKeyword(Keyword.Exists);
            ifExists = true;
        }
        var name = ParseName("a tag name");
        var table = AcceptKeyword(Keyword.On) ? ParseName("a table name") : null;
        return new DropTagSyntax(name, table, ifExists, SpanFrom(drop.Span.Start));
    }

    private ShowTagsSyntax ParseShowTags(Token show)
    {
        RequireKeyword(Keyword.Tags);
        var table = AcceptKeyword(Keyword.On) ? ParseName("a table name") : null;
        return new ShowTagsSyntax(table, SpanFrom(show.Span.Start));
    }

    // ---- ALTER TABLE ----

    private AlterTableSyntax ParseAlter()
    {
        var alter = Advance();
        RequireKeyword(Keyword.Table);
        var table = ParseName("a table name");
        if (AcceptKeyword(Keyword.Add))
        {
            AcceptKeyword(Keyword.Column);
            bool ifNotExists = false;
            if (AtKeyword(Keyword.If) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Not })
            {
                Advance();
                Advance();
                RequireKeyword(Keyword.Exists);
                ifNotExists = true;
            }
            var column = ParseColumnDefinition();
            return new AlterTableSyntax(table, column, null, ifNotExists, SpanFrom(alter.Span.Start));
        }
        Expect("ADD");
        RequireKeyword(Keyword.Drop);
        AcceptKeyword(Keyword.Column);
        bool ifExists = false;
        if (AtKeyword(Keyword.If) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Exists })
        {
            Advance();
            Advance();
            ifExists = true;
        }
        var dropped = ParseName("a column name");
        return new AlterTableSyntax(table, null, dropped, ifExists, SpanFrom(alter.Span.Start));
    }

    // ---- RFM / PARETO ----

    private RfmSyntax ParseRfm()
    {
        var rfm = Advance();
        var table = ParseName("a table name");
        Require(TokenKind.LeftParen);
        var arguments = new List<RfmArgumentSyntax>();
        do
        {
            var name = ParseName("recency, frequency, monetary or as_of");
            Require(TokenKind.Equal);
            var value = ParseExpression();
            arguments.Add(new RfmArgumentSyntax(name, value, SpanFrom(name.Span.Start)));
        }
        while (Accept(TokenKind.Comma));
        Require(TokenKind.RightParen);
        var scores = AcceptKeyword(Keyword.Scores) ? ParseExpression() : null;
        return new RfmSyntax(table, arguments, scores, SpanFrom(rfm.Span.Start));
    }

    private ParetoSyntax ParsePareto()
    {
        var pareto = Advance();
        var table = ParseName("a table name");
        RequireKeyword(Keyword.By);
        var measure = ParseExpression();
        var where = AcceptKeyword(Keyword.Where) ? ParseExpression() : null;
        return new ParetoSyntax(table, measure, where, SpanFrom(pareto.Span.Start));
    }
}
