#!/usr/bin/env python3
"""Shows one corpus article for labelling: its published_at, then each line of its raw
text with the byte offset where the line starts and ends. Reads the text from
../shared/data (never copy it into the repository).
Usage: python3 tests/devset/show.py ID"""
import json, sys, os

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "..", "..", "shared", "data", "corpus", "articles.dev.jsonl")

def article(id_):
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] == id_:
                return a
    sys.exit(f"no article {id_} in {corpus}")

if __name__ == "__main__":
    a = article(sys.argv[1])
    print(f"id {a['id']}  outlet {a.get('outlet')}  published_at {a.get('published_at')}")
    print(f"title: {a.get('title')}")
    raw = a["text"].encode("utf-8")
    start = 0
    for line in raw.split(b"\n"):
        end = start + len(line)
        print(f"[{start}:{end}] {line.decode('utf-8')}")
        start = end + 1
