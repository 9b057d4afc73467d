namespace Remask.Core.Graphs;

/// <summary>
/// Minimum s-t cut of a graph with non-negative real capacities, by Dinic's maximum-flow algorithm (BFS level graph,
/// then blocking flows found by depth-first search with per-node arc pointers; iterative, so deep graphs do not
/// overflow the stack). Nodes are 0 .. n-1; the source and the sink are implicit: every node has a terminal capacity
/// from the source and one to the sink (<see cref="AddTerminal"/>), and pairs of nodes are joined by
/// <see cref="AddEdge"/> (a capacity each way). This is the form of a binary labelling energy
/// <code>
///   E(l) = Σ_i U_i(l_i) + Σ_(i,j) w_ij [l_i ≠ l_j]      with l_i = 1 on the source side
/// </code>
/// with source capacity U_i(0) and sink capacity U_i(1): the cut's value is E of the labelling it gives, and the
/// minimum cut minimises E exactly (Greig, Porteous and Seheult, 1989; Boykov and Kolmogorov, 2004).
/// Written here because the maintained .NET graph package served here (QuikGraph 2.5) offers only Edmonds-Karp over
/// object graphs (docs/relabeling.md, "Snapping to edges").
/// </summary>
internal sealed class MinCut
{
    private const double Epsilon = 1e-12;
    private readonly int _nodes;
    private readonly double[] _source, _sink;
    private readonly List<(int From, int To, double Forward, double Backward)> _pending = [];

    public MinCut(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodes);
        _nodes = nodes;
        _source = new double[nodes];
        _sink = new double[nodes];
    }

    /// <summary>Adds <paramref name="fromSource"/> to the source → node capacity and <paramref name="toSink"/> to the node → sink capacity.</summary>
    public void AddTerminal(int node, double fromSource, double toSink)
    {
        CheckCapacity(fromSource);
        CheckCapacity(toSink);
        _source[node] += fromSource;
        _sink[node] += toSink;
    }

    /// <summary>An edge a → b of capacity <paramref name="forward"/> and b → a of capacity <paramref name="backward"/>.</summary>
    public void AddEdge(int a, int b, double forward, double backward)
    {
        if ((uint)a >= (uint)_nodes || (uint)b >= (uint)_nodes || a == b)
            throw new ArgumentOutOfRangeException(nameof(a), $"edge {a} - {b} needs two different nodes below {_nodes}");
        CheckCapacity(forward);
        CheckCapacity(backward);
        _pending.Add((a, b, forward, backward));
    }

    /// <summary>Solves the cut. Returns the maximum flow (= the minimum cut's value) and, per node, true when it lies on
    /// the source side (reachable from the source in the residual graph: the smallest source set of a minimum cut).</summary>
    public (double Value, bool[] SourceSide) Solve()
    {
        // Terminal flow first: a node's common part min(source, sink) flows straight through it.
        double value = 0;
        var excessSource = new double[_nodes];
        var excessSink = new double[_nodes];
        for (int i = 0; i < _nodes; i++)
        {
            double common = Math.Min(_source[i], _sink[i]);
            value += common;
            excessSource[i] = _source[i] - common;
            excessSink[i] = _sink[i] - common;
        }

        // Arcs in CSR order; arc k's reverse is Reverse[k]. Source is node n, sink n + 1.
        int s = _nodes, t = _nodes + 1, total = _nodes + 2;
        var degree = new int[total + 1];
        foreach (var (a, b, _, _) in _pending) { degree[a]++; degree[b]++; }
        for (int i = 0; i < _nodes; i++)
            if (excessSource[i] > 0) { degree[s]++; degree[i]++; }
            else if (excessSink[i] > 0) { degree[i]++; degree[t]++; }
        var start = new int[total + 1];
        for (int i = 0; i < total; i++) start[i + 1] = start[i] + degree[i];
        int arcs = start[total];
        var head = new int[arcs];
        var capacity = new double[arcs];
        var reverse = new int[arcs];
        var fill = (int[])start.Clone();
        void Link(int a, int b, double forward, double backward)
        {
            int ka = fill[a]++, kb = fill[b]++;
            head[ka] = b; capacity[ka] = forward; reverse[ka] = kb;
            head[kb] = a; capacity[kb] = backward; reverse[kb] = ka;
        }
        foreach (var (a, b, f, r) in _pending) Link(a, b, f, r);
        for (int i = 0; i < _nodes; i++)
            if (excessSource[i] > 0) Link(s, i, excessSource[i], 0);
            else if (excessSink[i] > 0) Link(i, t, excessSink[i], 0);

        var level = new int[total];
        var queue = new int[total];
        var arcPointer = new int[total];
        var pathArcs = new int[total];
        while (Levels(s, t, start, head, capacity, level, queue))
        {
            Array.Copy(start, arcPointer, total);
            double pushed;
            while ((pushed = Augment(s, t, start, head, capacity, reverse, level, arcPointer, pathArcs)) > 0) value += pushed;
        }
        Levels(s, t, start, head, capacity, level, queue);
        var sourceSide = new bool[_nodes];
        for (int i = 0; i < _nodes; i++) sourceSide[i] = level[i] >= 0;
        return (value, sourceSide);
    }

    /// <summary>BFS levels from the source over arcs with residual capacity; true when the sink is reached.</summary>
    private static bool Levels(int s, int t, int[] start, int[] head, double[] capacity, int[] level, int[] queue)
    {
        Array.Fill(level, -1);
        level[s] = 0;
        int read = 0, write = 0;
        queue[write++] = s;
        while (read < write)
        {
            int u = queue[read++];
            for (int k = start[u]; k < start[u + 1]; k++)
            {
                int v = head[k];
                if (level[v] < 0 && capacity[k] > Epsilon)
                {
                    level[v] = level[u] + 1;
                    queue[write++] = v;
                }
            }
        }
        return level[t] >= 0;
    }

    /// <summary>One augmenting path in the level graph, found depth first with arc pointers that never go back
    /// (a dead end is removed from the level graph); returns the flow pushed, 0 when the blocking flow is complete.</summary>
    private static double Augment(int s, int t, int[] start, int[] head, double[] capacity, int[] reverse, int[] level, int[] arcPointer, int[] pathArcs)
    {
        int depth = 0, u = s;
        while (true)
        {
            if (u == t)
            {
                double bottleneck = double.PositiveInfinity;
                for (int d = 0; d < depth; d++) bottleneck = Math.Min(bottleneck, capacity[pathArcs[d]]);
                for (int d = 0; d < depth; d++)
                {
                    capacity[pathArcs[d]] -= bottleneck;
                    capacity[reverse[pathArcs[d]]] += bottleneck;
                }
                return bottleneck;
            }
            bool advanced = false;
            for (ref int k = ref arcPointer[u]; k < start[u + 1]; k++)
            {
                int v = head[k];
                if (capacity[k] > Epsilon && level[v] == level[u] + 1)
                {
                    pathArcs[depth++] = k;
                    u = v;
                    advanced = true;
                    break;
                }
            }
            if (advanced) continue;
            if (u == s) return 0;
            // Dead end: drop u from the level graph and step back along the path.
            level[u] = -2;
            int back = pathArcs[--depth];
            u = head[reverse[back]];
            arcPointer[u]++;
        }
    }

    private static void CheckCapacity(double c)
    {
        if (!(c >= 0) || double.IsInfinity(c)) throw new ArgumentOutOfRangeException(nameof(c), $"capacity {c} must be finite and non-negative");
    }
}
