namespace PortraitDb.Query.Syntax;

/// <summary>What an <see cref="OptionValueSyntax"/> holds.</summary>
internal enum OptionValueKind
{
    /// <summary>A literal: <c>true</c>, <c>';'</c>, <c>1000</c>, <c>NULL</c>.</summary>
    Literal,

    /// <summary>A name: <c>key = id</c>.</summary>
    Name,

    /// <summary>A parenthesised list: <c>(id, age, city)</c>, <c>(age INT, city CATEGORY)</c>, <c>('?', 'NA')</c>.</summary>
    List,
}
