using System.Globalization;
using DuckDB.NET.Data;
using PortraitDb.DataGen;
using PortraitDb.Storage;

namespace PortraitDb.Benchmarks.Common;

/// <summary>
/// The synthetic profiles in DuckDB (in memory, through DuckDB.NET): the table's types, loading through the
/// appender, reading the CSV that <see cref="ProfileCsvWriter"/> writes, and the engine's own memory count.
/// </summary>
/// <remarks>
/// Types match PortraitDb's: CATEGORY as an ENUM made from <see cref="ProfileColumn.Values"/> (or VARCHAR, see
/// <see cref="DuckCategories"/>), TAGS as VARCHAR[] in both modes, DECIMAL(p,s), DATE, BOOLEAN, INTEGER, and
/// customer_id as VARCHAR PRIMARY KEY when a key is asked for (PortraitDb keeps a key index and rejects duplicates,
/// so DuckDB does the same work with its ART index).
/// </remarks>
internal static class DuckProfiles
{
    /// <summary>The table name used by every report.</summary>
    public const string Table = "profiles";

    private static readonly Lazy<string> VersionText = new(ReadVersion);

    /// <summary>A new in-memory DuckDB database, with the ENUM types created when <paramref name="categories"/> asks for them.</summary>
    public static DuckDBConnection Open(DuckCategories categories, string? file = null)
    {
        bool fresh = file is null || !File.Exists(file);
        var connection = new DuckDBConnection($"DataSource={file ?? ":memory:"}");
        connection.Open();
        if (categories == DuckCategories.Enum && fresh)
        {
            foreach (var column in ProfileSchema.Columns)
            {
                if (column.Type.Kind == ColumnKind.Category)
                    Execute(connection, $"CREATE TYPE {column.Name}_t AS ENUM ({string.Join(", ", column.Values!.Select(Literal))})");
            }
        }
        return connection;
    }

    /// <summary>The DuckDB type of a profile column.</summary>
    public static string ColumnType(ProfileColumn column, DuckCategories categories) => column.Type.Kind switch
    {
        ColumnKind.Text => "VARCHAR",
        ColumnKind.Category => categories == DuckCategories.Enum ? $"{column.Name}_t" : "VARCHAR",
        ColumnKind.Bool => "BOOLEAN",
        ColumnKind.Int32 => "INTEGER",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Decimal => $"DECIMAL({column.Type.Precision},{column.Type.Scale})",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        ColumnKind.Tags => "VARCHAR[]",
        _ => throw new NotSupportedException(column.Type.ToString()),
    };

    /// <summary>CREATE TABLE for the profile columns, with customer_id as PRIMARY KEY when <paramref name="withKey"/>.</summary>
    public static string CreateTableSql(string table, DuckCategories categories, bool withKey) =>
        $"CREATE TABLE {table} ({string.Join(", ", ProfileSchema.Columns.Select(column => $"{column.Name} {ColumnType(column, categories)}{(withKey && column.IsKey ? " PRIMARY KEY" : "")}"))})";

    /// <summary>Creates <paramref name="table"/> with a primary key and appends profiles 0 to <paramref name="rows"/> - 1 of <paramref name="seed"/> through the appender.</summary>
    public static void CreateAndAppend(DuckDBConnection connection, string table, DuckCategories categories, long rows, ulong seed)
    {
        Execute(connection, CreateTableSql(table, categories, withKey: true));
        Append(connection, table, rows, seed, first: 0);
        CheckCount(connection, table, rows);
    }

    /// <summary>Appends profiles <paramref name="first"/> onwards (<paramref name="rows"/> of them) through the appender.</summary>
    public static void Append(DuckDBConnection connection, string table, long rows, ulong seed, long first)
    {
        var cursor = new ProfileGenerator(seed).OpenCursor(checked((uint)first));
        var record = new ProfileRecord();
        var interests = new List<string>(ProfileSchema.InterestTags.Count);
        using (var appender = connection.CreateAppender(table))
        {
            for (long row = 0; row < rows; row++)
            {
                cursor.Next(record);
                interests.Clear();
                foreach (string tag in record.Interests)
                    interests.Add(tag);
                appender.CreateRow()
                    .AppendValue(record.CustomerId)
                    .AppendValue(record.Gender)
                    .AppendValue(record.Age)
                    .AppendValue(record.Province)
                    .AppendValue(record.City)
                    .AppendValue(record.PhoneBrand)
                    .AppendValue(record.Occupation)
                    .AppendValue(record.Education)
                    .AppendValue(record.MaritalStatus)
                    .AppendValue(record.Single)
                    .AppendValue(record.IncomeBand)
                    .AppendValue(record.MemberLevel)
                    .AppendValue(record.Channel)
                    .AppendValue((DateOnly?)record.RegistrationDate)
                    .AppendValue(record.LastOrderDate)
                    .AppendValue(record.OrderCount)
                    .AppendValue((decimal?)record.TotalSpend)
                    .AppendValue(record.AvgOrderValue)
                    .AppendValue(record.CommentCount)
                    .AppendValue(record.AppSessions30d)
                    .AppendValue(record.CouponUse)
                    .AppendValue((IEnumerable<string>)interests)
                    .EndRow();
            }
            appender.Close();
        }
    }

    /// <summary>
    /// A SELECT that reads a <see cref="ProfileCsvWriter"/> file with read_csv and the table's types. read_csv cannot
    /// split a '|'-joined field into a list, so the SELECT splits it, an empty field being no tags.
    /// </summary>
    public static string ReadCsvSelect(string csv, DuckCategories categories)
    {
        string columns = string.Join(", ", ProfileSchema.Columns.Select(column =>
            $"{Literal(column.Name)}: {Literal(column.Type.Kind == ColumnKind.Tags ? "VARCHAR" : ColumnType(column, categories))}"));
        return "SELECT * REPLACE (CASE WHEN interests IS NULL OR interests = '' THEN []::VARCHAR[] ELSE string_split(interests, '|') END AS interests) "
            + $"FROM read_csv({Literal(csv)}, header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '', auto_detect = false, columns = {{{columns}}})";
    }

    /// <summary>Throws unless <paramref name="table"/> holds <paramref name="rows"/> rows.</summary>
    public static void CheckCount(DuckDBConnection connection, string table, long rows)
    {
        long count = Convert.ToInt64(Scalar(connection, $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);
        if (count != rows)
            throw new InvalidOperationException($"DuckDB holds {count} rows in {table}, expected {rows}.");
    }

    /// <summary>Bytes held by DuckDB's buffer manager (table data, ART index, everything), from duckdb_memory().</summary>
    public static long MemoryBytes(DuckDBConnection connection) =>
        Convert.ToInt64(Scalar(connection, "SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()"), CultureInfo.InvariantCulture);

    /// <summary>pragma_database_size() of the in-memory database, as text.</summary>
    public static string DatabaseSize(DuckDBConnection connection) =>
        Scalar(connection, "SELECT database_size || ' used, memory_usage ' || memory_usage FROM pragma_database_size() WHERE database_name = 'memory'")?.ToString() ?? "?";

    /// <summary>Runs a statement that returns nothing.</summary>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first value of the first row of a query.</summary>
    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>DuckDB's version and default thread count; loads the native library on first use.</summary>
    public static string Version() => VersionText.Value;

    private static string ReadVersion()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return $"{Scalar(connection, "SELECT version() || ', threads ' || current_setting('threads')")} (DuckDB.NET.Data.Full)";
    }
}
