using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// TorchSharp's Adam (same options, same per-parameter state, so <c>save_py</c> / <c>load_py</c> checkpoints are
/// unchanged) with a step that passes every number to libtorch as an explicit <see cref="Scalar"/> kept alive until
/// the native call has returned.
/// <para>
/// Why: TorchSharp 0.107's <c>Adam.step</c> writes <c>exp_avg.mul_(beta1).add_(grad, alpha: 1 - beta1)</c> and the
/// like, converting each double into a temporary Scalar that nothing references once its handle has been read. A
/// garbage collection started by another thread during the native call lets the finalizer free the Scalar while
/// libtorch still reads it (docs/training.md, "Data loading"). The formula is PyTorch's Adam without amsgrad,
/// weight decay or maximize, computed with the same operations in the same order as TorchSharp's:
/// m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
/// p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// </para>
/// </summary>
internal sealed class ScalarSafeAdam : TorchSharp.Modules.Adam
{
    public ScalarSafeAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr)
        : base(parameters, lr)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (closure is not null) throw new NotSupportedException("ScalarSafeAdam takes no closure");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var group in _parameter_groups)
        {
            var o = (Options)group.Options;
            if (o.weight_decay is not (null or 0.0) || o.amsgrad == true || o.maximize == true)
                throw new NotSupportedException("ScalarSafeAdam implements plain Adam (no weight decay, amsgrad or maximize)");
            double beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, eps = o.eps!.Value, lr = o.LearningRate!.Value;
            using var sBeta1 = beta1.ToScalar();
            using var sBeta2 = beta2.ToScalar();
            using var sOneMinusBeta1 = (1 - beta1).ToScalar();
            using var sOneMinusBeta2 = (1 - beta2).ToScalar();
            using var sEps = eps.ToScalar();
            using var sOne = 1.0.ToScalar();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                state.step += 1;
                double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                using var sSqrtBc2 = Math.Sqrt(biasCorrection2).ToScalar();
                using var sNegStepSize = (-(lr / biasCorrection1)).ToScalar();

                state.exp_avg.mul_(sBeta1).add_(grad, sOneMinusBeta1);
                state.exp_avg_sq.mul_(sBeta2).addcmul_(grad, grad, sOneMinusBeta2);
                using var root = state.exp_avg_sq.sqrt();
                using var denom = root.div(sSqrtBc2);
                denom.add_(sEps, sOne);
                param.addcdiv_(state.exp_avg, denom, sNegStepSize);
            }
        }
        return null!;
    }
}
