#!/usr/bin/env bash
# Brings the PublicAPI.Unshipped.txt of each library (Remask.Core, Remask.Torch, Remask.Reports) up to date with the
# code: adds every public symbol the public-API analyzer reports as undeclared (RS0016) and removes every unshipped
# entry it reports as no longer public (RS0017), sorted. Run it after a deliberate API change and review the diff; a
# removal or a change of a shipped symbol is edited by hand in PublicAPI.Shipped.txt.
# Usage: bash scripts/public-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in 1 2 3 4 5 6; do
  # Downstream projects are built only once their dependencies are clean, hence the rounds.
  { dotnet build src/Remask.Torch/Remask.Torch.csproj -v q -p:WarningsAsErrors=RS0016%3BRS0017 2>&1 || true
    dotnet build src/Remask.Reports/Remask.Reports.csproj -v q -p:WarningsAsErrors=RS0016%3BRS0017 2>&1 || true; } >"$log"
  found=0
  for project in Remask.Core Remask.Torch Remask.Reports; do
    file="src/$project/PublicAPI.Unshipped.txt"
    added=$(grep -E "/src/$project/.*RS0016" "$log" | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
    removed=$(grep -E "/src/$project/.*RS0017" "$log" | sed -E "s/.*Symbol '(.*)' is part of the declared API, but is either not public.*/\1/" | sort -u || true)
    [ -z "$added$removed" ] && continue
    found=1
    { tail -n +2 "$file" | grep -vxF -f <(printf '%s\n' "$removed") || true; printf '%s\n' "$added"; } | grep -v '^$' | sort -u \
      | { echo '#nullable enable'; cat; } >"$file.new"
    mv "$file.new" "$file"
    echo "$file: $(printf '%s' "$added" | grep -c '^' || true) symbols added, $(printf '%s' "$removed" | grep -c '^' || true) removed"
  done
  [ "$found" -eq 0 ] && break
done
grep -E "error|warning" "$log" | grep -v -E "RS0016|RS0017" | sort -u || true
