using PortraitDb.DataGen;

namespace PortraitDb.Tests.DataGen;

/// <summary>Shared helpers: a full-text snapshot of a row, and one 100k-row sample reused by the distribution tests.</summary>
internal static class ProfileTestData
{
    public const ulong Seed = 20_260_630;
    public const int SampleRows = 100_000;

    private static readonly Lazy<Row[]> LazySample = new(() => new ProfileGenerator(Seed).Rows(SampleRows).Select(Row.Of).ToArray());

    public static Row[] Sample => LazySample.Value;

    /// <summary>Every column of one row, copied out of the reused record.</summary>
    public sealed record Row(
        string CustomerId, string Gender, int Age, string Province, string City, string PhoneBrand, string? Occupation,
        string? Education, string MaritalStatus, bool Single, string? IncomeBand, string MemberLevel, string Channel,
        DateOnly RegistrationDate, DateOnly? LastOrderDate, int OrderCount, decimal TotalSpend, decimal? AvgOrderValue,
        int CommentCount, int AppSessions30d, bool CouponUse, string Interests)
    {
        public static Row Of(ProfileRecord r) => new(
            r.CustomerId, r.Gender, r.Age, r.Province, r.City, r.PhoneBrand, r.Occupation, r.Education, r.MaritalStatus,
            r.Single, r.IncomeBand, r.MemberLevel, r.Channel, r.RegistrationDate, r.LastOrderDate, r.OrderCount,
            r.TotalSpend, r.AvgOrderValue, r.CommentCount, r.AppSessions30d, r.CouponUse, string.Join('|', r.Interests.ToArray()));
    }
}
