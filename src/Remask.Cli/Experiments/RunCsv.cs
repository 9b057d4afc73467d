using System.Globalization;

namespace Remask.Cli.Experiments;

/// <summary>A CSV file that Remask wrote (numbers, an empty cell for none), read by column name.</summary>
internal sealed class RunCsv
{
    private readonly Dictionary<string, int> columns;
    public IReadOnlyList<string[]> Rows { get; }

    private RunCsv(string[] lines)
    {
        columns = lines[0].Split(',').Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        Rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
    }

    /// <summary>The file, or null when it does not exist.</summary>
    public static RunCsv? Read(string path) => File.Exists(path) ? new RunCsv(File.ReadAllLines(path)) : null;

    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>The cell as a number; null when the column is missing or the cell empty.</summary>
    public double? Number(string[] row, string column) =>
        columns.TryGetValue(column, out int i) && i < row.Length && row[i].Length > 0 ? double.Parse(row[i], CultureInfo.InvariantCulture) : null;

    /// <summary>The column's numbers, NaN for empty cells.</summary>
    public double[] Column(string column) => Rows.Select(r => Number(r, column) ?? double.NaN).ToArray();
}
