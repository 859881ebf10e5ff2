# pages_of.awk — the pages of the later .lbl files whose ids the first
# file holds, whole and in the later files' order:
#   awk -f pages_of.awk second.lbl train.lbl ... > first.lbl
FILENAME == ARGV[1] { if ($0 ~ /^#page\t/) { split($0, f, "\t"); want[f[2]] = 1 } next }
/^#page\t/ { split($0, f, "\t"); on = (f[2] in want) }
on { print }
