"""The Celery peer of `kabar bench --mode passthrough`: a no-op task, acked late.

Configured from the environment by celery_bench.py (the driver); not part of kabar.
"""
import os
import time

from celery import Celery

app = Celery("kabar_peer", broker=os.environ.get("CELERY_BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//"))
results = os.environ.get("CELERY_BENCH_RESULTS", "") == "rpc"
app.conf.update(
    task_default_queue=os.environ.get("CELERY_BENCH_QUEUE", "kabar-celery.jobs"),
    task_default_queue_type=os.environ.get("CELERY_BENCH_QUEUE_TYPE", "classic"),
    worker_detect_quorum_queues=True,
    # At-least-once, as kabar: ack after the task ran.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=int(os.environ.get("CELERY_BENCH_PREFETCH", "200")),
    task_ignore_result=not results,
    result_backend="rpc://" if results else None,
    worker_send_task_events=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name="noop")
def noop(article):
    return None if not results else len(article)


@app.task(name="mark")
def mark(path, label):
    with open(path, "a") as f:
        f.write(f"{label} {time.time()}\n")
