//! The analysis threads: exactly `worker.concurrency` OS threads that run the CPU-bound part
//! of each job (decode, analyse, serialise) for the async side.
//!
//! Why not tokio's `spawn_blocking`: its pool grows a new thread whenever no idle one is
//! free *at that instant*, and a finishing job frees its analysis slot a moment before its
//! thread is idle again, so draining a backlog with 2 slots kept 12-17 threads alive. Every
//! one of them grew its own allocator heap and its own per-thread caches of the analysis
//! (the NER's word features, the stemmer's memo), which multiplied memory and kept each
//! cache cold. A fixed set of threads keeps both bounded and warm (docs/performance.md).
//!
//! A task may wait in the queue for a thread: the worker keeps one job ready per thread
//! (`worker::QUEUED_PER_THREAD`), and [`AnalysisPool::run_within`] counts a task's time
//! limit from when a thread starts it, so waiting behind a slow job never times a job out.
//!
//! A task that panics is caught here and reported as [`Crashed`]; the thread lives on. The
//! threads are detached: dropping the pool lets each finish its current task and exit, so a
//! stuck analysis never holds up the worker's shutdown.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

type Task = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of named threads fed through one queue.
pub struct AnalysisPool {
    queue: crossbeam_channel::Sender<Task>,
    #[cfg(test)]
    threads: usize,
}

/// A task that did not return: it panicked, or the pool went away before it ran.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Crashed(pub String);

/// Why [`AnalysisPool::run_within`] has no value.
#[derive(Debug, thiserror::Error)]
pub enum Unfinished {
    #[error(transparent)]
    Crashed(#[from] Crashed),
    /// The task ran longer than its limit. It goes on on its thread until it returns (a
    /// thread cannot be stopped), and its value is dropped.
    #[error("still running after {0:?}")]
    TimedOut(Duration),
}

impl AnalysisPool {
    /// Starts `threads` threads (at least one) named `<name>-<i>`.
    pub fn new(threads: usize, name: &str) -> std::io::Result<AnalysisPool> {
        let threads = threads.max(1);
        let (queue, tasks) = crossbeam_channel::unbounded::<Task>();
        for i in 0..threads {
            let tasks = tasks.clone();
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || {
                    // Ends when the pool (every sender) is gone and the queue is empty.
                    while let Ok(task) = tasks.recv() {
                        task();
                    }
                })?;
        }
        Ok(AnalysisPool {
            queue,
            #[cfg(test)]
            threads,
        })
    }

    #[cfg(test)]
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `f` on one of the threads and waits for its value without blocking the async
    /// side. Callers bound how many tasks wait (the worker's analysis slots), so the queue
    /// stays short.
    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, Crashed> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let task: Task = Box::new(move || {
            let _ = tx.send(catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Crashed(format!("panicked: {what}"))
            }));
        });
        self.queue
            .send(task)
            .map_err(|_| Crashed("the analysis threads are gone".into()))?;
        rx.await
            .map_err(|_| Crashed("the analysis thread dropped the task".into()))?
    }

    /// [`run`](Self::run), given up after `f` has run for `limit` on its thread. The time
    /// the task waits in the queue does not count: a job queued behind a slow one has not
    /// been slow itself. Waiting for the start costs no wake-up: the start time is only
    /// read when the limit, counted from the call, has passed.
    pub async fn run_within<R: Send + 'static>(
        &self,
        limit: Duration,
        f: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, Unfinished> {
        let started: Arc<OnceLock<Instant>> = Arc::default();
        let mark = started.clone();
        let work = self.run(move || {
            let _ = mark.set(Instant::now());
            f()
        });
        tokio::pin!(work);
        let mut deadline = Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline.into(), &mut work).await {
                Ok(done) => return Ok(done?),
                Err(_) => match started.get() {
                    Some(&at) if at + limit <= Instant::now() => {
                        return Err(Unfinished::TimedOut(limit));
                    }
                    Some(&at) => deadline = at + limit,
                    // Still queued: its time has not begun.
                    None => deadline = Instant::now() + limit,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[tokio::test]
    async fn runs_tasks_on_exactly_the_pools_threads_and_survives_panics() {
        let pool = AnalysisPool::new(2, "test-pool").unwrap();
        let mut names = HashSet::new();
        for _ in 0..50 {
            names.insert(
                pool.run(|| std::thread::current().name().unwrap().to_string())
                    .await
                    .unwrap(),
            );
        }
        assert!(
            names
                .iter()
                .all(|n| n == "test-pool-0" || n == "test-pool-1"),
            "{names:?}"
        );
        let err = pool.run(|| -> u32 { panic!("boom") }).await.unwrap_err();
        assert!(err.0.contains("boom"), "{err}");
        // Both threads are still there after a panic.
        assert_eq!(pool.run(|| 40 + 2).await.unwrap(), 42);
        // Many at once: still only those two threads.
        let tasks = (0..20).map(|_| {
            pool.run(|| {
                std::thread::sleep(std::time::Duration::from_millis(2));
                std::thread::current().name().unwrap().to_string()
            })
        });
        let after: HashSet<String> = futures_util::future::join_all(tasks)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(
            after
                .iter()
                .all(|n| n == "test-pool-0" || n == "test-pool-1"),
            "{after:?}"
        );
    }

    #[tokio::test]
    async fn the_limit_counts_from_the_start_not_from_the_queue() {
        let pool = AnalysisPool::new(1, "test-pool-limit").unwrap();
        let limit = Duration::from_millis(300);
        // One thread: the second task waits ~900 ms behind the first, three times the
        // limit, then runs in no time.
        let slow = pool.run_within(limit, move || std::thread::sleep(limit * 3));
        let queued = pool.run_within(limit, || 7);
        let (slow, queued) = tokio::join!(slow, queued);
        assert!(
            matches!(slow, Err(Unfinished::TimedOut(l)) if l == limit),
            "{slow:?}"
        );
        assert_eq!(queued.unwrap(), 7, "a task timed out while it waited");
        let err = pool.run_within(limit, || -> u8 { panic!("bang") }).await;
        assert!(matches!(err, Err(Unfinished::Crashed(_))), "{err:?}");
    }

    #[test]
    fn at_least_one_thread() {
        assert_eq!(AnalysisPool::new(0, "test-pool-min").unwrap().threads(), 1);
    }
}
