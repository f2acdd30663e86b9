namespace PortraitDb.Query.Syntax;

/// <summary>Statements: one method each, chosen by the leading keyword (see <see cref="StatementParsers"/>).</summary>
internal sealed partial class Parser
{
    // ---- SELECT ----

    private SelectSyntax ParseSelect()
    {
        var select = RequireKeyword(Keyword.Select);
        bool distinct = AcceptKeyword(Keyword.Distinct);
        var items = new List<SelectItemSyntax> { ParseSelectItem() };
        while (Accept(TokenKind.Comma))
            items.Add(ParseSelectItem());
        var from = AcceptKeyword(Keyword.From) ? ParseTableReference() : null;
        var where = AcceptKeyword(Keyword.Where) ? ParseExpression() : null;
        List<ExpressionSyntax> groupBy = [];
        if (AcceptKeyword(Keyword.Group, "GROUP BY"))
        {
            RequireKeyword(Keyword.By);
            groupBy = ParseExpressionList();
        }
        var having = AcceptKeyword(Keyword.Having) ? ParseExpression() : null;
        var orderBy = new List<OrderItemSyntax>();
        if (AcceptKeyword(Keyword.Order, "ORDER BY"))
        {
            RequireKeyword(Keyword.By);
            do
                orderBy.Add(ParseOrderItem());
            while (Accept(TokenKind.Comma));
        }
        ExpressionSyntax? limit = null;
        ExpressionSyntax? offset = null;
        bool offsetBeforeLimit = false;
        if (AcceptKeyword(Keyword.Limit))
        {
            limit = ParseExpression();
            if (AcceptKeyword(Keyword.Offset))
                offset = ParseExpression();
        }
        else if (AcceptKeyword(Keyword.Offset))
        {
            offset = ParseExpression();
            if (AcceptKeyword(Keyword.Limit))
            {
                limit = ParseExpression();
                offsetBeforeLimit = true;
            }
        }
        bool withPii = AcceptWithPii();
        return new SelectSyntax(distinct, items, from, where, groupBy, having, orderBy, limit, offset, SpanFrom(select.Span.Start), offsetBeforeLimit, withPii);
    }

    private SelectItemSyntax ParseSelectItem()
    {
        var first = Current;
        if (first.Kind == TokenKind.Star)
        {
            Advance();
            return new SelectItemSyntax(new StarSyntax(null, first.Span), null, first.Span);
        }
        if (first.IsName && PeekToken(1).Kind == TokenKind.Dot && PeekToken(2).Kind == TokenKind.Star)
        {
            Advance();
            Advance();
            Advance();
            var span = SpanFrom(first.Span.Start);
            return new SelectItemSyntax(new StarSyntax(new IdentifierSyntax(first.Text, first.Span), span), null, span);
        }
        Expect("'*'");
        var expression = ParseExpression();
        return new SelectItemSyntax(expression, ParseAlias(), SpanFrom(first.Span.Start));
    }

    /// <summary><c>AS name</c>, or a bare name (remembered, so a misspelt keyword read as an alias can be pointed out).</summary>
    private IdentifierSyntax? ParseAlias()
    {
        if (AcceptKeyword(Keyword.As))
            return ParseName("an alias");
        if (!Current.IsName || AtWithPii())
            return null;
        _implicitAliasAt = _position;
        var token = Advance();
        return new IdentifierSyntax(token.Text, token.Span);
    }

    private TableReferenceSyntax ParseTableReference()
    {
        var name = ParseName("a table name");
        var alias = ParseAlias();
        return new TableReferenceSyntax(name, alias, SpanFrom(name.Span.Start));
    }

    private OrderItemSyntax ParseOrderItem()
    {
        int start = Current.Span.Start;
        var expression = ParseExpression();
        bool descending = AcceptKeyword(Keyword.Desc);
        if (!descending)
            AcceptKeyword(Keyword.Asc);
        bool? nullsFirst = null;
        if (AcceptKeyword(Keyword.Nulls, "NULLS FIRST"))
        {
            if (AcceptKeyword(Keyword.First))
                nullsFirst = true;
            else if (AcceptKeyword(Keyword.Last))
                nullsFirst = false;
            else
                throw Unexpected();
        }
        return new OrderItemSyntax(expression, descending, nullsFirst, SpanFrom(start));
    }

    // ---- EXPLAIN ----

    private ExplainSyntax ParseExplain()
    {
        var explain = Advance();
        bool analyze = AcceptKeyword(Keyword.Analyze);
        if (AtKeyword(Keyword.Explain))
            throw Error(Current.Span, "EXPLAIN cannot explain another EXPLAIN");
        var statement = ParseStatement();
        return new ExplainSyntax(analyze, statement, SpanFrom(explain.Span.Start));
    }

    // ---- CREATE / DROP ----

    private StatementSyntax ParseCreate()
    {
        var create = Advance();
        bool orReplace = false;
        if (AtKeyword(Keyword.Or) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Replace })
        {
            Advance();
            Advance();
            orReplace = true;
        }
        if (AtKeyword(Keyword.Table) && !orReplace)
            return ParseCreateTable(create);
        if (AtKeyword(Keyword.Tag))
            return ParseCreateTag(create, orReplace);
        if (AtKeyword(Keyword.Audience))
            return ParseCreateAudience(create, orReplace);
        if (!orReplace)
            Expect("TABLE");
        Expect("TAG");
        Expect("AUDIENCE");
        if (!orReplace)
            Expect("OR REPLACE");
        throw Unexpected();
    }

    private CreateTableSyntax ParseCreateTable(Token create)
    {
        RequireKeyword(Keyword.Table);
        bool ifNotExists = false;
        if (AcceptKeyword(Keyword.If, "IF NOT EXISTS"))
        {
            RequireKeyword(Keyword.Not);
            RequireKeyword(Keyword.Exists);
            ifNotExists = true;
        }
        var name = ParseName("a table name");
        if (AcceptKeyword(Keyword.As))
        {
            var select = ParseSelect();
            return new CreateTableSyntax(name, ifNotExists, [], select, SpanFrom(create.Span.Start));
        }
        Require(TokenKind.LeftParen);
        var columns = new List<ColumnDefinitionSyntax>();
        do
            columns.Add(ParseColumnDefinition());
        while (Accept(TokenKind.Comma));
        Require(TokenKind.RightParen);
        return new CreateTableSyntax(name, ifNotExists, columns, null, SpanFrom(create.Span.Start));
    }

    private ColumnDefinitionSyntax ParseColumnDefinition()
    {
        var name = ParseName("a column name");
        var type = ParseTypeName();
        bool isKey = false;
        bool isPii = false;
        while (true)
        {
            if (!isKey && AcceptKeyword(Keyword.Key))
            {
                isKey = true;
            }
            else if (!isKey && AcceptKeyword(Keyword.Primary, "PRIMARY KEY"))
            {
                RequireKeyword(Keyword.Key);
                isKey = true;
            }
            else if (!isPii && AcceptKeyword(Keyword.Pii))
            {
                isPii = true;
            }
            else
            {
                break;
            }
        }
        return new ColumnDefinitionSyntax(name, type, isKey, SpanFrom(name.Span.Start), isPii);
    }

    private StatementSyntax ParseDrop()
    {
        var drop = Advance();
        if (AtKeyword(Keyword.Tag))
            return ParseDropTag(drop);
        if (AtKeyword(Keyword.Audience))
            return ParseDropAudience(drop);
        Expect("TAG");
        Expect("AUDIENCE");
        RequireKeyword(Keyword.Table);
        bool ifExists = false;
        if (AcceptKeyword(Keyword.If, "IF EXISTS"))
        {
            RequireKeyword(Keyword.Exists);
            ifExists = true;
        }
        var name = ParseName("a table name");
        return new DropTableSyntax(name, ifExists, SpanFrom(drop.Span.Start));
    }

    // ---- IMPORT ----

    private ImportSyntax ParseImport()
    {
        var import = Advance();
        var path = Current;
        if (path.Kind != TokenKind.String)
        {
            Expect("a file path in single quotes");
            throw Unexpected();
        }
        Advance();
        RequireKeyword(Keyword.Into);
        var table = ParseName("a table name");
        var options = AcceptKeyword(Keyword.With) ? ParseOptions() : [];
        return new ImportSyntax(path.Text, path.Span, table, options, SpanFrom(import.Span.Start));
    }

    /// <summary><c>(name [=] value, ...)</c>: shared by every statement that takes options.</summary>
    private List<OptionSyntax> ParseOptions()
    {
        Require(TokenKind.LeftParen);
        var options = new List<OptionSyntax>();
        do
            options.Add(ParseOption());
        while (Accept(TokenKind.Comma));
        Require(TokenKind.RightParen);
        return options;
    }

    private OptionSyntax ParseOption()
    {
        var nameToken = Current;
        // Any word names an option, even a reserved one: WITH (null = '?').
        if (nameToken.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            Expect("an option name");
            throw Unexpected();
        }
        Advance();
        var name = new IdentifierSyntax(nameToken.Text, nameToken.Span);
        Accept(TokenKind.Equal);
        var value = ParseOptionValue();
        return new OptionSyntax(name, value, SpanFrom(nameToken.Span.Start));
    }

    private OptionValueSyntax ParseOptionValue()
    {
        if (TryParseOptionLiteral() is { } literal)
            return OptionValueSyntax.FromLiteral(literal);
        if (At(TokenKind.LeftParen))
        {
            int start = Advance().Span.Start;
            var items = new List<OptionListItemSyntax>();
            do
                items.Add(ParseOptionListItem());
            while (Accept(TokenKind.Comma));
            Require(TokenKind.RightParen);
            return OptionValueSyntax.FromList(items, SpanFrom(start));
        }
        if (Current.IsName)
            return OptionValueSyntax.FromName(ParseName("a name"));
        Expect("an option value");
        throw Unexpected();
    }

    private OptionListItemSyntax ParseOptionListItem()
    {
        if (TryParseOptionLiteral() is { } literal)
            return new OptionListItemSyntax(literal);
        Expect("a value");
        var name = ParseName("a column name");
        var type = Current.Kind == TokenKind.Identifier && !Current.IsReserved ? ParseTypeName() : null;
        return new OptionListItemSyntax(name, type, SpanFrom(name.Span.Start));
    }

    /// <summary>A string, a number (with an optional '-'), TRUE, FALSE or NULL; null when none comes next.</summary>
    private LiteralSyntax? TryParseOptionLiteral()
    {
        var token = Current;
        bool negative = token.Kind == TokenKind.Minus && PeekToken(1).Kind is TokenKind.Integer or TokenKind.Number;
        bool literal = negative || token.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Number
            || (token.Kind == TokenKind.Identifier && token.Keyword is Keyword.True or Keyword.False or Keyword.Null);
        if (!literal)
            return null;
        if (!negative)
            return (LiteralSyntax)ParsePrimary();
        var minus = Advance();
        var number = (LiteralSyntax)ParsePrimary();
        return number.Negate(SpanFrom(minus.Span.Start));
    }

    // ---- INSERT / UPDATE / DELETE ----

    private InsertSyntax ParseInsert()
    {
        var insert = Advance();
        bool orReplace = false;
        if (AcceptKeyword(Keyword.Or, "OR REPLACE"))
        {
            RequireKeyword(Keyword.Replace);
            orReplace = true;
        }
        RequireKeyword(Keyword.Into);
        var table = ParseName("a table name");
        var columns = new List<IdentifierSyntax>();
        if (Accept(TokenKind.LeftParen))
        {
            do
                columns.Add(ParseName("a column name"));
            while (Accept(TokenKind.Comma));
            Require(TokenKind.RightParen);
        }
        if (AtKeyword(Keyword.Select))
            return new InsertSyntax(orReplace, table, columns, [], ParseSelect(), SpanFrom(insert.Span.Start));
        Expect("SELECT");
        RequireKeyword(Keyword.Values);
        var rows = new List<ValuesRowSyntax>();
        do
        {
            var open = Require(TokenKind.LeftParen);
            var values = ParseExpressionList();
            Require(TokenKind.RightParen);
            rows.Add(new ValuesRowSyntax(values, SpanFrom(open.Span.Start)));
        }
        while (Accept(TokenKind.Comma));
        return new InsertSyntax(orReplace, table, columns, rows, null, SpanFrom(insert.Span.Start));
    }

    private UpdateSyntax ParseUpdate()
    {
        var update = Advance();
        var table = ParseName("a table name");
        RequireKeyword(Keyword.Set);
        var assignments = new List<AssignmentSyntax>();
        do
        {
            var column = ParseName("a column name");
            Require(TokenKind.Equal);
            var value = ParseExpression();
            assignments.Add(new AssignmentSyntax(column, value, SpanFrom(column.Span.Start)));
        }
        while (Accept(TokenKind.Comma));
        var where = AcceptKeyword(Keyword.Where) ? ParseExpression() : null;
        return new UpdateSyntax(table, assignments, where, SpanFrom(update.Span.Start));
    }

    private DeleteSyntax ParseDelete()
    {
        var delete = Advance();
        RequireKeyword(Keyword.From);
        var table = ParseName("a table name");
        var where = AcceptKeyword(Keyword.Where) ? ParseExpression() : null;
        return new DeleteSyntax(table, where, SpanFrom(delete.Span.Start));
    }

    // ---- SHOW / DESCRIBE ----

    private StatementSyntax ParseShow()
    {
        var show = Advance();
        if (AtKeyword(Keyword.Tags))
            return ParseShowTags(show);
        if (AcceptKeyword(Keyword.Audiences))
            return new ShowAudiencesSyntax(SpanFrom(show.Span.Start));
        if (AcceptKeyword(Keyword.Settings))
            return new ShowSettingsSyntax(SpanFrom(show.Span.Start));
        Expect("TAGS");
        RequireKeyword(Keyword.Tables);
        return new ShowTablesSyntax(SpanFrom(show.Span.Start));
    }

    private DescribeSyntax ParseDescribe()
    {
        var describe = Advance();
        var table = ParseName("a table name");
        return new DescribeSyntax(table, SpanFrom(describe.Span.Start));
    }
}
