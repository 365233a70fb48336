#!/usr/bin/env bash
# Count the reference models' state spaces with SPIN, for the sizes the tests pin.
#
# Writes bench/spin-counts.json: for each model and size, SPIN's "states, stored" and
# "transitions (= stored+matched)". SPIN counts the initial state as one transition, so its
# transitions figure is rcucheck's `generated` + 1. Installs Debian's spin (and gcc) when absent.
# Usage: bench/spin-counts.sh   (from the repository root; takes about a minute)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for pkg in spin gcc; do
  if ! command -v "$pkg" >/dev/null 2>&1; then
    apt-get install -y "$pkg" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$pkg" >/dev/null; }
  fi
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$here/spin-counts.json"
{
  echo '{'
  echo "  \"spin\": \"$(spin -V | head -1)\","
  echo '  "flags": "spin -a -DN=<n>; gcc -O2 -DNOREDUCE -DSAFETY; pan -E -m100000000 (philosophers) / pan -m100000000 (peterson)",'
  first=1
  for spec in philosophers:2 philosophers:3 philosophers:4 philosophers:5 philosophers:6 philosophers:7 philosophers:8 \
              philosophers:10 philosophers:12 philosophers:13 philosophers:14 philosophers:15 \
              peterson:2 peterson:3 peterson:4 peterson:5; do
    model="${spec%%:*}"; n="${spec##*:}"
    (cd "$tmp" && rm -f pan* && spin -a -DN="$n" "$here/$model.pml" >/dev/null && gcc -O2 -DNOREDUCE -DSAFETY -w -o pan pan.c)
    flags="-m100000000"
    [ "$model" = philosophers ] && flags="-E $flags"
    res="$(cd "$tmp" && ./pan $flags)"
    states="$(echo "$res" | awk '/states, stored/ {print $1; exit}')"
    trans="$(echo "$res" | awk '/transitions \(= stored\+matched\)/ {print $1; exit}')"
    errors="$(echo "$res" | sed -n 's/.*errors: \([0-9]*\).*/\1/p' | head -1)"
    [ $first = 1 ] || echo ','
    first=0
    printf '  "%s n=%s": { "states": %s, "transitions": %s, "errors": %s }' "$model" "$n" "$states" "$trans" "$errors"
  done
  echo
  echo '}'
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
