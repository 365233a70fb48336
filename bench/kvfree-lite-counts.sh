#!/usr/bin/env bash
# Count kvfree-lite's state space with SPIN (bench/kvfree-lite.pml) and Rumur (bench/kvfree-lite.m)
# at every pinned configuration, with every check off, for test/models/kvfree-lite.test.ts.
#
# Pinned configurations (the spec page's parameters, shared/design/kvfree-lite.md):
#   SPONT = 0 (the page's calibration setting, the default): N = 1..4, CAP = 1, 2, every
#     PRED x REARM x COUNT (3 x 3 x 2);
#   SPONT = 1, 2: N = 1, 2, CAP = 1, 2, PRED/REARM/COUNT = v1/v1/v1, pendskip/v59/v1 and
#     fixed/fixed/perchannel;
#   SPONT = 2, N = 3, CAP = 1, 2: PRED/REARM/COUNT = v1/v1/v1 and fixed/fixed/perchannel;
#   SPONT = 2, N = 4, CAP = 1, pendskip/v59/v1: the benchmark's large size (npm run bench; issue #31:
#     its fastest peer runs for seconds, not 1.5 s); about 21 million states, so
#     test/models/kvfree-lite.test.ts leaves it to the benchmark's pinned-count check.
#
# Writes bench/kvfree-lite-counts.json: for each configuration SPIN's "states, stored" and
# "transitions (= stored+matched)", Rumur's "states" and "rules fired", and each peer's seconds.
# SPIN counts the initial state as a transition, so spinTransitions = rumurRules + 1 = rcucheck's
# `generated` + 1. Installs Debian's spin, rumur and gcc when absent.
# Usage: bench/kvfree-lite-counts.sh [jobs]   (from anywhere; jobs defaults to nproc; about 10 minutes
# on 2 idle cores)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for pkg in spin rumur gcc; do
  if ! command -v "$pkg" >/dev/null 2>&1; then
    apt-get install -y "$pkg" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$pkg" >/dev/null; }
  fi
done
jobs="${1:-$(nproc)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

PREDS=(v1 fixed pendskip)
REARMS=(v1 fixed v59)
COUNTS=(v1 perchannel)
idx() { # idx VALUE LIST...: the position of VALUE in LIST (the macro value)
  local v="$1" i=0; shift
  for x in "$@"; do [ "$x" = "$v" ] && { echo "$i"; return; }; i=$((i + 1)); done
  echo "unknown value $v" >&2; exit 2
}

# One configuration per line: N CAP PRED REARM COUNT SPONT.
{
  for n in 1 2 3 4; do for cap in 1 2; do for p in "${PREDS[@]}"; do for r in "${REARMS[@]}"; do for c in "${COUNTS[@]}"; do
    echo "$n $cap $p $r $c 0"
  done; done; done; done; done
  for s in 1 2; do for n in 1 2; do for cap in 1 2; do
    echo "$n $cap v1 v1 v1 $s"
    echo "$n $cap pendskip v59 v1 $s"
    echo "$n $cap fixed fixed perchannel $s"
  done; done; done
  for cap in 1 2; do
    echo "3 $cap v1 v1 v1 2"
    echo "3 $cap fixed fixed perchannel 2"
  done
  echo "4 1 pendskip v59 v1 2"
} > "$tmp/configs"
# LITE_ONLY=<regex>: only the matching configuration lines (for a quick look; the json is then partial).
if [ -n "${LITE_ONLY:-}" ]; then grep -E "$LITE_ONLY" "$tmp/configs" > "$tmp/c2" || true; mv "$tmp/c2" "$tmp/configs"; fi

run_one() { # run_one N CAP PRED REARM COUNT SPONT: prints one JSON member
  local n="$1" cap="$2" p="$3" r="$4" c="$5" s="$6"
  local pi ri ci d t0 t1 t2 res spinres states trans errors rstates rules
  pi="$(idx "$p" "${PREDS[@]}")"; ri="$(idx "$r" "${REARMS[@]}")"; ci="$(idx "$c" "${COUNTS[@]}")"
  # LITE_REUSE=<file>: take a configuration's line from an earlier run's output, if it has one.
  if [ -n "${LITE_REUSE:-}" ] && grep -F "\"N=$n CAP=$cap PRED=$p REARM=$r COUNT=$c SPONT=$s\"" "$LITE_REUSE" | sed 's/,$//'; then return; fi
  d="$(mktemp -d -p "$tmp")"
  # SPIN: -o2 keeps write-only variables in the state vector; no partial-order reduction; DFS.
  t0="$(date +%s.%N)"
  (cd "$d" && spin -a -o2 -DN="$n" -DCAP="$cap" -DPRED="$pi" -DREARM="$ri" -DCOUNT="$ci" -DSPONT="$s" -DCHECKS=0 "$here/kvfree-lite.pml" >/dev/null \
    && gcc -O2 -DNOREDUCE -DSAFETY -DMEMLIM=16384 -w -o pan pan.c)
  res="$(cd "$d" && ./pan -m100000 -w24)"
  t1="$(date +%s.%N)"
  spinres="$res"
  states="$(echo "$res" | awk '/states, stored/ {print $1; exit}')"
  trans="$(echo "$res" | awk '/transitions \(= stored\+matched\)/ {print $1; exit}')"
  errors="$(echo "$res" | sed -n 's/.*errors: \([0-9]*\).*/\1/p' | head -1)"
  # Rumur: the constants are rewritten in a copy of the model; no deadlock detection (quiescent
  # states are valid ends).
  sed -e "s/^  N: .*;/  N: $n;/" -e "s/^  CAP: .*;/  CAP: $cap;/" -e "s/^  PRED: .*;/  PRED: $pi;/" \
      -e "s/^  REARM: .*;/  REARM: $ri;/" -e "s/^  COUNT: .*;/  COUNT: $ci;/" -e "s/^  SPONT: .*;/  SPONT: $s;/" \
      -e "s/^  CHECKS: .*;/  CHECKS: 0;/" "$here/kvfree-lite.m" > "$d/lite.m"
  (cd "$d" && rumur --deadlock-detection off lite.m -o lite.c && gcc -O2 -mcx16 -pthread -w -o lite lite.c)
  res="$(cd "$d" && ./lite 2>&1)"
  t2="$(date +%s.%N)"
  rstates="$(echo "$res" | sed -n 's/^[[:space:]]*\([0-9]*\) states, \([0-9]*\) rules fired.*/\1/p' | tail -1)"
  rules="$(echo "$res" | sed -n 's/^[[:space:]]*\([0-9]*\) states, \([0-9]*\) rules fired.*/\2/p' | tail -1)"
  if [ -z "$states" ] || [ "$errors" != 0 ] || echo "$spinres" | grep -q 'max search depth too small' \
     || [ -z "$rstates" ] || ! echo "$res" | grep -q 'No error found'; then
    echo "FAILED: N=$n CAP=$cap PRED=$p REARM=$r COUNT=$c SPONT=$s" >&2; echo "$res" >&2; exit 1
  fi
  printf '  "N=%s CAP=%s PRED=%s REARM=%s COUNT=%s SPONT=%s": { "spin": %s, "rumur": %s, "spinTransitions": %s, "rumurRules": %s, "spinErrors": %s, "spinSeconds": %.1f, "rumurSeconds": %.1f }\n' \
    "$n" "$cap" "$p" "$r" "$c" "$s" "$states" "$rstates" "$trans" "$rules" "$errors" \
    "$(awk "BEGIN {print $t1 - $t0}")" "$(awk "BEGIN {print $t2 - $t1}")"
  rm -rf "$d"
}
export -f run_one idx
export here tmp
export PREDS_S="${PREDS[*]}" REARMS_S="${REARMS[*]}" COUNTS_S="${COUNTS[*]}"

# Arrays do not survive export: rebuild them in each worker.
nl -ba -w4 -s' ' "$tmp/configs" | xargs -P "$jobs" -L 1 bash -c '
  set -euo pipefail
  read -r -a PREDS <<< "$PREDS_S"; read -r -a REARMS <<< "$REARMS_S"; read -r -a COUNTS <<< "$COUNTS_S"
  line="$0"
  run_one "$@" > "$tmp/out.$line"
' 
out="$here/kvfree-lite-counts.json"
{
  echo '{'
  echo "  \"spin\": \"$(spin -V | head -1)\","
  echo "  \"rumur\": \"$(rumur --version 2>&1 | head -1)\","
  echo '  "flags": "spin -a -o2 -D<params> -DCHECKS=0; gcc -O2 -DNOREDUCE -DSAFETY -DMEMLIM=16384; pan -m100000 -w24 | rumur --deadlock-detection off (constants rewritten, CHECKS 0); gcc -O2 -mcx16 -pthread",'
  echo '  "configs": {'
  total="$(wc -l < "$tmp/configs")"
  for i in $(seq 1 "$total"); do
    line="$(cat "$tmp/out.$i")"
    [ "$i" = "$total" ] && echo "$line" || echo "$line,"
  done
  echo '  }'
  echo '}'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -c '"N=' "$out") configurations)"
