#!/usr/bin/env bash
# Accuracy on real migrations: termshift against the humans' own answers in
# the realcases package (../shared/realcases beside the checkout, or
# $REALCASES), each case with the config the package ships and again with
# the config `termshift init` writes with no edit, beside the naive baseline.
#
# Prints one table: per unit, for an inventory the recall per category and
# the alias lines in the trap; for a migration precision, recall and same
# new name (and the files renamed as the humans did, of theirs); for every
# unit the share of the old word's occurrences left to NEEDS_REVIEW (a scan
# of the unit's state with the unit's config).
#
# Usage: bench/realcases.sh [--check] [--no-naive] [--work DIR]
#   --check     hold the figures to bench/realcases-floors.tsv: exit 1 when
#               one falls below its floor (or a review share rises above its
#               ceiling), or when a unit with a floor fails to run
#   --no-naive  skip the naive baseline (a few minutes: scoring a rename of
#               every spelling is slow)
#   --work DIR  keep the states and outputs there (default bench/work/realcases)
#
# Environment:
#   TERMSHIFT_BIN                use this binary instead of building target/release/termshift
#   REALCASES                    the package (default ../shared/realcases beside the checkout)
#   TERMSHIFT_REQUIRE_REALCASES  1: a missing package is an error, not a skip
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
CHECK=0
NAIVE=1
WORK=$here/work/realcases
die() { echo "realcases: error: $*" >&2; exit 2; }
while (($#)); do
  case $1 in
    --check) CHECK=1; shift ;;
    --no-naive) NAIVE=0; shift ;;
    --work) [[ -n ${2:-} ]] || die "--work needs a folder"; WORK=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

REALCASES=${REALCASES:-$(dirname "$repo")/shared/realcases}
if [[ ! -x $REALCASES/tools/score.sh ]]; then
  if [[ ${TERMSHIFT_REQUIRE_REALCASES:-0} == 1 ]]; then
    die "no realcases package at $REALCASES (set REALCASES to its folder)"
  fi
  echo "realcases: skipped: no package at $REALCASES (set REALCASES to its folder)" >&2
  exit 0
fi

if [[ -n ${TERMSHIFT_BIN:-} ]]; then
  BIN=$TERMSHIFT_BIN
else
  (cd "$repo" && cargo build --release --locked -q -p termshift-cli)
  BIN=$repo/target/release/termshift
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[[ -x $BIN ]] || die "$BIN is not an executable"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
states=$WORK/states
"$REALCASES/unpack.sh" "$states" > "$WORK/unpack.log" 2>&1 || { cat "$WORK/unpack.log" >&2; die "unpacking failed"; }

# A copy of the package with one more unit per unit: the same state and
# words with the config `termshift init` writes there.
pkg=$WORK/package
rm -rf "$pkg"
mkdir -p "$pkg"
cp -R "$REALCASES/." "$pkg/"
chmod -R u+w "$pkg"
python3 "$here/realcases.py" units "$pkg/cases.tsv" > "$WORK/units.tsv"
while IFS=$'\t' read -r unit kind case state config init_unit; do
  init_config=init-$state.toml
  [[ -f $pkg/$case/$init_config ]] || {
    words=$(python3 "$here/realcases.py" words "$pkg/$case/$config")
    from=${words%% *} to=${words#* }
    scratch=$WORK/init/$case-$state
    rm -rf "$scratch"
    mkdir -p "$scratch"
    cp -R "$states/$case/$state/." "$scratch/"
    roots=()
    for r in "$scratch"/*/; do roots+=("$(basename "$r")"); done
    (cd "$scratch" && "$BIN" init -q --from "$from" --to "$to" "${roots[@]}") ||
      die "termshift init failed on $case/$state"
    cp "$scratch/termshift.toml" "$pkg/$case/$init_config"
    rm -rf "$scratch"
  }
  python3 "$here/realcases.py" add-unit "$pkg/cases.tsv" "$unit" "$init_unit" "$init_config"
done < "$WORK/units.tsv"

# Each unit's share left to review: a scan of its state with its config.
review=$WORK/review.tsv
printf 'unit\told\treview\n' > "$review"
while IFS=$'\t' read -r unit kind case state config; do
  [[ $unit == unit ]] && continue
  view=$WORK/view/${unit//\//.}
  rm -rf "$view"
  mkdir -p "$view"
  for r in "$states/$case/$state"/*/; do ln -s "$r" "$view/$(basename "$r")"; done
  cp "$pkg/$case/$config" "$view/termshift.toml"
  (cd "$view" && "$BIN" -q scan --format jsonl) > "$view/scan.jsonl" 2> "$view/scan.err" ||
    { echo "realcases: scan failed on $unit: $(head -n 3 "$view/scan.err")" >&2; continue; }
  python3 "$here/realcases.py" review "$unit" < "$view/scan.jsonl" >> "$review"
done < <(cut -f1-5 "$pkg/cases.tsv")

set +e
"$pkg/tools/score.sh" --dest "$states" --work "$WORK/termshift" "$BIN" > "$WORK/termshift.log" 2>&1
if ((NAIVE)); then
  # The baseline reads no config: once per state and kind is enough.
  "$pkg/tools/score.sh" --dest "$states" --work "$WORK/naive" naive $(cut -f1 "$WORK/units.tsv") \
    > "$WORK/naive.log" 2>&1
else
  : > "$WORK/naive.log"
fi
set -e
grep -q '^SUMMARY' "$WORK/termshift.log" || { cat "$WORK/termshift.log" >&2; die "score.sh printed no result"; }

floors=()
((CHECK)) && floors=(--floors "$here/realcases-floors.tsv")
python3 "$here/realcases.py" table "$WORK/termshift.log" "$WORK/naive.log" "$review" "${floors[@]}"
