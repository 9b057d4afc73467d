"""U-Net-S, the segmentation network of Remask, in PyTorch (needs torch only; tested with PyTorch 1.13).

Parameter and buffer names are those of Remask's state_dict, so a ``model.pt`` written by ``remask train`` loads
strictly, and a state_dict saved from this module loads into Remask (``remask predict --model RUN``, with a
``model.json`` beside it)::

    import torch, remask_unet
    model = remask_unet.load("RUN")                     # RUN/model.json + RUN/model.pt, strict, evaluation mode
    probs = remask_unet.predict(model, image)           # image: C x H x W float in [0, 1]; probs: H x W
    remask_unet.save(model, "RUN2", size=64)            # a model trained in PyTorch, as a run folder for Remask

``predict`` does what ``remask predict`` does, so its probabilities equal Remask's to 1e-5 (checked by Remask's tests,
docs/training.md, "Checked against PyTorch"): an image of H x W is resized to the training size S x S (bilinear,
align_corners=False, no antialiasing), passed through the network in evaluation mode, and the sigmoid of the logits is
resized back to H x W (bilinear). The mask is ``probs >= info["threshold"]`` (0.5). Images are scaled by their bit
depth's maximum: ``torch.from_numpy(numpy.asarray(PIL.Image.open(f).convert("RGB"))).permute(2, 0, 1) / 255.0``
(alpha dropped; one-channel models take gray images, C = 1).

The network (input N x C x H x W, H and W multiples of 2^depth; output N x 1 x H x W logits)::

    down.i     = 2 x [3x3 conv, padding 1, no bias -> BatchNorm (eps 1e-5, momentum 0.1) -> ReLU], then 2x2 max-pool
    bottleneck = the same double conv at the last width, then spatial dropout (Dropout2d, p = dropout_p)
    up.j       = 2x2 transposed conv, stride 2, with bias
    dec.j      = concatenate [skip, upsampled] -> double conv -> spatial dropout
    head       = 1x1 conv with bias

Monte Carlo dropout as Remask's ``--uncertainty mcdo``: ``model.eval(); model.drop.train()`` (BatchNorm keeps its
running statistics, the Dropout2d layer drops whole feature maps). Remask runs its activations channels-last; the
function is the same in either memory format.
"""
import collections
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNetS(nn.Module):
    """U-Net-S with Remask's defaults: widths (16, 32, 64, 128, 256) (the last is the bottleneck), dropout 0.2."""

    def __init__(self, in_channels=3, widths=(16, 32, 64, 128, 256), dropout_p=0.2):
        super().__init__()
        widths = list(widths)
        self.in_channels, self.widths, self.dropout_p = in_channels, widths, dropout_p
        depth = len(widths) - 1
        self.down = nn.ModuleList()
        cin = in_channels
        for w in widths[:-1]:
            self.down.append(double_conv(cin, w))
            cin = w
        self.pool = nn.MaxPool2d(2)
        self.bottleneck = double_conv(widths[-2], widths[-1])
        self.up, self.dec = nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(depth)):
            self.up.append(nn.ConvTranspose2d(widths[i + 1], widths[i], 2, stride=2))
            self.dec.append(double_conv(2 * widths[i], widths[i]))
        self.drop = nn.Dropout2d(dropout_p)  # no parameters: one module serves the five places Remask drops at
        self.head = nn.Conv2d(widths[0], 1, 1)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
            x = self.pool(x)
        x = self.drop(self.bottleneck(x))
        for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
            x = self.drop(dec(torch.cat([skip, up(x)], dim=1)))
        return self.head(x)


def load(run):
    """The model of a Remask run folder (model.json: architecture and training size; model.pt: the weights), in
    evaluation mode, with model.json's contents as ``model.info`` (in_channels, widths, dropout_p, size, threshold)."""
    with open(os.path.join(run, "model.json")) as f:
        info = json.load(f)
    model = UNetS(info["in_channels"], info["widths"], info["dropout_p"])
    model.load_state_dict(torch.load(os.path.join(run, "model.pt"), map_location="cpu"))  # strict: names and shapes
    model.info = info
    return model.eval()


def save(model, run, size, threshold=0.5, epoch=0):
    """Writes a run folder that Remask reads (``remask predict --model RUN``): model.pt, the state_dict with every
    tensor in its own contiguous storage (Remask's reader takes no strided storages, such as the weights of a
    channels_last model), and model.json (architecture, training size ``size``, decision threshold)."""
    if size % (1 << (len(model.widths) - 1)) != 0:
        raise ValueError(f"size {size} is not a multiple of 2^depth")
    os.makedirs(run, exist_ok=True)
    state = collections.OrderedDict(
        (k, v.detach().clone(memory_format=torch.contiguous_format)) for k, v in model.state_dict().items())
    torch.save(state, os.path.join(run, "model.pt"))
    info = {"format": "remask.unet-s", "version": 1, "in_channels": model.in_channels, "widths": model.widths,
            "dropout_p": model.dropout_p, "size": size, "threshold": threshold, "epoch": epoch}
    with open(os.path.join(run, "model.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")


def resize(x, height, width):
    """N x C x h x w -> N x C x height x width, bilinear at pixel centres (as Remask's Resize.Bilinear)."""
    if x.shape[-2:] == (height, width):
        return x
    return F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)


@torch.no_grad()
def predict(model, image, size=None):
    """Foreground probabilities (H x W) of one C x H x W image in [0, 1], as ``remask predict`` computes them: at the
    training size ``size`` (default ``model.info["size"]``), back at the image's own size. The model must be in
    evaluation mode."""
    size = size or model.info["size"]
    height, width = image.shape[-2:]
    dtype = next(model.parameters()).dtype
    logits = model(resize(image[None].to(dtype), size, size))
    return resize(torch.sigmoid(logits), height, width)[0, 0]
