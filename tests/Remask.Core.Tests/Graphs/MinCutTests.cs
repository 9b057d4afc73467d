using Remask.Core.Graphs;

namespace Remask.Core.Tests.Graphs;

public class MinCutTests
{
    [Fact]
    public void The_textbook_network_gives_its_known_maximum_flow()
    {
        // CLRS Figure 26.1 with s and t folded into terminal capacities: nodes v1..v4 = 0..3.
        // s→v1 16, s→v2 13, v1→v3 12, v2→v1 4, v2→v4 14, v3→v2 9, v3→t 20, v4→v3 7, v4→t 4. Maximum flow 23.
        var cut = new MinCut(4);
        cut.AddTerminal(0, 16, 0);
        cut.AddTerminal(1, 13, 0);
        cut.AddTerminal(2, 0, 20);
        cut.AddTerminal(3, 0, 4);
        cut.AddEdge(0, 2, 12, 0);
        cut.AddEdge(1, 0, 4, 0);
        cut.AddEdge(1, 3, 14, 0);
        cut.AddEdge(2, 1, 9, 0);
        cut.AddEdge(3, 2, 7, 0);
        var (value, sourceSide) = cut.Solve();
        Assert.Equal(23, value, 9);
        // The minimum cut {s, v1, v2, v4} | {v3, t}: v1→v3 12 + v4→v3 7 + v4→t 4 = 23.
        Assert.Equal(new[] { true, true, false, true }, sourceSide);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_cut_minimises_a_random_binary_energy_as_brute_force_does(int seed)
    {
        // E(l) = Σ_i U_i(l_i) + Σ_(i,j) w_ij [l_i ≠ l_j] over every one of the 2^n labellings.
        var rng = new Random(seed);
        int n = 9;
        var u0 = new double[n];
        var u1 = new double[n];
        var edges = new List<(int A, int B, double W)>();
        var cut = new MinCut(n);
        for (int i = 0; i < n; i++)
        {
            u0[i] = rng.NextDouble() * 3;
            u1[i] = rng.NextDouble() * 3;
            cut.AddTerminal(i, u0[i], u1[i]);
        }
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                if (rng.NextDouble() < 0.4)
                {
                    double w = rng.NextDouble() * 2;
                    edges.Add((a, b, w));
                    cut.AddEdge(a, b, w, w);
                }
        double Energy(Func<int, bool> label)
        {
            double e = 0;
            for (int i = 0; i < n; i++) e += label(i) ? u1[i] : u0[i];
            foreach (var (a, b, w) in edges) if (label(a) != label(b)) e += w;
            return e;
        }
        double best = double.PositiveInfinity;
        for (int bits = 0; bits < 1 << n; bits++) best = Math.Min(best, Energy(i => (bits >> i & 1) != 0));

        var (value, sourceSide) = cut.Solve();
        Assert.Equal(best, value, 9);
        Assert.Equal(best, Energy(i => sourceSide[i]), 9);
    }

    [Fact]
    public void A_long_chain_is_solved_without_recursion()
    {
        // 200,000 nodes in a path: source at one end, sink at the other, the weakest link in the middle.
        int n = 200_000;
        var cut = new MinCut(n);
        cut.AddTerminal(0, 10, 0);
        cut.AddTerminal(n - 1, 0, 10);
        for (int i = 0; i + 1 < n; i++) cut.AddEdge(i, i + 1, i == n / 2 ? 1 : 5, 0);
        var (value, sourceSide) = cut.Solve();
        Assert.Equal(1, value, 9);
        Assert.True(sourceSide[n / 2]);
        Assert.False(sourceSide[n / 2 + 1]);
    }

    [Fact]
    public void Nodes_with_terminals_only_take_their_cheaper_side()
    {
        var cut = new MinCut(2);
        cut.AddTerminal(0, 3, 1);   // label 0 costs 3, label 1 costs 1: source side
        cut.AddTerminal(1, 1, 3);
        var (value, sourceSide) = cut.Solve();
        Assert.Equal(2, value, 12);
        Assert.Equal(new[] { true, false }, sourceSide);
    }

    [Fact]
    public void Bad_capacities_and_edges_are_refused()
    {
        var cut = new MinCut(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => cut.AddTerminal(0, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cut.AddTerminal(0, double.NaN, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cut.AddEdge(0, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cut.AddEdge(0, 2, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cut.AddEdge(0, 1, double.PositiveInfinity, 1));
    }
}
