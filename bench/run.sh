#!/bin/sh
# bench/run.sh — the benchmark behind `make bench` (see bench/PERFORMANCE.md).
#
#   sh bench/run.sh [SHAI]          (from the top of the source tree)
#
# Measures, on a corpus of at least BENCH_MB MiB of JSONL built from the
# bundled pages (tests/data/sample.jsonl and the pages of training/train.lbl,
# repeated with distinct ids):
#   - `shai filter` end to end (read, score, write JSONL to /dev/null) on one
#     core (-j 1) and on all cores (-j 0): MB/s, blocks/s, peak RSS;
#   - `wc -l` on the same bytes: the I/O floor;
#   - `fasttext predict` (Debian's fasttext) on the same blocks, one per line,
#     characters separated by spaces, with a model trained on the labeled
#     blocks of training/train.lbl (characters as tokens, default settings);
#     the conversion to that format is done beforehand and not timed;
#   - `shai train -C 1 --keep-weight 2` (fixed C and weight: no grid search)
#     on at least BENCH_TRAIN_BLOCKS labeled blocks (training/train.lbl pages
#     repeated with distinct ids); that model is the one the filter runs use.
# Every timing is the fastest of BENCH_RUNS runs (wall clock, warm page
# cache); the CPU seconds (user + system) of that run are shown beside it,
# and the load average before and after: on a shared machine the wall
# clock also counts time spent waiting for a core.  MB = 10^6 bytes.  The
# summary table goes to standard output and to $BENCH_DIR/summary.txt.
#
# Environment:
#   BENCH_DIR           scratch directory (default /tmp/shai-bench; about
#                       1 GB is written there)
#   BENCH_MB            corpus size in MiB (default 200)
#   BENCH_RUNS          timed runs per measurement (default 3)
#   BENCH_TRAIN_BLOCKS  labeled blocks for the training timing (default 100000)
# Needs jq, fasttext and GNU time (/usr/bin/time): scripts/install-deps.sh.
set -eu

SHAI=${1:-./shai}
B=${BENCH_DIR:-/tmp/shai-bench}
MB=${BENCH_MB:-200}
RUNS=${BENCH_RUNS:-3}
TRAIN_BLOCKS=${BENCH_TRAIN_BLOCKS:-100000}
NCPU=$(nproc 2>/dev/null || echo 1)

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

for tool in jq fasttext awk sed; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/install-deps.sh)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package 'time'; run scripts/install-deps.sh)"
[ -x "$SHAI" ] || die "$SHAI not found (run make)"
[ -f training/train.lbl ] && [ -f tests/data/sample.jsonl ] || die "run from the top of the source tree"
# fastText's tokens are characters only when sed splits UTF-8
[ "$(printf '\351\246\226\351\241\265' | LC_ALL=C.UTF-8 sed 's/./x/g')" = xx ] ||
    die "the C.UTF-8 locale is missing (sed would split bytes, not characters)"
mkdir -p "$B"

now() { date +%s.%N; }

# timed NAME CMD...: runs CMD (output to /dev/null, stderr to $B/NAME.err)
# BENCH_RUNS times; sets T_NAME (fastest wall seconds), CPU_NAME (user +
# system seconds of that run) and RSS_NAME (its peak resident set, KiB).
timed() {
    name=$1; shift
    best=""; best_rss=0; best_cpu=0; i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        /usr/bin/time -f '%M %U %S' -o "$B/$name.rss" "$@" > /dev/null 2> "$B/$name.err" ||
            die "$name failed: $(tail -3 "$B/$name.err")"
        t1=$(now)
        t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        rss=$(tail -1 "$B/$name.rss" | awk '{ print $1 }')
        cpu=$(tail -1 "$B/$name.rss" | awk '{ printf "%.2f", $2 + $3 }')
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$t; best_rss=$rss; best_cpu=$cpu
        fi
        i=$((i + 1))
    done
    eval "T_$name=\$best; RSS_$name=\$best_rss; CPU_$name=\$best_cpu"
    say "$name: ${best}s wall, ${best_cpu}s CPU (fastest of $RUNS), peak RSS $((best_rss / 1024)) MiB"
}

# ------------------------------------------------------------ training
# train.lbl's pages, repeated with ids r<k>-<id> until >= TRAIN_BLOCKS blocks.
per=$(grep -c '^[KBPAG?]	' training/train.lbl)
reps=$(( (TRAIN_BLOCKS + per - 1) / per ))
awk -v n="$reps" '{ l[NR] = $0 }
    END { for (k = 1; k <= n; k++) for (i = 1; i <= NR; i++) {
            s = l[i]; if (s ~ /^#page\t/) sub(/^#page\t/, "#page\tr" k "-", s); print s } }' \
    training/train.lbl > "$B/train-big.lbl"
train_blocks=$(grep -c '^[KBPAG?]	' "$B/train-big.lbl")
train_pages=$(grep -c '^#page	' "$B/train-big.lbl")
mkdir -p "$B/model"
say "training on $train_blocks blocks ($train_pages pages: training/train.lbl x $reps)"
RUNS_SAVED=$RUNS; RUNS=1
# C, the keep weight and the smoothing all fixed: no grid search (without
# --smoothing, shai train would choose it by cross-validation, 3 more fits)
timed train "$SHAI" train --lexicons models -C 1 --keep-weight 2 --smoothing 0.5 -o "$B/model/default.model" "$B/train-big.lbl"
RUNS=$RUNS_SAVED
MODEL=$B/model/default.model

# ------------------------------------------------------------ corpus
# sample.jsonl plus every page of train.lbl as {"id","url","text"} (text =
# the page's lines joined by "\n"), then repeated with ids r<k>-<id>.
# (--rawfile: jq 1.6's -R turns characters that straddle its read buffer
# into U+FFFD)
jq -n -c --rawfile raw training/train.lbl '
  $raw | split("\n")
  | reduce .[] as $l ({pages: [], cur: null};
      if ($l | startswith("#page\t")) then
        .pages += (if .cur then [.cur] else [] end)
        | .cur = ($l | split("\t") | {id: .[1], url: .[2], lines: []})
      elif ($l | test("^[KBPAG?]\t")) then .cur.lines += [$l | .[2:]]
      else . end)
  | .pages + [.cur] | .[]
  | {id} + (if .url then {url} else {} end) + {text: (.lines | join("\n"))}
' > "$B/pages.jsonl"
cat tests/data/sample.jsonl "$B/pages.jsonl" > "$B/base.jsonl"
grep -qv '^{"id":"' "$B/base.jsonl" && die "base.jsonl: a record does not start with an id"
base_bytes=$(wc -c < "$B/base.jsonl")
want=$((MB * 1048576))
copies=$(( (want + base_bytes - 1) / base_bytes ))
awk -v n="$copies" '{ l[NR] = $0 }
    END { for (k = 1; k <= n; k++) for (i = 1; i <= NR; i++) {
            s = l[i]; sub(/^\{"id":"/, "{\"id\":\"r" k "-", s); print s } }' \
    "$B/base.jsonl" > "$B/corpus.jsonl"
bytes=$(wc -c < "$B/corpus.jsonl")
docs=$(wc -l < "$B/corpus.jsonl")
say "corpus: $B/corpus.jsonl, $bytes bytes, $docs documents (base x $copies)"

# ------------------------------------------------------------ fastText data
# Training: labeled blocks of train.lbl (K keep, B/P/A/G drop), characters
# as tokens.  Prediction: the corpus's blocks as shai splits them (its lbl
# output), same spacing, made once for the base and repeated: not timed.
spaced() { LC_ALL=C.UTF-8 sed 's/./& /g'; }
grep '^[KBPAG]	' training/train.lbl > "$B/ft-lab.tmp"
cut -f1 "$B/ft-lab.tmp" | sed 's/^K$/__label__keep/; s/^[BPAG]$/__label__drop/' > "$B/ft-l.tmp"
cut -f2- "$B/ft-lab.tmp" | spaced > "$B/ft-t.tmp"
paste -d ' ' "$B/ft-l.tmp" "$B/ft-t.tmp" > "$B/ft-train.txt"
rm -f "$B"/ft-*.tmp
fasttext supervised -input "$B/ft-train.txt" -output "$B/ft" -verbose 0 > /dev/null
"$SHAI" filter --quiet --model "$MODEL" --format lbl "$B/base.jsonl" |
    grep '^[KBPAG]	' | cut -f2- | spaced > "$B/base.ft"
i=0; : > "$B/corpus.ft"
while [ "$i" -lt "$copies" ]; do cat "$B/base.ft" >> "$B/corpus.ft"; i=$((i + 1)); done
ft_blocks=$(wc -l < "$B/corpus.ft")

# ------------------------------------------------------------ measurements
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
cat "$B/corpus.jsonl" > /dev/null        # warm the page cache
timed wc wc -l "$B/corpus.jsonl"
timed one "$SHAI" filter --model "$MODEL" -j 1 -o /dev/null "$B/corpus.jsonl"
blocks=$(sed -n 's/.*; \([0-9]*\) blocks, .*/\1/p' "$B/one.err")
[ -n "$blocks" ] || die "no block count in the tally: $(cat "$B/one.err")"
timed all "$SHAI" filter --model "$MODEL" -j 0 -o /dev/null "$B/corpus.jsonl"
[ "$ft_blocks" = "$blocks" ] || die "fastText input has $ft_blocks blocks, shai counted $blocks"
cat "$B/corpus.ft" > /dev/null
timed ft fasttext predict "$B/ft.bin" "$B/corpus.ft"
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# ------------------------------------------------------------ summary
awk -v bytes="$bytes" -v blocks="$blocks" -v ncpu="$NCPU" -v runs="$RUNS" \
    -v t_wc="$T_wc" -v t_one="$T_one" -v t_all="$T_all" -v t_ft="$T_ft" -v t_train="$T_train" \
    -v c_wc="$CPU_wc" -v c_one="$CPU_one" -v c_all="$CPU_all" -v c_ft="$CPU_ft" -v c_train="$CPU_train" \
    -v r_one="$RSS_one" -v r_all="$RSS_all" -v r_ft="$RSS_ft" -v r_train="$RSS_train" \
    -v train_blocks="$train_blocks" -v load0="$load0" -v load1="$load1" '
function mbs(t) { return bytes / t / 1e6 }
function bps(t) { return blocks / t }
function cmbs(c) { return c > 0 ? sprintf("%.1f", bytes / c / 1e6) : "-" }
function verdict(ok) { return ok ? "PASS" : "FAIL" }
BEGIN {
    printf "\nshai benchmark: %.1f MB of JSONL, %d blocks; %d cores; fastest of %d runs;\n", \
        bytes / 1e6, blocks, ncpu, runs
    printf "load average %s before, %s after\n\n", load0, load1
    printf "%-30s %8s %8s %9s %12s %10s %9s\n", "run", "wall s", "CPU s", "MB/s", "blocks/s", "MB/CPU-s", "peak RSS"
    printf "%-30s %8.2f %8.2f %9.1f %12s %10s %9s\n", "wc -l (I/O floor)", t_wc, c_wc, mbs(t_wc), "-", \
        cmbs(c_wc), "-"
    printf "%-30s %8.2f %8.2f %9.1f %12.0f %10s %5.0f MiB\n", "shai filter -j 1 (one core)", t_one, c_one, \
        mbs(t_one), bps(t_one), cmbs(c_one), r_one / 1024
    printf "%-30s %8.2f %8.2f %9.1f %12.0f %10s %5.0f MiB\n", sprintf("shai filter -j 0 (%d cores)", ncpu), \
        t_all, c_all, mbs(t_all), bps(t_all), cmbs(c_all), r_all / 1024
    printf "%-30s %8.2f %8.2f %9s %12.0f %10s %5.0f MiB\n", "fasttext predict (one core)", t_ft, c_ft, "-", \
        bps(t_ft), "-", r_ft / 1024
    printf "%-30s %8.2f %8.2f %9s %12.0f %10s %5.0f MiB\n", sprintf("shai train, %d blocks", train_blocks), \
        t_train, c_train, "-", train_blocks / t_train, "-", r_train / 1024
    printf "\n%-48s %-30s %s\n", "target", "measured", "result"
    printf "%-48s %-30s %s\n", ">= 100 MB/s per core, end to end on JSONL", \
        sprintf("%.1f MB/s on one core", mbs(t_one)), verdict(mbs(t_one) >= 100)
    printf "%-48s %-30s %s\n", "faster than fastText per block (one core each)", \
        sprintf("%.2fx fastText", bps(t_one) / bps(t_ft)), verdict(bps(t_one) > bps(t_ft))
    printf "%-48s %-30s %s\n", sprintf("within 10x of wc -l (shai on all %d cores)", ncpu), \
        sprintf("%.1fx (one core: %.1fx)", t_all / t_wc, t_one / t_wc), verdict(t_all <= 10 * t_wc)
    printf "%-48s %-30s %s\n", "training on 100,000 blocks well under a minute", \
        sprintf("%.1f s for %d blocks", t_train, train_blocks), verdict(train_blocks >= 100000 && t_train < 60)
}' | tee "$B/summary.txt"
