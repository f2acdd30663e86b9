using PortraitDb.Storage;

namespace PortraitDb.DataGen;

/// <summary>A column of the synthetic profile table.</summary>
/// <param name="Name">The column name (snake case).</param>
/// <param name="Type">The engine type the column is meant to load as.</param>
/// <param name="IsKey">True for the primary key, customer_id.</param>
/// <param name="IsNullable">True when the generator emits NULLs in this column.</param>
/// <param name="Values">The closed value domain of CATEGORY and TAGS columns in code order; null for the others.</param>
public sealed record ProfileColumn(string Name, ColumnType Type, bool IsKey, bool IsNullable, IReadOnlyList<string>? Values);

/// <summary>The columns of the synthetic customer-profile table, in file order.</summary>
/// <remarks>docs/synthetic-profiles.md describes each column's distribution and correlations.</remarks>
public static class ProfileSchema
{
    /// <summary>The interest tags, in the bit order of <see cref="ProfileRecord.InterestMask"/>.</summary>
    public static IReadOnlyList<string> InterestTags { get; } = Array.AsReadOnly(ProfileData.Interests);

    /// <summary>All columns, in the order the writers emit them.</summary>
    public static IReadOnlyList<ProfileColumn> Columns { get; } = Array.AsReadOnly(new ProfileColumn[]
    {
        new("customer_id", ColumnType.Text, true, false, null),
        Category("gender", ProfileData.Genders),
        new("age", ColumnType.Int32, false, false, null),
        Category("province", ProfileData.Provinces),
        Category("city", ProfileData.Cities),
        Category("phone_brand", ProfileData.PhoneBrands),
        Category("occupation", ProfileData.Occupations, nullable: true),
        Category("education", ProfileData.Educations, nullable: true),
        Category("marital_status", ProfileData.MaritalStatuses),
        new("single", ColumnType.Bool, false, false, null),
        Category("income_band", ProfileData.IncomeBands, nullable: true),
        Category("member_level", ProfileData.MemberLevels),
        Category("channel", ProfileData.Channels),
        new("registration_date", ColumnType.Date, false, false, null),
        new("last_order_date", ColumnType.Date, false, true, null),
        new("order_count", ColumnType.Int32, false, false, null),
        new("total_spend", ColumnType.Decimal(12, 2), false, false, null),
        new("avg_order_value", ColumnType.Decimal(10, 2), false, true, null),
        new("comment_count", ColumnType.Int32, false, false, null),
        new("app_sessions_30d", ColumnType.Int32, false, false, null),
        new("coupon_use", ColumnType.Bool, false, false, null),
        new("interests", ColumnType.Tags, false, false, InterestTags),
    });

    /// <summary>The zero-based position of the column named <paramref name="name"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
                return i;
        }

        return -1;
    }

    private static ProfileColumn Category(string name, string[] values, bool nullable = false) =>
        new(name, ColumnType.Category, false, nullable, Array.AsReadOnly(values));
}
