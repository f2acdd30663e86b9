using System.Globalization;
using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>Character classes shared by the lexer and the printer, and SQL quoting.</summary>
internal static class SyntaxFacts
{
    /// <summary>
    /// How many characters at <paramref name="index"/> form one identifier character: 0 if none, 1, or 2 for a
    /// letter outside the Basic Multilingual Plane (CJK extensions). Letters of any script and '_' start a name;
    /// digits may follow.
    /// </summary>
    public static int IdentifierCharLength(string text, int index, bool first)
    {
        char c = text[index];
        if (c == '_' || char.IsLetter(c) || (!first && char.IsDigit(c)))
            return 1;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            && Rune.IsLetter(new Rune(c, text[index + 1])))
            return 2;
        return 0;
    }

    /// <summary>True when <paramref name="name"/> lexes as one unquoted word.</summary>
    public static bool IsPlainWord(string name)
    {
        if (name.Length == 0)
            return false;
        int index = 0;
        while (index < name.Length)
        {
            int length = IdentifierCharLength(name, index, index == 0);
            if (length == 0)
                return false;
            index += length;
        }
        return true;
    }

    /// <summary>
    /// A name as SQL writes it: bare when it is a plain word that is not reserved (nor IF, which would read as
    /// IF NOT EXISTS after CREATE TABLE), otherwise double-quoted with '"' doubled.
    /// </summary>
    public static string QuoteIdentifier(string name, bool always = false)
    {
        if (!always && IsPlainWord(name))
        {
            var keyword = Keywords.Lookup(name);
            if (!Keywords.IsReserved(keyword) && keyword != Keyword.If)
                return name;
        }
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A string literal: single-quoted with '\'' doubled.</summary>
    public static string QuoteString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Appends <paramref name="items"/> separated by ", ".</summary>
    public static StringBuilder AppendList<T>(this StringBuilder builder, IReadOnlyList<T> items)
        where T : SyntaxNode
    {
        for (int index = 0; index < items.Count; index++)
        {
            if (index > 0)
                builder.Append(", ");
            items[index].WriteTo(builder);
        }
        return builder;
    }

    /// <summary>Appends <paramref name="node"/>.</summary>
    public static StringBuilder AppendNode(this StringBuilder builder, SyntaxNode node)
    {
        node.WriteTo(builder);
        return builder;
    }

    /// <summary>Appends <paramref name="expression"/>, in parentheses when it binds less tightly than <paramref name="minimum"/>.</summary>
    public static StringBuilder AppendOperand(this StringBuilder builder, ExpressionSyntax expression, Precedence minimum)
    {
        if (expression.Precedence >= minimum)
            return builder.AppendNode(expression);
        builder.Append('(');
        expression.WriteTo(builder);
        return builder.Append(')');
    }

    /// <summary>An integer as SQL writes it.</summary>
    public static string FormatInteger(long value) => value.ToString(CultureInfo.InvariantCulture);
}
