using PortraitDb.Cli.Output;
using Spectre.Console;

namespace PortraitDb.Cli;

/// <summary>
/// <c>portraitdb demo</c>: generates synthetic customer profiles in memory with a progress bar, shows the schema,
/// and runs a short tour of audience counts, breakdowns and a PROFILE (share and TGI of an audience against
/// everyone), each with its timing; the REPL follows when standard input is a terminal.
/// </summary>
internal static class Demo
{
    /// <summary>Profiles generated without <c>--rows</c>.</summary>
    public const long DefaultRows = 1_000_000;

    /// <summary>The table the demo fills.</summary>
    public const string Table = "profiles";

    /// <summary>The tour's audience: female, single, iPhone users in Beijing.</summary>
    public const string Audience = "gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '北京'";

    private const string DescribeSql = "DESCRIBE profiles;";

    private static readonly Style TitleStyle = new(Color.Yellow, decoration: Decoration.Bold);
    private static readonly Style SqlStyle = new(Color.Aqua);
    private static readonly Style NoteStyle = new(Color.Grey);

    private static readonly (string Title, string Sql, OutputMode Mode)[] Tour =
    [
        ("How many profiles?", "SELECT COUNT(*) AS profiles FROM profiles;", OutputMode.Table),
        ("An audience: female, single, iPhone users in Beijing", $"SELECT COUNT(*) AS audience FROM profiles WHERE {Audience};", OutputMode.Table),
        ("How it is counted: one AND of four tag bitmaps, no rows read", $"EXPLAIN SELECT COUNT(*) FROM profiles WHERE {Audience};", OutputMode.Table),
        ("Where customers live: the ten largest cities (.mode chart)", "SELECT city, COUNT(*) AS profiles FROM profiles GROUP BY city ORDER BY profiles DESC LIMIT 10;", OutputMode.Chart),
        ("Phone brands of customers under 25", "SELECT phone_brand, COUNT(*) AS profiles FROM profiles WHERE age < 25 GROUP BY phone_brand ORDER BY profiles DESC;", OutputMode.Chart),
        ("Tags: travel or photography lovers earning over 20k a month", "SELECT COUNT(*) AS audience FROM profiles WHERE interests HAS ANY ('travel', 'photography') AND income_band IN ('20k-50k', '50k+');", OutputMode.Table),
        ("Spending by member level", "SELECT member_level, COUNT(*) AS profiles, ROUND(AVG(total_spend), 2) AS avg_spend, SUM(order_count) AS orders FROM profiles GROUP BY member_level ORDER BY avg_spend;", OutputMode.Table),
        ("Portrait of the audience against everyone: share and TGI (100 × audience share / base share; over 100, over-represented) by age (bucketed at round numbers) and income",
            $"PROFILE {Audience} ON profiles BY age, income_band;", OutputMode.Table),
    ];

    private static readonly string[] Examples =
    [
        "SELECT occupation, COUNT(*) AS n FROM profiles WHERE city = '上海' GROUP BY occupation ORDER BY n DESC;",
        "SELECT COUNT(*) FROM profiles WHERE interests HAS ALL ('kpop', 'beauty') AND age < 25;",
        ".mode chart   then   SELECT channel, COUNT(*) FROM profiles GROUP BY channel;",
        "COMPARE gender = 'female' AS women, gender = 'male' AS men ON profiles BY phone_brand;",
        "city = '北<Tab> completes the value; .help lists the dot commands.",
    ];

    /// <summary>Runs the tour; false when a step failed (the error has been reported).</summary>
    public static bool Run(Session session, long rows)
    {
        session.Timer = true;
        session.WriteLine($"PortraitDb demo: {rows:N0} synthetic customer profiles, generated in memory", TitleStyle);
        session.WriteLine("");
        TimeSpan elapsed;
        try
        {
            elapsed = session.Generate(rows, Table, Session.DefaultSeed);
            WarmUp(session);
        }
        catch (Exception error) when (error is PortraitDbException or OperationCanceledException)
        {
            session.ReportError(error is OperationCanceledException ? "Cancelled." : error.Message);
            return false;
        }
        var snapshot = session.Database.GetTable(Table).GetSnapshot();
        session.WriteLine(
            $"Generated {rows:N0} profiles in {ResultWriter.FormatElapsed(elapsed)} ({rows / Math.Max(elapsed.TotalSeconds, 1e-9):N0} rows/s), " +
            $"{(double)snapshot.SizeInBytes / Math.Max(rows, 1):N0} bytes per profile in memory.", NoteStyle);
        session.WriteLine("Each query below ran once before, unseen, so that its time is the engine's and not the JIT compiler's.", NoteStyle);
        session.WriteLine("");

        if (!Step(session, "The table: one row per customer; CATEGORY, BOOL and TAGS columns carry a bitmap per value", DescribeSql, OutputMode.Table))
            return false;
        foreach (var (title, sql, mode) in Tour)
        {
            if (!Step(session, title, sql, mode))
                return false;
        }
        session.WriteLine("Try it yourself, for example:", TitleStyle);
        foreach (string example in Examples)
            session.WriteLine("  " + example, SqlStyle);
        session.WriteLine("");
        session.Mode = OutputMode.Table;
        return true;
    }

    /// <summary>
    /// Runs the tour's queries once, unseen: the engine's methods are compiled at their first call (and a big
    /// table takes kernels a small one never reaches), which would otherwise be counted in the first timings.
    /// </summary>
    private static void WarmUp(Session session)
    {
        session.Database.Execute(DescribeSql);
        foreach (var (_, sql, _) in Tour)
            session.Database.Execute(sql);
    }

    private static bool Step(Session session, string title, string sql, OutputMode mode)
    {
        session.WriteLine(title, TitleStyle);
        session.WriteLine(Repl.Prompt + sql, SqlStyle);
        session.Mode = mode;
        return session.RunStatement(sql.TrimEnd(';'), 0, sql, null);
    }
}
