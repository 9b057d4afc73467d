#!/usr/bin/env bash
# Re-runs the relabel pass of a finished cross-fitted grid.sh run on its trained fold models, then the final training,
# with another build: the fold models (their checkpoints and snapshots) are kept, everything after them is dropped, and
# the copy is resumed. A change to the relabel step is then measured on exactly the fold models a grid trained, without
# training them again. With the build the run was made with, the copy reproduces the run's masks and metrics
# bit-identically (checked on ct-hard poly7 seed 3 of the seventh grid: masks Dice 0.4143, final D_clean 29.04).
# Usage: bash bench/relabel/redo-pass.sh SRC_RUN DST_RUN [REMASK_DLL]   (default: this tree's Release build)
# REDO_FLIP="key=value ..." sets fields of options.relabel.flip in the copy's run.json files and checkpoints first (JSON values, e.g.
# REDO_FLIP="snap_alignment=10" snaps every image; uses /usr/bin/python3), to measure a setting on the same fold models.
set -euo pipefail
# The paths as given (relative to the caller's folder), before moving to the repository's root.
src=$(realpath "$1"); dst=$(realpath -m "$2"); given_dll=${3:+$(realpath "$3")}
cd "$(dirname "$0")/../.."
[ -n "${3:-}" ] || dotnet build -c Release src/Remask.Cli -v quiet -nologo >/dev/null
dll=${given_dll:-$(realpath src/Remask.Cli/bin/Release/net10.0/remask.dll)}
[ -f "$src/cross-fit/round-1/round.json" ] || { echo "$src: not a finished cross-fitted run" >&2; exit 2; }
rm -rf "$dst"; mkdir -p "$(dirname "$dst")"; cp -r "$src" "$dst"
cd "$dst"
if [ -n "${REDO_FLIP:-}" ]; then
  # The run's options and its fold models' (run.json and checkpoint/state.json) must agree, or resume refuses.
  /usr/bin/python3 - "$REDO_FLIP" <<'PY'
import json, pathlib, sys
for path in [p for p in pathlib.Path(".").rglob("*.json") if p.name in ("run.json", "state.json")]:
    doc = json.loads(path.read_text())
    relabel = (doc.get("options") or {}).get("relabel") or {}
    flip = relabel.get("flip")
    if flip is None:
        continue
    for item in sys.argv[1].split():
        key, value = item.split("=", 1)
        flip[key] = json.loads(value)
    path.write_text(json.dumps(doc, indent=2))
PY
fi
rm -rf relabeled relabeled-round-* relabeled-volumes relabel-round-*.csv relabel-round-*-examples.png label-quality.csv \
  cross-fit.csv metrics.csv metrics.json model.pt model.json checkpoint cross-fit/round-*/round.json cross-fit/round-*/fold-*/relabeled
rm -rf cross-fit/round-[2-9]*
dotnet "$dll" train --resume "$dst" >"$dst.log" 2>&1
