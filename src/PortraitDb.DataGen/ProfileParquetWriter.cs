using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace PortraitDb.DataGen;

/// <summary>
/// Writes synthetic profiles as Parquet with Parquet.Net: TEXT and CATEGORY as UTF-8 strings, INT as int32,
/// BOOL as boolean, DATE as date, DECIMAL as decimal(p,s), NULLs as nulls, and interests as a proper
/// list&lt;string&gt; column (a row always has at least one interest).
/// </summary>
public static class ProfileParquetWriter
{
    /// <summary>Rows per row group: 16 generator blocks.</summary>
    public const int RowGroupSize = 16 * ProfileGenerator.BlockSize;

    private static readonly ReadOnlyMemory<char>[] GenderValues = AsMemory(ProfileData.Genders);
    private static readonly ReadOnlyMemory<char>[] ProvinceValues = AsMemory(ProfileData.Provinces);
    private static readonly ReadOnlyMemory<char>[] CityValues = AsMemory(ProfileData.Cities);
    private static readonly ReadOnlyMemory<char>[] PhoneValues = AsMemory(ProfileData.PhoneBrands);
    private static readonly ReadOnlyMemory<char>[] OccupationValues = AsMemory(ProfileData.Occupations);
    private static readonly ReadOnlyMemory<char>[] EducationValues = AsMemory(ProfileData.Educations);
    private static readonly ReadOnlyMemory<char>[] MaritalValues = AsMemory(ProfileData.MaritalStatuses);
    private static readonly ReadOnlyMemory<char>[] IncomeValues = AsMemory(ProfileData.IncomeBands);
    private static readonly ReadOnlyMemory<char>[] MemberValues = AsMemory(ProfileData.MemberLevels);
    private static readonly ReadOnlyMemory<char>[] ChannelValues = AsMemory(ProfileData.Channels);
    private static readonly ReadOnlyMemory<char>[] InterestValues = AsMemory(ProfileData.Interests);

    // Sampling lets the unique customer_id column skip the full-column dictionary scan.
    private static readonly ParquetOptions WriterOptions = new() { DictionaryEncodingSampleSize = 65_536 };

    /// <summary>The Parquet schema the writer uses, in <see cref="ProfileSchema.Columns"/> order.</summary>
    public static ParquetSchema Schema { get; } = BuildSchema();

    /// <summary>Writes rows 0 to <paramref name="rowCount"/> - 1 of <paramref name="seed"/> to a new file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="seed">The generator seed.</param>
    /// <param name="progress">Receives the number of rows written so far, once per row group.</param>
    public static void Write(string path, long rowCount, ulong seed, IProgress<long>? progress = null)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        WriteAsync(file, rowCount, seed, progress).GetAwaiter().GetResult();
    }

    /// <summary>Writes rows 0 to <paramref name="rowCount"/> - 1 of <paramref name="seed"/> to <paramref name="output"/>.</summary>
    /// <param name="output">A writable, seekable stream; left open.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="seed">The generator seed.</param>
    /// <param name="progress">Receives the number of rows written so far, once per row group.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row count is negative or above <see cref="ProfileGenerator.MaxRowCount"/>.</exception>
    public static async Task WriteAsync(Stream output, long rowCount, ulong seed, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ProfileGenerator.CheckRowCount(rowCount);
        var generator = new ProfileGenerator(seed);
        var groupCount = (int)((rowCount + RowGroupSize - 1) / RowGroupSize);
        var fields = Schema.DataFields;

        await using var writer = await ParquetWriter.CreateAsync(Schema, output, WriterOptions, false, cancellationToken).ConfigureAwait(false);
        // Two buffer sets: the next row group is generated while the current one is encoded.
        var buffers = new[] { new GroupBuffers(), new GroupBuffers() };
        Task? fill = groupCount > 0 ? Task.Run(() => buffers[0].Fill(generator, 0, rowCount), cancellationToken) : null;
        long written = 0;
        for (var group = 0; group < groupCount; group++)
        {
            await fill!.ConfigureAwait(false);
            var current = buffers[group & 1];
            if (group + 1 < groupCount)
            {
                var nextGroup = group + 1;
                fill = Task.Run(() => buffers[nextGroup & 1].Fill(generator, nextGroup, rowCount), cancellationToken);
            }

            await current.WriteAsync(writer, fields, cancellationToken).ConfigureAwait(false);
            written += current.Rows;
            progress?.Report(written);
        }
    }

    private static ParquetSchema BuildSchema()
    {
        var fields = new List<Field>();
        foreach (var column in ProfileSchema.Columns)
        {
            fields.Add(column.Type.Kind switch
            {
                Storage.ColumnKind.Text or Storage.ColumnKind.Category => new DataField<string>(column.Name, column.IsNullable),
                Storage.ColumnKind.Int32 => new DataField<int>(column.Name, column.IsNullable),
                Storage.ColumnKind.Bool => new DataField<bool>(column.Name, column.IsNullable),
                Storage.ColumnKind.Date => new DataField<DateOnly>(column.Name, column.IsNullable),
                Storage.ColumnKind.Decimal => new DecimalDataField(column.Name, column.Type.Precision, column.Type.Scale, isNullable: column.IsNullable),
                Storage.ColumnKind.Tags => new ListField(column.Name, new DataField<string>("element", false)),
                _ => throw new InvalidOperationException($"No Parquet mapping for {column.Type}."),
            });
        }

        return new ParquetSchema(fields);
    }

    private static ReadOnlyMemory<char>[] AsMemory(string[] values) => values.Select(v => v.AsMemory()).ToArray();

    // The cast matters: a bare null would convert through char[] into an empty, non-null ReadOnlyMemory<char>.
    private static ReadOnlyMemory<char>? Optional(ReadOnlyMemory<char>[] values, int code) => code < 0 ? (ReadOnlyMemory<char>?)null : values[code];

    /// <summary>One row group's columns; reused from group to group so steady-state writing allocates little.</summary>
    private sealed class GroupBuffers
    {
        private readonly char[] _idChars = new char[RowGroupSize * ProfileRecord.CustomerIdLength];
        private readonly ReadOnlyMemory<char>[] _customerId = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _gender = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly int[] _age = new int[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _province = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _city = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _phone = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly ReadOnlyMemory<char>?[] _occupation = new ReadOnlyMemory<char>?[RowGroupSize];
        private readonly ReadOnlyMemory<char>?[] _education = new ReadOnlyMemory<char>?[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _marital = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly bool[] _single = new bool[RowGroupSize];
        private readonly ReadOnlyMemory<char>?[] _income = new ReadOnlyMemory<char>?[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _member = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly ReadOnlyMemory<char>[] _channel = new ReadOnlyMemory<char>[RowGroupSize];
        private readonly DateOnly[] _registration = new DateOnly[RowGroupSize];
        private readonly DateOnly?[] _lastOrder = new DateOnly?[RowGroupSize];
        private readonly int[] _orderCount = new int[RowGroupSize];
        private readonly decimal[] _totalSpend = new decimal[RowGroupSize];
        private readonly decimal?[] _avgOrderValue = new decimal?[RowGroupSize];
        private readonly int[] _commentCount = new int[RowGroupSize];
        private readonly int[] _sessions = new int[RowGroupSize];
        private readonly bool[] _coupon = new bool[RowGroupSize];
        private readonly ulong[] _interestMask = new ulong[RowGroupSize];
        // The list overload that takes repetition levels needs nullable items to derive the definition levels.
        private ReadOnlyMemory<char>?[] _interests = [];
        private int[] _interestLevels = [];
        private int _interestCount;

        public int Rows { get; private set; }

        public void Fill(ProfileGenerator generator, int group, long rowCount)
        {
            var first = (long)group * RowGroupSize;
            Rows = (int)Math.Min(RowGroupSize, rowCount - first);
            var blocks = (Rows + ProfileGenerator.BlockSize - 1) / ProfileGenerator.BlockSize;
            Parallel.For(0, blocks, block =>
            {
                var start = block * ProfileGenerator.BlockSize;
                var end = Math.Min(Rows, start + ProfileGenerator.BlockSize);
                var cursor = generator.OpenCursor((uint)(first + start));
                var record = new ProfileRecord();
                for (var i = start; i < end; i++)
                {
                    cursor.Next(record);
                    FillRow(record, i);
                }
            });

            // Flattening the lists needs each row's offset, so it runs after the parallel part, in row order.
            var total = 0;
            for (var i = 0; i < Rows; i++)
                total += BitOperations.PopCount(_interestMask[i]);
            if (_interests.Length < total)
            {
                _interests = new ReadOnlyMemory<char>?[total + (total / 8)];
                _interestLevels = new int[_interests.Length];
            }

            var pos = 0;
            for (var i = 0; i < Rows; i++)
            {
                var level = 0; // repetition level 0 starts a new row's list, 1 continues it
                for (var bits = _interestMask[i]; bits != 0; bits &= bits - 1)
                {
                    _interests[pos] = InterestValues[BitOperations.TrailingZeroCount(bits)];
                    _interestLevels[pos++] = level;
                    level = 1;
                }
            }

            _interestCount = pos;
        }

        private void FillRow(ProfileRecord r, int i)
        {
            var id = _idChars.AsMemory(i * ProfileRecord.CustomerIdLength, ProfileRecord.CustomerIdLength);
            var span = id.Span;
            span[0] = 'C';
            var value = (ulong)r.RowIdValue + 1;
            for (var d = ProfileRecord.CustomerIdLength - 1; d > 0; d--)
            {
                span[d] = (char)('0' + (value % 10));
                value /= 10;
            }

            _customerId[i] = id;
            _gender[i] = GenderValues[r.GenderCode];
            _age[i] = r.AgeValue;
            _province[i] = ProvinceValues[ProfileData.CityProvince[r.CityCode]];
            _city[i] = CityValues[r.CityCode];
            _phone[i] = PhoneValues[r.PhoneCode];
            _occupation[i] = Optional(OccupationValues, r.OccupationCode);
            _education[i] = Optional(EducationValues, r.EducationCode);
            _marital[i] = MaritalValues[r.MaritalCode];
            _single[i] = r.Single;
            _income[i] = Optional(IncomeValues, r.IncomeCode);
            _member[i] = MemberValues[r.MemberCode];
            _channel[i] = ChannelValues[r.ChannelCode];
            _registration[i] = DateOnly.FromDayNumber(r.RegistrationDay);
            _lastOrder[i] = r.LastOrderDate;
            _orderCount[i] = r.OrderCountValue;
            _totalSpend[i] = ProfileRecord.FromCents(r.TotalSpendCentsValue);
            _avgOrderValue[i] = r.AvgOrderValue;
            _commentCount[i] = r.CommentCountValue;
            _sessions[i] = r.SessionsValue;
            _coupon[i] = r.CouponValue;
            _interestMask[i] = r.InterestBits;
        }

        public async Task WriteAsync(ParquetWriter writer, DataField[] fields, CancellationToken cancellationToken)
        {
            var n = Rows;
            using var group = writer.CreateRowGroup();
            var f = 0;
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _customerId.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _gender.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[f++], _age.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _province.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _city.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _phone.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _occupation.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _education.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _marital.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<bool>(fields[f++], _single.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _income.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _member.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _channel.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<DateOnly>(fields[f++], _registration.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<DateOnly>(fields[f++], _lastOrder.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[f++], _orderCount.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<decimal>(fields[f++], _totalSpend.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<decimal>(fields[f++], _avgOrderValue.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[f++], _commentCount.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[f++], _sessions.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<bool>(fields[f++], _coupon.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[f++], _interests.AsMemory(0, _interestCount), _interestLevels.AsMemory(0, _interestCount), null, cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }
    }
}
