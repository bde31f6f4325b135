#!/usr/bin/env python3
"""Byte offsets of a piece of an article's raw text, for stand-off labels.
Usage: python3 tests/devset/span.py ID 'exact text' [N]   (N: which occurrence, 1-based;
default: list them all). Prints [start, end] of each match. The text must be typed as it
stands in the article (copy it from show.py's output)."""
import sys
from show import article

a = article(sys.argv[1])
raw = a["text"].encode("utf-8")
needle = sys.argv[2].encode("utf-8")
hits, i = [], raw.find(needle)
while i >= 0:
    hits.append([i, i + len(needle)])
    i = raw.find(needle, i + 1)
if not hits:
    sys.exit("not found (check spaces, quotes and NBSP)")
if len(sys.argv) > 3:
    print(hits[int(sys.argv[3]) - 1])
else:
    for h in hits:
        print(h)
