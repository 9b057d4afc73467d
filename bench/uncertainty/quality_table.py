"""The quality table of docs/uncertainty.md from the folders bench/uncertainty/quality.sh wrote.

    /usr/bin/python3 bench/uncertainty/quality_table.py OUT_DIR

For every CASE/eE-METHOD/summary.json: the pooled pixel AUROC of each map (Remask's numbers). As a cross-check it
recomputes the aleatoric and epistemic AUROC with sklearn.metrics.roc_auc_score from the 16-bit PNG maps and the masks,
and adds a reference detector that is not an uncertainty: |mean probability - noisy label| (the disagreement of the
network with the label it was trained on).
"""
import glob, json, os, sys
import numpy as np
from PIL import Image
from sklearn.metrics import roc_auc_score

out = sys.argv[1]


def imread(path):
    """The PNG's samples as stored (uint8 or uint16; 16-bit maps keep their full range)."""
    return np.array(Image.open(path))


kinds = ["aleatoric", "epistemic", "entropy", "mutual_information"]
print("| data, noise | epoch (D_clean of member-00) | estimator | aleatoric | epistemic | entropy | MI | (check: sklearn aleatoric / epistemic) | (reference: \\|mean - noisy\\|) |")
print("|---|---|---|---|---|---|---|---|---|")
order = {"tta": 0, "mcdo": 1, "tta+mcdo": 2, "ensemble": 3}
rows = []
for summary in glob.glob(os.path.join(out, "*-*", "e*-*", "summary.json")):
    res = os.path.dirname(summary)
    case = os.path.basename(os.path.dirname(res))
    epoch, method = os.path.basename(res)[1:].split("-", 1)
    rows.append((case, int(epoch), order.get(method, 9), method, res, json.load(open(summary))))
for case, epoch, _, method, res, s in sorted(rows):
    kind = case.split("-")[0]
    truth, scores = [], {"aleatoric": [], "epistemic": [], "disagreement": []}
    for f in sorted(os.listdir(os.path.join(res, "aleatoric"))):
        clean = imread(os.path.join(out, f"eval-{kind}", "train", "masks", f)) > 0
        noisy = imread(os.path.join(out, case, "noisy-train", f)) > 0
        if clean.ndim == 3: clean = clean[..., 0]
        if noisy.ndim == 3: noisy = noisy[..., 0]
        truth.append((clean != noisy).ravel())
        for k in ("aleatoric", "epistemic"):
            scores[k].append(imread(os.path.join(res, k, f)).ravel())   # order is all that AUROC needs
        mean = imread(os.path.join(res, "mean", f)).ravel()
        if mean.dtype.kind in "ui": mean = mean / 65535.0
        scores["disagreement"].append(np.abs(mean - noisy.ravel()))
    y = np.concatenate(truth)
    check = [roc_auc_score(y, np.concatenate(scores[k])) for k in ("aleatoric", "epistemic", "disagreement")]
    metrics = os.path.join(out, case, f"ens-e{epoch}", "member-00", "metrics.csv")
    d_clean = float(open(metrics).read().strip().splitlines()[-1].split(",")[2]) if os.path.exists(metrics) else float("nan")
    cells = " | ".join(f"{s['auroc_' + k]:.3f}" for k in kinds)
    print(f"| {case} | {epoch} ({d_clean:.1f} %) | {method} ({s['samples']}) | {cells} | {check[0]:.3f} / {check[1]:.3f} | {check[2]:.3f} |")
