#!/usr/bin/env bash
# Adds every public symbol that the public-API analyzer reports as undeclared (RS0016) to the PublicAPI.Unshipped.txt
# of its project (Remask.Core, Remask.Torch, Remask.Reports), sorted. Run it after a deliberate API addition and
# review the diff; a removal or a change of a shipped symbol is edited by hand in PublicAPI.Shipped.txt (RS0017).
# Usage: bash scripts/public-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in 1 2 3 4; do
  # Downstream projects are built only once their dependencies are clean, hence the rounds.
  dotnet build src/Remask.Torch/Remask.Torch.csproj -v q -p:WarningsAsErrors=RS0016 >"$log" 2>&1 || true
  found=0
  for project in Remask.Core Remask.Torch Remask.Reports; do
    file="src/$project/PublicAPI.Unshipped.txt"
    entries=$(grep -E "/src/$project/.*RS0016" "$log" | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
    [ -z "$entries" ] && continue
    found=1
    { tail -n +2 "$file"; printf '%s\n' "$entries"; } | sort -u | { echo '#nullable enable'; cat; } >"$file.new"
    mv "$file.new" "$file"
    echo "$file: $(printf '%s\n' "$entries" | wc -l) symbols added"
  done
  [ "$found" -eq 0 ] && break
done
grep -E "error|warning" "$log" | grep -v RS0016 | sort -u || true
