#!/usr/bin/env bash
# termshift benchmark: `termshift scan` against ripgrep searching the
# equivalent regex over the same files, on a generated polyglot corpus.
#
# Target: termshift's median wall time <= 2.0x ripgrep's, and termshift's peak
# RSS <= 300 MB. This is a measurement: it exits 0 whether the target passes
# or fails, and non-zero only when something breaks.
#
# With --history, it measures instead `termshift history` over a made-up git
# repository (bench/gen_history.py: 500 commits over a corpus of about
# 2,000 files) against one full `termshift scan` of its checkout, in the
# same run. Target: history <= 5x the scan's wall time.
#
# With --real, it measures instead the real states that bench/realcases.sh
# unpacked (bench/work/realcases/states, from ../shared/realcases), each with
# its own words and configuration: rg with the same word regex for those
# words, termshift `scan` and `report` without the scan cache, `check` with
# it on the tree as the run before left it and after one file with hits was
# edited (a newline appended, then put back), their ratios to rg and peak
# RSS. Targets: `check` <= 1.5x rg unchanged, <= 2x after one edit.
#
# Usage: bench/run.sh [--runs N] [--regen] [--size SIZE] [--literal] [--floor] [--history] [--real]
#   --runs N     timed runs of each tool (default 3); the median wall time counts
#   --regen      regenerate the corpus even if it exists
#   --size SIZE  corpus size target for gen_corpus.py (default 320M)
#   --literal    also time `rg -i -F -e run -e session` (the bare byte search,
#                for reference; not part of the verdict)
#   --floor      also time examples/parse_floor: the same walk and reads,
#                the words found, the items that hold one parsed with
#                tree-sitter, nothing else (the floor under a scan that
#                parses what it finds; for reference, needs cargo)
#   --history    the history case only (its corpus: --size 21M unless given;
#                --commits N commits, default 500)
#   --real       the real cases only (run bench/realcases.sh once before)
#   --stress     the hostile shapes only (bench/gen_stress.py: a 7 MB minified
#                line, one name used 200,000 times, 10,000 files declaring
#                one field, chains 5,000 long): rg, termshift scan, report
#                and plan, their ratios to rg and peak RSS, one run each
#
# Environment:
#   TERMSHIFT_BIN  use this binary instead of building target/release/termshift
#                  (no cargo build then); it gets the same arguments
#   BENCH_TIMER    gnu | python: force the timer (default: GNU time if present)
#   BENCH_WORK     work directory (default bench/work; corpus in $BENCH_WORK/corpus)
set -euo pipefail

MAX_WALL_RATIO=2.0
MAX_RSS_MB=300

RUNS=3
REGEN=0
SIZE=
LITERAL=0
FLOOR=0
HISTORY=0
REAL=0
STRESS=0
COMMITS=500
MAX_HISTORY_RATIO=5.0

die() { echo "bench: error: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while (($#)); do
  case $1 in
    --runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"; RUNS=$2; shift 2 ;;
    --runs=*) RUNS=${1#*=}; [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"; shift ;;
    --regen) REGEN=1; shift ;;
    --size) [[ -n ${2:-} ]] || die "--size needs a value such as 320M"; SIZE=$2; shift 2 ;;
    --size=*) SIZE=${1#*=}; shift ;;
    --literal) LITERAL=1; shift ;;
    --floor) FLOOR=1; shift ;;
    --history) HISTORY=1; shift ;;
    --real) REAL=1; shift ;;
    --stress) STRESS=1; REAL=1; shift ;;
    --commits) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--commits needs a positive number"; COMMITS=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

# A relative TERMSHIFT_BIN is relative to where the script was started.
if [[ -n ${TERMSHIFT_BIN:-} && $TERMSHIFT_BIN != /* && $TERMSHIFT_BIN == */* ]]; then
  TERMSHIFT_BIN=$PWD/$TERMSHIFT_BIN
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z $SIZE ]]; then
  if ((HISTORY)); then SIZE=21M; elif ((REAL)); then SIZE=0; else SIZE=320M; fi
fi
WORK=${BENCH_WORK:-bench/work}
((HISTORY)) && WORK=$WORK/history
((REAL)) && WORK=$WORK/real
((STRESS)) && WORK=${BENCH_WORK:-bench/work}/stress
CORPUS=$WORK/corpus
OUT=$WORK/out
mkdir -p "$WORK" "$OUT"

apt_install() { # apt_install PACKAGE: install quietly, updating the lists once if needed
  echo "bench: installing $1 with apt-get" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >"$OUT/apt-$1.log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$OUT/apt-$1.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >>"$OUT/apt-$1.log" 2>&1 ||
      { cat "$OUT/apt-$1.log" >&2; return 1; }
  fi
}

# --- 1. the termshift binary -------------------------------------------------
if [[ -n ${TERMSHIFT_BIN:-} ]]; then
  echo "bench: TERMSHIFT_BIN=$TERMSHIFT_BIN (not building)"
else
  command -v cargo >/dev/null || die "cargo not found (or set TERMSHIFT_BIN)"
  echo "bench: cargo build --release -p termshift-cli"
  cargo build --release -p termshift-cli
  TERMSHIFT_BIN=target/release/termshift
fi
[[ -x $TERMSHIFT_BIN ]] || die "$TERMSHIFT_BIN is not an executable"

# --- 2. ripgrep and a timer ---------------------------------------------------
if ((!HISTORY)); then
  command -v rg >/dev/null || apt_install ripgrep || die "cannot install ripgrep"
  RG=$(command -v rg)
fi

TIMER=${BENCH_TIMER:-}
if [[ -z $TIMER ]]; then
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%e' true >/dev/null 2>&1; then
    TIMER=gnu
  elif apt_install time && /usr/bin/time -f '%e' true >/dev/null 2>&1; then
    TIMER=gnu
  else
    TIMER=python
  fi
fi
case $TIMER in gnu | python) ;; *) die "BENCH_TIMER must be gnu or python" ;; esac
command -v python3 >/dev/null || die "python3 not found (needed for the corpus)"

# The fallback timer: wall time from a monotonic clock, peak RSS of the child
# (in KB, as GNU time's %M) from wait4's rusage. Writes "WALL_S MAXRSS_KB".
PYTIMER='
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
try:
    pid = os.posix_spawnp(argv[0], argv, os.environ)
except OSError as e:
    sys.stderr.write(f"{argv[0]}: {e}\n"); sys.exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as f:
    f.write(f"{wall:.3f} {usage.ru_maxrss}\n")
sys.exit(os.waitstatus_to_exitcode(status))
'

# --- 3. the corpus ------------------------------------------------------------
# Regenerated when asked, when missing, or when the generator or the size
# changed since it was made (the stamp records both).
STAMP="$(sha256sum bench/gen_corpus.py | cut -d' ' -f1) size=$SIZE"
if ((!REAL)) && { ((REGEN)) || [[ ! -f $CORPUS/MANIFEST.txt ]] || [[ "$(cat "$WORK/corpus.stamp" 2>/dev/null)" != "$STAMP" ]]; }; then
  echo "bench: generating the corpus in $CORPUS (size $SIZE)"
  rm -rf "$CORPUS" "$WORK/corpus.stamp"
  python3 bench/gen_corpus.py "$CORPUS" --size "$SIZE" >"$OUT/gen_corpus.log"
  tail -n 1 "$OUT/gen_corpus.log"
  echo "$STAMP" >"$WORK/corpus.stamp"
fi
# measure NAME CMD...: one run; sets WALL (s) and RSS (KB).
measure() {
  local name=$1 rc=0
  shift
  local tf=$OUT/$name.time
  if [[ $TIMER == gnu ]]; then
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
  else
    python3 -c "$PYTIMER" "$tf" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
  fi
  # rg exits 1 when nothing matched, check when denied occurrences remain;
  # any other failure is an error.
  if ((rc != 0)) && ! [[ ($name == rg* || $name == check*) && $rc == 1 ]]; then
    echo "bench: $name exited with status $rc:" >&2
    tail -n 20 "$OUT/$name.err" >&2
    exit 1
  fi
  read -r WALL RSS < <(tail -n 1 "$tf")
  [[ $WALL =~ ^[0-9.]+$ && $RSS =~ ^[0-9]+$ ]] || die "cannot read the timing of $name from $tf"
}

# warm DIR...: reads every file under the folders, so that the next run reads
# them from memory as the one before did: some machines reclaim the page
# cache within seconds, and a run that reads from disk measures the disk.
warm() { find "$@" -type f -print0 | xargs -0 cat >/dev/null; }

# --- the history case: history of a generated repository against one scan -------
if ((HISTORY)); then
  REPO=$WORK/repo
  HSTAMP="$STAMP $(sha256sum bench/gen_history.py | cut -d' ' -f1) commits=$COMMITS"
  if ((REGEN)) || [[ ! -d $REPO/.git ]] || [[ "$(cat "$WORK/repo.stamp" 2>/dev/null)" != "$HSTAMP" ]]; then
    echo "bench: generating the repository in $REPO ($COMMITS commits)"
    rm -f "$WORK/repo.stamp"
    python3 bench/gen_history.py "$CORPUS" "$REPO" --commits "$COMMITS"
    echo "$HSTAMP" >"$WORK/repo.stamp"
  fi
  SCAN_CMD=("$TERMSHIFT_BIN" --no-cache --config "$REPO/termshift.toml" scan --format jsonl)
  HIST_CMD=("$TERMSHIFT_BIN" --config "$REPO/termshift.toml" history --rebuild --format json)
  echo "bench: $(git -C "$REPO" rev-list --count HEAD) commits, $(git -C "$REPO" ls-files | wc -l) files at the head; $(nproc) cores, timer $TIMER, $RUNS timed runs each"
  warm "$REPO"
  measure scan "${SCAN_CMD[@]}"
  echo "bench: warm-up scan: ${WALL}s"
  SCAN_WALLS="" HIST_WALLS="" HIST_PEAK=0
  for ((i = 1; i <= RUNS; i++)); do
    warm "$REPO"
    measure scan "${SCAN_CMD[@]}"
    SCAN_WALLS+="$WALL "
    echo "bench: run $i/$RUNS scan: ${WALL}s, $((RSS / 1024)) MB"
    warm "$REPO"
    measure history "${HIST_CMD[@]}"
    HIST_WALLS+="$WALL "
    ((RSS > HIST_PEAK)) && HIST_PEAK=$RSS
    echo "bench: run $i/$RUNS history: ${WALL}s, $((RSS / 1024)) MB"
  done
  median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  echo
  echo "history says: $(tail -n 1 "$OUT/history.err")"
  awk -v sw="$(median "$SCAN_WALLS")" -v hw="$(median "$HIST_WALLS")" -v hr="$HIST_PEAK" \
    -v max="$MAX_HISTORY_RATIO" -v runs="$RUNS" -v commits="$COMMITS" '
  BEGIN {
    r = (sw > 0) ? hw / sw : 0
    printf "one full scan:        %8.2f s\n", sw
    printf "history (%d commits): %8.2f s   (%.1f ms per commit, peak RSS %.1f MB)\n", commits, hw, 1000 * hw / commits, hr / 1024
    printf "history/scan: %.2fx   (target <= %.1fx)   %s (median of %d runs)\n", r, max, (sw > 0 && r <= max) ? "PASS" : "FAIL", runs
  }'
  exit 0
fi

# word_regex FROM TO: the regex below, for any two one-word terms.
word_regex() {
  local lo="$1|$2" ti up
  ti="${1^}|${2^}"
  up="${1^^}|${2^^}"
  local NON_LETTER='[\x00-\x40\x5b-\x60\x7b-\x7f]' ANY_ASCII='[\x00-\x7f]' NON_UPPER='[\x00-\x40\x5b-\x7f]'
  local NON_LOWER='[\x00-\x60\x7b-\x7f]' LOWER_OR_NON_ASCII='[^\x00-\x60\x7b-\x7f]'
  local LOW_END="(?:\$|$NON_LOWER)" UP_END="(?:\$|$NON_LETTER|[A-Z](?:[a-rt-z]|s$LOWER_OR_NON_ASCII))"
  printf '%s' "(?:^|$NON_LETTER)(?:$lo)s?$LOW_END|(?:^|$ANY_ASCII)(?:$ti)s?$LOW_END|(?:^|$NON_UPPER)(?:$up)S?$UP_END|(?:^|$NON_UPPER)(?:$up)s$LOW_END"
}

# --- the hostile shapes: one run each, against rg over the same folder ---------
if ((STRESS)); then
  [[ -f $WORK/corpus/chains/termshift.toml ]] || python3 bench/gen_stress.py "$WORK/corpus"
  RGW=(--no-config --hidden --no-ignore --max-filesize 8M --no-heading --line-number --color never)
  echo "bench: hostile shapes in $WORK/corpus; $(nproc) cores, $("$RG" --version | sed -n 1p), timer $TIMER"
  printf '%-12s %8s %8s %8s %8s %9s %9s %9s %10s\n' shape rg_s scan_s report_s plan_s scan/rg report/rg plan/rg peak_RSS_MB
  for shape in minified one_name same_field chains; do
    dir=$WORK/corpus/$shape
    warm "$dir"
    measure "rg-$shape" "$RG" "${RGW[@]}" -i -e '\brun' "$dir"; r=$WALL
    measure "scan-$shape" "$TERMSHIFT_BIN" -q --no-cache --config "$dir/termshift.toml" scan --format jsonl; s=$WALL; m=$RSS
    measure "report-$shape" "$TERMSHIFT_BIN" -q --no-cache --config "$dir/termshift.toml" report -o "$OUT/report-$shape.md"
    p=$WALL; ((RSS > m)) && m=$RSS
    measure "plan-$shape" "$TERMSHIFT_BIN" -q --no-cache --config "$dir/termshift.toml" plan -o "$OUT/plan-$shape.md"
    l=$WALL; ((RSS > m)) && m=$RSS
    awk -v n="$shape" -v r="$r" -v s="$s" -v p="$p" -v l="$l" -v m="$m" 'BEGIN {
      printf "%-12s %8.2f %8.2f %8.2f %8.2f %8.1fx %8.1fx %8.1fx %10.1f\n", n, r, s, p, l, (r > 0 ? s / r : 0), (r > 0 ? p / r : 0), (r > 0 ? l / r : 0), m / 1024 }'
  done
  exit 0
fi

# --- the real cases: each unpacked state with its own words and configuration ---
if ((REAL)); then
  STATES=bench/work/realcases/states
  PACKAGE=bench/work/realcases/package
  [[ -d $STATES && -d $PACKAGE ]] || die "no unpacked real cases: run bench/realcases.sh first"
  median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  echo "bench: real cases in $STATES; $(nproc) cores, $("$RG" --version | sed -n 1p), timer $TIMER, $RUNS timed runs each"
  RGW=(--no-config --hidden --glob '!.git' --follow --no-require-git --no-ignore-global --max-filesize 8M --no-heading --line-number --color never)
  printf '%-28s %7s %6s %7s %8s %8s %8s %8s %9s %8s %8s %8s\n' state size_MB rg_s scan_s report_s same_s edit_s scan/rg report/rg same/rg edit/rg RSS_MB
  while IFS=$'\t' read -r unit kind case state config; do
    [[ $unit == unit || $unit == */init || $unit == *-init || $kind != migration ]] && continue
    view=$WORK/view-${case}
    rm -rf "$view" && mkdir -p "$view"
    for r in "$STATES/$case/$state"/*/; do ln -s "$(cd "$r" && pwd)" "$view/$(basename "$r")"; done
    cp "$PACKAGE/$case/$config" "$view/termshift.toml"
    read -r from to < <(python3 bench/realcases.py words "$view/termshift.toml")
    regex=$(word_regex "$from" "$to")
    mb=$(du -sLm "$STATES/$case/$state" | cut -f1)
    declare -A W=() ; PEAKR=0
    for ((i = 0; i <= RUNS; i++)); do
      warm "$STATES/$case/$state"
      measure "rg-$case" "$RG" "${RGW[@]}" -e "$regex" "$view"
      ((i)) && W[rg]+="$WALL "
      measure "scan-$case" "$TERMSHIFT_BIN" -q --no-cache --config "$view/termshift.toml" scan --format jsonl
      ((i)) && W[scan]+="$WALL "
      ((RSS > PEAKR)) && PEAKR=$RSS
      measure "report-$case" "$TERMSHIFT_BIN" -q --no-cache --config "$view/termshift.toml" report -o "$OUT/report-$case.md"
      ((i)) && W[report]+="$WALL "
      ((RSS > PEAKR)) && PEAKR=$RSS
      # The second run: `check` with the scan cache, on the tree as the
      # run before left it, then after one file with hits was edited.
      measure "check-same-$case" "$TERMSHIFT_BIN" -q --config "$view/termshift.toml" check
      ((i)) && W[same]+="$WALL "
      edited=$(awk -F: '$1 !~ /termshift\.toml$|\/\.termshift\// { print $1; exit }' "$OUT/rg-$case.out")
      cp "$edited" "$OUT/edited.orig"
      printf '\n%.0s' $(seq 0 "$i") >>"$edited"
      measure "check-edit-$case" "$TERMSHIFT_BIN" -q --config "$view/termshift.toml" check
      cp "$OUT/edited.orig" "$edited"
      ((i)) && W[edit]+="$WALL "
      measure "check-restored-$case" "$TERMSHIFT_BIN" -q --config "$view/termshift.toml" check
    done
    awk -v n="$case/$state" -v mb="$mb" -v r="$(median "${W[rg]}")" -v s="$(median "${W[scan]}")" \
      -v p="$(median "${W[report]}")" -v c="$(median "${W[same]}")" -v e="$(median "${W[edit]}")" -v m="$PEAKR" 'BEGIN {
      printf "%-28s %7d %6.3f %7.3f %8.3f %8.3f %8.3f %7.1fx %8.1fx %7.1fx %7.1fx %8.1f\n", n, mb, r, s, p, c, e,
        (r > 0 ? s / r : 0), (r > 0 ? p / r : 0), (r > 0 ? c / r : 0), (r > 0 ? e / r : 0), m / 1024 }'
  done < <(cut -f1-5 "$PACKAGE/cases.tsv")
  exit 0
fi

ROOTS=()
for d in "$CORPUS"/*/; do ROOTS+=("${d%/}"); done
((${#ROOTS[@]})) || die "no roots in $CORPUS"

# --- 4. the two commands --------------------------------------------------------
# The regex: a line matches iff it holds run, runs, session or sessions as a
# whole word of an identifier in any convention, exactly as termshift splits
# identifiers into words (crates/termshift-words/src/split.rs): `_`, `-` and
# any other ASCII non-alphanumeric separate words; a word starts at a
# lower->upper change (runId = run|Id), at a letter<->digit change (run2), and
# before the last capital of an acronym that a lower-case letter follows
# (HTTPRun = HTTP|Run), unless that letter is a plural `s` (RunIDs = Run|IDs);
# non-ASCII letters stick to their word (runé is one word); words compare
# ignoring case, so a word is one of run/Run/RUN, session/Session/SESSION,
# plus `s` or `S` for the plural (RUNs too).
#
# Rust's regex has no look-around, so each alternative consumes the byte
# before and after the word (rg reports lines, so consuming is harmless), and
# the case of the word decides which neighbours are boundaries:
#   run, runs, session(s)   before: start of line or an ASCII non-letter
#                           after:  end of line or ASCII that is not a-z
#   Run, Runs, Session(s)   before: start of line or any ASCII byte
#                           (a capital starts a word after a lower-case letter,
#                           and after a capital too, as a-z follows: HTTPRun)
#                           after:  as for run
#   RUN, RUNS, SESSION(S)   before: start of line or ASCII that is not A-Z
#                           (XRUN is one word)
#                           after:  end of line, an ASCII non-letter, or a
#                           capital that starts a Titled word (RUNStatus =
#                           RUN|Status; not RUNIDs, whose `s` is a plural)
#   RUNs, SESSIONs          before: as for RUN; after: as for run
# So it matches RunID, run_id, runId, RUN_ID, startRunForPrompt, DistinctRuns,
# /runs/:runId, SessionID, sessionId, t.Run(, RunE, "go run", and not
# runtime, running, truncate, prune, Rune, rerun, Runner, isRunning.
# The same regex is WORD_REGEX in bench/gen_corpus.py, which checks every
# generated file with it. It was cross-checked against a port of termshift's
# splitting on 200k random lines and on the corpus: the same lines match.
# It is case-sensitive on purpose: `-i` would match rUn, which termshift
# splits as r|Un.
NON_LETTER='[\x00-\x40\x5b-\x60\x7b-\x7f]'
ANY_ASCII='[\x00-\x7f]'
NON_UPPER='[\x00-\x40\x5b-\x7f]'
NON_LOWER='[\x00-\x60\x7b-\x7f]'
LOWER_OR_NON_ASCII='[^\x00-\x60\x7b-\x7f]'
LOW_END="(?:\$|$NON_LOWER)"
UP_END="(?:\$|$NON_LETTER|[A-Z](?:[a-rt-z]|s$LOWER_OR_NON_ASCII))"
RG_REGEX="(?:^|$NON_LETTER)(?:run|session)s?$LOW_END"
RG_REGEX+="|(?:^|$ANY_ASCII)(?:Run|Session)s?$LOW_END"
RG_REGEX+="|(?:^|$NON_UPPER)(?:RUN|SESSION)S?$UP_END"
RG_REGEX+="|(?:^|$NON_UPPER)(?:RUN|SESSION)s$LOW_END"

# The same files as termshift's walk (crates/termshift/src/sources.rs):
# .gitignore honoured without a git repository (--no-require-git), hidden
# files searched but not .git/, links followed, no global gitignore, the
# default 8 MiB size limit; binary files (a NUL byte) skipped, as rg does
# by default. Output goes to files, never /dev/null: rg notices /dev/null
# and stops at the first match of each file.
RG_WALK=(--no-config --hidden --glob '!.git' --follow --no-require-git --no-ignore-global --max-filesize 8M)
TS_CMD=("$TERMSHIFT_BIN" scan --from run --to session --format jsonl "${ROOTS[@]}")
RG_CMD=("$RG" "${RG_WALK[@]}" --no-heading --line-number --color never -e "$RG_REGEX" "${ROOTS[@]}")
LIT_CMD=("$RG" "${RG_WALK[@]}" --no-heading --line-number --color never -i -F -e run -e session "${ROOTS[@]}")

TOOLS=(termshift rg)
((LITERAL)) && TOOLS+=(rg-literal)
run_tool() {
  warm "${ROOTS[@]}"
  case $1 in
    termshift) measure termshift "${TS_CMD[@]}" ;;
    rg) measure rg "${RG_CMD[@]}" ;;
    rg-literal) measure rg-literal "${LIT_CMD[@]}" ;;
  esac
}

echo "bench: corpus $(sed -n 's/^searched files (not ignored): //p' "$CORPUS/MANIFEST.txt") in ${#ROOTS[@]} roots ($CORPUS)"
echo "bench: $(nproc) cores, $("$RG" --version | head -n 1), timer $TIMER, $RUNS timed runs each"
quoted() { local s; s=$(printf '%q ' "$@"); echo "${s% }"; }
echo "bench: termshift: $(quoted "${TS_CMD[@]}")"
echo "bench: rg:        $(quoted "$RG" "${RG_WALK[@]}" --no-heading --line-number --color never) -e '$RG_REGEX' $(quoted "${ROOTS[@]}")"

# --- 5. warm-up, then the timed runs, alternating the tools ---------------------
for tool in "${TOOLS[@]}"; do
  run_tool "$tool"
  echo "bench: warm-up $tool: ${WALL}s, $((RSS / 1024)) MB"
done
declare -A WALLS=() PEAK=()
for ((i = 1; i <= RUNS; i++)); do
  for tool in "${TOOLS[@]}"; do
    run_tool "$tool"
    WALLS[$tool]+="$WALL "
    ((RSS > ${PEAK[$tool]:-0})) && PEAK[$tool]=$RSS
    echo "bench: run $i/$RUNS $tool: ${WALL}s, $((RSS / 1024)) MB"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# --- 5b. the parse floor: the same walk, reads and parse, nothing else -------
# Its own clock starts after query compilation (role work, not parsing).
FLOOR_WALL=
if ((FLOOR)); then
  command -v cargo >/dev/null || die "--floor needs cargo to build examples/parse_floor"
  cargo build --release -p termshift --example parse_floor
  FLOOR_WALLS=""
  for ((i = 0; i <= RUNS; i++)); do
    warm "${ROOTS[@]}"
    line=$(target/release/examples/parse_floor run session "${ROOTS[@]}") || die "parse_floor failed"
    wall=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$line")
    [[ $wall =~ ^[0-9.]+$ ]] || die "cannot read the time of parse_floor from: $line"
    if ((i == 0)); then
      echo "bench: warm-up parse floor: ${wall}s (${line#parse_floor: })"
    else
      FLOOR_WALLS+="$wall "
      echo "bench: run $i/$RUNS parse floor: ${wall}s"
    fi
  done
  FLOOR_WALL=$(median "$FLOOR_WALLS")
fi

# --- 6. the report --------------------------------------------------------------
TS_LINES=$(wc -l <"$OUT/termshift.out")
RG_LINES=$(wc -l <"$OUT/rg.out")
RG_FILES=$(cut -d: -f1 "$OUT/rg.out" | uniq | sort -u | wc -l)
echo
echo "termshift reported $TS_LINES occurrences (JSON lines); rg reported $RG_LINES matching lines in $RG_FILES files"
if [[ -s $OUT/termshift.err ]]; then
  echo "termshift says: $(tail -n 1 "$OUT/termshift.err")"
fi
if ((TS_LINES < RG_LINES)); then
  echo "warning: termshift reported fewer occurrences than rg reported lines: it misses some (see $OUT/)"
fi

TS_WALL=$(median "${WALLS[termshift]}")
RG_WALL=$(median "${WALLS[rg]}")
echo
awk -v tw="$TS_WALL" -v rw="$RG_WALL" -v tr="${PEAK[termshift]}" -v rr="${PEAK[rg]}" \
  -v lw="$( ((LITERAL)) && median "${WALLS[rg-literal]}" || true)" -v lr="${PEAK[rg-literal]:-}" \
  -v fw="$FLOOR_WALL" \
  -v maxw="$MAX_WALL_RATIO" -v maxr="$MAX_RSS_MB" -v runs="$RUNS" '
BEGIN {
  wr = (rw > 0) ? tw / rw : 0; mr = (rr > 0) ? tr / rr : 0
  printf "%-12s %14s %14s\n", "tool", "median wall s", "peak RSS MB"
  printf "%-12s %14.2f %14.1f\n", "termshift", tw, tr / 1024
  printf "%-12s %14.2f %14.1f\n", "rg", rw, rr / 1024
  if (lw != "") printf "%-12s %14.2f %14.1f   (reference only)\n", "rg-literal", lw, lr / 1024
  if (fw != "") printf "%-12s %14.2f %14s   (reference only: walk, read, find the words, parse their items)\n", "parse floor", fw, "-"
  printf "\n"
  wall_ok = (rw > 0 && wr <= maxw); rss_ok = (tr / 1024 <= maxr)
  printf "wall time termshift/rg: %.2fx   (target <= %.1fx)   %s\n", wr, maxw, wall_ok ? "PASS" : "FAIL"
  if (fw != "" && rw > 0) printf "parse floor/rg:         %.2fx   (a scan that parses the files holding a word runs no faster)\n", fw / rw
  printf "peak RSS termshift:     %.1f MB (target <= %d MB)  %s   (termshift/rg %.1fx)\n", tr / 1024, maxr, rss_ok ? "PASS" : "FAIL", mr
  printf "overall: %s (median of %d runs)\n", (wall_ok && rss_ok) ? "PASS" : "FAIL", runs
}'
