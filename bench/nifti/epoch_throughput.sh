#!/bin/bash
# Epochs after the first on Task03-size volumes (docs/datasets.md, "Task03-size volumes"): 8 synthetic CT volumes of
# 512 x 512 x 80 (int16, .nii.gz, Decathlon layout; written by make_task03_volumes.py into VOLS if VOLS has no
# dataset.json yet) through `train --cache` (a new cache entry), against as many pre-sized 64 x 64 synth-ct PNGs as the
# volume run trained on, without a cache; one after the other, 3 epochs each, same options. Before each run it waits
# (60 s at a time, at most 10 times) while the 1-minute load average is above 3. Prints the load average around each
# run, /usr/bin/time's wall, CPU and peak memory, the first pass as remask reports it, each run's metrics.csv and
# images/s of epochs 2-3 (their images over their seconds) with the ratio volumes / PNGs (the issue's goal: >= 0.9).
#
#     bash bench/nifti/epoch_throughput.sh /tmp/task03-8x80 [VOLUMES] [SLICES]
#
# (VOLUMES and SLICES, default 8 and 80, only matter when the volumes are generated.)
# REMASK_DLL=PATH runs another build of the CLI (default: this checkout's Release build).
set -euo pipefail
VOLS=$1; VOLUMES=${2:-8}; SLICES=${3:-80}
HERE=$(cd "$(dirname "$0")" && pwd)
REMASK="dotnet ${REMASK_DLL:-$HERE/../../src/Remask.Cli/bin/Release/net10.0/remask.dll}"
WORK=$(mktemp -d /tmp/remask-vol-epochs-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -f "$VOLS/dataset.json" ]; then
    df -h "$(dirname "$VOLS")"
    /usr/bin/python3 "$HERE/make_task03_volumes.py" "$VOLS" "$VOLUMES" "$SLICES"
    du -sh "$VOLS"
fi
$REMASK info "$VOLS" 2>/dev/null | grep -E "Layout|train|problem"

wait_for_load() {
    local load tries=0
    while load=$(cut -d' ' -f1 /proc/loadavg); awk "BEGIN { exit !($load > 3) }" && [ $tries -lt 10 ]; do
        tries=$((tries + 1))
        echo "load $load > 3: waiting 60 s ($tries/10)"
        sleep 60
    done
}

TIME="wall %e s, user %U s, system %S s, peak %M kB"
run() {   # NAME DATA [--cache]
    wait_for_load
    echo "== $1, load before: $(uptime)"
    XDG_CACHE_HOME=$WORK/cache-$1 /usr/bin/time -f "$TIME" -o "$WORK/time-$1" \
        $REMASK train --data "$2" --epochs 3 --size 64 --batch 16 --seed 1 ${3:-} --out "$WORK/run-$1" \
        > "$WORK/out-$1" 2> "$WORK/err-$1" || { cat "$WORK/out-$1" "$WORK/err-$1"; exit 1; }
    echo "load after: $(uptime)"
    grep "first pass" "$WORK/err-$1" || true
    cat "$WORK/time-$1"
    cat "$WORK/run-$1/metrics.csv"
}

run volumes "$VOLS" --cache
N=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["Names"]))' \
    "$WORK"/cache-volumes/remask/preprocessed/*/index.json)
echo "training samples of the volume run (cache index): $N"
$REMASK synth --kind ct --train "$N" --test 0 --size 64 --seed 1 --out "$WORK/synth" > /dev/null 2>&1
run pngs "$WORK/synth"

/usr/bin/python3 - "$WORK" <<'EOF'
import csv, re, sys
work = sys.argv[1]
rate = {}
for name in ("volumes", "pngs"):
    rows = list(csv.DictReader(open(f"{work}/run-{name}/metrics.csv")))
    images = [float(r["images_per_second"]) * float(r["seconds"]) for r in rows]
    seconds = [float(r["seconds"]) for r in rows]
    rate[name] = sum(images[1:3]) / sum(seconds[1:3])
    wall = float(re.search(r"wall ([\d.]+) s", open(f"{work}/time-{name}").read()).group(1))
    print(f"{name}: epochs " + ", ".join(f"{float(r['images_per_second']):.1f}" for r in rows) +
          f" img/s; epochs 2-3 {rate[name]:.1f} img/s; wall {wall:.1f} s, of which epochs {sum(seconds):.1f} s,"
          f" everything else (start-up, scans, checks, first pass if any) {wall - sum(seconds):.1f} s")
print(f"epochs 2-3, volumes (--cache) / pre-sized PNGs: {rate['volumes'] / rate['pngs']:.2f}x (goal >= 0.9x)")
EOF
