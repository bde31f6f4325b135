#!/usr/bin/env python3
"""The Python peer of kabar's analysis core: PySastrawi stemming + sumy TextRank summary +
sklearn-crfsuite NER, per article of the same corpus, on one thread. Reports articles/s.

The CRF is trained here, at run time, on ../shared/data/ner/idner-news-2k/train.txt (MIT);
no model is written anywhere. Measuring instrument only, not part of kabar. See README.md.
"""
import argparse
import json
import re
import statistics
import sys
import time

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory
import sklearn_crfsuite
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.text_rank import TextRankSummarizer

WORD = re.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


class Tokenizer:
    """The tokenizer sumy calls: regex sentences and words (sumy's own needs NLTK data
    that has no Indonesian model and cannot be downloaded here)."""

    def to_sentences(self, paragraph):
        return tuple(s.strip() for s in SENTENCE_END.split(paragraph) if s.strip())

    def to_words(self, sentence):
        return tuple(w for w in WORD.findall(sentence) if w[0].isalnum())


def word_features(tokens, i):
    w = tokens[i]
    f = {
        "bias": 1.0, "lower": w.lower(), "suf3": w[-3:].lower(), "pre3": w[:3].lower(),
        "title": w.istitle(), "upper": w.isupper(), "digit": w.isdigit(), "len": min(len(w), 12),
    }
    for off in (-2, -1, 1, 2):
        j = i + off
        if 0 <= j < len(tokens):
            v = tokens[j]
            f[f"{off}:lower"] = v.lower()
            f[f"{off}:title"] = v.istitle()
        else:
            f[f"{off}:edge"] = True
    return f


def read_conll(path):
    sents, toks, tags = [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split()
            if not parts:
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            toks.append(parts[0])
            tags.append(parts[-1])
    if toks:
        sents.append((toks, tags))
    return sents


def train_crf(path, iterations):
    sents = read_conll(path)
    X = [[word_features(t, i) for i in range(len(t))] for t, _ in sents]
    y = [tags for _, tags in sents]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=iterations)
    crf.fit(X, y)
    return crf, len(sents)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", required=True, help="articles.dev.jsonl")
    ap.add_argument("--ner-train", required=True, help="idner-news-2k/train.txt")
    ap.add_argument("--n", type=int, default=500, help="articles to analyse")
    ap.add_argument("--iterations", type=int, default=100, help="CRF training iterations")
    ap.add_argument("--summary-sentences", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    crf, n_train = train_crf(args.ner_train, args.iterations)
    train_s = time.perf_counter() - t0
    print(f"trained the CRF on {n_train} sentences in {train_s:.1f} s", file=sys.stderr)

    texts = []
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if len(texts) >= args.n:
                break

    stemmer = StemmerFactory().create_stemmer()  # what a team would deploy: with its cache
    stop_words = frozenset(StopWordRemoverFactory().get_stop_words())
    summarizer = TextRankSummarizer()
    summarizer.stop_words = stop_words
    tokenizer = Tokenizer()

    stage = {"stem": 0.0, "summary": 0.0, "ner": 0.0}
    tokens_total = entities = 0
    start = time.perf_counter()
    for text in texts:
        a = time.perf_counter()
        words = [w for w in WORD.findall(text) if w[0].isalnum()]
        stems = [stemmer.stem(w) for w in words]
        b = time.perf_counter()
        parser = PlaintextParser.from_string(text, tokenizer)
        summary = summarizer(parser.document, args.summary_sentences)
        c = time.perf_counter()
        sentences = [WORD.findall(s) for s in tokenizer.to_sentences(text)]
        sentences = [s for s in sentences if s]
        tags = crf.predict([[word_features(s, i) for i in range(len(s))] for s in sentences])
        d = time.perf_counter()
        entities += sum(t.startswith("B-") for ts in tags for t in ts)
        tokens_total += len(stems)
        stage["stem"] += b - a
        stage["summary"] += c - b
        stage["ner"] += d - c
        assert summary is not None
    secs = time.perf_counter() - start
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(json.dumps({
        "peer": "python-pipeline", "articles": len(texts), "seconds": round(secs, 3),
        "articles_per_s": round(len(texts) / secs, 1), "mb_per_s": round(mb / secs, 3),
        "mean_article_bytes": round(statistics.mean(len(t.encode('utf-8')) for t in texts)),
        "words_per_s": round(tokens_total / secs), "entities": entities,
        "stage_s": {k: round(v, 3) for k, v in stage.items()}, "crf_train_s": round(train_s, 1),
    }))


if __name__ == "__main__":
    main()
