#!/usr/bin/env python3
"""Picks the development set's articles from ../shared/data/corpus/articles.dev.jsonl:
spread over outlets and lengths, deterministic. Prints one id a line with its outlet and
size (no corpus text). Usage: python3 tests/devset/select.py [N] > tests/devset/selection.tsv"""
import json, sys, random, collections, os

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "..", "..", "shared", "data", "corpus", "articles.dev.jsonl")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 160
rows = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        rows.append((a["id"], a.get("outlet") or "?", len(a["text"].encode("utf-8"))))
by_outlet = collections.defaultdict(list)
for r in rows:
    by_outlet[r[1]].append(r)
rng = random.Random(20261202)
# Within each outlet: sort by size and take evenly spaced picks, so short and long both
# come; outlets in turn, so the set spreads over them.
picks = {}
for outlet, items in by_outlet.items():
    items.sort(key=lambda r: (r[2], r[0]))
    k = max(1, round(n * len(items) / len(rows)))
    k = min(len(items), max(k, 4))
    step = len(items) / k
    picks[outlet] = [items[int(i * step + rng.random() * step)] for i in range(k)]
order = []
while any(picks.values()) and len(order) < n:
    for outlet in sorted(picks):
        if picks[outlet] and len(order) < n:
            order.append(picks[outlet].pop(0))
rng.shuffle(order)
print("id\toutlet\tbytes")
for r in order:
    print(f"{r[0]}\t{r[1]}\t{r[2]}")
