using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Query;

/// <summary>
/// Random canonical syntax trees for round-trip properties: every node kind, names that need quoting (reserved
/// words, spaces, quotes, Chinese), keywords usable as names, negative and huge numbers, and parameters. Trees are
/// canonical: no negation directly over a number literal (the parser folds the sign into the literal), and
/// positional parameters numbered in the order they print.
/// </summary>
internal sealed class SyntaxTreeGenerator(int seed)
{
    private static readonly TextSpan NoSpan = new(0, 0);

    private static readonly string[] Names =
    [
        "age", "city", "gender", "likes", "total_spend", "t", "p", "day", "month", "key", "type", "date", "timestamp",
        "interval", "first", "last", "nulls", "values", "set", "audience", "replace", "tables", "escape", "analyze",
        "primary", "into", "with", "if", "select", "from", "Order", "null", "all", "a b", "a\"b", "城市", "_x1", "MixedCase",
    ];

    private static readonly string[] FunctionNames = ["COUNT", "sum", "ROUND", "BUCKET", "DATE_TRUNC", "today", "date", "interval", "left", "cast", "f"];

    private static readonly string[] ParameterNames = ["city", "n", "x1", "城"];

    private static readonly string[] Strings = ["", "x", "it's", "北京", "'", "''", "a\nb", "%th", "Self-emp-not-inc", ">50K", "-- not a comment", "/* nor this */", "\"q\""];

    private static readonly string[] NumberTexts = ["0.5", "-1.25", "1e3", "2.5E-2", ".5", "7.", "123456789012345678901234567890", "-9223372036854775809", "1.5e300", "0.000"];

    private static readonly long[] Integers = [0, 1, -1, 42, -834, int.MaxValue, long.MaxValue, long.MinValue, 9_000_000_000];

    private static readonly string[] TypeSpellings = ["INT", "integer", "BIGINT", "DOUBLE", "float", "REAL", "DECIMAL", "NUMERIC", "VARCHAR", "TEXT", "STRING", "DATE", "TIMESTAMP", "CATEGORY", "BOOL", "boolean", "TAGS"];

    private readonly Random _random = new(seed);
    private int _positional;

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private IdentifierSyntax Name() => new(Pick(Names), NoSpan);

    private List<T> Several<T>(int min, int max, Func<T> make)
    {
        int count = _random.Next(min, max + 1);
        var items = new List<T>(count);
        for (int index = 0; index < count; index++)
            items.Add(make());
        return items;
    }

    /// <summary>Starts a new statement: positional parameters count from 1 again.</summary>
    public void ResetParameters() => _positional = 0;

    public LiteralSyntax Literal() => _random.Next(5) switch
    {
        0 => LiteralSyntax.Null(NoSpan),
        1 => LiteralSyntax.Boolean(Chance(50), NoSpan),
        2 => LiteralSyntax.Integer(Chance(50) ? Pick(Integers) : _random.Next(-1000, 1000), NoSpan),
        3 => LiteralSyntax.Number(Pick(NumberTexts), NoSpan),
        _ => LiteralSyntax.String(Pick(Strings), NoSpan),
    };

    private ParameterSyntax Parameter() =>
        Chance(50) ? new ParameterSyntax(Pick(ParameterNames), NoSpan) : new ParameterSyntax(++_positional, NoSpan);

    public TypeNameSyntax TypeName()
    {
        string name = Pick(TypeSpellings);
        int? precision = null;
        int? scale = null;
        string upper = name.ToUpperInvariant();
        if ((upper is "DECIMAL" or "NUMERIC") && Chance(70))
        {
            precision = _random.Next(1, 19);
            if (Chance(60))
                scale = _random.Next(0, precision.Value + 1);
        }
        else if (upper == "VARCHAR" && Chance(50))
        {
            precision = _random.Next(1, 300);
        }
        Assert.True(TypeNameSyntax.TryResolve(name, precision, scale, out var type, out _));
        return new TypeNameSyntax(name, precision, scale, type, NoSpan);
    }

    public ExpressionSyntax Expression(int depth)
    {
        if (depth <= 0 || Chance(20))
            return Leaf();
        int next = depth - 1;
        switch (_random.Next(16))
        {
            case 0:
            case 1:
            case 2:
                {
                    var left = Expression(next);
                    var right = Expression(next);
                    return new BinarySyntax(Pick(Enum.GetValues<BinaryOperator>()), left, right, NoSpan, NoSpan);
                }
            case 3:
                {
                    var @operator = Pick(Enum.GetValues<UnaryOperator>());
                    var operand = Expression(next);
                    // The parser folds '-' into a number literal: -5 is a literal, never a negation.
                    if (@operator == UnaryOperator.Negate && operand is LiteralSyntax { IsNumber: true })
                        return operand;
                    return new UnarySyntax(@operator, operand, NoSpan, NoSpan);
                }
            case 4:
                {
                    var operand = Expression(next);
                    var low = Expression(next);
                    var high = Expression(next);
                    return new BetweenSyntax(operand, low, high, Chance(50), NoSpan);
                }
            case 5:
                {
                    var operand = Expression(next);
                    return new InListSyntax(operand, Several(1, 3, () => Expression(next)), Chance(50), NoSpan);
                }
            case 6:
                return new IsNullSyntax(Expression(next), Chance(50), NoSpan);
            case 7:
                {
                    var operand = Expression(next);
                    var pattern = Expression(next);
                    var escape = Chance(30) ? Expression(next) : null;
                    return new LikeSyntax(operand, pattern, escape, Chance(50), Chance(50), NoSpan);
                }
            case 8:
                {
                    var operand = Expression(next);
                    var mode = Pick(Enum.GetValues<HasMode>());
                    var values = mode == HasMode.One ? [Expression(next)] : Several(1, 3, () => Expression(next));
                    return new HasSyntax(operand, mode, values, Chance(30), NoSpan);
                }
            case 9:
                {
                    if (Chance(25))
                        return new FunctionCallSyntax(Pick(FunctionNames), NoSpan, [], distinct: false, isStar: true, NoSpan);
                    var arguments = Several(0, 3, () => Expression(next));
                    return new FunctionCallSyntax(Pick(FunctionNames), NoSpan, arguments, arguments.Count > 0 && Chance(30), isStar: false, NoSpan);
                }
            case 10:
                {
                    var operand = Chance(40) ? Expression(next) : null;
                    var whens = Several(1, 3, () =>
                    {
                        var when = Expression(next);
                        return new CaseWhenSyntax(when, Expression(next), NoSpan);
                    });
                    var @else = Chance(50) ? Expression(next) : null;
                    return new CaseSyntax(operand, whens, @else, NoSpan);
                }
            case 11:
                return new CastSyntax(Expression(next), TypeName(), NoSpan);
            case 12:
                return new InSubquerySyntax(Expression(next), Select(next), Chance(50), NoSpan);
            default:
                return Leaf();
        }
    }

    private ExpressionSyntax Leaf() => _random.Next(9) switch
    {
        0 or 1 => Literal(),
        2 or 3 => new ColumnSyntax(Chance(25) ? Name() : null, Name(), NoSpan),
        4 => Parameter(),
        5 => new TypedLiteralSyntax(Chance(50) ? ColumnType.Date : ColumnType.Timestamp, Pick(Strings), NoSpan, NoSpan),
        6 => new IntervalSyntax(
            Chance(70) ? LiteralSyntax.Integer(_random.Next(-100, 100), NoSpan) : Parameter(),
            Pick(Enum.GetValues<IntervalUnit>()), NoSpan, NoSpan),
        7 => new InAudienceSyntax(Name(), NoSpan),
        _ => LiteralSyntax.String(Pick(Strings), NoSpan),
    };

    public StatementSyntax Statement(int depth, bool allowExplain = true)
    {
        switch (_random.Next(allowExplain ? 19 : 18))
        {
            case 12:
                {
                    TiersSyntax? tiers = Chance(30)
                        ? new TiersSyntax(Expression(depth), Chance(50), Several(1, 3, () => Expression(depth)), Chance(40) ? Several(1, 3, () => Expression(depth)) : [], NoSpan)
                        : null;
                    return new CreateTagSyntax(Name(), Name(), Chance(40), tiers is null ? Expression(depth) : null, tiers, NoSpan);
                }
            case 13:
                return new DropTagSyntax(Name(), Chance(50) ? Name() : null, Chance(50), NoSpan);
            case 14:
                return new ShowTagsSyntax(Chance(50) ? Name() : null, NoSpan);
            case 15:
                return Chance(50)
                    ? new AlterTableSyntax(Name(), new ColumnDefinitionSyntax(Name(), TypeName(), Chance(10), NoSpan), null, Chance(40), NoSpan)
                    : new AlterTableSyntax(Name(), null, Name(), Chance(40), NoSpan);
            case 16:
                return new RfmSyntax(Name(), Several(1, 4, () => new RfmArgumentSyntax(Name(), Expression(depth), NoSpan)), Chance(50) ? Expression(1) : null, NoSpan);
            case 17:
                return new ParetoSyntax(Name(), Expression(depth), Chance(50) ? Expression(depth) : null, NoSpan);
            case 0:
            case 1:
            case 2:
                return Select(depth);
            case 3:
                {
                    var name = Name();
                    bool ifNotExists = Chance(30);
                    if (Chance(25))
                        return new CreateTableSyntax(name, ifNotExists, [], Select(depth), NoSpan);
                    var columns = Several(1, 4, () => new ColumnDefinitionSyntax(Name(), TypeName(), Chance(20), NoSpan, isPii: Chance(15)));
                    return new CreateTableSyntax(name, ifNotExists, columns, null, NoSpan);
                }
            case 4:
                return new DropTableSyntax(Name(), Chance(50), NoSpan);
            case 5:
                return new ImportSyntax(Pick(Strings) + ".csv", NoSpan, Name(), Several(0, 4, Option), NoSpan);
            case 6:
                {
                    bool orReplace = Chance(40);
                    var table = Name();
                    var columns = Several(0, 3, Name);
                    if (Chance(25))
                        return new InsertSyntax(orReplace, table, columns, [], Select(depth), NoSpan);
                    var rows = Several(1, 3, () => new ValuesRowSyntax(Several(1, 3, () => Expression(depth)), NoSpan));
                    return new InsertSyntax(orReplace, table, columns, rows, null, NoSpan);
                }
            case 7:
                {
                    var table = Name();
                    var assignments = Several(1, 3, () =>
                    {
                        var column = Name();
                        return new AssignmentSyntax(column, Expression(depth), NoSpan);
                    });
                    return new UpdateSyntax(table, assignments, Chance(60) ? Expression(depth) : null, NoSpan);
                }
            case 8:
                {
                    var table = Name();
                    return new DeleteSyntax(table, Chance(60) ? Expression(depth) : null, NoSpan);
                }
            case 9:
                return Chance(50) ? new ShowTablesSyntax(NoSpan) : new DescribeSyntax(Name(), NoSpan);
            case 10:
            case 11:
                return PortraitStatement(depth);
            default:
                return new ExplainSyntax(Chance(50), Statement(depth, allowExplain: false), NoSpan);
        }
    }

    public SelectSyntax Select(int depth)
    {
        bool distinct = Chance(20);
        var items = Several(1, 3, () => _random.Next(6) switch
        {
            0 => new SelectItemSyntax(new StarSyntax(Chance(50) ? Name() : null, NoSpan), null, NoSpan),
            _ => new SelectItemSyntax(Expression(depth), Chance(40) ? Name() : null, NoSpan),
        });
        var from = Chance(80) ? new TableReferenceSyntax(Name(), Chance(30) ? Name() : null, NoSpan) : null;
        var where = Chance(60) ? Expression(depth) : null;
        var groupBy = Chance(30) ? Several(1, 2, () => Expression(depth)) : [];
        var having = Chance(20) ? Expression(depth) : null;
        var orderBy = Chance(30)
            ? Several(1, 2, () => new OrderItemSyntax(Expression(depth), Chance(50), Chance(50) ? null : Chance(50), NoSpan))
            : [];
        bool offsetFirst = Chance(20);
        ExpressionSyntax? limit = null;
        ExpressionSyntax? offset = null;
        if (offsetFirst)
        {
            offset = Chance(50) ? Expression(1) : null;
            limit = Chance(50) ? Expression(1) : null;
        }
        else
        {
            limit = Chance(50) ? Expression(1) : null;
            offset = Chance(30) ? Expression(1) : null;
        }
        return new SelectSyntax(distinct, items, from, where, groupBy, having, orderBy, limit, offset, NoSpan, offsetFirst, withPii: Chance(10));
    }

    /// <summary>The portrait statements: audiences, PROFILE, COMPARE, OVERLAP, SAMPLE, EXPORT, SET and SHOW.</summary>
    private StatementSyntax PortraitStatement(int depth)
    {
        switch (_random.Next(9))
        {
            case 0:
                {
                    bool orReplace = Chance(40);
                    return new CreateAudienceSyntax(Name(), orReplace, !orReplace && Chance(30), Name(), Chance(40), Expression(depth), NoSpan);
                }
            case 1:
                return new DropAudienceSyntax(Name(), Chance(50), NoSpan);
            case 2:
                return Chance(50) ? new ShowAudiencesSyntax(NoSpan) : new ShowSettingsSyntax(NoSpan);
            case 3:
                return new SetSyntax(Name(), Chance(70) ? OptionValueSyntax.FromLiteral(Literal()) : OptionValueSyntax.FromName(Name()), NoSpan);
            case 4:
                {
                    var target = Target(depth, alias: false);
                    var versus = Chance(30) ? Target(depth, alias: false) : null;
                    var table = Chance(50) ? Name() : null;
                    bool measuresOnly = Chance(15);
                    var dimensions = measuresOnly ? [] : Several(1, 3, () => Expression(depth));
                    var measures = measuresOnly || Chance(20) ? Several(1, 2, () => Expression(depth)) : [];
                    var minCount = Chance(30) ? Expression(1) : null;
                    string[] keys = ["tgi", "share", "count", "value", "base_share", "TGI"];
                    var orderBy = Chance(40) ? new IdentifierSyntax(Pick(keys), NoSpan) : null;
                    bool? descending = orderBy is not null && Chance(60) ? Chance(50) : null;
                    var limit = Chance(30) ? Expression(1) : null;
                    return new ProfileSyntax(target, versus, table, dimensions, measures, minCount, orderBy, descending, limit, NoSpan);
                }
            case 5:
                {
                    var targets = Several(2, 3, () => Target(depth, alias: true));
                    var table = Chance(50) ? Name() : null;
                    var dimensions = Several(1, 3, () => Expression(depth));
                    var minCount = Chance(30) ? Expression(1) : null;
                    return new CompareSyntax(targets, table, dimensions, minCount, Chance(30) ? Expression(1) : null, NoSpan);
                }
            case 6:
                return new OverlapSyntax(Several(2, 4, () => Target(depth, alias: true)), Chance(50) ? Name() : null, NoSpan);
            case 7:
                {
                    var count = Expression(1);
                    var audience = Name();
                    return new SampleSyntax(count, audience, Chance(50) ? Expression(1) : null, Chance(30), NoSpan);
                }
            default:
                return new ExportAudienceSyntax(Name(), Pick(Strings) + ".roaring", NoSpan, Several(0, 2, Option), Chance(30), NoSpan);
        }
    }

    private AudienceTargetSyntax Target(int depth, bool alias)
    {
        var condition = Expression(depth);
        return new AudienceTargetSyntax(condition, alias && Chance(40) ? Name() : null, NoSpan);
    }

    private OptionSyntax Option()
    {
        string[] optionNames = ["header", "delimiter", "null", "key", "columns", "types", "tag_separator", "Odd Name", "select"];
        var name = new IdentifierSyntax(Pick(optionNames), NoSpan);
        OptionValueSyntax value = _random.Next(3) switch
        {
            0 => OptionValueSyntax.FromLiteral(Literal()),
            1 => OptionValueSyntax.FromName(Name()),
            _ => OptionValueSyntax.FromList(
                Several(1, 3, () => Chance(30)
                    ? new OptionListItemSyntax(Literal())
                    : new OptionListItemSyntax(Name(), Chance(50) ? TypeName() : null, NoSpan)),
                NoSpan),
        };
        return new OptionSyntax(name, value, NoSpan);
    }
}
