using Remask.Cli.Commands;

namespace Remask.Cli.Tests.Commands;

/// <summary>The relabel options of <c>train --method relabel</c> and <c>relabel</c>, parsed without running anything.</summary>
public class RelabelArgumentsTests
{
    [Fact]
    public void An_empty_mask_stays_empty_unless_relabel_empty_is_given()
    {
        Assert.True(RelabelArguments.Flip(new RelabelingSettings()).Guard!.KeepEmpty);
        var open = RelabelArguments.Flip(new RelabelingSettings { RelabelEmpty = true });
        Assert.False(open.Guard!.KeepEmpty);
        // Only that switch changes: the rest of the guard is the default's.
        Assert.Equal(RelabelArguments.Flip(new RelabelingSettings()).Guard! with { KeepEmpty = false }, open.Guard);
        Assert.Null(RelabelArguments.Flip(new RelabelingSettings { RelabelEmpty = true, NoGuard = true }).Guard);
    }
}
