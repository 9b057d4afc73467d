#!/usr/bin/python3
"""Reads the run that `remask train` wrote (remask-run/model.pt and model.json) with PyTorch's own torch.load, loads
it strictly into interop/python/remask_unet.py's UNetS, and records what PyTorch saw:

  remask-run/torch-read.json        torch version and, per tensor in file order, dtype, shape and checksums
                                    (make_pytorch_fixtures.write_checksums)
  remask-run/torch-predictions.pt   remask_unet.predict's probabilities for images/*.png (float32)

Run by make_remask_run.sh, after the images exist (make_pytorch_fixtures.py writes them).
"""
import glob
import os

import torch

from make_pytorch_fixtures import HERE, read_image, remask_unet, save, write_checksums

RUN = os.path.join(HERE, "remask-run")


def main():
    state = torch.load(os.path.join(RUN, "model.pt"))
    write_checksums(state, os.path.join(RUN, "torch-read.json"))
    model = remask_unet.load(RUN)  # strict load_state_dict: every name and shape must match
    print(f"torch {torch.__version__} read {len(state)} tensors, loaded strictly into UNetS{tuple(model.widths)}")
    predictions = {}
    for path in sorted(glob.glob(os.path.join(HERE, "images", "*.png"))):
        predictions[os.path.splitext(os.path.basename(path))[0]] = remask_unet.predict(model, read_image(path))
    save(os.path.join("remask-run", "torch-predictions.pt"), predictions)


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
