//! SIGINT/SIGTERM → a token the rest of the process can await.
//!
//! The first signal asks for a graceful stop (stop consuming, finish what is in flight);
//! a second one means the operator has lost patience, and the process exits at once.
//! Library code only ever sees a future that completes on shutdown, so tests pass their own.

use tokio_util::sync::CancellationToken;

/// Exit code of a forced exit on the second signal (128 + SIGINT, as shells report it).
pub const FORCED_EXIT_CODE: i32 = 130;

/// Spawns the signal listener and returns the token it cancels on the first signal.
pub fn on_signals() -> std::io::Result<CancellationToken> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let token = CancellationToken::new();
    let trigger = token.clone();
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received: finishing in-flight jobs (send again to exit at once)"),
            _ = int.recv() => tracing::info!("SIGINT received: finishing in-flight jobs (press Ctrl-C again to exit at once)"),
        }
        trigger.cancel();
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::warn!(
            "second signal: exiting now; unacked jobs will be redelivered by the broker"
        );
        std::process::exit(FORCED_EXIT_CODE);
    });
    Ok(token)
}
