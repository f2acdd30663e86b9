namespace PortraitDb.DataGen;

/// <summary>
/// The value lists and integer weight tables behind the synthetic profiles.
/// </summary>
/// <remarks>
/// Every weight is an integer and every derived table is built with integer arithmetic only, so the sampled
/// values cannot drift between runtimes or platforms the way transcendental floating-point functions can.
/// </remarks>
internal static class ProfileData
{
    public static readonly string[] Genders = ["male", "female"];

    public const int MinAge = 18;
    public const int MaxAge = 80;

    // A log-normal-like adult curve with its mode at 31, pre-computed so no Math.Exp runs at generation time.
    public static readonly int[] AgeWeights =
    [
        258, 691, 1390, 2312, 3376, 4483, 5547, 6501, 7305, 7935, 8390, 8676, 8809, 8810, 8700, 8499,
        8228, 7903, 7542, 7156, 6756, 6352, 5950, 5556, 5174, 4807, 4456, 4124, 3810, 3516, 3241, 2984,
        2745, 2524, 2319, 2130, 1955, 1794, 1646, 1510, 1385, 1270, 1165, 1068, 980, 899, 824, 756,
        694, 637, 585, 537, 493, 453, 416, 382, 352, 323, 297, 274, 252, 232, 214,
    ];

    public static readonly string[] Provinces =
    [
        "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
        "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
    ];

    // Cities in rough order of size and online-shopping activity: the order is the Zipf rank.
    private static readonly (string City, string Province)[] CityTable =
    [
        ("上海", "上海"), ("北京", "北京"), ("深圳", "广东"), ("广州", "广东"), ("成都", "四川"), ("杭州", "浙江"), ("重庆", "重庆"), ("武汉", "湖北"),
        ("西安", "陕西"), ("苏州", "江苏"), ("南京", "江苏"), ("天津", "天津"), ("长沙", "湖南"), ("郑州", "河南"), ("东莞", "广东"), ("青岛", "山东"),
        ("沈阳", "辽宁"), ("宁波", "浙江"), ("昆明", "云南"), ("合肥", "安徽"), ("佛山", "广东"), ("无锡", "江苏"), ("厦门", "福建"), ("哈尔滨", "黑龙江"),
        ("济南", "山东"), ("福州", "福建"), ("温州", "浙江"), ("大连", "辽宁"), ("长春", "吉林"), ("石家庄", "河北"), ("南宁", "广西"), ("贵阳", "贵州"),
        ("南昌", "江西"), ("泉州", "福建"), ("金华", "浙江"), ("常州", "江苏"), ("太原", "山西"), ("嘉兴", "浙江"), ("南通", "江苏"), ("惠州", "广东"),
        ("徐州", "江苏"), ("珠海", "广东"), ("中山", "广东"), ("台州", "浙江"), ("烟台", "山东"), ("兰州", "甘肃"), ("绍兴", "浙江"), ("海口", "海南"),
        ("扬州", "江苏"), ("乌鲁木齐", "新疆"), ("潍坊", "山东"), ("保定", "河北"), ("临沂", "山东"), ("唐山", "河北"), ("洛阳", "河南"), ("呼和浩特", "内蒙古"),
        ("芜湖", "安徽"), ("盐城", "江苏"), ("赣州", "江西"), ("廊坊", "河北"), ("泰州", "江苏"), ("镇江", "江苏"), ("湖州", "浙江"), ("汕头", "广东"),
        ("江门", "广东"), ("湛江", "广东"), ("银川", "宁夏"), ("西宁", "青海"), ("三亚", "海南"), ("拉萨", "西藏"), ("济宁", "山东"), ("淄博", "山东"),
        ("桂林", "广西"), ("柳州", "广西"), ("襄阳", "湖北"), ("宜昌", "湖北"), ("邯郸", "河北"), ("沧州", "河北"), ("南阳", "河南"), ("商丘", "河南"),
        ("新乡", "河南"), ("周口", "河南"), ("驻马店", "河南"), ("信阳", "河南"), ("许昌", "河南"), ("开封", "河南"), ("安阳", "河南"), ("平顶山", "河南"),
        ("焦作", "河南"), ("菏泽", "山东"), ("聊城", "山东"), ("德州", "山东"), ("泰安", "山东"), ("威海", "山东"), ("日照", "山东"), ("枣庄", "山东"),
        ("滨州", "山东"), ("东营", "山东"), ("淮安", "江苏"), ("连云港", "江苏"), ("宿迁", "江苏"), ("昆山", "江苏"), ("江阴", "江苏"), ("义乌", "浙江"),
        ("慈溪", "浙江"), ("衢州", "浙江"), ("丽水", "浙江"), ("舟山", "浙江"), ("蚌埠", "安徽"), ("阜阳", "安徽"), ("安庆", "安徽"), ("马鞍山", "安徽"),
        ("六安", "安徽"), ("滁州", "安徽"), ("宿州", "安徽"), ("淮南", "安徽"), ("亳州", "安徽"), ("宣城", "安徽"), ("铜陵", "安徽"), ("淮北", "安徽"),
        ("黄山", "安徽"), ("池州", "安徽"), ("漳州", "福建"), ("莆田", "福建"), ("龙岩", "福建"), ("三明", "福建"), ("宁德", "福建"), ("南平", "福建"),
        ("九江", "江西"), ("上饶", "江西"), ("宜春", "江西"), ("吉安", "江西"), ("抚州", "江西"), ("景德镇", "江西"), ("萍乡", "江西"), ("新余", "江西"),
        ("鹰潭", "江西"), ("株洲", "湖南"), ("湘潭", "湖南"), ("衡阳", "湖南"), ("岳阳", "湖南"), ("常德", "湖南"), ("郴州", "湖南"), ("邵阳", "湖南"),
        ("永州", "湖南"), ("怀化", "湖南"), ("益阳", "湖南"), ("娄底", "湖南"), ("张家界", "湖南"), ("荆州", "湖北"), ("黄冈", "湖北"), ("孝感", "湖北"),
        ("十堰", "湖北"), ("荆门", "湖北"), ("黄石", "湖北"), ("咸宁", "湖北"), ("随州", "湖北"), ("鄂州", "湖北"), ("肇庆", "广东"), ("茂名", "广东"),
        ("揭阳", "广东"), ("清远", "广东"), ("韶关", "广东"), ("梅州", "广东"), ("阳江", "广东"), ("河源", "广东"), ("潮州", "广东"), ("汕尾", "广东"),
        ("云浮", "广东"), ("玉林", "广西"), ("北海", "广西"), ("梧州", "广西"), ("钦州", "广西"), ("贵港", "广西"), ("百色", "广西"), ("防城港", "广西"),
        ("河池", "广西"), ("绵阳", "四川"), ("德阳", "四川"), ("宜宾", "四川"), ("南充", "四川"), ("泸州", "四川"), ("乐山", "四川"), ("达州", "四川"),
        ("自贡", "四川"), ("内江", "四川"), ("遂宁", "四川"), ("眉山", "四川"), ("攀枝花", "四川"), ("广安", "四川"), ("资阳", "四川"), ("雅安", "四川"),
        ("遵义", "贵州"), ("六盘水", "贵州"), ("安顺", "贵州"), ("毕节", "贵州"), ("铜仁", "贵州"), ("曲靖", "云南"), ("玉溪", "云南"), ("大理", "云南"),
        ("丽江", "云南"), ("昭通", "云南"), ("保山", "云南"), ("宝鸡", "陕西"), ("咸阳", "陕西"), ("渭南", "陕西"), ("榆林", "陕西"), ("汉中", "陕西"),
        ("延安", "陕西"), ("安康", "陕西"), ("大同", "山西"), ("长治", "山西"), ("晋中", "山西"), ("运城", "山西"), ("临汾", "山西"), ("晋城", "山西"),
        ("阳泉", "山西"), ("吕梁", "山西"), ("忻州", "山西"), ("朔州", "山西"), ("包头", "内蒙古"), ("鄂尔多斯", "内蒙古"), ("赤峰", "内蒙古"), ("通辽", "内蒙古"),
        ("呼伦贝尔", "内蒙古"), ("乌海", "内蒙古"), ("鞍山", "辽宁"), ("抚顺", "辽宁"), ("本溪", "辽宁"), ("丹东", "辽宁"), ("锦州", "辽宁"), ("营口", "辽宁"),
        ("阜新", "辽宁"), ("辽阳", "辽宁"), ("盘锦", "辽宁"), ("铁岭", "辽宁"), ("葫芦岛", "辽宁"), ("吉林", "吉林"), ("四平", "吉林"), ("通化", "吉林"),
        ("松原", "吉林"), ("延吉", "吉林"), ("大庆", "黑龙江"), ("齐齐哈尔", "黑龙江"), ("牡丹江", "黑龙江"), ("佳木斯", "黑龙江"), ("绥化", "黑龙江"), ("鸡西", "黑龙江"),
        ("秦皇岛", "河北"), ("邢台", "河北"), ("张家口", "河北"), ("承德", "河北"), ("衡水", "河北"), ("鹤壁", "河南"), ("濮阳", "河南"), ("漯河", "河南"),
        ("三门峡", "河南"), ("天水", "甘肃"), ("酒泉", "甘肃"), ("嘉峪关", "甘肃"), ("白银", "甘肃"), ("庆阳", "甘肃"), ("张掖", "甘肃"), ("武威", "甘肃"),
        ("石嘴山", "宁夏"), ("吴忠", "宁夏"), ("海东", "青海"), ("克拉玛依", "新疆"), ("喀什", "新疆"), ("伊宁", "新疆"), ("库尔勒", "新疆"), ("昌吉", "新疆"),
        ("日喀则", "西藏"), ("儋州", "海南"), ("琼海", "海南"), ("常熟", "江苏"), ("张家港", "江苏"), ("晋江", "福建"), ("宜兴", "江苏"), ("瑞安", "浙江"),
        ("白城", "吉林"), ("辽源", "吉林"), ("白山", "吉林"), ("伊春", "黑龙江"), ("鹤岗", "黑龙江"), ("双鸭山", "黑龙江"), ("七台河", "黑龙江"), ("黑河", "黑龙江"),
        ("金昌", "甘肃"), ("平凉", "甘肃"), ("定西", "甘肃"), ("陇南", "甘肃"), ("固原", "宁夏"), ("中卫", "宁夏"), ("来宾", "广西"), ("崇左", "广西"),
        ("贺州", "广西"), ("巴中", "四川"), ("广元", "四川"), ("商洛", "陕西"), ("铜川", "陕西"), ("普洱", "云南"), ("临沧", "云南"), ("林芝", "西藏"),
        ("文昌", "海南"), ("哈密", "新疆"),
    ];

    public static readonly string[] Cities = CityTable.Select(c => c.City).ToArray();

    /// <summary>Index into <see cref="Provinces"/> for each city.</summary>
    public static readonly byte[] CityProvince = CityTable.Select(c => (byte)Array.IndexOf(Provinces, c.Province)).ToArray();

    // Zipf with exponent 1 over rank, offset by 2 so the head is not too sharp (上海 about 10 %).
    public static readonly int[] CityWeights = Enumerable.Range(0, CityTable.Length).Select(r => 10_000_000 / (r + 2)).ToArray();

    /// <summary>The 20 largest cities count as tier 1 (0), the next 60 as tier 2 (1), the rest tier 3 (2).</summary>
    public static int CityTier(int city) => city < 20 ? 0 : city < 80 ? 1 : 2;

    public static readonly string[] PhoneBrands = ["iPhone", "Huawei", "Xiaomi", "OPPO", "vivo", "Honor", "Samsung", "other"];

    // Rows: income band; iPhone share rises with income while the budget brands fall.
    public static readonly int[][] PhoneWeightsByIncome =
    [
        [10, 18, 20, 17, 18, 8, 2, 7],
        [18, 21, 19, 14, 15, 8, 2, 3],
        [30, 23, 16, 9, 10, 7, 3, 2],
        [43, 25, 11, 5, 6, 5, 4, 1],
        [56, 24, 7, 3, 3, 2, 4, 1],
    ];

    public static readonly string[] Occupations =
    [
        "engineer", "teacher", "student", "sales", "civil_servant", "doctor", "freelancer", "worker", "manager",
        "retired", "designer", "accountant", "self_employed", "homemaker", "farmer",
    ];

    public const int Student = 2;
    public const int Retired = 9;

    // Rows: age bracket (18-22, 23-29, 30-44, 45-59, 60+), columns: Occupations.
    public static readonly int[][] OccupationWeightsByAgeBracket =
    [
        [4, 0, 70, 6, 0, 0, 5, 8, 0, 0, 2, 1, 2, 1, 1],
        [16, 6, 6, 13, 6, 4, 9, 14, 3, 0, 6, 6, 6, 3, 2],
        [14, 7, 0, 12, 7, 5, 7, 14, 9, 0, 4, 6, 9, 3, 3],
        [8, 7, 0, 9, 8, 5, 5, 17, 10, 6, 2, 5, 10, 4, 4],
        [1, 2, 0, 2, 2, 2, 3, 4, 2, 70, 0, 1, 4, 4, 3],
    ];

    // Income points per occupation (added to the education and city points to pick an income row).
    public static readonly int[] OccupationIncomePoints = [3, 2, -3, 1, 2, 3, 1, 0, 4, -1, 2, 1, 2, -2, -2];

    public static readonly string[] Educations = ["high_school", "associate", "bachelor", "master", "doctorate"];

    // Rows: age bracket; younger and urban customers are more often graduates.
    public static readonly int[][] EducationWeightsByAgeBracket =
    [
        [35, 30, 34, 1, 0],
        [18, 27, 43, 10, 2],
        [24, 28, 36, 9, 3],
        [40, 27, 26, 5, 2],
        [60, 20, 16, 3, 1],
    ];

    public static readonly string[] IncomeBands = ["<5k", "5k-10k", "10k-20k", "20k-50k", "50k+"];

    // Rows: income points 0..8 (clamped), columns: IncomeBands.
    public static readonly int[][] IncomeWeightsByPoints =
    [
        [70, 23, 6, 1, 0],
        [52, 33, 12, 3, 0],
        [35, 38, 20, 6, 1],
        [20, 38, 29, 11, 2],
        [12, 32, 35, 17, 4],
        [7, 24, 38, 24, 7],
        [4, 16, 36, 32, 12],
        [2, 10, 30, 38, 20],
        [1, 6, 23, 40, 30],
    ];

    public static readonly string[] MaritalStatuses = ["single", "married", "divorced", "widowed"];

    public const int Married = 1;

    // Rows: 18-22, 23-27, 28-32, 33-40, 41-50, 51-60, 61-70, 71-80; the married share climbs with age.
    public static readonly int[][] MaritalWeightsByAgeBand =
    [
        [96, 4, 0, 0],
        [68, 31, 1, 0],
        [38, 58, 4, 0],
        [17, 76, 6, 1],
        [7, 81, 10, 2],
        [4, 82, 10, 4],
        [3, 78, 7, 12],
        [2, 65, 5, 28],
    ];

    public static int MaritalAgeBand(int age) => age switch
    {
        <= 22 => 0,
        <= 27 => 1,
        <= 32 => 2,
        <= 40 => 3,
        <= 50 => 4,
        <= 60 => 5,
        <= 70 => 6,
        _ => 7,
    };

    public static int AgeBracket(int age) => age switch
    {
        <= 22 => 0,
        <= 29 => 1,
        <= 44 => 2,
        <= 59 => 3,
        _ => 4,
    };

    public static readonly string[] MemberLevels = ["bronze", "silver", "gold", "platinum", "diamond"];

    // Rows: income band; richer customers reach the higher levels more often.
    public static readonly int[][] MemberWeightsByIncome =
    [
        [52, 28, 14, 5, 1],
        [44, 30, 17, 7, 2],
        [36, 30, 20, 10, 4],
        [28, 28, 23, 14, 7],
        [22, 25, 24, 17, 12],
    ];

    // Orders per level: a floor plus a Pareto(2) tail scaled per level, so counts rise with the level.
    public static readonly int[] OrderFloorByLevel = [1, 4, 12, 30, 80];
    public static readonly int[] OrderScaleByLevel = [2, 5, 12, 30, 80];

    // Typical order value in yuan per income band.
    public static readonly int[] OrderValueYuanByIncome = [45, 80, 140, 260, 520];

    public static readonly string[] Channels = ["app", "mini_program", "web", "offline", "referral", "live_stream"];

    // Rows: age bracket; older customers come through shops and mini programs more than the app.
    public static readonly int[][] ChannelWeightsByAgeBracket =
    [
        [40, 25, 8, 4, 8, 15],
        [40, 24, 10, 6, 8, 12],
        [34, 26, 12, 10, 9, 9],
        [24, 30, 10, 20, 9, 7],
        [12, 32, 5, 36, 10, 5],
    ];

    // Mean app sessions in the last 30 days per channel.
    public static readonly int[] SessionsByChannel = [24, 10, 4, 2, 8, 14];

    // Percent who use coupons per income band: thriftier customers use more.
    public static readonly int[] CouponPercentByIncome = [72, 63, 53, 43, 31];

    // Number of interests per person, 1..8.
    public static readonly int[] InterestCountWeights = [14, 22, 21, 16, 11, 8, 5, 3];

    // Interest tags in Zipf rank order with multipliers (10 = neutral) for male, female and age brackets 18-22 .. 60+.
    private static readonly (string Tag, int Male, int Female, int A0, int A1, int A2, int A3, int A4)[] InterestTable =
    [
        ("travel", 9, 11, 8, 10, 11, 11, 10), ("food", 9, 11, 11, 11, 10, 9, 8), ("movies", 10, 10, 13, 12, 10, 8, 6),
        ("music", 10, 10, 14, 12, 9, 7, 6), ("shopping", 5, 15, 12, 12, 10, 8, 6), ("fitness", 11, 9, 11, 13, 10, 7, 4),
        ("tech", 16, 4, 13, 12, 10, 8, 4), ("cooking", 6, 14, 5, 8, 12, 13, 12), ("health", 8, 12, 3, 6, 10, 15, 20),
        ("fashion", 4, 16, 15, 13, 9, 6, 3), ("beauty", 2, 18, 15, 14, 10, 6, 2), ("gaming", 16, 4, 20, 14, 7, 3, 1),
        ("sports", 15, 5, 13, 11, 10, 8, 6), ("reading", 9, 11, 10, 10, 10, 10, 10), ("finance", 13, 7, 3, 9, 13, 13, 10),
        ("parenting", 5, 15, 0, 8, 20, 6, 2), ("pets", 8, 12, 13, 13, 9, 7, 5), ("photography", 11, 9, 11, 12, 10, 9, 6),
        ("outdoors", 13, 7, 8, 11, 11, 10, 8), ("cars", 17, 3, 6, 11, 13, 10, 4), ("education", 8, 12, 9, 8, 16, 8, 3),
        ("digital", 15, 5, 13, 12, 10, 7, 4), ("home", 7, 13, 4, 9, 13, 12, 9), ("skincare", 2, 18, 15, 14, 10, 6, 2),
        ("anime", 12, 8, 24, 12, 4, 1, 0), ("esports", 17, 3, 22, 13, 5, 1, 0), ("luxury", 7, 13, 6, 12, 12, 9, 5),
        ("investing", 13, 7, 3, 9, 13, 13, 9), ("running", 12, 8, 11, 13, 11, 8, 4), ("basketball", 17, 3, 20, 13, 8, 3, 1),
        ("football", 17, 3, 15, 12, 10, 7, 3), ("yoga", 3, 17, 9, 13, 12, 8, 5), ("tea", 12, 8, 3, 6, 11, 15, 17),
        ("fishing", 18, 2, 3, 7, 12, 15, 14), ("camping", 12, 8, 9, 14, 12, 7, 3), ("cycling", 13, 7, 10, 12, 11, 9, 6),
        ("dance", 4, 16, 12, 8, 7, 11, 16), ("gardening", 8, 12, 2, 4, 9, 15, 22), ("history", 13, 7, 7, 8, 10, 13, 14),
        ("art", 8, 12, 13, 11, 9, 8, 8), ("crafts", 5, 15, 10, 10, 10, 10, 10), ("wine", 13, 7, 2, 9, 13, 12, 8),
        ("real_estate", 12, 8, 1, 8, 15, 12, 6), ("insurance", 10, 10, 1, 7, 14, 14, 9), ("jewelry", 3, 17, 6, 11, 12, 11, 8),
        ("kpop", 3, 17, 26, 12, 3, 1, 0), ("maternity", 0, 20, 1, 14, 15, 1, 0), ("elderly_care", 8, 12, 1, 3, 8, 16, 24),
        ("variety_shows", 7, 13, 15, 12, 9, 8, 6), ("livestreaming", 9, 11, 14, 12, 10, 7, 4),
    ];

    public static readonly string[] Interests = InterestTable.Select(t => t.Tag).ToArray();

    public const int MaxInterests = 8;

    /// <summary>Interest weights per (gender * 5 + age bracket): Zipf base times the gender and age multipliers.</summary>
    public static readonly int[][] InterestWeightsByGenderAge = BuildInterestWeights();

    private static int[][] BuildInterestWeights()
    {
        var tables = new int[Genders.Length * 5][];
        for (var gender = 0; gender < Genders.Length; gender++)
        {
            for (var bracket = 0; bracket < 5; bracket++)
            {
                var weights = new int[InterestTable.Length];
                for (var i = 0; i < weights.Length; i++)
                {
                    var t = InterestTable[i];
                    var g = gender == 0 ? t.Male : t.Female;
                    var a = bracket switch { 0 => t.A0, 1 => t.A1, 2 => t.A2, 3 => t.A3, _ => t.A4 };
                    // +1 keeps every tag possible for everyone: nobody is barred from an interest outright.
                    weights[i] = (1_000_000 / (i + 3) * (g + 1) / 11 * (a + 1) / 11) + 1;
                }

                tables[(gender * 5) + bracket] = weights;
            }
        }

        return tables;
    }

    // Registration and order dates.
    public static readonly DateOnly FirstRegistration = new(2015, 1, 1);
    public static readonly DateOnly LastDate = new(2026, 6, 30);

    public const int NoOrderPercent = 8;
    public const int EducationNullPerMille = 30;
    public const int OccupationNullPerMille = 20;
    public const int IncomeNullPerMille = 15;
}
