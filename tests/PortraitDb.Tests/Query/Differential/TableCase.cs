using System.Globalization;
using System.Text;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>How the initial rows reach the engine.</summary>
public enum LoadMode
{
    /// <summary>A bulk appender, committed every <see cref="TableCase.CommitEvery"/> rows (bitmap additions deferred per segment).</summary>
    Appender,
    /// <summary>One transaction of single-row inserts.</summary>
    Transaction,
    /// <summary>SQL INSERT statements.</summary>
    Sql,
}

/// <summary>A change made after loading; the engine and the model apply it side by side.</summary>
public abstract record Mutation;

public sealed record DeleteKey(string Key) : Mutation
{
    public override string ToString() => $"DELETE FROM {DifferentialQuery.Table} WHERE id = {SqlSemantics.Literal(Key)}";
}

/// <summary>Several deletes in one transaction (used to empty whole segments).</summary>
public sealed record DeleteKeys(IReadOnlyList<string> Keys) : Mutation
{
    public override string ToString() => $"-- delete {Keys.Count} keys in one transaction: {string.Join(", ", Keys.Take(5))}{(Keys.Count > 5 ? ", ..." : "")}";
}

/// <summary>Insert, or replace every column of the row with the same key.</summary>
public sealed record UpsertRow(object?[] Row) : Mutation
{
    public override string ToString() => $"-- upsert ({SqlSemantics.Literals(Row)})";
}

public sealed record UpdateCell(string Key, ModelColumn Column, object? Value) : Mutation
{
    public override string ToString() => $"UPDATE {DifferentialQuery.Table} SET {Column.Name} = {SqlSemantics.Literal(Value)} WHERE id = {SqlSemantics.Literal(Key)}";
}

/// <summary>A transaction (or appender) that inserts rows, possibly with new dictionary values, deletes rows, and is dropped.</summary>
public sealed record RolledBack(IReadOnlyList<object?[]> Rows, IReadOnlyList<string> Deletes, bool ViaAppender) : Mutation
{
    public override string ToString() =>
        $"-- rolled back {(ViaAppender ? "appender" : "transaction")}: {Rows.Count} rows ({string.Join("; ", Rows.Take(3).Select(SqlSemantics.Literals))}), {Deletes.Count} deletes";
}

/// <summary><c>DELETE FROM t WHERE condition</c> through SQL.</summary>
public sealed record DeleteWhere(Predicate Where) : Mutation
{
    public override string ToString() => $"DELETE FROM {DifferentialQuery.Table} WHERE {Where.Sql}";
}

/// <summary><c>UPDATE t SET column = value WHERE condition</c> through SQL.</summary>
public sealed record UpdateWhere(ModelColumn Column, object? Value, Predicate Where) : Mutation
{
    public override string ToString() => $"UPDATE {DifferentialQuery.Table} SET {Column.Name} = {SqlSemantics.Literal(Value)} WHERE {Where.Sql}";
}

/// <summary>A generated table: schema, initial rows in row-id order, how they are loaded, then mutations.</summary>
public sealed record TableCase(ModelSchema Schema, IReadOnlyList<object?[]> Rows, LoadMode Load, int CommitEvery, IReadOnlyList<Mutation> Mutations)
{
    /// <summary>
    /// Creates the table in <paramref name="database"/>, loads it, mutates it; returns the model's live rows.
    /// <paramref name="created"/> runs on the empty table first (to define tags that every write must keep exact).
    /// </summary>
    public List<object?[]> Build(PortraitDatabase database, Action<Table>? created = null)
    {
        var table = database.CreateTable(DifferentialQuery.Table, Schema.ToTableSchema());
        created?.Invoke(table);
        LoadRows(database, table);
        int key = Schema.Key.Ordinal;
        var model = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var row in Rows)
            model.Add((string)row[key]!, row);
        foreach (var mutation in Mutations)
            Apply(database, table, model, mutation);
        return [.. model.Values];
    }

    private void LoadRows(PortraitDatabase database, Table table)
    {
        switch (Load)
        {
            case LoadMode.Appender:
                {
                    using var appender = table.CreateAppender();
                    for (int index = 0; index < Rows.Count; index++)
                    {
                        AppendRow(appender, Rows[index]);
                        if ((index + 1) % CommitEvery == 0)
                            appender.Commit();
                    }
                    appender.Commit();
                    break;
                }
            case LoadMode.Transaction:
                {
                    using var transaction = table.BeginTransaction();
                    foreach (var row in Rows)
                        transaction.Insert(row);
                    transaction.Commit();
                    break;
                }
            default:
                foreach (var chunk in Rows.Chunk(Math.Max(1, CommitEvery)))
                    database.Execute($"INSERT INTO {DifferentialQuery.Table} VALUES {string.Join(", ", chunk.Select(row => $"({SqlSemantics.Literals(row)})"))}");
                break;
        }
    }

    private static void AppendRow(TableAppender appender, object?[] row)
    {
        foreach (object? value in row)
        {
            switch (value)
            {
                case null:
                    appender.AppendNull();
                    break;
                case string text:
                    appender.Append(text);
                    break;
                case bool flag:
                    appender.Append(flag);
                    break;
                case int integer:
                    appender.Append(integer);
                    break;
                case long integer:
                    appender.Append(integer);
                    break;
                case double real:
                    appender.Append(real);
                    break;
                case decimal exact:
                    appender.Append(exact);
                    break;
                case DateOnly date:
                    appender.Append(date);
                    break;
                case string[] tags:
                    appender.Append(tags);
                    break;
                default:
                    throw new ArgumentException($"unexpected value {value}", nameof(row));
            }
        }
        appender.EndRow();
    }

    private void Apply(PortraitDatabase database, Table table, Dictionary<string, object?[]> model, Mutation mutation)
    {
        int key = Schema.Key.Ordinal;
        switch (mutation)
        {
            case DeleteKey delete:
                Assert.Equal(model.Remove(delete.Key), table.Delete(delete.Key));
                break;
            case DeleteKeys deletes:
                {
                    using var transaction = table.BeginTransaction();
                    foreach (string deleted in deletes.Keys)
                        Assert.Equal(model.Remove(deleted), transaction.Delete(deleted));
                    transaction.Commit();
                    break;
                }
            case UpsertRow upsert:
                table.Upsert(upsert.Row);
                model[(string)upsert.Row[key]!] = upsert.Row;
                break;
            case UpdateCell update:
                {
                    if (update.Column.Ordinal == key)
                    {
                        string renamed = (string)update.Value!;
                        if (model.ContainsKey(renamed) && update.Key != renamed && model.ContainsKey(update.Key))
                        {
                            Assert.ThrowsAny<PortraitDbException>(() => table.Update(update.Key, update.Column.Name, renamed));
                            break;
                        }
                        Assert.Equal(model.ContainsKey(update.Key), table.Update(update.Key, update.Column.Name, renamed));
                        if (model.Remove(update.Key, out var moved))
                        {
                            moved = (object?[])moved.Clone();
                            moved[key] = renamed;
                            model[renamed] = moved;
                        }
                        break;
                    }
                    Assert.Equal(model.ContainsKey(update.Key), table.Update(update.Key, update.Column.Name, update.Value));
                    if (model.TryGetValue(update.Key, out var row))
                    {
                        row = (object?[])row.Clone();
                        row[update.Column.Ordinal] = update.Value;
                        model[update.Key] = row;
                    }
                    break;
                }
            case RolledBack rolledBack when rolledBack.ViaAppender:
                {
                    using var appender = table.CreateAppender();
                    foreach (var row in rolledBack.Rows)
                        AppendRow(appender, row);
                    break;
                }
            case RolledBack rolledBack:
                {
                    using var transaction = table.BeginTransaction();
                    foreach (var row in rolledBack.Rows)
                        transaction.Upsert(row);
                    foreach (string deleted in rolledBack.Deletes)
                        transaction.Delete(deleted);
                    break;
                }
            case DeleteWhere deleteWhere:
                {
                    var doomed = model.Where(entry => deleteWhere.Where.Evaluate(entry.Value) == true).Select(entry => entry.Key).ToList();
                    var result = database.Execute(deleteWhere.ToString());
                    Assert.True(doomed.Count == result.AffectedRows, $"{deleteWhere} deleted {result.AffectedRows} rows; the model deletes {doomed.Count}");
                    foreach (string doomedKey in doomed)
                        model.Remove(doomedKey);
                    break;
                }
            case UpdateWhere updateWhere:
                {
                    var changed = model.Where(entry => updateWhere.Where.Evaluate(entry.Value) == true).Select(entry => entry.Key).ToList();
                    var result = database.Execute(updateWhere.ToString());
                    Assert.True(changed.Count == result.AffectedRows, $"{updateWhere} updated {result.AffectedRows} rows; the model updates {changed.Count}");
                    foreach (string changedKey in changed)
                    {
                        var row = (object?[])model[changedKey].Clone();
                        row[updateWhere.Column.Ordinal] = updateWhere.Value;
                        model[changedKey] = row;
                    }
                    break;
                }
            default:
                throw new ArgumentException($"unknown mutation {mutation}", nameof(mutation));
        }
    }

    /// <summary>A script that rebuilds the case by hand: DDL, the rows (all of them when few), the mutations.</summary>
    public string Script(int maxRows = 40)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Schema.CreateTableSql(DifferentialQuery.Table)};");
        text.AppendLine(CultureInfo.InvariantCulture, $"-- {Rows.Count} rows loaded by {Load}{(Load == LoadMode.Transaction ? "" : $", committed every {CommitEvery}")}");
        foreach (var row in Rows.Take(maxRows))
            text.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO {DifferentialQuery.Table} VALUES ({SqlSemantics.Literals(row)});");
        if (Rows.Count > maxRows)
            text.AppendLine(CultureInfo.InvariantCulture, $"-- ... {Rows.Count - maxRows} more rows");
        foreach (var mutation in Mutations)
            text.AppendLine(CultureInfo.InvariantCulture, $"{mutation};");
        return text.ToString();
    }

    public override string ToString() => Script();
}
