namespace PortraitDb.Portrait;

/// <summary>
/// One of the eight classic RFM segments: whether recency, frequency and monetary value are high (above the mean
/// score) or low, with its English and Chinese labels.
/// </summary>
internal sealed record RfmSegment(bool HighRecency, bool HighFrequency, bool HighMonetary, string English, string Chinese)
{
    /// <summary>The eight segments, most valuable first (the order RFM reports them in).</summary>
    public static IReadOnlyList<RfmSegment> All { get; } =
    [
        new(true, true, true, "important value", "重要价值客户"),
        new(true, false, true, "important development", "重要发展客户"),
        new(false, true, true, "important retention", "重要保持客户"),
        new(false, false, true, "important recovery", "重要挽留客户"),
        new(true, true, false, "general value", "一般价值客户"),
        new(true, false, false, "general development", "一般发展客户"),
        new(false, true, false, "general retention", "一般保持客户"),
        new(false, false, false, "general recovery", "一般挽留客户"),
    ];

    /// <summary>The columns RFM adds: three scores and the segment in English and in Chinese.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["r_score", "f_score", "m_score", "rfm_segment", "rfm_segment_zh"];
}
