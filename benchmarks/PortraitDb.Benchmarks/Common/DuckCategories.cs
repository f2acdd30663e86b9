namespace PortraitDb.Benchmarks.Common;

/// <summary>How DuckDB stores the profiles' CATEGORY columns.</summary>
internal enum DuckCategories
{
    /// <summary>One ENUM type per column, made from the generator's value list (the same closed domain as PortraitDb's dictionary).</summary>
    Enum,

    /// <summary>Plain VARCHAR, as a user who does not declare ENUM types would have it.</summary>
    Varchar,
}
