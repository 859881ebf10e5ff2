# cv_labels.awk — another labeling of first.lbl's pages from the
# predicted column of `shai eval --predictions` (page, line, gold,
# predicted, score, text; blocks labeled '?' are not listed there and
# stay '?'), for `shai eval --predicted`:
#   awk -f cv_labels.awk cv.tsv first.lbl > cv.lbl
BEGIN { FS = "\t" }
FILENAME == ARGV[1] { pred[$1 SUBSEP $2] = $4; next }
/^#page\t/ { page = $2; line = 0; print; next }
/\t/ {
    line++
    key = page SUBSEP line
    if (key in pred) label = pred[key]
    else if ($1 == "?") label = "?"
    else { printf "cv_labels.awk: no prediction for %s line %d\n", page, line > "/dev/stderr"; bad = 1; exit 1 }
    print label substr($0, index($0, "\t"))
    next
}
{ print }   # blank lines stay
END { if (bad) exit 1 }
