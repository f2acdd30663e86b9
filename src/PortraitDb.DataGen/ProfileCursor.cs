using static PortraitDb.DataGen.ProfileData;

namespace PortraitDb.DataGen;

/// <summary>Generates consecutive rows of one seed; obtained from <see cref="ProfileGenerator.OpenCursor"/>.</summary>
/// <remarks>Not thread-safe: use one cursor per thread.</remarks>
public sealed class ProfileCursor
{
    private static readonly WeightedTable GenderTable = new([49, 51]);
    private static readonly WeightedTable AgeTable = new(AgeWeights);
    private static readonly WeightedTable CityTable = new(CityWeights);
    private static readonly WeightedTable[] OccupationTables = WeightedTable.Many(OccupationWeightsByAgeBracket);
    private static readonly WeightedTable[] EducationTables = WeightedTable.Many(EducationWeightsByAgeBracket);
    private static readonly WeightedTable[] IncomeTables = WeightedTable.Many(IncomeWeightsByPoints);
    private static readonly WeightedTable[] PhoneTables = WeightedTable.Many(PhoneWeightsByIncome);
    private static readonly WeightedTable[] MaritalTables = WeightedTable.Many(MaritalWeightsByAgeBand);
    private static readonly WeightedTable[] MemberTables = WeightedTable.Many(MemberWeightsByIncome);
    private static readonly WeightedTable[] ChannelTables = WeightedTable.Many(ChannelWeightsByAgeBracket);
    private static readonly WeightedTable InterestCountTable = new(InterestCountWeights);
    private static readonly WeightedTable[] InterestTables = WeightedTable.Many(InterestWeightsByGenderAge);
    private static readonly int FirstDay = FirstRegistration.DayNumber;
    private static readonly int LastDay = LastDate.DayNumber;
    private static readonly int Before2019 = new DateOnly(2019, 1, 1).DayNumber;

    private readonly ulong _seed;
    private Xoshiro256 _rng;
    private ulong _nextRow;

    internal ProfileCursor(ulong seed, uint firstRowId)
    {
        _seed = seed;
        var blockStart = firstRowId / ProfileGenerator.BlockSize * (ulong)ProfileGenerator.BlockSize;
        _nextRow = blockStart;
        _rng = new Xoshiro256(seed, blockStart / ProfileGenerator.BlockSize);
        if (blockStart < firstRowId)
        {
            var scratch = new ProfileRecord();
            while (_nextRow < firstRowId)
                Next(scratch);
        }
    }

    /// <summary>The row id the next call to <see cref="Next"/> produces.</summary>
    public long NextRowId => (long)_nextRow;

    /// <summary>Fills <paramref name="record"/> with the next row and advances.</summary>
    /// <exception cref="InvalidOperationException">The cursor is past the last row id.</exception>
    public void Next(ProfileRecord record)
    {
        if (_nextRow > uint.MaxValue)
            throw new InvalidOperationException("The cursor is past the last row id.");
        if (_nextRow % ProfileGenerator.BlockSize == 0)
            _rng = new Xoshiro256(_seed, _nextRow / ProfileGenerator.BlockSize);
        Fill(ref _rng, (uint)_nextRow, record);
        _nextRow++;
    }

    private static void Fill(ref Xoshiro256 rng, uint rowId, ProfileRecord r)
    {
        r.RowIdValue = rowId;
        var gender = GenderTable.Sample(ref rng);
        var age = MinAge + AgeTable.Sample(ref rng);
        var bracket = AgeBracket(age);
        var city = CityTable.Sample(ref rng);
        var tier = CityTier(city);
        r.GenderCode = gender;
        r.AgeValue = age;
        r.CityCode = city;

        // Education and occupation are drawn even when reported as NULL: income still depends on them.
        var education = EducationTables[bracket].Sample(ref rng);
        if (tier == 0 && education < 3 && rng.Below(100) < 25)
            education++;
        var occupation = OccupationTables[bracket].Sample(ref rng);
        if (occupation == 5 && education < 2)
            education = 2; // doctors are graduates
        r.EducationCode = rng.PerMille(EducationNullPerMille) ? -1 : education;
        r.OccupationCode = rng.PerMille(OccupationNullPerMille) ? -1 : occupation;

        var points = education + OccupationIncomePoints[occupation] + (2 - tier) + (age is >= 28 and <= 55 ? 1 : 0);
        var income = IncomeTables[Math.Clamp(points, 0, IncomeWeightsByPoints.Length - 1)].Sample(ref rng);
        r.IncomeCode = rng.PerMille(IncomeNullPerMille) ? -1 : income;
        r.PhoneCode = PhoneTables[income].Sample(ref rng);
        r.MaritalCode = MaritalTables[MaritalAgeBand(age)].Sample(ref rng);
        var channel = ChannelTables[bracket].Sample(ref rng);
        r.ChannelCode = channel;

        // The later of two uniform draws: sign-ups grow linearly over the years.
        var span = (uint)(LastDay - FirstDay + 1);
        var registration = FirstDay + (int)Math.Max(rng.Below(span), rng.Below(span));
        r.RegistrationDay = registration;

        int level;
        if (rng.Below(100) < NoOrderPercent)
        {
            level = 0;
            r.OrderCountValue = 0;
            r.TotalSpendCentsValue = 0;
            r.AvgOrderCents = 0;
            r.LastOrderDay = -1;
            r.CommentCountValue = 0;
        }
        else
        {
            level = MemberTables[income].Sample(ref rng);
            if (registration < Before2019 && level < MemberLevels.Length - 1 && rng.Below(100) < 25)
                level++; // long-standing customers climb a level more often

            // Pareto with alpha 2 via a square root, which is correctly rounded and so platform independent.
            var tail = (1.0 / Math.Sqrt(rng.UnitOpen())) - 1.0;
            var orders = OrderFloorByLevel[level] + (int)Math.Min(tail * OrderScaleByLevel[level], 20_000);
            var valueCents = OrderValueYuanByIncome[income] * 100L;
            var avgCents = (long)(valueCents * (0.4 + (1.2 * rng.UnitOpen())));
            var total = (avgCents * orders) + rng.Below((uint)orders);
            r.OrderCountValue = orders;
            r.TotalSpendCentsValue = total;
            r.AvgOrderCents = (total + (orders / 2)) / orders;

            var sinceRegistration = (uint)(LastDay - registration + 1);
            r.LastOrderDay = registration + (int)Math.Max(rng.Below(sinceRegistration), rng.Below(sinceRegistration));
            r.CommentCountValue = rng.Below(100) < 35 ? 0 : (int)(orders * (long)rng.Below(60) / 100);
        }

        r.MemberCode = level;
        var meanSessions = SessionsByChannel[channel] * (level + 2) / 3.0 * (age >= 60 ? 0.5 : 1.0);
        r.SessionsValue = rng.Below(100) < 12 ? 0 : (int)Math.Min(meanSessions * (0.2 + (1.6 * rng.UnitOpen())), 600);
        var couponPercent = CouponPercentByIncome[income];
        r.CouponValue = rng.Below(100) < (uint)(r.OrderCountValue == 0 ? couponPercent / 4 : couponPercent);

        FillInterests(ref rng, r, InterestTables[(gender * 5) + bracket]);
    }

    private static void FillInterests(ref Xoshiro256 rng, ProfileRecord r, WeightedTable table)
    {
        var wanted = InterestCountTable.Sample(ref rng) + 1;
        ulong mask = 0;
        var have = 0;
        // Sampling without replacement by rejection; the cap only matters for pathological tables.
        for (var tries = 0; have < wanted && tries < 64; tries++)
        {
            var bit = 1UL << table.Sample(ref rng);
            if ((mask & bit) == 0)
            {
                mask |= bit;
                have++;
            }
        }

        r.InterestBits = mask;
        r.InterestTotal = have;
        var buffer = r.InterestBuffer;
        var n = 0;
        for (var bits = mask; bits != 0; bits &= bits - 1)
            buffer[n++] = Interests[System.Numerics.BitOperations.TrailingZeroCount(bits)];
    }
}
