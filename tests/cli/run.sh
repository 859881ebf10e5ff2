#!/bin/sh
# tests/cli/run.sh [SHAI] — runs every CLI test script: filter.sh,
# report.sh, hostile.sh, golden.sh, eval.sh (each one present), with SHAI.
#
#   sh tests/cli/run.sh ./shai
#
# Counts the checks the scripts print ("ok ..." / "FAIL ..." lines; a
# script that fails without a FAIL line counts as one failed check) and
# ends with exactly one line "N passed, N failed".  Exits 1 when anything
# failed.
#
# filter.sh and report.sh use $SHAI_MODEL, else models/default.model; when
# neither exists a small model is trained from tests/data/mini.lbl for them.
# golden.sh always gets the shipped models/default.model (its goldens were
# made with it).  hostile.sh trains its own.  HOSTILE_BIG=0 is passed on.
# CLI_TESTS="filter hostile" runs only those scripts.
set -u
SHAI=${1:-./shai}
case $SHAI in /*) ;; *) SHAI=$(pwd)/$SHAI ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-cli-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

model=${SHAI_MODEL:-}
if [ -z "$model" ]; then
    if [ -f "$root/models/default.model" ]; then model=$root/models/default.model
    else
        mkdir -p "$tmp/model"
        if "$SHAI" train --lexicons "$root/models" -C 1 --keep-weight 2 -o "$tmp/model/default.model" \
                "$root/tests/data/mini.lbl" >/dev/null 2>"$tmp/train.err"; then
            model=$tmp/model/default.model
            echo "note: no models/default.model; filter.sh and report.sh use a model trained on tests/data/mini.lbl"
        else
            echo "note: no model, and training one failed:"; cat "$tmp/train.err"
        fi
    fi
fi

pass=0
failed=0
for t in ${CLI_TESTS:-filter report hostile golden eval}; do
    script=$here/$t.sh
    [ -f "$script" ] || continue
    echo "== tests/cli/$t.sh"
    if [ "$t" = golden ]; then
        if [ -f "$root/models/default.model" ]; then
            SHAI_MODEL=$root/models/default.model sh "$script" "$SHAI" >"$tmp/log" 2>&1
        else
            (unset SHAI_MODEL; sh "$script" "$SHAI") >"$tmp/log" 2>&1
        fi
    elif [ -n "$model" ]; then
        SHAI_MODEL=$model sh "$script" "$SHAI" >"$tmp/log" 2>&1
    else
        sh "$script" "$SHAI" >"$tmp/log" 2>&1
    fi
    rc=$?
    cat "$tmp/log"
    # golden.sh counts its passes silently: take its own "N passed" line
    p=$(grep -c '^ok' "$tmp/log")
    g=$(sed -n 's/^golden: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$tmp/log")
    [ -n "$g" ] && p=$g
    f=$(grep -c '^FAIL' "$tmp/log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $t.sh exited $rc"
        f=1
    fi
    pass=$((pass + p))
    failed=$((failed + f))
done
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
