#!/usr/bin/python3
"""Golden values for Remask's PyTorch parity tests, computed by PyTorch itself (Debian 12's python3-torch, 1.13).
Dev time only; the files are committed and the tests need no PyTorch:

    apt-get install python3-torch
    /usr/bin/python3 tests/Remask.Torch.Tests/Fixtures/PyTorch/make_pytorch_fixtures.py

The network is interop/python/remask_unet.py (the module users copy). Every .pt file is written by torch.save and
holds a flat dict of contiguous tensors. "Golden" values are computed in float64 from inputs and weights that are
float32 numbers, so they are the exact function of what Remask computes on in float32; NAME.f32 is PyTorch's own
float32 result of the same computation (NAME.f32cl: with channels_last activations): the size of float32 rounding,
which the tests' tolerances are set against (docs/training.md, "Checked against PyTorch").

  torch-run/model.pt   network A's state_dict: 3 channels, widths 8, 12, 16, 24, 32 (depth 4)
  net_b.pt             network B's: 1 channel, widths 4, 8, 16 (the one-channel path, where NCHW and channels-last
                       strides coincide)
  forward.pt           {a,b}.input; {a,b}.eval (evaluation mode), {a,b}.train (training mode: BatchNorm batch statistics,
                       dropout p = 0) and {a,b}.train.state.NAME (running statistics after that one training forward).
                       A's input is 2 x 3 x 48 x 80: its stages are 48 x 80, 24 x 40, 12 x 20, 6 x 10 and 3 x 5; B's
                       is 3 x 1 x 20 x 12 (10 x 6, 5 x 3).
  loss.pt              BCE + soft Dice of logits / targets / pixel weights, and its gradients with respect to the
                       logits and the weights; net.*: the loss of A in training mode and its gradients with respect
                       to a few parameters, with and without pixel weights.
  adam.pt              torch.optim.Adam (lr 1e-3 and 0.1) on three tensors fed fixed gradients for 6 steps.
  training.pt          three training steps of A (training mode, dropout 0, BCE + Dice, Adam lr 1e-3), from net_a.pt:
                       the loss of each step and the whole state_dict afterwards (running statistics included;
                       float64 only, PyTorch's float32 deviation is printed).
  batchnorm.pt         BatchNorm2d(5): four training-mode forwards, the running statistics after each, an eval forward.
  images/*.png         RGB test images (PIL) of 48 x 48, 61 x 37, 20 x 30 and 130 x 97 pixels.
  torch-run/           a run folder written by remask_unet.save: A trained 30 Adam steps on blob images, size 48;
                       checksums.json: what torch.load reads back from its model.pt (write_checksums);
                       predictions.pt: remask_unet.predict's probabilities for every image (NAME, and NAME.f64).
  channels_last_state_dict.pt  B's state_dict saved from a channels_last model without .contiguous().

The other direction (a model.pt written by `remask train`, read by torch.load) is made by make_remask_run.sh.
"""
import collections
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "interop", "python"))
import remask_unet  # noqa: E402

WIDTHS_A, WIDTHS_B = (8, 12, 16, 24, 32), (4, 8, 16)
gen = torch.Generator().manual_seed(20240614)
rng = np.random.default_rng(20240614)


def randn(*shape, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale).float()


def rand(*shape, low=0.0, high=1.0):
    return (low + (high - low) * torch.rand(*shape, generator=gen, dtype=torch.float64)).float()


def save(name, tensors):
    out = collections.OrderedDict()
    for k, v in tensors.items():
        v = v.detach()
        out[k] = (v.reshape(1) if v.dim() == 0 else v).contiguous().clone()
    torch.save(out, os.path.join(HERE, name))
    print("wrote", name, len(out), "tensors")
    report_float32(name, out)


def report_float32(name, tensors):
    """Prints, per group, PyTorch's own float32 deviation from the float64 golden values (what tolerances are set against)."""
    worst = {}
    for k, v in tensors.items():
        for suffix in (".f32", ".f32cl"):
            if k.endswith(suffix) and k[: -len(suffix)] in tensors:
                golden = tensors[k[: -len(suffix)]].double()
                group = k.split(".")[0] + suffix
                d, scale = (v.double() - golden).abs().max().item(), golden.abs().max().item()
                old = worst.get(group, (0.0, 0.0, ""))
                if d > old[0]:
                    worst[group] = (d, scale, k)
    for group, (d, scale, k) in sorted(worst.items()):
        print(f"  PyTorch float32 vs float64, {name} {group}: max |diff| {d:.3g} (at {k}, max |value| {scale:.3g})")


def seg_loss(z, y, w=None):
    """Remask's loss as docs/training.md states it: BCE = mean of w * bce(z, y); Dice = mean over images of
    1 - (2 sum(w p y) + 1) / (sum(w p) + sum(w y) + 1); weights 1 when absent."""
    if w is None:
        w = torch.ones_like(z)
    bce = (F.binary_cross_entropy_with_logits(z, y, reduction="none") * w).mean()
    p = torch.sigmoid(z)
    dims = tuple(range(1, z.dim()))
    dice = 1 - (2 * (w * p * y).sum(dims) + 1) / ((w * p).sum(dims) + (w * y).sum(dims) + 1)
    return bce + dice.mean()


def model_like(state, in_channels, widths, dropout_p, dtype):
    m = remask_unet.UNetS(in_channels, widths, dropout_p)
    m.load_state_dict(state)
    return m.to(dtype)


def blobs(n, h, w):
    """Images with a few bright ellipses on a textured background, and their masks (float32 N x 3 x h x w, N x 1 x h x w)."""
    yy, xx = np.mgrid[0:h, 0:w]
    images = np.empty((n, 3, h, w), np.float32)
    masks = np.zeros((n, 1, h, w), np.float32)
    for i in range(n):
        m = np.zeros((h, w), bool)
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.uniform(0, h), rng.uniform(0, w)
            ry, rx = rng.uniform(0.1, 0.3) * h, rng.uniform(0.1, 0.3) * w
            m |= ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1
        base = rng.uniform(0.2, 0.5, 3)[:, None, None] + 0.08 * rng.standard_normal((3, h, w))
        lesion = rng.uniform(0.55, 0.9, 3)[:, None, None]
        images[i] = np.clip(np.where(m, lesion, base), 0, 1)
        masks[i, 0] = m
    return torch.from_numpy(images), torch.from_numpy(masks)


def train_torch_run():
    """Model A trained a little, as a PyTorch user would (dropout on, batch statistics), saved as a Remask run."""
    torch.manual_seed(7)
    model = remask_unet.UNetS(3, WIDTHS_A, 0.2)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(30):
        x, y = blobs(8, 48, 48)
        opt.zero_grad()
        seg_loss(model(x), y).backward()
        opt.step()
    run = os.path.join(HERE, "torch-run")
    remask_unet.save(model, run, size=48, epoch=1)
    write_checksums(torch.load(os.path.join(run, "model.pt")), os.path.join(run, "checksums.json"))
    print("wrote torch-run")
    return collections.OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())


def settle_b():
    """Model B with running statistics from ten training-mode forwards."""
    torch.manual_seed(11)
    model = remask_unet.UNetS(1, WIDTHS_B, 0.2)
    model.train()
    with torch.no_grad():
        for _ in range(10):
            model(rand(4, 1, 20, 12))
    return collections.OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())


def forward_goldens(prefix, state, in_channels, widths, x, out):
    out[prefix + ".input"] = x
    for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
        train = model_like(state, in_channels, widths, 0.0, dtype).train()
        with torch.no_grad():
            out[f"{prefix}.eval{suffix}"] = model_like(state, in_channels, widths, 0.2, dtype).eval()(x.to(dtype))
            out[f"{prefix}.train{suffix}"] = train(x.to(dtype))
        for k, v in train.state_dict().items():
            if "running_" in k or "num_batches" in k:
                out[f"{prefix}.train.state.{k}{suffix}"] = v
    cl = model_like(state, in_channels, widths, 0.2, torch.float32).eval().to(memory_format=torch.channels_last)
    with torch.no_grad():
        out[f"{prefix}.eval.f32cl"] = cl(x.contiguous(memory_format=torch.channels_last))


def main():
    state_a = train_torch_run()
    state_b = settle_b()
    torch.save(state_b, os.path.join(HERE, "net_b.pt"))

    # Forward passes.
    fwd = {}
    forward_goldens("a", state_a, 3, WIDTHS_A, rand(2, 3, 48, 80), fwd)
    forward_goldens("b", state_b, 1, WIDTHS_B, rand(3, 1, 20, 12), fwd)
    save("forward.pt", fwd)

    # The loss alone: logits with a few saturated values, image 1 without foreground, weights with zeros.
    z = randn(3, 1, 9, 7, scale=3.0)
    z.view(-1)[[5, 40, 77, 150]] = torch.tensor([25.0, -25.0, 40.0, -18.0])
    y = (rand(3, 1, 9, 7) < 0.4).float()
    y[1] = 0
    w = rand(3, 1, 9, 7, high=2.0)
    w[rand(3, 1, 9, 7) < 0.2] = 0
    loss = {"logits": z, "targets": y, "weights": w}
    for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
        zz = z.to(dtype).clone().requires_grad_()
        l = seg_loss(zz, y.to(dtype))
        l.backward()
        loss["loss" + suffix], loss["grad.logits" + suffix] = l, zz.grad
        zz = z.to(dtype).clone().requires_grad_()
        ww = w.to(dtype).clone().requires_grad_()
        l = seg_loss(zz, y.to(dtype), ww)
        l.backward()
        loss["loss.weighted" + suffix], loss["grad.logits.weighted" + suffix], loss["grad.weights" + suffix] = l, zz.grad, ww.grad

    # The loss of network A in training mode (dropout 0) and its parameter gradients.
    x, ty = fwd["a.input"], blobs(2, 48, 80)[1]
    tw = rand(2, 1, 48, 80, high=2.0)
    loss["net.targets"], loss["net.weights"] = ty, tw  # the input is forward.pt's a.input
    for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
        for weighted in (False, True):
            m = model_like(state_a, 3, WIDTHS_A, 0.0, dtype).train()
            l = seg_loss(m(x.to(dtype)), ty.to(dtype), tw.to(dtype) if weighted else None)
            l.backward()
            tag = "net.weighted" if weighted else "net"
            loss[f"{tag}.loss{suffix}"] = l
            for name in PARAM_GRADS:
                loss[f"{tag}.grad.{name}{suffix}"] = m.get_parameter(name).grad
    save("loss.pt", loss)

    # Adam on fixed gradients: step 4 has an all-zero gradient, step 5 tiny ones.
    shapes = [(4, 3), (5,), (2, 2, 3, 3)]
    scales = [1.0, 1e-3, 10.0, 0.0, 1e-6, 1.0]
    adam = {}
    starts = [randn(*s) for s in shapes]
    grads = [[randn(*s, scale=c) for s in shapes] for c in scales]
    for k, s in enumerate(starts):
        adam[f"p{k}.start"] = s
        for t, g in enumerate(grads):
            adam[f"g{k}.step{t + 1}"] = g[k]
    for lr in (1e-3, 0.1):
        for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
            params = [torch.nn.Parameter(s.to(dtype).clone()) for s in starts]
            opt = torch.optim.Adam(params, lr=lr)
            for t, g in enumerate(grads):
                for p, gk in zip(params, g):
                    p.grad = gk.to(dtype).clone()
                opt.step()
                for k, p in enumerate(params):
                    adam[f"lr{lr:g}.p{k}.step{t + 1}{suffix}"] = p.detach().clone()
            for k, p in enumerate(params):
                adam[f"lr{lr:g}.p{k}.exp_avg{suffix}"] = opt.state[p]["exp_avg"]
                adam[f"lr{lr:g}.p{k}.exp_avg_sq{suffix}"] = opt.state[p]["exp_avg_sq"]
    save("adam.pt", adam)

    # Three training steps of A, as Remask's trainer takes them.
    training = {}
    batches = []
    for s in range(3):
        bx, by = blobs(2, 48, 80)
        batches.append((bx, by))
        training[f"step{s + 1}.input"], training[f"step{s + 1}.targets"] = bx, by
    for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
        m = model_like(state_a, 3, WIDTHS_A, 0.0, dtype).train()
        opt = torch.optim.Adam(m.parameters(), lr=1e-3)
        for s, (bx, by) in enumerate(batches):
            opt.zero_grad()
            l = seg_loss(m(bx.to(dtype)), by.to(dtype))
            l.backward()
            opt.step()
            training[f"step{s + 1}.loss{suffix}"] = l
        final = m.state_dict()
        if suffix:
            d = max((final[k].double() - training["state." + k]).abs().max().item() for k in final)
            print(f"  PyTorch float32 vs float64, training.pt state after 3 steps: max |diff| {d:.3g}")
        else:
            for k, v in final.items():
                training[f"state.{k}"] = v
    save("training.pt", training)

    # BatchNorm2d alone: four training forwards on batches with different channel means and scales, then eval.
    bn = {}
    xs = [randn(3, 5, 7, 6) * rand(1, 5, 1, 1, low=0.5, high=3.0) + randn(1, 5, 1, 1, scale=2.0) for _ in range(4)]
    weight, bias = rand(5, low=0.5, high=1.5), randn(5, scale=0.3)
    bn["weight"], bn["bias"] = weight, bias
    xe = randn(2, 5, 7, 6)
    bn["eval.input"] = xe
    for dtype, suffix in ((torch.float64, ""), (torch.float32, ".f32")):
        layer = torch.nn.BatchNorm2d(5).to(dtype)
        with torch.no_grad():
            layer.weight.copy_(weight)
            layer.bias.copy_(bias)
            layer.train()
            for t, xt in enumerate(xs):
                bn[f"input{t + 1}"] = xt
                bn[f"out{t + 1}{suffix}"] = layer(xt.to(dtype))
                bn[f"running_mean{t + 1}{suffix}"] = layer.running_mean.clone()
                bn[f"running_var{t + 1}{suffix}"] = layer.running_var.clone()
            bn["num_batches_tracked"] = layer.num_batches_tracked.clone()
            layer.eval()
            bn["eval.out" + suffix] = layer(xe.to(dtype))
    save("batchnorm.pt", bn)

    write_images_and_predictions(state_a)

    # A state_dict as a channels_last model's torch.save writes it: 4-D weights with NHWC strides.
    cl = remask_unet.UNetS(1, WIDTHS_B, 0.2)
    cl.load_state_dict(state_b)
    cl = cl.to(memory_format=torch.channels_last)
    assert not cl.state_dict()["down.0.3.weight"].is_contiguous()
    torch.save(cl.state_dict(), os.path.join(HERE, "channels_last_state_dict.pt"))


PARAM_GRADS = ["down.0.0.weight", "down.0.1.weight", "down.0.1.bias", "down.3.3.weight", "bottleneck.4.weight",
               "up.0.weight", "up.3.bias", "dec.3.4.weight", "head.weight", "head.bias"]
IMAGE_SIZES = [(48, 48), (61, 37), (20, 30), (130, 97)]  # width x height


def write_images_and_predictions(state_a):
    folder = os.path.join(HERE, "images")
    os.makedirs(folder, exist_ok=True)
    names = []
    for i, (w, h) in enumerate(IMAGE_SIZES):
        x, _ = blobs(1, h, w)
        pixels = np.round(x[0].permute(1, 2, 0).numpy() * 255).astype(np.uint8)
        name = f"img{i}_{w}x{h}"
        Image.fromarray(pixels, "RGB").save(os.path.join(folder, name + ".png"))
        names.append(name)
    model = remask_unet.load(os.path.join(HERE, "torch-run"))
    double = model_like(state_a, 3, WIDTHS_A, 0.2, torch.float64).eval()
    double.info = model.info
    predictions = {}
    for name in names:
        image = read_image(os.path.join(folder, name + ".png"))
        predictions[name] = remask_unet.predict(model, image)
        predictions[name + ".f64"] = remask_unet.predict(double, image.double())
    save(os.path.join("torch-run", "predictions.pt"), predictions)


def write_checksums(state, path):
    """What torch.load read: per tensor in file order, its dtype, shape and three float64 sums over the row-major
    elements v_i: sum v_i, sum v_i^2 and sum v_i * ((i % 7) + 1) (which changes when elements are permuted)."""
    rows = []
    for name, t in state.items():
        v = t.detach().double().reshape(-1)
        k = (torch.arange(v.numel(), dtype=torch.float64) % 7) + 1
        rows.append({"name": name, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
                     "contiguous": t.is_contiguous(), "sum": v.sum().item(), "sum_squares": (v * v).sum().item(),
                     "weighted_sum": (v * k).sum().item()})
    with open(path, "w") as f:
        f.write('{"torch_version": %s, "tensors": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(r) for r in rows))
        f.write("\n]}\n")


def read_image(path):
    """C x H x W float32 in [0, 1], as Remask reads an 8-bit RGB PNG."""
    return torch.from_numpy(np.array(Image.open(path).convert("RGB"))).permute(2, 0, 1).float() / 255.0


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
