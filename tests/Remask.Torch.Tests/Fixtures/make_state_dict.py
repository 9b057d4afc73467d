#!/usr/bin/env python3
"""Writes tiny_unet_s_state_dict.pt: a state_dict for U-Net-S with 1 input channel and widths (4, 8), in the
file format of torch.save (written WITHOUT torch, which is not installed here: same zip layout, same pickle
globals and persistent storages as torch.save; the top level is a collections.OrderedDict as PyTorch's
state_dict() returns). Values follow a rule that the C# test recomputes independently:

  tensor number k (0-based, in the order of NAMES), element i (row-major):
    running_var:           1 + 0.1 * (i % 3)
    num_batches_tracked:   5 (int64, 0-d)
    everything else:       ((i % 7) - 3) * 0.01 * (k + 1)

Run: /usr/bin/python3 make_state_dict.py   (dev time only; the .pt file is committed)
"""
import collections, io, pickle, sys, types, zipfile
import numpy as np

NAMES = []  # (name, shape, kind)
def double_conv(prefix, cin, cout):
    for j, (ci, co) in enumerate([(cin, cout), (cout, cout)]):
        NAMES.append((f"{prefix}.{3*j}.weight", (co, ci, 3, 3), "f"))
        bn = f"{prefix}.{3*j+1}"
        NAMES.extend([(f"{bn}.weight", (co,), "f"), (f"{bn}.bias", (co,), "f"), (f"{bn}.running_mean", (co,), "f"),
                      (f"{bn}.running_var", (co,), "var"), (f"{bn}.num_batches_tracked", (), "long")])
double_conv("down.0", 1, 4)
double_conv("bottleneck", 4, 8)
NAMES.extend([("up.0.weight", (8, 4, 2, 2), "f"), ("up.0.bias", (4,), "f")])
double_conv("dec.0", 8, 4)
NAMES.extend([("head.weight", (1, 4, 1, 1), "f"), ("head.bias", (1,), "f")])

def values(k, shape, kind):
    n = int(np.prod(shape)) if shape else 1
    i = np.arange(n)
    if kind == "var": return (1 + 0.1 * (i % 3)).astype(np.float32)
    if kind == "long": return np.array([5], dtype=np.int64)
    return (((i % 7) - 3) * 0.01 * (k + 1)).astype(np.float32)

# Fake 'torch' and 'torch._utils' modules so that pickle writes the same GLOBAL opcodes torch.save writes.
torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
class FloatStorage: pass
class LongStorage: pass
FloatStorage.__module__ = LongStorage.__module__ = "torch"
torch.FloatStorage, torch.LongStorage = FloatStorage, LongStorage
def _rebuild_tensor_v2(*args): raise NotImplementedError
_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
torch._utils = utils
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils

class Storage:
    def __init__(self, key, array, cls): self.key, self.array, self.cls = key, array, cls

class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape
    def __reduce__(self):
        stride, acc = [], 1
        for d in reversed(self.shape): stride.insert(0, acc); acc *= d
        return (_rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False, collections.OrderedDict()))

class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", obj.cls, str(obj.key), "cpu", obj.array.size)
        return None

sd, storages = collections.OrderedDict(), []
for k, (name, shape, kind) in enumerate(NAMES):
    arr = values(k, shape, kind)
    st = Storage(k, arr, LongStorage if kind == "long" else FloatStorage)
    storages.append(st)
    sd[name] = Tensor(st, shape)

buf = io.BytesIO()
TorchPickler(buf, protocol=2).dump(sd)
with zipfile.ZipFile("tiny_unet_s_state_dict.pt", "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", buf.getvalue())
    z.writestr("archive/byteorder", "little")
    for st in storages:
        z.writestr(f"archive/data/{st.key}", st.array.astype(st.array.dtype.newbyteorder("<")).tobytes())
    z.writestr("archive/version", "3\n")
print(f"wrote {len(NAMES)} tensors")
