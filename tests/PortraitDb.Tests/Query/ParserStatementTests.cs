using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Query;

public sealed class ParserStatementTests
{
    private static T Single<T>(string text)
        where T : StatementSyntax
    {
        var statement = Assert.IsType<T>(Parser.ParseStatement(text));
        string canonical = statement.ToString();
        Assert.True(statement.IsEquivalentTo(Parser.ParseStatement(canonical)), $"'{canonical}' does not parse back to the tree of '{text}'");
        return statement;
    }

    [Fact]
    public void Select_with_every_clause()
    {
        const string text = "select distinct city, count(*) as n, avg(age) avg_age from profiles p where gender = 'female' "
            + "group by city, 1 having count(*) > 10 order by n desc nulls last, city asc, 2 nulls first limit 10 offset 5";
        var select = Single<SelectSyntax>(text);
        Assert.True(select.Distinct);
        Assert.Equal(3, select.Items.Count);
        Assert.Null(select.Items[0].Alias);
        Assert.Equal("n", select.Items[1].Alias!.Name);
        Assert.Equal("avg_age", select.Items[2].Alias!.Name);
        Assert.Equal("profiles", select.From!.Name.Name);
        Assert.Equal("p", select.From.Alias!.Name);
        Assert.NotNull(select.Where);
        Assert.Equal(2, select.GroupBy.Count);
        Assert.Equal(1L, Assert.IsType<LiteralSyntax>(select.GroupBy[1]).IntegerValue);
        Assert.NotNull(select.Having);
        Assert.Equal(3, select.OrderBy.Count);
        Assert.True(select.OrderBy[0].Descending);
        Assert.False(select.OrderBy[0].NullsFirst);
        Assert.False(select.OrderBy[1].Descending);
        Assert.Null(select.OrderBy[1].NullsFirst);
        Assert.True(select.OrderBy[2].NullsFirst);
        Assert.Equal(10L, Assert.IsType<LiteralSyntax>(select.Limit).IntegerValue);
        Assert.Equal(5L, Assert.IsType<LiteralSyntax>(select.Offset).IntegerValue);
        Assert.Equal(new TextSpan(0, text.Length), select.Span);
        Assert.Equal(
            "SELECT DISTINCT city, count(*) AS n, avg(age) AS avg_age FROM profiles AS p WHERE gender = 'female' GROUP BY city, 1 "
            + "HAVING count(*) > 10 ORDER BY n DESC NULLS LAST, city, 2 NULLS FIRST LIMIT 10 OFFSET 5",
            select.ToString());
    }

    [Fact]
    public void Select_without_from_and_with_offset_before_limit()
    {
        var select = Single<SelectSyntax>("SELECT 1 + 1");
        Assert.Null(select.From);
        Assert.Equal("SELECT 1 + 1", select.ToString());
        var offsetFirst = Single<SelectSyntax>("SELECT a FROM t OFFSET ? LIMIT ?");
        Assert.Equal(1, Assert.IsType<ParameterSyntax>(offsetFirst.Offset).Position);
        Assert.Equal(2, Assert.IsType<ParameterSyntax>(offsetFirst.Limit).Position);
        Assert.Equal("SELECT a FROM t OFFSET ? LIMIT ?", offsetFirst.ToString());
    }

    [Fact]
    public void Stars_in_the_select_list()
    {
        var select = Single<SelectSyntax>("SELECT *, p.* FROM profiles AS p");
        Assert.Null(Assert.IsType<StarSyntax>(select.Items[0].Expression).Table);
        Assert.Equal("p", Assert.IsType<StarSyntax>(select.Items[1].Expression).Table!.Name);
        Assert.Equal("SELECT *, p.* FROM profiles AS p", select.ToString());
    }

    [Fact]
    public void Explain_and_explain_analyze()
    {
        var explain = Single<ExplainSyntax>("EXPLAIN SELECT COUNT(*) FROM t");
        Assert.False(explain.Analyze);
        Assert.IsType<SelectSyntax>(explain.Statement);
        var analyze = Single<ExplainSyntax>("explain analyze select count(*) from t where likes has 'x'");
        Assert.True(analyze.Analyze);
        Assert.StartsWith("EXPLAIN ANALYZE SELECT", analyze.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_table_with_types_and_keys()
    {
        var create = Single<CreateTableSyntax>(
            "CREATE TABLE IF NOT EXISTS profiles (id BIGINT PRIMARY KEY, gender CATEGORY, age INT, city category, phone TEXT, "
            + "interests TAGS, total_spend DECIMAL(12,2), last_order_date DATE, seen TIMESTAMP, vip BOOL, score DOUBLE, "
            + "\"default\" CATEGORY, day INT, month CATEGORY, key VARCHAR(10))");
        Assert.True(create.IfNotExists);
        Assert.Equal("profiles", create.Name.Name);
        Assert.Null(create.AsSelect);
        Assert.Equal(15, create.Columns.Count);
        Assert.True(create.Columns[0].IsKey);
        Assert.False(create.Columns[1].IsKey);
        Assert.Equal(
            [
                ColumnType.Int64, ColumnType.Category, ColumnType.Int32, ColumnType.Category, ColumnType.Text, ColumnType.Tags,
                ColumnType.Decimal(12, 2), ColumnType.Date, ColumnType.Timestamp, ColumnType.Bool, ColumnType.Double,
                ColumnType.Category, ColumnType.Int32, ColumnType.Category, ColumnType.Text,
            ],
            create.Columns.Select(column => column.Type.Type));
        Assert.Equal(["id", "gender", "age"], create.Columns.Take(3).Select(column => column.Name.Name));
        Assert.Equal("default", create.Columns[11].Name.Name);
        Assert.Contains("default CATEGORY, day INT, month CATEGORY, key VARCHAR(10))", create.ToString(), StringComparison.Ordinal);

        Assert.True(Single<CreateTableSyntax>("CREATE TABLE fans (user_id BIGINT KEY, likes TAGS)").Columns[0].IsKey);
        Assert.Equal(ColumnType.Decimal(18, 3), Single<CreateTableSyntax>("CREATE TABLE t (x DECIMAL)").Columns[0].Type.Type);
        Assert.Equal(ColumnType.Decimal(5, 0), Single<CreateTableSyntax>("CREATE TABLE t (x NUMERIC(5))").Columns[0].Type.Type);
    }

    [Fact]
    public void Create_table_as_select_and_drop_table()
    {
        var create = Single<CreateTableSyntax>("CREATE TABLE rich AS SELECT * FROM adult WHERE income = '>50K'");
        Assert.Empty(create.Columns);
        Assert.NotNull(create.AsSelect);
        Assert.False(create.IfNotExists);

        Assert.False(Single<DropTableSyntax>("DROP TABLE adult").IfExists);
        var drop = Single<DropTableSyntax>("drop table if exists \"My Table\"");
        Assert.True(drop.IfExists);
        Assert.Equal("My Table", drop.Name.Name);
        Assert.Equal("DROP TABLE IF EXISTS \"My Table\"", drop.ToString());
    }

    [Fact]
    public void Import_with_options_of_every_kind()
    {
        const string text = "IMPORT '/data/人群.csv' INTO profiles WITH (header = true, delimiter = ', ', null = '?', skip -1, "
            + "key = id, columns = (id, age, city), types = (age INT, city CATEGORY), nulls = ('?', 'NA'), \"Odd Name\" = 2.5)";
        var import = Single<ImportSyntax>(text);
        Assert.Equal("/data/人群.csv", import.Path);
        Assert.Equal("'/data/人群.csv'", import.PathSpan.Slice(text));
        Assert.Equal("profiles", import.Table.Name);
        Assert.Equal(["header", "delimiter", "null", "skip", "key", "columns", "types", "nulls", "Odd Name"], import.Options.Select(option => option.Name.Name));

        Assert.True(import.Options[0].Value.Literal!.BooleanValue);
        Assert.Equal(", ", import.Options[1].Value.Literal!.StringValue);
        Assert.Equal(-1L, import.Options[3].Value.Literal!.IntegerValue);
        Assert.Equal(OptionValueKind.Name, import.Options[4].Value.Kind);
        Assert.Equal("id", import.Options[4].Value.Name!.Name);
        var columns = import.Options[5].Value;
        Assert.Equal(OptionValueKind.List, columns.Kind);
        Assert.Equal(["id", "age", "city"], columns.Items.Select(item => item.Name!.Name));
        Assert.All(columns.Items, item => Assert.Null(item.Type));
        var types = import.Options[6].Value.Items;
        Assert.Equal([ColumnType.Int32, ColumnType.Category], types.Select(item => item.Type!.Type));
        Assert.Equal(["?", "NA"], import.Options[7].Value.Items.Select(item => item.Literal!.StringValue));
        Assert.Equal(
            "IMPORT '/data/人群.csv' INTO profiles WITH (header = TRUE, delimiter = ', ', null = '?', skip = -1, key = id, "
            + "columns = (id, age, city), types = (age INT, city CATEGORY), nulls = ('?', 'NA'), \"Odd Name\" = 2.5)",
            import.ToString());

        Assert.Empty(Single<ImportSyntax>("IMPORT 'x.parquet' INTO t").Options);
    }

    [Fact]
    public void Insert_values_or_select_with_or_replace()
    {
        var insert = Single<InsertSyntax>("INSERT OR REPLACE INTO fans VALUES (1, 24, 'M', 'technician', '85711', 'Documentary')");
        Assert.True(insert.OrReplace);
        Assert.Empty(insert.Columns);
        Assert.Equal(6, Assert.Single(insert.Rows).Values.Count);
        Assert.Null(insert.Query);

        var many = Single<InsertSyntax>("insert into t (a, \"B\") values (1, 'x'), (-2, NULL), (?, $v)");
        Assert.False(many.OrReplace);
        Assert.Equal(["a", "B"], many.Columns.Select(column => column.Name));
        Assert.Equal(3, many.Rows.Count);
        Assert.Equal("INSERT INTO t (a, B) VALUES (1, 'x'), (-2, NULL), (?, $v)", many.ToString());

        var fromSelect = Single<InsertSyntax>("INSERT INTO rich (id) SELECT id FROM adult WHERE income = '>50K'");
        Assert.Empty(fromSelect.Rows);
        Assert.NotNull(fromSelect.Query);
    }

    [Fact]
    public void Update_and_delete()
    {
        var update = Single<UpdateSyntax>("UPDATE profiles SET city = '上海', age = age + 1 WHERE id = $id");
        Assert.Equal(["city", "age"], update.Assignments.Select(assignment => assignment.Column.Name));
        Assert.NotNull(update.Where);
        Assert.Equal("UPDATE profiles SET city = '上海', age = age + 1 WHERE id = $id", update.ToString());
        Assert.Null(Single<UpdateSyntax>("UPDATE t SET a = 1").Where);

        var delete = Single<DeleteSyntax>("DELETE FROM fans WHERE user_id = 2");
        Assert.Equal("fans", delete.Table.Name);
        Assert.NotNull(delete.Where);
        Assert.Null(Single<DeleteSyntax>("delete from fans").Where);
    }

    [Fact]
    public void Show_tables_and_describe()
    {
        Single<ShowTablesSyntax>("show tables");
        Assert.Equal("profiles", Single<DescribeSyntax>("DESCRIBE profiles").Table.Name);
        Assert.Equal("DESCRIBE profiles", Single<DescribeSyntax>("desc profiles").ToString());
    }

    [Fact]
    public void Scripts_split_on_semicolons_with_absolute_spans()
    {
        const string text = ";; SELECT 1;\n-- nothing here\n;\nSELECT ? , ?;  DELETE FROM t ;";
        var statements = Parser.ParseScript(text);
        Assert.Equal(3, statements.Count);
        Assert.Equal("SELECT 1", statements[0].Span.Slice(text));
        Assert.Equal("SELECT ? , ?", statements[1].Span.Slice(text));
        Assert.Equal("DELETE FROM t", statements[2].Span.Slice(text));
        var second = Assert.IsType<SelectSyntax>(statements[1]);
        Assert.Equal([1, 2], second.Items.Select(item => Assert.IsType<ParameterSyntax>(item.Expression).Position));
        Assert.Empty(Parser.ParseScript(""));
        Assert.Empty(Parser.ParseScript(" ; -- only a comment\n /* and another */ ;"));
    }

    [Fact]
    public void Positional_parameters_restart_at_one_in_each_statement()
    {
        var statements = Parser.ParseScript("SELECT ? FROM t; SELECT ?, ? FROM t");
        var first = Assert.IsType<SelectSyntax>(statements[0]);
        var second = Assert.IsType<SelectSyntax>(statements[1]);
        Assert.Equal(1, Assert.IsType<ParameterSyntax>(first.Items[0].Expression).Position);
        Assert.Equal([1, 2], second.Items.Select(item => Assert.IsType<ParameterSyntax>(item.Expression).Position));
    }

    [Fact]
    public void Keywords_outside_the_reserved_set_are_names()
    {
        var select = Single<SelectSyntax>(
            "SELECT day, month, key, type, date, first, last, nulls, values, set, tables, audience, replace FROM bank WHERE y = 'yes'");
        Assert.Equal(13, select.Items.Count);
        Assert.All(select.Items, item => Assert.IsType<ColumnSyntax>(item.Expression));
        var update = Single<UpdateSyntax>("UPDATE set SET set = 1");
        Assert.Equal("set", update.Table.Name);
    }

    [Fact]
    public void Reserved_words_print_quoted_and_parse_back()
    {
        var select = Single<SelectSyntax>("SELECT \"from\" AS \"select\", \"Order\" FROM \"table\" AS \"where\"");
        Assert.Equal("SELECT \"from\" AS \"select\", \"Order\" FROM table AS \"where\"", select.ToString());
        Assert.Equal("CREATE TABLE \"if\" (a INT)", Single<CreateTableSyntax>("CREATE TABLE \"if\" (a INT)").ToString());
    }
    [Fact]
    public void Tag_statements()
    {
        var tag = Single<CreateTagSyntax>("create or replace tag vip on profiles as spend > 1000 and city = '北京'");
        Assert.True(tag.OrReplace);
        Assert.Equal("vip", tag.Name.Name);
        Assert.Equal("profiles", tag.Table.Name);
        Assert.IsType<BinarySyntax>(tag.Definition);
        Assert.Equal("CREATE OR REPLACE TAG vip ON profiles AS spend > 1000 AND city = '北京'", tag.ToString());

        var tiers = Single<CreateTagSyntax>("CREATE TAG tier ON t AS TIERS(spend, QUANTILES 0.5, 0.8 LABELS ('low', 'mid', 'top'))");
        Assert.Null(tiers.Definition);
        Assert.True(tiers.Tiers!.Quantiles);
        Assert.Equal(2, tiers.Tiers.Cuts.Count);
        Assert.Equal(3, tiers.Tiers.Labels.Count);
        // A column called quantiles is a cut, not the keyword.
        var plain = Single<CreateTagSyntax>("CREATE TAG tier ON t AS TIERS(spend, quantiles)");
        Assert.False(plain.Tiers!.Quantiles);
        Assert.IsType<ColumnSyntax>(plain.Tiers.Cuts[0]);

        var drop = Single<DropTagSyntax>("DROP TAG IF EXISTS vip ON profiles");
        Assert.True(drop.IfExists);
        Assert.Equal("profiles", drop.Table!.Name);
        Assert.Null(Single<DropTagSyntax>("drop tag vip").Table);
        Assert.Null(Single<ShowTagsSyntax>("SHOW TAGS").Table);
        Assert.Equal("t", Single<ShowTagsSyntax>("show tags on t").Table!.Name);
    }

    [Fact]
    public void Alter_rfm_and_pareto_statements()
    {
        var add = Single<AlterTableSyntax>("ALTER TABLE t ADD COLUMN IF NOT EXISTS note TEXT");
        Assert.True(add.IfClause);
        Assert.Equal("note", add.Added!.Name.Name);
        Assert.Equal("ALTER TABLE t ADD COLUMN note TEXT", Single<AlterTableSyntax>("alter table t add note text").ToString());
        var drop = Single<AlterTableSyntax>("ALTER TABLE t DROP IF EXISTS note");
        Assert.Equal("note", drop.Dropped!.Name);
        Assert.Null(drop.Added);

        var rfm = Single<RfmSyntax>("RFM customers (recency = last_order, frequency = orders, monetary = spend, as_of = DATE '1998-07-01') SCORES 4");
        Assert.Equal(["recency", "frequency", "monetary", "as_of"], rfm.Arguments.Select(argument => argument.Name.Name));
        Assert.IsType<TypedLiteralSyntax>(rfm.Arguments[3].Value);
        Assert.Equal(4L, Assert.IsType<LiteralSyntax>(rfm.Scores).IntegerValue);

        var pareto = Single<ParetoSyntax>("PARETO customers BY spend WHERE city = '上海'");
        Assert.IsType<ColumnSyntax>(pareto.Measure);
        Assert.NotNull(pareto.Where);
    }

    [Fact]
    public void In_subqueries_nest_and_print_back()
    {
        var select = Single<SelectSyntax>("SELECT id FROM t WHERE id NOT IN (SELECT customer FROM orders WHERE customer IN (SELECT id FROM vip)) AND age > 3");
        var and = Assert.IsType<BinarySyntax>(select.Where);
        var subquery = Assert.IsType<InSubquerySyntax>(and.Left);
        Assert.True(subquery.Negated);
        Assert.IsType<InSubquerySyntax>(subquery.Query.Where);
        Assert.Equal("SELECT id FROM t WHERE id NOT IN (SELECT customer FROM orders WHERE customer IN (SELECT id FROM vip)) AND age > 3", select.ToString());
    }
}
