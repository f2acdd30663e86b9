using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// MovieLens 100K users with the genres each likes (derived/user_likes.csv, 943 rows): PortraitDb reads
/// <c>likes</c> as TAGS and asks <c>HAS</c>, <c>HAS ANY</c>, <c>HAS ALL</c>; DuckDB reads it as VARCHAR (an empty
/// cell as '', the empty set) and asks <c>list_contains(string_split(likes, '|'), ...)</c>.
/// </summary>
public sealed class MovieLensDifferentialTests(MovieLensDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<MovieLensDifferentialTests.Fixture>
{
    /// <summary>The fans table in both engines.</summary>
    public sealed class Fixture : DatasetFixture
    {
        /// <inheritdoc/>
        protected override string RequiredData => "movielens-100k/derived/user_likes.csv";

        /// <inheritdoc/>
        protected override IReadOnlyList<string> PortraitSetup =>
        [
            "CREATE TABLE fans (user_id BIGINT KEY, age INT, gender CATEGORY, occupation CATEGORY, zip CATEGORY, likes TAGS)",
            "IMPORT '${DATA}/movielens-100k/derived/user_likes.csv' INTO fans WITH (header = true, tag_separator = '|')",
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<string> DuckSetup =>
        [
            """
            CREATE TABLE fans AS SELECT * REPLACE (coalesce(likes, '') AS likes)
            FROM read_csv('${DATA}/movielens-100k/derived/user_likes.csv', header = true, auto_detect = false, columns = {
              'user_id': 'BIGINT', 'age': 'INTEGER', 'gender': 'VARCHAR', 'occupation': 'VARCHAR', 'zip': 'VARCHAR', 'likes': 'VARCHAR'})
            """,
        ];
    }

    private const string AgeBandsDuck =
        "CASE WHEN age < 20 THEN '[-inf,20)' WHEN age < 30 THEN '[20,30)' WHEN age < 40 THEN '[30,40)' WHEN age < 50 THEN '[40,50)' ELSE '[50,+inf)' END";

    private static string Likes(string genre) => $"list_contains(string_split(likes, '|'), '{genre}')";

    private static readonly DifferentialCase[] Queries =
    [
        new("import_whole_table", "SELECT * FROM fans ORDER BY user_id"),

        // ---- audiences ----
        new("drama_women", "SELECT COUNT(*) FROM fans WHERE likes HAS 'Drama' AND gender = 'F'",
            $"SELECT COUNT(*) FROM fans WHERE {Likes("Drama")} AND gender = 'F'"),
        new("has_any_young", "SELECT COUNT(*) FROM fans WHERE likes HAS ANY ('Film-Noir', 'Documentary') AND age < 30",
            "SELECT COUNT(*) FROM fans WHERE list_has_any(string_split(likes, '|'), ['Film-Noir', 'Documentary']) AND age < 30"),
        new("has_all_techies",
            "SELECT COUNT(*) FROM fans WHERE likes HAS ALL ('Action', 'Sci-Fi', 'Thriller') AND occupation IN ('engineer', 'programmer', 'technician')",
            "SELECT COUNT(*) FROM fans WHERE list_has_all(string_split(likes, '|'), ['Action', 'Sci-Fi', 'Thriller']) AND occupation IN ('engineer', 'programmer', 'technician')"),
        new("not_has_includes_empty_sets", "SELECT COUNT(*) FROM fans WHERE NOT likes HAS 'Comedy'",
            $"SELECT COUNT(*) FROM fans WHERE NOT {Likes("Comedy")}"),
        new("not_has_any", "SELECT COUNT(*) FROM fans WHERE NOT (likes HAS ANY ('Horror', 'Thriller')) AND gender = 'M'",
            "SELECT COUNT(*) FROM fans WHERE NOT list_has_any(string_split(likes, '|'), ['Horror', 'Thriller']) AND gender = 'M'"),
        new("has_or_has", "SELECT COUNT(*) FROM fans WHERE likes HAS 'Sci-Fi' OR likes HAS 'Fantasy'",
            $"SELECT COUNT(*) FROM fans WHERE {Likes("Sci-Fi")} OR {Likes("Fantasy")}"),
        new("west_coast_men", "SELECT COUNT(*) FROM fans WHERE zip LIKE '9%' AND gender = 'M'"),
        new("east_coast_musical", "SELECT COUNT(*) FROM fans WHERE (zip LIKE '0%' OR zip LIKE '1%') AND likes HAS 'Musical'",
            $"SELECT COUNT(*) FROM fans WHERE (zip LIKE '0%' OR zip LIKE '1%') AND {Likes("Musical")}"),
        new("student_romance", "SELECT COUNT(*) FROM fans WHERE age BETWEEN 18 AND 24 AND occupation = 'student' AND likes HAS 'Romance'",
            $"SELECT COUNT(*) FROM fans WHERE age BETWEEN 18 AND 24 AND occupation = 'student' AND {Likes("Romance")}"),
        new("key_range", "SELECT COUNT(*) FROM fans WHERE user_id BETWEEN 100 AND 300 AND NOT likes HAS 'Action' AND occupation <> 'student'",
            $"SELECT COUNT(*) FROM fans WHERE user_id BETWEEN 100 AND 300 AND NOT {Likes("Action")} AND occupation <> 'student'"),
        new("no_likes", "SELECT COUNT(*) FROM fans WHERE CARDINALITY(likes) = 0", "SELECT COUNT(*) FROM fans WHERE likes = ''"),

        // ---- breakdowns ----
        new("by_occupation",
            "SELECT occupation, COUNT(*) AS n, ROUND(AVG(age), 4) AS mean_age, MIN(age) AS youngest, MAX(age) AS oldest FROM fans GROUP BY occupation ORDER BY occupation"),
        new("noir_by_gender_occupation",
            "SELECT gender, occupation, COUNT(*) AS n FROM fans WHERE likes HAS 'Film-Noir' GROUP BY gender, occupation ORDER BY gender, occupation",
            $"SELECT gender, occupation, COUNT(*) AS n FROM fans WHERE {Likes("Film-Noir")} GROUP BY gender, occupation ORDER BY gender, occupation"),
        new("genre_count_by_gender",
            "SELECT gender, AVG(CARDINALITY(likes)) AS genres, MAX(CARDINALITY(likes)) AS most FROM fans GROUP BY gender ORDER BY gender",
            "SELECT gender, AVG(CASE WHEN likes = '' THEN 0 ELSE len(string_split(likes, '|')) END) AS genres, "
            + "MAX(CASE WHEN likes = '' THEN 0 ELSE len(string_split(likes, '|')) END) AS most FROM fans GROUP BY gender ORDER BY gender"),
        new("age_bands",
            "SELECT BUCKET(age, 20, 30, 40, 50) AS band, COUNT(*) AS n FROM fans GROUP BY band ORDER BY band",
            $"SELECT {AgeBandsDuck} AS band, COUNT(*) AS n FROM fans GROUP BY band ORDER BY band"),
        new("horror_age_bands_by_gender",
            "SELECT BUCKET(age, 20, 30, 40, 50) AS band, gender, COUNT(*) AS n FROM fans WHERE likes HAS 'Horror' GROUP BY band, gender ORDER BY band, gender",
            $"SELECT {AgeBandsDuck} AS band, gender, COUNT(*) AS n FROM fans WHERE {Likes("Horror")} GROUP BY band, gender ORDER BY band, gender"),

        // ---- distinct, having, listings ----
        new("distinct_occupations_by_gender", "SELECT gender, COUNT(DISTINCT occupation) AS jobs, COUNT(DISTINCT zip) AS zips FROM fans GROUP BY gender ORDER BY gender"),
        new("war_fans_having",
            "SELECT occupation, COUNT(*) AS n FROM fans WHERE likes HAS 'War' GROUP BY occupation HAVING COUNT(*) > 30 ORDER BY n DESC, occupation",
            $"SELECT occupation, COUNT(*) AS n FROM fans WHERE {Likes("War")} GROUP BY occupation HAVING COUNT(*) > 30 ORDER BY n DESC, occupation"),
        new("tags_listing", "SELECT user_id, likes FROM fans WHERE user_id IN (1, 3, 61, 129) ORDER BY user_id"),
        new("documentary_fans", "SELECT user_id, age, occupation, zip FROM fans WHERE likes HAS 'Documentary' ORDER BY user_id",
            $"SELECT user_id, age, occupation, zip FROM fans WHERE {Likes("Documentary")} ORDER BY user_id"),
        new("oldest_fans", "SELECT user_id, age FROM fans WHERE likes HAS 'Western' ORDER BY age DESC, user_id LIMIT 7",
            $"SELECT user_id, age FROM fans WHERE {Likes("Western")} ORDER BY age DESC, user_id LIMIT 7"),

        // ---- quantiles ----
        new("median_age_scifi_by_occupation",
            "SELECT occupation, MEDIAN(age) AS median FROM fans WHERE likes HAS 'Sci-Fi' GROUP BY occupation HAVING COUNT(*) >= 20 ORDER BY occupation",
            $"SELECT occupation, MEDIAN(age) AS median FROM fans WHERE {Likes("Sci-Fi")} GROUP BY occupation HAVING COUNT(*) >= 20 ORDER BY occupation"),
        new("age_quartile_by_gender", "SELECT gender, QUANTILE_CONT(age, 0.75) AS q3, QUANTILE_CONT(age, 0.1) AS p10 FROM fans GROUP BY gender ORDER BY gender"),
    ];

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Queries);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_answer_as_DuckDB(string query) => fixture.Check(DifferentialCase.Find(Queries, query), output);
}
