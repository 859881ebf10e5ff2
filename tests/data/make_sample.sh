#!/bin/sh
# Regenerates tests/data/sample.jsonl (see tests/data/README).  Needs jq
# (1.6 or later: --rawfile, as -R would mangle characters of long lines).
# Run from the top of the source tree:  sh tests/data/make_sample.sh
set -eu
out=tests/data/sample.jsonl
: > "$out.tmp"
for f in tests/data/seeds/*.txt; do
    id=$(basename "$f" .txt)
    jq -n -c --arg id "$id" --rawfile text "$f" \
        '{id: $id, url: ("https://example.invalid/" + $id), text: $text}' >> "$out.tmp"
done
jq -n -c --rawfile raw training/train.lbl --argjson want '["cwt-000","cwt-003","cwt-019","cwt-021","cwt-023",
  "cwt-045","cwt-070","cwt-095","cwt-dirty-00","cwt-dirty-03","cs336-8","cs336-17",
  "cs336-30","cs336-42","cs336-52","cs336-54","cs336-85","gne-tests_baijiahao_1",
  "gne-tests_qq_qq","magic-article-1f930df31e","magic-forum-22b2f108fb"]' '
  $raw | split("\n")
  | reduce .[] as $l ({pages: [], cur: null};
      if ($l | startswith("#page\t")) then
        .pages += (if .cur then [.cur] else [] end)
        | .cur = ($l | split("\t") | {id: .[1], url: .[2], lines: []})
      elif ($l | test("^[KBPAG?]\t")) then
        .cur.lines += [$l | .[2:]]
      else . end)
  | .pages + [.cur] | .[]
  | select(.id as $i | $want | index($i))
  | {id} + (if .url then {url} else {} end) + {text: (.lines | join("\n"))}
' >> "$out.tmp"
mv "$out.tmp" "$out"
