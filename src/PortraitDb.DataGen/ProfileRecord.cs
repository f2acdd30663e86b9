using System.Globalization;

namespace PortraitDb.DataGen;

/// <summary>
/// One synthetic customer profile. Instances are meant to be reused: <see cref="ProfileCursor.Next"/> overwrites
/// every field, and the string values come from shared static tables, so filling a record allocates nothing.
/// </summary>
/// <remarks>Property names follow the columns of <see cref="ProfileSchema"/>.</remarks>
public sealed class ProfileRecord
{
    /// <summary>The length of <see cref="CustomerId"/>: "C" and ten digits.</summary>
    public const int CustomerIdLength = 11;

    // Codes index the static value tables; -1 means NULL. Kept internal so writers can use pre-encoded bytes.
    internal uint RowIdValue;
    internal int GenderCode;
    internal int AgeValue;
    internal int CityCode;
    internal int PhoneCode;
    internal int OccupationCode;
    internal int EducationCode;
    internal int MaritalCode;
    internal int IncomeCode;
    internal int MemberCode;
    internal int ChannelCode;
    internal int RegistrationDay;
    internal int LastOrderDay;
    internal int OrderCountValue;
    internal long TotalSpendCentsValue;
    internal long AvgOrderCents;
    internal int CommentCountValue;
    internal int SessionsValue;
    internal bool CouponValue;
    internal ulong InterestBits;
    internal int InterestTotal;
    internal readonly string[] InterestBuffer = new string[ProfileData.MaxInterests];

    /// <summary>The zero-based row number; the customer id is derived from it.</summary>
    public uint RowId => RowIdValue;

    /// <summary>customer_id: "C" and the one-based row number zero-padded to ten digits. Allocates a string per call.</summary>
    public string CustomerId => string.Create(CustomerIdLength, RowIdValue, static (span, row) =>
    {
        span[0] = 'C';
        ((ulong)row + 1).TryFormat(span[1..], out _, "D10", CultureInfo.InvariantCulture);
    });

    /// <summary>gender: "male" or "female".</summary>
    public string Gender => ProfileData.Genders[GenderCode];

    /// <summary>age: 18 to 80.</summary>
    public int Age => AgeValue;

    /// <summary>province: the province of <see cref="City"/>.</summary>
    public string Province => ProfileData.Provinces[ProfileData.CityProvince[CityCode]];

    /// <summary>city.</summary>
    public string City => ProfileData.Cities[CityCode];

    /// <summary>phone_brand.</summary>
    public string PhoneBrand => ProfileData.PhoneBrands[PhoneCode];

    /// <summary>occupation, or null when unknown.</summary>
    public string? Occupation => OccupationCode < 0 ? null : ProfileData.Occupations[OccupationCode];

    /// <summary>education, or null when unknown.</summary>
    public string? Education => EducationCode < 0 ? null : ProfileData.Educations[EducationCode];

    /// <summary>marital_status: single, married, divorced or widowed.</summary>
    public string MaritalStatus => ProfileData.MaritalStatuses[MaritalCode];

    /// <summary>single: true unless <see cref="MaritalStatus"/> is "married".</summary>
    public bool Single => MaritalCode != ProfileData.Married;

    /// <summary>income_band (monthly yuan), or null when the customer did not say.</summary>
    public string? IncomeBand => IncomeCode < 0 ? null : ProfileData.IncomeBands[IncomeCode];

    /// <summary>member_level: bronze, silver, gold, platinum or diamond.</summary>
    public string MemberLevel => ProfileData.MemberLevels[MemberCode];

    /// <summary>channel: how the customer signed up.</summary>
    public string Channel => ProfileData.Channels[ChannelCode];

    /// <summary>registration_date.</summary>
    public DateOnly RegistrationDate => DateOnly.FromDayNumber(RegistrationDay);

    /// <summary>last_order_date, or null for customers who never ordered.</summary>
    public DateOnly? LastOrderDate => LastOrderDay < 0 ? null : DateOnly.FromDayNumber(LastOrderDay);

    /// <summary>order_count.</summary>
    public int OrderCount => OrderCountValue;

    /// <summary>total_spend in cents (fen).</summary>
    public long TotalSpendCents => TotalSpendCentsValue;

    /// <summary>total_spend in yuan, two decimals.</summary>
    public decimal TotalSpend => FromCents(TotalSpendCentsValue);

    /// <summary>avg_order_value in cents, rounded half up; null when there are no orders.</summary>
    public long? AvgOrderValueCents => OrderCountValue == 0 ? null : AvgOrderCents;

    /// <summary>avg_order_value in yuan, two decimals; null when there are no orders.</summary>
    public decimal? AvgOrderValue => OrderCountValue == 0 ? null : FromCents(AvgOrderCents);

    /// <summary>comment_count.</summary>
    public int CommentCount => CommentCountValue;

    /// <summary>app_sessions_30d.</summary>
    public int AppSessions30d => SessionsValue;

    /// <summary>coupon_use.</summary>
    public bool CouponUse => CouponValue;

    /// <summary>interests, in the order of <see cref="ProfileSchema.InterestTags"/>; valid until the record is refilled.</summary>
    public ReadOnlySpan<string> Interests => InterestBuffer.AsSpan(0, InterestTotal);

    /// <summary>interests as a bit set: bit i stands for <see cref="ProfileSchema.InterestTags"/>[i].</summary>
    public ulong InterestMask => InterestBits;

    /// <summary>Builds the decimal with scale 2 directly, so it prints with two decimals ("1.00", not "1").</summary>
    internal static decimal FromCents(long cents) => new((int)(uint)cents, (int)(uint)(cents >> 32), 0, false, 2);
}
