"""docs/uncertainty-examples.png: image, clean mask, noisy (poly3) mask, TTA aleatoric and epistemic maps and the heat
map, for synth-derm after 2 and 8 epochs and synth-ct after 8, from the folders bench/uncertainty/quality.sh wrote.
Each map panel is scaled from 0 (black) to its own maximum (white).

    /usr/bin/python3 bench/uncertainty/examples.py OUT_DIR docs/uncertainty-examples.png
"""
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.image as mpimg

out, target = sys.argv[1], sys.argv[2]
rows = [("derm", "derm_000003.png", "e2-tta"), ("derm", "derm_000003.png", "e8-tta"), ("ct", "ct_000004.png", "e8-tta")]
fig, axes = plt.subplots(len(rows), 6, figsize=(9, 4.9))
for r, (kind, name, res) in enumerate(rows):
    case = f"{out}/{kind}-poly3"
    panels = [("image", f"{out}/synth-{kind}/train/images/{name}"), ("clean mask", f"{out}/synth-{kind}/train/masks/{name}"),
              ("noisy mask (poly3)", f"{case}/noisy-train/{name}"), (f"aleatoric, epoch {res[1]}", f"{case}/{res}/aleatoric/{name}"),
              (f"epistemic, epoch {res[1]}", f"{case}/{res}/epistemic/{name}"), ("heat map (aleatoric)", f"{case}/{res}/heatmap/{name}")]
    for ax, (title, path) in zip(axes[r], panels):
        pixels = mpimg.imread(path)
        scaled = "aleatoric" in title or "epistemic" in title       # the maps: black = 0, white = the panel's maximum
        ax.imshow(pixels, cmap="gray", vmin=0, vmax=pixels.max() if scaled else 1, interpolation="nearest")
        ax.set_title(title, fontsize=7)
        ax.axis("off")
plt.tight_layout()
plt.savefig(target, dpi=80)
