namespace PortraitDb.Query.Syntax;

/// <summary>The portrait statements: audiences, PROFILE, COMPARE, OVERLAP, SAMPLE, EXPORT, and SET for settings.</summary>
internal sealed partial class Parser
{
    private const string MinCountWord = "MIN_COUNT";

    // ---- CREATE / DROP AUDIENCE ----

    private CreateAudienceSyntax ParseCreateAudience(Token create, bool orReplace)
    {
        RequireKeyword(Keyword.Audience);
        bool ifNotExists = false;
        if (orReplace && AtKeyword(Keyword.If) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Not })
            throw Error(Current.Span, "OR REPLACE and IF NOT EXISTS contradict each other; write one of them");
        if (!orReplace && AcceptKeyword(Keyword.If, "IF NOT EXISTS"))
        {
            RequireKeyword(Keyword.Not);
            RequireKeyword(Keyword.Exists);
            ifNotExists = true;
        }
        var name = ParseName("an audience name");
        RequireKeyword(Keyword.On);
        var table = ParseName("a table name");
        RequireKeyword(Keyword.As);
        bool snapshot = AcceptKeyword(Keyword.Snapshot);
        var condition = ParseExpression();
        return new CreateAudienceSyntax(name, orReplace, ifNotExists, table, snapshot, condition, SpanFrom(create.Span.Start));
    }

    private DropAudienceSyntax ParseDropAudience(Token drop)
    {
        RequireKeyword(Keyword.Audience);
        bool ifExists = false;
        if (AcceptKeyword(Keyword.If, "IF EXISTS"))
        {
            RequireKeyword(Keyword.Exists);
            ifExists = true;
        }
        var name = ParseName("an audience name");
        return new DropAudienceSyntax(name, ifExists, SpanFrom(drop.Span.Start));
    }

    // ---- SET ----

    private SetSyntax ParseSet()
    {
        var set = Advance();
        var name = ParseName("a setting name");
        if (!Accept(TokenKind.Equal))
            RequireKeyword(Keyword.To);
        var value = ParseOptionValue();
        return new SetSyntax(name, value, SpanFrom(set.Span.Start));
    }

    // ---- PROFILE / COMPARE / OVERLAP ----

    private ProfileSyntax ParseProfile()
    {
        var profile = Advance();
        var target = ParseAudienceTarget(allowAlias: false);
        var versus = AcceptKeyword(Keyword.Vs) ? ParseAudienceTarget(allowAlias: false) : null;
        var table = AcceptKeyword(Keyword.On) ? ParseName("a table name") : null;
        List<ExpressionSyntax> dimensions = [];
        if (AcceptKeyword(Keyword.By))
            dimensions = ParseExpressionList();
        List<ExpressionSyntax> measures = [];
        if (AcceptKeyword(Keyword.Measures))
            measures = ParseExpressionList();
        if (dimensions.Count == 0 && measures.Count == 0)
        {
            Expect("BY");
            Expect("MEASURES");
            throw Unexpected();
        }
        var minCount = AcceptWord(MinCountWord) ? ParseExpression() : null;
        IdentifierSyntax? orderBy = null;
        bool? descending = null;
        if (AcceptKeyword(Keyword.Order, "ORDER BY"))
        {
            RequireKeyword(Keyword.By);
            var key = Current;
            if (key.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier) || key.IsReserved)
            {
                Expect("tgi, share, count, base_share, base_count or value", isName: true);
                throw Unexpected();
            }
            Advance();
            orderBy = new IdentifierSyntax(key.Text, key.Span);
            if (AcceptKeyword(Keyword.Desc))
                descending = true;
            else if (AcceptKeyword(Keyword.Asc))
                descending = false;
        }
        var limit = AcceptKeyword(Keyword.Limit) ? ParseExpression() : null;
        return new ProfileSyntax(target, versus, table, dimensions, measures, minCount, orderBy, descending, limit, SpanFrom(profile.Span.Start));
    }

    private CompareSyntax ParseCompare()
    {
        var compare = Advance();
        var targets = ParseAudienceTargets();
        var table = AcceptKeyword(Keyword.On) ? ParseName("a table name") : null;
        RequireKeyword(Keyword.By);
        var dimensions = ParseExpressionList();
        var minCount = AcceptWord(MinCountWord) ? ParseExpression() : null;
        var limit = AcceptKeyword(Keyword.Limit) ? ParseExpression() : null;
        return new CompareSyntax(targets, table, dimensions, minCount, limit, SpanFrom(compare.Span.Start));
    }

    private OverlapSyntax ParseOverlap()
    {
        var overlap = Advance();
        var targets = ParseAudienceTargets();
        var table = AcceptKeyword(Keyword.On) ? ParseName("a table name") : null;
        return new OverlapSyntax(targets, table, SpanFrom(overlap.Span.Start));
    }

    /// <summary>Two or more audiences separated by commas.</summary>
    private List<AudienceTargetSyntax> ParseAudienceTargets()
    {
        var targets = new List<AudienceTargetSyntax> { ParseAudienceTarget(allowAlias: true) };
        Require(TokenKind.Comma);
        do
            targets.Add(ParseAudienceTarget(allowAlias: true));
        while (Accept(TokenKind.Comma));
        return targets;
    }

    private AudienceTargetSyntax ParseAudienceTarget(bool allowAlias)
    {
        int start = Current.Span.Start;
        Expect("an audience name");
        var condition = ParseExpression();
        var alias = allowAlias && AcceptKeyword(Keyword.As) ? ParseName("a name") : null;
        return new AudienceTargetSyntax(condition, alias, SpanFrom(start));
    }

    // ---- SAMPLE / EXPORT ----

    private SampleSyntax ParseSample()
    {
        var sample = Advance();
        var count = ParseExpression();
        RequireKeyword(Keyword.From);
        RequireKeyword(Keyword.Audience);
        var audience = ParseName("an audience name");
        var seed = AcceptKeyword(Keyword.Seed) ? ParseExpression() : null;
        bool withPii = AcceptWithPii();
        return new SampleSyntax(count, audience, seed, withPii, SpanFrom(sample.Span.Start));
    }

    private ExportAudienceSyntax ParseExport()
    {
        var export = Advance();
        RequireKeyword(Keyword.Audience);
        var audience = ParseName("an audience name");
        RequireKeyword(Keyword.To);
        var path = Current;
        if (path.Kind != TokenKind.String)
        {
            Expect("a file path in single quotes");
            throw Unexpected();
        }
        Advance();
        List<OptionSyntax> options = [];
        bool withPii = false;
        while (!withPii && AcceptKeyword(Keyword.With))
        {
            if (options.Count == 0 && At(TokenKind.LeftParen))
            {
                options = ParseOptions();
                continue;
            }
            if (options.Count == 0)
                Expect("'('");
            RequireKeyword(Keyword.Pii);
            withPii = true;
        }
        return new ExportAudienceSyntax(audience, path.Text, path.Span, options, withPii, SpanFrom(export.Span.Start));
    }

    // ---- Shared ----

    /// <summary>True at <c>WITH PII</c> (which ends a statement), so it is not read as an alias.</summary>
    private bool AtWithPii() => AtKeyword(Keyword.With) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Pii };

    /// <summary>Reads a trailing <c>WITH PII</c> if one comes next.</summary>
    private bool AcceptWithPii()
    {
        // Not offered in "expected ..." lists: it is rare, and the lists stay short.
        if (!AtWithPii())
            return false;
        Advance();
        Advance();
        return true;
    }

    /// <summary>A word that is not a keyword of its own (MIN_COUNT), matched case-insensitively.</summary>
    private bool AcceptWord(string word)
    {
        if (Current.Kind == TokenKind.Identifier && string.Equals(Current.Text, word, StringComparison.OrdinalIgnoreCase))
        {
            Advance();
            return true;
        }
        Expect(word);
        return false;
    }
}
