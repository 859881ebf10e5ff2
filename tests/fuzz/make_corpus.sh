#!/bin/sh
# tests/fuzz/make_corpus.sh — writes the seed corpus of fuzz_reader into
# tests/fuzz/corpus/ (checked in; rerun after changing this script).
# Small seeds, one per kind of input: JSONL, WET, text, gzip, zstd, and
# hostile bytes.  Needs gzip and zstd.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
c=$here/corpus
rm -rf "$c"
mkdir -p "$c"

# JSONL
cat >"$c/01_fields.jsonl" <<'J'
{"id":"a1","url":"http://news.example.cn/a/1.html","text":"春季农业生产全面展开 各地抢抓农时备耕忙\n连日来，各地抓住有利天气，组织农民开展春耕备耕。\n首页 新闻中心 联系我们","lang":"zh"}
{"text":"北京 上海 天津 重庆 石家庄 太原 呼和浩特 沈阳 长春 哈尔滨\n如何在家里种植番茄？","id":42,"metadata":{"url":"https://dolma.example/x"}}
{"id":1.5,"text":"澳门威尼斯人 欧宝体育app 在线观看\n上一篇：春季养生小常识 下一篇：夏季防暑指南\n版权所有 © 2024 京ICP备12345678号","shai":{"old":1}}
J
cat >"$c/02_rejects.jsonl" <<'J'
{"id":"ok","text":"正文内容。"}
{"id":"m"}
{"id":"n","text":12}
{"id":"o","text":["a"]}
{"id":"p","text":"a",}
[1,2]
{"id":"r","text":"a"} trailing
not json
{"id":"ok2","text":"b"}
J
printf '{"id":"u","text":"bad \377\376 byte \300\257 over \355\240\200 sur","x":"\344\270"}\n{"id":"z","text":"a\\u0000b raw\000nul"}\n' >"$c/03_utf8_nul.jsonl"
printf '\357\273\277{"id":"b","text":"x\\r\\ny\\rz"}\r\n\r\n   \n{"id":"c","text":"w"}' >"$c/04_bom_crlf.jsonl"
{ echo '{"id":"d","text":"x"}'; head -c 3000 /dev/zero | tr '\0' '['; echo; head -c 1000 /dev/zero | tr '\0' '{'; echo; } >"$c/05_deep.jsonl"
{ printf '{"id":"lines","text":"'; i=0; while [ $i -lt 150 ]; do printf '第%d行 内容\\n短\\n' $i; i=$((i + 1)); done; printf '"}\n'; } >"$c/06_many_lines.jsonl"

# WET
cp "$data/sample.wet" "$c/07_sample.wet"
cp "$data/truncated.wet" "$c/08_damaged.wet"
printf 'WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 12ab\r\n\r\nbad\r\n\r\njunk line\r\nWARC/1.0\r\nWARC-Type: conversion\r\nbroken header\r\n\r\nWARC/1.1\r\nwarc-type: conversion\r\nwarc-record-id: <b>\r\ncontent-length: 3\r\n\r\n\377\000z\r\nWARC/1.0\r\nContent-Length: 99999999999\r\n\r\n' >"$c/09_bad_headers.wet"

# text
head -c 2400 "$data/seeds/000_5441bdb8d0f3a279.txt" >"$c/10_page.txt"
printf 'one\r\ntwo\rthree\nfour\r\n\r\n\000nul \377 bad\n\t \n\343\200\200\302\240\nend' >"$c/11_mixed.txt"
printf '\357\273\277' >"$c/12_bom_only.txt"
printf '北京市 朝阳区 海淀区 上海市 浦东新区 广州市 天河区 深圳市 南山区\n色情 赌博 代开发票 加微信\n免责声明 版权所有 ICP备案\n分享到 微信 微博 扫一扫\n' >"$c/13_lexicons.txt"
gzip -n -c "$data/seeds/001_acb53e36e2de78a4.txt" | tail -c +11 | head -c 600 >"$c/14_random.bin"   # deflate bytes: noise

# compressed
gzip -n -c "$c/01_fields.jsonl" >"$c/15_fields.jsonl.gz"
gzip -n -c "$c/02_rejects.jsonl" >>"$c/15_fields.jsonl.gz"       # two members
head -c 200 "$c/15_fields.jsonl.gz" >"$c/16_cut.jsonl.gz"
{ gzip -n -c "$c/13_lexicons.txt"; printf '\000\000\000junk'; } >"$c/17_trailing.gz"
zstd -q -c "$c/01_fields.jsonl" >"$c/18_fields.jsonl.zst"
head -c 150 "$c/18_fields.jsonl.zst" >"$c/19_cut.jsonl.zst"
gzip -n -c "$c/07_sample.wet" >"$c/20_sample.wet.gz"
zstd -q -c "$c/11_mixed.txt" >"$c/21_mixed.txt.zst"
printf '\037\213' >"$c/22_gzip_magic.gz"
printf '\050\265\057\375' >"$c/23_zstd_magic.zst"
ls "$c" | wc -l
