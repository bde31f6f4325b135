#!/usr/bin/env python3
"""Measures a Celery worker doing a no-op task on the same broker as `kabar bench`.

Pre-loads a `start` marker, N no-op tasks (each carrying one corpus article, so messages are
the size of kabar's jobs) and an `end` marker into a private queue, then starts a Celery
worker on it; tasks/s = N / (end - start). Deletes the queue afterwards. See README.md.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))


def articles(path, limit=2000):
    if not path:
        return ["Pemerintah Kota Bandung meresmikan taman baru pada Senin (28/9/2020). " * 25]
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line)["text"])
            if len(out) >= limit:
                break
    return out


def cpu_of(pid):
    """utime + stime (s) of pid and its direct children (the prefork pool)."""
    total = 0.0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def delete_queue(app, queue):
    """Deletes the private queue, checking it is gone (a worker still closing may hold it)."""
    for _ in range(5):
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        try:
            with app.connection_for_write() as conn:
                conn.default_channel.queue_declare(queue, passive=True)
        except Exception:  # the broker says it does not exist: done
            return
        time.sleep(1)
    print(f"could not delete {queue}; delete it by hand", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--pool", default="solo", choices=["solo", "prefork", "threads"])
    ap.add_argument("--concurrency", type=int, default=2, help="processes/threads (not for solo)")
    ap.add_argument("--prefetch", type=int, default=200, help="worker_prefetch_multiplier")
    ap.add_argument("--queue-type", default="classic", choices=["classic", "quorum"])
    ap.add_argument("--results", default="", choices=["", "rpc"], help="publish results with rpc://")
    ap.add_argument("--corpus", default="")
    ap.add_argument("--broker", default=os.environ.get("CELERY_BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//"))
    args = ap.parse_args()

    queue = f"kabar-celery.{uuid.uuid4().hex[:8]}.jobs"
    marks = tempfile.NamedTemporaryFile(prefix="kabar-celery-marks-", delete=False).name
    env = dict(os.environ, CELERY_BENCH_QUEUE=queue, CELERY_BENCH_PREFETCH=str(args.prefetch),
               CELERY_BENCH_QUEUE_TYPE=args.queue_type, CELERY_BENCH_RESULTS=args.results,
               CELERY_BENCH_BROKER=args.broker)
    os.environ.update(env)
    sys.path.insert(0, HERE)
    from celery_noop import app  # noqa: E402 (configured from the environment above)

    texts = articles(args.corpus)
    t0 = time.time()
    with app.producer_or_acquire() as producer:
        app.send_task("mark", (marks, "start"), producer=producer)
        for i in range(args.n):
            app.send_task("noop", (texts[i % len(texts)],), producer=producer)
        app.send_task("mark", (marks, "end"), producer=producer)
    print(f"pre-loaded {args.n} tasks in {time.time() - t0:.1f} s", file=sys.stderr)

    cmd = [os.path.join(os.path.dirname(sys.executable), "celery"), "-A", "celery_noop", "worker", "-P", args.pool,
           "-Q", queue, "-l", "warning", "--without-heartbeat", "--without-mingle", "--without-gossip"]
    if args.pool != "solo":
        cmd += ["-c", str(args.concurrency)]
    worker = subprocess.Popen(cmd, cwd=HERE, env=env)
    try:
        seen, cpu_start, cpu_end = {}, None, None
        deadline = time.time() + 600
        while "end" not in seen:
            if time.time() > deadline or worker.poll() is not None:
                sys.exit(f"celery worker did not finish (exit {worker.poll()}); see its log above")
            with open(marks) as f:
                for line in f:
                    label, t = line.split()
                    seen[label] = float(t)
            if "start" in seen and cpu_start is None:
                cpu_start = cpu_of(worker.pid)
            time.sleep(0.01)
        cpu_end = cpu_of(worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
        delete_queue(app, queue)
        os.unlink(marks)
    secs = seen["end"] - seen["start"]
    cpu = (cpu_end - cpu_start) if cpu_start is not None else float("nan")
    summary = {"peer": "celery", "pool": args.pool, "concurrency": 1 if args.pool == "solo" else args.concurrency,
               "prefetch_multiplier": args.prefetch, "queue_type": args.queue_type, "results": args.results or None,
               "tasks": args.n, "seconds": round(secs, 3), "tasks_per_s": round(args.n / secs, 1),
               "worker_cpu_s_per_1000": round(cpu * 1000 / args.n, 3)}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
