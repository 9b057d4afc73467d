#!/bin/bash
# The first pass of `remask train --cache` alone, end to end (docs/datasets.md, "The JPEG bench"): a new cache entry is
# built for DATA; when remask reports the first pass done, its CPU time so far (user and system, fields 14 and 15 of
# /proc/PID/stat: start-up, the empty-mask check and the first pass) and its peak memory (VmHWM) are read, and the run
# is stopped (SIGKILL: a background job ignores SIGINT). Prints the load average before and after.
#
#     bash bench/jpeg/first_pass.sh /tmp/isic-2000 [SIZE]
set -euo pipefail
DATA=$1; SIZE=${2:-64}
REMASK=$(dirname "$0")/../../src/Remask.Cli/bin/Release/net10.0/remask.dll
WORK=$(mktemp -d /tmp/remask-first-pass-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "load before: $(uptime)"
XDG_CACHE_HOME=$WORK/cache dotnet "$REMASK" train --data "$DATA" --epochs 1 --size "$SIZE" --batch 16 --seed 1 --cache --out "$WORK/run" 2> "$WORK/err" &
PID=$!
until grep -q "first pass.*done" "$WORK/err" 2>/dev/null; do
    kill -0 $PID 2>/dev/null || { cat "$WORK/err"; exit 1; }
    sleep 0.1
done
read -r -a STAT < /proc/$PID/stat
HWM=$(grep VmHWM /proc/$PID/status)
kill -KILL $PID
wait $PID 2>/dev/null || true
echo "load after: $(uptime)"
grep "first pass" "$WORK/err"
TICKS=$(getconf CLK_TCK)
printf "CPU until then: user %d.%02d s, system %d.%02d s; peak %s\n" $((STAT[13] / TICKS)) $((STAT[13] % TICKS)) $((STAT[14] / TICKS)) $((STAT[14] % TICKS)) "$HWM"
