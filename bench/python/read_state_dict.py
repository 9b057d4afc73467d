#!/usr/bin/env python3
"""Reads a PyTorch state_dict file (torch.save zip format) WITHOUT torch, the way torch.load does:
a zip whose data.pkl is a pickle of a dict (or OrderedDict) of tensors; each tensor is a call of
torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...) on a persistent storage
('storage', torch.FloatStorage, key, location, numel) whose bytes are the zip entry ARCHIVE/data/KEY.

Used to check that Remask's model.pt is what torch.load expects (no PyTorch on the development machine).
Usage: python3 read_state_dict.py RUN/model.pt   -> prints name, dtype, shape, sum for every tensor.
"""
import collections, io, pickle, sys, zipfile
import numpy as np

DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "LongStorage": np.int64,
          "IntStorage": np.int32, "HalfStorage": np.float16, "ByteStorage": np.uint8, "BoolStorage": np.bool_}


class StorageType:
    def __init__(self, name): self.dtype = DTYPES[name]


def rebuild_tensor_v2(storage, offset, size, stride, requires_grad=False, backward_hooks=None, metadata=None):
    itemsize = storage.dtype.itemsize
    return np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * itemsize for s in stride)).copy()


class TorchLikeUnpickler(pickle.Unpickler):
    def __init__(self, data, archive, root):
        super().__init__(io.BytesIO(data))
        self.archive, self.root = archive, root

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"): return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"): return rebuild_tensor_v2
        if module == "torch" and name in DTYPES: return StorageType(name)
        raise pickle.UnpicklingError(f"torch.load would need {module}.{name}; a plain state_dict should not")

    def persistent_load(self, pid):
        kind, storage_type, key, location, numel = pid
        assert kind == "storage" and location == "cpu", pid
        raw = self.archive.read(f"{self.root}/data/{key}")
        arr = np.frombuffer(raw, dtype=storage_type.dtype)
        assert arr.size == numel, (key, arr.size, numel)
        return arr


def load(path):
    with zipfile.ZipFile(path) as z:
        root = z.namelist()[0].split("/")[0]
        assert f"{root}/data.pkl" in z.namelist()
        return TorchLikeUnpickler(z.read(f"{root}/data.pkl"), z, root).load()


if __name__ == "__main__":
    sd = load(sys.argv[1])
    assert isinstance(sd, dict)  # torch.save of a TorchSharp state_dict pickles a plain dict; load_state_dict takes any mapping
    for name, t in sd.items():
        print(f"{name}\t{t.dtype}\t{list(t.shape)}\t{float(np.asarray(t, dtype=np.float64).sum()):.6f}")
