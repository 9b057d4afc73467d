#!/usr/bin/env bash
# Writes remask-run/ (model.pt and model.json) with a real `remask train`, then has PyTorch read it
# (check_remask_run.py). Dev time only: needs the .NET SDK and /usr/bin/python3 with python3-torch; the outputs are
# committed and the tests need neither PyTorch nor this script. Run from anywhere, after make_pytorch_fixtures.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
remask() { dotnet run --project "$repo/src/Remask.Cli" -- "$@"; }
remask synth --kind derm --train 16 --test 4 --size 48 --seed 5 --out "$work/data"
remask train --data "$work/data" --epochs 2 --size 32 --batch 8 --seed 1 --widths 8,12,16,24,32 --out "$work/run"
mkdir -p "$here/remask-run"
cp "$work/run/model.pt" "$work/run/model.json" "$here/remask-run/"
cd "$here" && /usr/bin/python3 check_remask_run.py
