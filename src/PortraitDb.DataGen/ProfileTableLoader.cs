using PortraitDb.Storage;

namespace PortraitDb.DataGen;

/// <summary>Fills a PortraitDb table with synthetic profiles directly, through the bulk appender.</summary>
public static class ProfileTableLoader
{
    /// <summary>The table schema of <see cref="ProfileSchema.Columns"/>, with <c>customer_id</c> as the key.</summary>
    public static TableSchema TableSchema { get; } =
        new(ProfileSchema.Columns.Select(column => new ColumnDefinition(column.Name, column.Type, column.IsKey)));

    /// <summary>Creates table <paramref name="name"/> and appends <paramref name="rowCount"/> profiles generated from <paramref name="seed"/>.</summary>
    /// <exception cref="PortraitDbException">The table exists.</exception>
    public static Table CreateAndFill(PortraitDatabase database, string name, long rowCount, ulong seed, IProgress<long>? progress = null)
    {
        var table = database.CreateTable(name, TableSchema);
        Fill(table, rowCount, seed, progress);
        return table;
    }

    /// <summary>
    /// Appends <paramref name="rowCount"/> profiles (numbers <paramref name="first"/> onwards) to a table of
    /// <see cref="TableSchema"/> and commits them at once.
    /// </summary>
    public static void Fill(Table table, long rowCount, ulong seed, IProgress<long>? progress = null, long first = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + rowCount, ProfileGenerator.MaxRowCount);
        var cursor = new ProfileGenerator(seed).OpenCursor(checked((uint)first));
        var record = new ProfileRecord();
        string[] interests = [];
        using var appender = table.CreateAppender();
        for (long row = 0; row < rowCount; row++)
        {
            cursor.Next(record);
            appender.Append(record.CustomerId)
                .Append(record.Gender)
                .Append(record.Age)
                .Append(record.Province)
                .Append(record.City)
                .Append(record.PhoneBrand)
                .Append(record.Occupation)
                .Append(record.Education)
                .Append(record.MaritalStatus)
                .Append(record.Single)
                .Append(record.IncomeBand)
                .Append(record.MemberLevel)
                .Append(record.Channel)
                .Append(record.RegistrationDate);
            if (record.LastOrderDate is { } lastOrder)
                appender.Append(lastOrder);
            else
                appender.AppendNull();
            appender.Append(record.OrderCount).Append(record.TotalSpend);
            if (record.AvgOrderValue is { } average)
                appender.Append(average);
            else
                appender.AppendNull();
            appender.Append(record.CommentCount).Append(record.AppSessions30d).Append(record.CouponUse);
            if (interests.Length != record.Interests.Length)
                interests = new string[record.Interests.Length];
            record.Interests.CopyTo(interests);
            appender.Append(interests);
            appender.EndRow();
            if (progress is not null && (row + 1) % 65_536 == 0)
                progress.Report(row + 1);
        }
        appender.Commit();
        progress?.Report(rowCount);
    }
}
