#!/bin/bash
# Epochs after the first (docs/datasets.md, "The JPEG bench"): N ISIC-size JPEGs through `train --cache` (a new cache
# entry) against N pre-sized 64 x 64 synth-derm PNGs without a cache, one after the other, 3 epochs each, same options.
# Prints the load average around each run, /usr/bin/time's wall, CPU and peak memory, and each run's metrics.csv
# (images_per_second per epoch).
#
#     bash bench/jpeg/epoch_throughput.sh /tmp/isic-2000 500
set -euo pipefail
SOURCE=$1; N=${2:-500}
REMASK="dotnet $(dirname "$0")/../../src/Remask.Cli/bin/Release/net10.0/remask.dll"
WORK=$(mktemp -d /tmp/remask-epochs-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/isic/ISIC-2017_Training_Data" "$WORK/isic/ISIC-2017_Training_Part1_GroundTruth"
for f in $(ls "$SOURCE/ISIC-2017_Training_Data" | head -n "$N"); do
    ln "$SOURCE/ISIC-2017_Training_Data/$f" "$WORK/isic/ISIC-2017_Training_Data/"
    ln "$SOURCE/ISIC-2017_Training_Part1_GroundTruth/${f%.jpg}_segmentation.png" "$WORK/isic/ISIC-2017_Training_Part1_GroundTruth/"
done
$REMASK synth --kind derm --train "$N" --test 0 --size 64 --seed 1 --out "$WORK/synth" > /dev/null
TIME="wall %e s, user %U s, system %S s, peak %M kB"
for run in isic synth; do
    echo "$run, load before: $(uptime)"
    if [ $run = isic ]; then CACHE=--cache; else CACHE=; fi
    XDG_CACHE_HOME=$WORK/cache /usr/bin/time -f "$TIME" $REMASK train --data "$WORK/$run" --epochs 3 --size 64 --batch 16 --seed 1 $CACHE --out "$WORK/run-$run" 2>&1 | grep -E "first pass|wall"
    echo "load after: $(uptime)"
    cat "$WORK/run-$run/metrics.csv"
done
