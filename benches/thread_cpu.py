#!/usr/bin/env python3
"""Where the CPU of an analysing worker goes, per thread kind, and the broker's beside it.

A measuring instrument (docs/performance.md), not part of kabar. It runs
`kabar bench --mode analyze --latency-jobs 0`, samples /proc/PID/task/*/stat and status
every 0.2 s, and over the drain (the samples in which the analysis threads' CPU grew)
reports each thread kind's user and system CPU, per job, and its voluntary and
involuntary context switches, plus the CPU of RabbitMQ's beam.smp over the same window
when it runs on this machine.

    python3 benches/thread_cpu.py --kabar ./target/release/kabar -n 8000 \\
        --corpus ../shared/data/corpus/articles.dev.jsonl
"""

import argparse
import collections
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def thread_stats(pid):
    """{tid: (name, utime, stime, voluntary, involuntary)} of a live process."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(
                    line.split(":", 1) for line in f.read().splitlines() if ":" in line
                )
        except OSError:
            continue  # the thread ended between listdir and open
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[tid] = (
            name,
            int(fields[11]),
            int(fields[12]),
            int(status["voluntary_ctxt_switches"]),
            int(status["nonvoluntary_ctxt_switches"]),
        )
    return out


def process_cpu(pid):
    """(utime, stime) ticks of a whole process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]), int(fields[12])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kabar", default="./target/release/kabar")
    ap.add_argument("-n", type=int, default=8000, help="jobs drained")
    ap.add_argument("--corpus", required=True, help="JSONL articles, as for kabar bench")
    args = ap.parse_args()

    beam = subprocess.run(["pgrep", "-f", "beam.smp"], capture_output=True, text=True)
    beam_pid = beam.stdout.split()[0] if beam.stdout.split() else None
    bench = subprocess.Popen(
        [args.kabar, "bench", "--mode", "analyze", "-n", str(args.n),
         "--corpus", args.corpus, "--latency-jobs", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    samples = []
    while bench.poll() is None:
        time.sleep(0.2)
        try:
            threads = thread_stats(bench.pid)
        except OSError:
            break  # the process ended
        samples.append((time.time(), threads, beam_pid and process_cpu(beam_pid)))
    report = bench.stdout.read().decode()
    if bench.returncode != 0:
        sys.exit(f"kabar bench failed ({bench.returncode}):\n{report}")
    print(next((l for l in report.splitlines() if l.startswith("| analyze")), report))

    def analysis_cpu(threads):
        return sum(u + s for name, u, s, _, _ in threads.values()
                   if name.startswith("kabar-analysis"))

    grew = [i for i in range(1, len(samples))
            if analysis_cpu(samples[i][1]) > analysis_cpu(samples[i - 1][1])]
    if not grew:
        sys.exit("no sample saw the analysis threads work: raise -n")
    (t0, first, beam0), (t1, last, beam1) = samples[grew[0] - 1], samples[grew[-1]]
    kinds = collections.defaultdict(lambda: [0, 0, 0, 0])
    for tid, (name, u, s, v, nv) in last.items():
        _, u0, s0, v0, nv0 = first.get(tid, (name, 0, 0, 0, 0))
        kind = name.rstrip("0123456789-") or name
        for i, x in enumerate((u - u0, s - s0, v - v0, nv - nv0)):
            kinds[kind][i] += x
    print(f"drain window {t1 - t0:.2f} s (jobs: {args.n}; the window may miss a few at its ends)")
    print(f"{'thread kind':18s} {'user s':>7s} {'sys s':>6s} {'ms/job':>7s} {'vol. cs':>8s} {'invol. cs':>9s}")
    total = 0.0
    for kind, (u, s, v, nv) in sorted(kinds.items()):
        cpu = (u + s) / TICK
        total += cpu
        print(f"{kind:18s} {u / TICK:7.2f} {s / TICK:6.2f} {1e3 * cpu / args.n:7.3f} {v:8d} {nv:9d}")
    print(f"{'kabar, all':18s} {'':7s} {'':6s} {1e3 * total / args.n:7.3f}")
    if beam0 and beam1:
        cpu = (sum(beam1) - sum(beam0)) / TICK
        print(f"{'RabbitMQ beam.smp':18s} {'':7s} {'':6s} {1e3 * cpu / args.n:7.3f}")
        total += cpu
    print(f"cores busy over the window: {total / (t1 - t0):.2f}")


if __name__ == "__main__":
    main()
