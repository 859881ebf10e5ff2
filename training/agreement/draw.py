#!/usr/bin/env python3
"""draw.py — the 24 pages of second.lbl, drawn again.

Reads the real labeled pages of the given .lbl files (the shipped order:
train.lbl, seeds.lbl, added.lbl), keeps those of 20 to 220 lines in
file order, and prints the ids that random.sample picks with seed 27,
in the four sets of 6 the second annotators got.  With the files as
they were when second.lbl was made (355 real pages, 260 of 20 to 220
lines); pages added or removed since change the draw:

    python3 training/agreement/draw.py training/train.lbl \\
        training/seeds.lbl training/added.lbl
"""
import random
import sys


def pages(paths):
    for path in paths:
        pid, n = None, 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#page\t"):
                    if pid is not None:
                        yield pid, n
                    pid, n = line.rstrip("\n").split("\t")[1], 0
                elif pid is not None and "\t" in line:
                    n += 1
        if pid is not None:
            yield pid, n


def main():
    ok = [pid for pid, n in pages(sys.argv[1:]) if 20 <= n <= 220]
    random.seed(27)
    pick = random.sample(ok, 24)
    for k in range(4):
        print("set%d\t%s" % (k + 1, " ".join(pick[6 * k:6 * k + 6])))


if __name__ == "__main__":
    main()
