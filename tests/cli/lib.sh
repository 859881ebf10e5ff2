# tests/cli/lib.sh — check helpers shared by the CLI test scripts.
# Source it after setting T (the script's name, printed in every line) and
# tmp (a scratch directory).  Each check prints one line: "ok   T: NAME",
# "FAIL T: NAME" (and sets fail=1) or "skip T: NAME"; tests/cli/run.sh
# counts those lines.
fail=0

ok() { echo "ok   $T: $1"; }
bad() { echo "FAIL $T: $1"; fail=1; }
skip() { echo "skip $T: $1"; }

# status NAME WANT CMD...: CMD exits with WANT (stdout in $tmp/out, stderr in $tmp/err)
status() {
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name (exit $got, want $want)"; cat "$tmp/err"; fi
}

# has NAME FILE TEXT: FILE contains the fixed string TEXT
has() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1"; echo "  no '$3' in:"; head -5 "$2"; fi
}

# same NAME FILE1 FILE2: the files are identical (a diff is shown if not)
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff "$2" "$3" | head -20; fi
}
