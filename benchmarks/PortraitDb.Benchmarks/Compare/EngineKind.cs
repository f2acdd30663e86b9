namespace PortraitDb.Benchmarks.Compare;

/// <summary>Which dialect a statement is written in.</summary>
internal enum EngineKind
{
    /// <summary>PortraitDb's SQL (docs/query-language.md): TAGS with HAS, HAS ANY, HAS ALL; BUCKET; IMPORT.</summary>
    PortraitDb,

    /// <summary>DuckDB's SQL, with list functions for TAGS and CASE for BUCKET.</summary>
    DuckDb,
}
