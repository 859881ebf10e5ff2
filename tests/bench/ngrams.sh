#!/bin/sh
# tests/bench/ngrams.sh [NGRAMS] — the features of the n-gram regression
# baseline (bench/ngrams.c, `make baseline`) on crafted block lines:
# label numbers, n-gram counts and their scaling, white space, invalid
# UTF-8, the order of the columns, and the errors.
#   usage: sh tests/bench/ngrams.sh bench/ngrams
set -u
NGRAMS=${1:-bench/ngrams}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-ngrams.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 failed=0
ok() { echo "ok   ngrams: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL ngrams: $1"; failed=$((failed + 1)); }
# row TEXT: the features of "K<TAB>TEXT", label left out
row() { printf 'K\t%s\n' "$1" | "$NGRAMS" | cut -d ' ' -f 2-; }

printf 'K\tx\nB\tx\nP\tx\nA\tx\nG\tx\n?\tx\n' | "$NGRAMS" | cut -d ' ' -f 1 | tr '\n' ' ' > "$tmp/labels"
[ "$(cat "$tmp/labels")" = "1 2 3 4 5 0 " ] && ok "labels K B P A G ? are 1 2 3 4 5 0" ||
    bad "labels: got '$(cat "$tmp/labels")'"

# ab: a, b and ab once each, scaled to unit length: 1/sqrt(3) each
r=$(row ab)
n=$(echo "$r" | wc -w)
v=$(echo "$r" | tr ' ' '\n' | cut -d : -f 2 | sort -u)
[ "$n" -eq 3 ] && [ "$v" = 0.57735 ] && ok "ab: three n-grams of 1/sqrt(3)" || bad "ab: got '$r'"

# aaaa: a four times, aa three times, aaa twice: 4, 3, 2 over sqrt(29)
v=$(row aaaa | tr ' ' '\n' | cut -d : -f 2 | sort | tr '\n' ' ')
[ "$v" = "0.371391 0.557086 0.742781 " ] && ok "aaaa: counts 2 3 4 over sqrt(29)" || bad "aaaa: got '$v'"

# white space is left out, as sed's [[:space:]] under C.UTF-8 takes it
[ "$(row 'a b')" = "$(row ab)" ] && [ "$(row "$(printf 'a\343\200\200b\r')")" = "$(row ab)" ] &&
    ok "spaces, U+3000 and CR left out" || bad "white space not left out"

# an overlong space (C0 A0), a surrogate and a value past U+10FFFF are
# bytes of their own, not characters to drop or to merge
[ "$(row "$(printf 'a\300\240b')")" != "$(row ab)" ] && ok "overlong space is no space" ||
    bad "overlong C0 A0 taken for a space"
[ "$(row "$(printf '\355\240\200')" | wc -w)" -eq 6 ] && ok "a surrogate is three bytes" ||
    bad "surrogate: got '$(row "$(printf '\355\240\200')")'"
[ "$(row "$(printf '\364\220\202\200')")" != "$(row "$(printf '\200')")" ] &&
    ok "past U+10FFFF is not a stray byte's column" || bad "F4 90 82 80 merged with a stray byte"

# columns strictly ascending within 1..2^20, every row of unit length
printf 'K\t首页 | 新闻 | 体育\nB\t版权所有 © 2024 某某网 京ICP备12345678号\nK\t\nA\t澳门威尼斯人 官网 abc123\n' |
    "$NGRAMS" > "$tmp/rows"
if awk '{ last = 0; s = 0
          for (i = 2; i <= NF; i++) { split($i, p, ":"); c = p[1] + 0
              if (c <= last || c > 1048576) exit 1
              last = c; s += p[2] * p[2] }
          if (NF > 1 && (s < 0.9999 || s > 1.0001)) exit 1 }' "$tmp/rows" &&
   [ "$(wc -l < "$tmp/rows")" -eq 4 ] && [ "$(sed -n 3p "$tmp/rows")" = 1 ]; then
    ok "columns ascending in 1..2^20, unit rows, an empty text a bare label"
else
    bad "rows: $(cat "$tmp/rows")"
fi

# errors: a line that is not LABEL<TAB>TEXT, names its line; a write error
printf 'K\tab\nno tab here\n' | "$NGRAMS" > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q 'line 2: not a block line' "$tmp/err" && ok "a line without a tab: exit 1, line 2" ||
    bad "a line without a tab: rc $rc, '$(cat "$tmp/err")'"
if [ -w /dev/full ]; then
    printf 'K\tab\n' | "$NGRAMS" > /dev/full 2> "$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q 'write error' "$tmp/err" && ok "a write error: exit 1" || bad "write error: rc $rc"
fi

echo "ngrams: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
