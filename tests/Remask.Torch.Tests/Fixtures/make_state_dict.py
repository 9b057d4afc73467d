#!/usr/bin/python3
"""Writes tiny_unet_s_state_dict.pt with PyTorch's own torch.save (Debian 12's python3-torch, 1.13): the state_dict of
interop/python/remask_unet.py's UNetS(1, (4, 8)), values by a rule that the C# test recomputes:

  tensor number k (0-based, in the state_dict's order), element i (row-major):
    running_var:           1 + 0.1 * (i % 3)
    num_batches_tracked:   5 (int64, 0-d)
    BatchNorm weight:      0.5 + 0.25 * (i % 3)           (the 1-d tensors named *.weight)
    everything else:       ((i % 7) - 3) * 0.01 * (k + 1)

and tiny_unet_s_output.json: the tensor names in that order, and PyTorch's logits (evaluation mode, computed in
float64 from the float32 weights) for the 1 x 1 x 8 x 8 input x_i = ((5 i) % 11) / 10 (i row-major), and for all-ones.

Run: /usr/bin/python3 make_state_dict.py   (dev time only; the outputs are committed)
"""
import collections
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "interop", "python"))
import remask_unet  # noqa: E402


def values(k, name, t):
    i = torch.arange(t.numel(), dtype=torch.float64)
    if name.endswith("running_var"):
        return (1 + 0.1 * (i % 3)).float().reshape(t.shape)
    if name.endswith("num_batches_tracked"):
        return torch.tensor(5, dtype=torch.int64)
    if name.endswith(".weight") and t.dim() == 1:
        return (0.5 + 0.25 * (i % 3)).float()
    return ((i % 7 - 3) * 0.01 * (k + 1)).float().reshape(t.shape)


def main():
    model = remask_unet.UNetS(1, (4, 8), 0.2)
    state = collections.OrderedDict((name, values(k, name, t)) for k, (name, t) in enumerate(model.state_dict().items()))
    torch.save(state, os.path.join(HERE, "tiny_unet_s_state_dict.pt"))
    model.load_state_dict(torch.load(os.path.join(HERE, "tiny_unet_s_state_dict.pt")))
    model = model.double().eval()
    ramp = (torch.arange(64, dtype=torch.float64) * 5 % 11 / 10).float().double().reshape(1, 1, 8, 8)
    with torch.no_grad():
        out = {"names": list(state.keys()),
               "ramp_logits": model(ramp).reshape(-1).tolist(),
               "ones_logits": model(torch.ones(1, 1, 8, 8, dtype=torch.float64)).reshape(-1).tolist()}
    with open(os.path.join(HERE, "tiny_unet_s_output.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"wrote {len(state)} tensors and PyTorch {torch.__version__}'s logits")


if __name__ == "__main__":
    main()
