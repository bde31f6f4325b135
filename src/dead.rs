//! `kabar dead`: count, list and replay the jobs in the dead queue.
//!
//! The broker side (how a listing avoids consuming, why replay is at-least-once) lives in
//! [`crate::broker::dead`]; this module connects, bounds the work and formats it.

use crate::broker::{self, Broker, BrokerError, DeadLetter, DeadQueue};
use crate::config::AmqpSettings;
use std::fmt::Write as _;

/// How many dead-lettered jobs the dead queue holds.
pub async fn count(settings: &AmqpSettings) -> Result<u32, BrokerError> {
    let (b, dq) = open(settings).await?;
    let result = dq.count().await;
    dq.close().await;
    b.close().await;
    result
}

/// Up to `limit` jobs from the head of the dead queue; none is consumed.
pub async fn list(settings: &AmqpSettings, limit: usize) -> Result<Vec<DeadLetter>, BrokerError> {
    let (b, dq) = open(settings).await?;
    let result = match dq.count().await {
        Ok(_) => dq.peek(limit).await,
        Err(e) => Err(e),
    };
    dq.close().await;
    b.close().await;
    result
}

/// What a replay did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// The jobs moved back to the jobs queue, in order (with `dry_run`: those that would be).
    pub jobs: Vec<DeadLetter>,
    /// Nothing was moved: the jobs are those a replay would move.
    pub dry_run: bool,
    /// What stopped the replay early, when something did; the jobs listed were moved.
    pub error: Option<String>,
}

/// Moves up to `limit` jobs (all of them when `None`) from the dead queue back to the jobs
/// queue, one at a time, each published with a confirm before its dead copy is acked.
///
/// It moves at most the number of jobs present when it started, so a job that dies again
/// at once (while a worker runs) is not replayed twice in one go.
pub async fn replay(
    settings: &AmqpSettings,
    limit: Option<usize>,
    dry_run: bool,
) -> Result<ReplayReport, BrokerError> {
    let (b, dq) = open(settings).await?;
    let result = replay_on(&dq, limit, dry_run).await;
    dq.close().await;
    b.close().await;
    result
}

async fn replay_on(
    dq: &DeadQueue,
    limit: Option<usize>,
    dry_run: bool,
) -> Result<ReplayReport, BrokerError> {
    let present = dq.count().await? as usize;
    let n = limit.map_or(present, |l| l.min(present));
    if dry_run {
        return Ok(ReplayReport {
            jobs: dq.peek(n).await?,
            dry_run,
            error: None,
        });
    }
    let mut report = ReplayReport::default();
    while report.jobs.len() < n {
        match dq.replay_next().await {
            Ok(Some(job)) => report.jobs.push(job),
            Ok(None) => break,
            Err(e) if report.jobs.is_empty() => return Err(e),
            Err(e) => {
                report.error = Some(e.to_string());
                break;
            }
        }
    }
    Ok(report)
}

async fn open(settings: &AmqpSettings) -> Result<(Broker, DeadQueue), BrokerError> {
    let b = broker::connect(settings, "kabar dead").await?;
    match DeadQueue::open(&b, settings).await {
        Ok(dq) => Ok((b, dq)),
        Err(e) => {
            b.close().await;
            Err(e)
        }
    }
}

/// A table for people: one line per job.
pub fn to_table(jobs: &[DeadLetter]) -> String {
    let mut out = String::from(
        "ID\tREASON\tFIRST DEATH\tQUEUE\tROUTING KEYS\tDEATHS\tBYTES\tERROR\tMESSAGE\n",
    );
    for j in jobs {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            // Ids come from producers: no raw control characters on an operator's terminal.
            j.id.as_deref()
                .map_or_else(|| "-".into(), crate::worker::log_safe),
            j.reason.as_deref().unwrap_or("-"),
            j.first_death_at
                .map_or_else(|| "-".to_string(), |t| t.to_rfc3339()),
            j.queue.as_deref().unwrap_or("-"),
            if j.routing_keys.is_empty() {
                "-".to_string()
            } else {
                j.routing_keys.join(",")
            },
            j.deaths,
            j.body_bytes,
            j.error_code.as_deref().unwrap_or("-"),
            j.error_message
                .as_deref()
                .map_or_else(|| "-".into(), crate::worker::log_safe),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_line_per_job_and_dashes_for_unknowns() {
        let j = DeadLetter {
            id: Some("a".into()),
            reason: Some("rejected".into()),
            first_death_at: None,
            queue: Some("kabar.jobs".into()),
            routing_keys: vec!["kabar.jobs".into()],
            deaths: 1,
            body_bytes: 12,
            error_code: None,
            error_message: None,
        };
        let t = to_table(std::slice::from_ref(&j));
        assert_eq!(t.lines().count(), 2);
        let forged = DeadLetter {
            id: Some("x\n\u{1b}[2Jfake".into()),
            ..j.clone()
        };
        let t2 = to_table(&[forged]);
        assert_eq!(t2.lines().count(), 2, "{t2}");
        assert!(!t2.contains('\u{1b}'), "{t2}");
        assert_eq!(
            t.lines().nth(1).unwrap(),
            "a\trejected\t-\tkabar.jobs\tkabar.jobs\t1\t12\t-\t-"
        );
    }
}
