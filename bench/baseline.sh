#!/bin/sh
# bench/baseline.sh [SHAI] — shai against the baselines the core issue names,
# on the same pages and with the same metrics (`make baseline`).
#
# Baselines, five labels each (K B P A G; a block is dropped when the
# predicted label is not K):
#   fasttext        Debian's fastText (one thread, so that runs repeat
#                   exactly), characters as tokens, default settings;
#   fasttext-bigram the same with -wordNgrams 2, so character bigrams too:
#                   a linear model over character uni- and bigrams through
#                   fastText's low-rank embedding;
#   ngram-lr        a character n-gram logistic regression: LIBLINEAR's
#                   L2-regularized logistic regression (-s 0, its default
#                   C = 1, a bias term) on the hashed character 1- to
#                   3-grams of bench/ngrams.c, one-vs-rest.
# Measurements (both sides scored by `shai eval`, which counts characters
# the same way for every labeling: `--predicted`):
#   cv       5-fold cross-validation grouped by site on training/train.lbl,
#            seeds.lbl and added.lbl (synth.lbl trains, is never scored;
#            the pages of one URL host, and a page and its synthetic
#            variants, fall in one fold), mean over fold seeds
#            BASELINE_SEEDS; shai with the shipped settings (`make model`)
#            and its own folds, the baselines with folds drawn by cksum of
#            "seed:group" (other splits of the same pages: hence the mean);
#   heldout  trained on all of training/{train,seeds,added,synth}.lbl, scored on
#            training/heldout.lbl (sites never trained on); shai also at
#            --threshold -0.5, 0.5 and 1, to compare at equal junk.
# Environment: BASELINE_DIR (default /tmp/shai-baseline), BASELINE_SEEDS
# (default "1 2 3"), SHAI_MODEL_ARGS (the shipped model's training
# options; `make baseline` passes the Makefile's MODEL_ARGS, and without
# it they are read from the info line of models/default.model).  Needs
# fasttext, liblinear-train, liblinear-predict, jq and awk
# (scripts/install-deps.sh), and bench/ngrams (make bench/ngrams).
set -eu

SHAI=${1:-./shai}
B=${BASELINE_DIR:-/tmp/shai-baseline}
SEEDS=${BASELINE_SEEDS:-1 2 3}
GOLD="training/train.lbl training/seeds.lbl training/added.lbl"
SYNTH=training/synth.lbl
HELDOUT=training/heldout.lbl

die() { echo "baseline: $*" >&2; exit 1; }
NGRAMS=bench/ngrams
for tool in fasttext liblinear-train liblinear-predict jq awk sed cksum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/install-deps.sh)"
done
[ -f "$HELDOUT" ] || die "run from the top of the source tree"
[ -x "$SHAI" ] || die "$SHAI not found (run make)"
[ -x "$NGRAMS" ] || die "$NGRAMS not found (run make bench/ngrams)"
# the drop model's C, keep weight and smoothing the shipped model records
MODEL_ARGS=${SHAI_MODEL_ARGS:-$(sed -n 's/^info .*; drop C=\([^ ;]*\) keep_weight=\([^ ;]*\);.*; smoothing \([^ ;]*\);.*/-C \1 --keep-weight \2 --smoothing \3/p' models/default.model)}
[ -n "$MODEL_ARGS" ] || die "models/default.model: no training settings in its info line (set SHAI_MODEL_ARGS)"
# characters are tokens only when sed splits UTF-8: C.UTF-8 must exist
[ "$(printf '\351\246\226\351\241\265' | LC_ALL=C.UTF-8 sed 's/./x/g')" = xx ] ||
    die "the C.UTF-8 locale is missing (sed would split bytes, not characters)"
mkdir -p "$B"

# characters as tokens, spaces between them (whitespace dropped)
spaced() { LC_ALL=C.UTF-8 sed 's/[[:space:]]//g; s/./& /g; s/^$/_/'; }

# the block lines of .lbl files, as the reader takes them: not #page,
# not blank (spaces, tabs and a CR of CRLF count as blank)
blocks() { awk '!/^#page\t/ && /[^ \t\r]/' "$@"; }

# ft_train LBL OUT ARGS...: fastText model OUT.bin from the blocks of LBL
ft_train() {
    lbl=$1; out=$2; shift 2
    blocks "$lbl" | grep '^[KBPAG]	' > "$B/tr-lab.tmp" || true
    cut -f1 "$B/tr-lab.tmp" | sed 's/^/__label__/' > "$B/tr-l.tmp"
    cut -f2- "$B/tr-lab.tmp" | spaced > "$B/tr-t.tmp"
    paste -d ' ' "$B/tr-l.tmp" "$B/tr-t.tmp" > "$B/tr.txt"
    fasttext supervised -input "$B/tr.txt" -output "$out" -verbose 0 -thread 1 "$@" > /dev/null
    rm -f "$B"/tr-*.tmp "$B/tr.txt"
}

# relabel PRED GOLD.lbl OUT.lbl: GOLD with the labels of PRED (one letter
# a line, block after block), after checking that PRED has them all
relabel() {
    [ "$(wc -l < "$1")" -eq "$(blocks "$2" | wc -l)" ] ||
        die "$(wc -l < "$1") labels for the $(blocks "$2" | wc -l) blocks of $2"
    awk -F '\t' -v OFS='\t' 'NR == FNR { p[NR] = $0; next }
        /^#page\t/ || !/[^ \t\r]/ { print; next }
        { $1 = p[++k]; print }' "$1" "$2" > "$3"
}

# ft_label MODEL GOLD.lbl OUT.lbl: GOLD's pages labeled by the model
# (the model's files are removed after: a bigram model takes 800 MB)
ft_label() {
    blocks "$2" | cut -f2- | tr -d '\r' | spaced > "$B/te.txt"
    fasttext predict "$1.bin" "$B/te.txt" | sed 's/^__label__//' > "$B/te.pred"
    rm -f "$1.bin" "$1.vec"
    relabel "$B/te.pred" "$2" "$3"
    rm -f "$B/te.txt" "$B/te.pred"
}

# lr_train LBL OUT: the n-gram logistic regression OUT.model from LBL
lr_train() {
    blocks "$1" | grep '^[KBPAG]	' | "$NGRAMS" > "$B/tr.svm"
    liblinear-train -s 0 -c 1 -B 1 -q "$B/tr.svm" "$2.model" > /dev/null
    rm -f "$B/tr.svm"
}

# lr_label MODEL GOLD.lbl OUT.lbl: GOLD's pages labeled by the regression
# (its classes 1-5 are K B P A G, as bench/ngrams numbers them)
lr_label() {
    blocks "$2" | "$NGRAMS" > "$B/te.svm"
    liblinear-predict "$B/te.svm" "$1.model" "$B/te.out" > /dev/null
    awk '{ print substr("KBPAG", $1, 1) }' "$B/te.out" > "$B/te.pred"
    relabel "$B/te.pred" "$2" "$3"
    rm -f "$1.model" "$B/te.svm" "$B/te.out" "$B/te.pred"
}

# train_label VARIANT TRAIN.lbl GOLD.lbl OUT.lbl: GOLD labeled by VARIANT
# trained on TRAIN
train_label() {
    case $1 in
    ngram-lr) lr_train "$2" "$B/m"; lr_label "$B/m" "$3" "$4" ;;
    *) ft_train "$2" "$B/m" $(ft_args "$1"); ft_label "$B/m" "$3" "$4" ;;
    esac
}
VARIANTS="fasttext fasttext-bigram ngram-lr"

# GROUP: awk's group of a #page line ($2 id, $3 URL), as shai_fold_of
# draws it: "@" and the URL's host without "www.", else the id up to '~'
GROUP='function group(id, url,   h) {
    h = url
    if (sub(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "", h)) {
        sub(/[\/?#].*/, "", h); sub(/^.*@/, "", h); sub(/:[0-9]*$/, "", h)
        h = tolower(h); sub(/^www\./, "", h)
        if (h != "") return "@" h
    }
    sub(/~.*/, "", id)
    return id
}'
# pages_of FOLDMAP K IN OUT: the pages of IN whose group's fold is (== K,
# when K >= 0: real pages only) or is not (-K - 1, when K < 0)
pages_of() {
    awk -F '\t' -v k="$2" "$GROUP"'
        NR == FNR { fold[$1] = $2; next }
        /^#page\t/ { g = group($2, $3)
                     keep = k >= 0 ? (fold[g] == k && $2 !~ /~/) : (fold[g] != -k - 1) }
        keep' "$1" "$3" > "$4"
}

# metrics JSON: "drop_f1 content_kept junk_left" of `shai eval --json`
metrics() { jq -r '"\(.drop.f1) \(.content_kept) \(.junk_left)"' "$1"; }
# mean: the mean of metrics lines (one line: itself), as "F1 / kept / junk"
mean() { awk '{ f += $1; k += $2; j += $3; n++ } END { printf "%.3f / %.3f / %.3f", f / n, k / n, j / n }'; }
# ft_args VARIANT: the fasttext options of a baseline variant
ft_args() { [ "$1" = fasttext-bigram ] && echo "-wordNgrams 2" || true; }
# thresholds shai is also scored at on the held-out pages
THRESHOLDS="-0.5 0.5 1"

cat $GOLD "$SYNTH" > "$B/all.lbl"
groups=$(awk -F '\t' "$GROUP"' /^#page\t/ { print group($2, $3) }' "$B/all.lbl" | sort -u)

for s in $SEEDS; do
    echo "baseline: fold seed $s: shai cross-validation" >&2
    "$SHAI" eval --json --cv 5 $MODEL_ARGS --seed "$s" \
        $GOLD "$SYNTH" > "$B/cv-shai-$s.json" 2> "$B/cv-shai-$s.log" ||
        { tail -n 5 "$B/cv-shai-$s.log" >&2; die "shai cross-validation failed (log: $B/cv-shai-$s.log)"; }
    : > "$B/folds-$s.tsv"
    echo "$groups" | while IFS= read -r g; do
        printf '%s\t%s\n' "$g" $(( $(printf '%s:%s' "$s" "$g" | cksum | cut -d ' ' -f1) % 5 )) >> "$B/folds-$s.tsv"
    done
    for v in $VARIANTS; do
        echo "baseline: fold seed $s: $v cross-validation" >&2
        : > "$B/cv-$v-$s.lbl"
        for k in 0 1 2 3 4; do
            pages_of "$B/folds-$s.tsv" $((-k - 1)) "$B/all.lbl" "$B/fold-train.lbl"
            pages_of "$B/folds-$s.tsv" "$k" "$B/all.lbl" "$B/fold-test.lbl"
            train_label "$v" "$B/fold-train.lbl" "$B/fold-test.lbl" "$B/fold-pred.lbl"
            cat "$B/fold-pred.lbl" >> "$B/cv-$v-$s.lbl"
        done
        "$SHAI" eval --json --predicted "$B/cv-$v-$s.lbl" $GOLD > "$B/cv-$v-$s.json"
    done
done

echo "baseline: held-out pages" >&2
"$SHAI" eval --json "$HELDOUT" > "$B/ho-shai.json"
for t in $THRESHOLDS; do
    "$SHAI" eval --json --threshold "$t" "$HELDOUT" > "$B/ho-shai-t$t.json"
done
for v in $VARIANTS; do
    train_label "$v" "$B/all.lbl" "$HELDOUT" "$B/ho-$v.lbl"
    "$SHAI" eval --json --predicted "$B/ho-$v.lbl" "$HELDOUT" > "$B/ho-$v.json"
done

printf '\n%-16s %-28s %s\n' "" "cross-validation (mean)" "held-out pages"
printf '%-16s %-28s %s\n' "classifier" "drop F1 / kept / junk" "drop F1 / kept / junk"
for v in shai $VARIANTS; do
    cv=$(for s in $SEEDS; do metrics "$B/cv-$v-$s.json"; done | mean)
    ho=$(metrics "$B/ho-$v.json" | mean)
    printf '%-16s %-28s %s\n' "$v" "$cv" "$ho"
done
for t in $THRESHOLDS; do
    printf '%-16s %-28s %s\n' "shai, t=$t" "-" "$(metrics "$B/ho-shai-t$t.json" | mean)"
done
