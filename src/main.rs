//! The `kabar` binary: parse, run, and turn an error chain into one clear message.

use clap::Parser;

/// mimalloc instead of glibc's malloc: the analysis allocates many small, short-lived
/// strings and vectors per article, and glibc's malloc/free were a tenth of the core's
/// instructions. Built with `no_thp` (Cargo.toml): transparent huge pages nearly doubled an
/// idle worker's memory. Figures: docs/performance.md, "Why the defaults are what they are".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_e` of mimalloc v3's
/// `mimalloc.h` (libmimalloc-sys 0.1.49 builds v3 and does not name this option).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the OS after 10 ms instead of mimalloc v3's default 1,000 ms
/// (`options.c`; its `mimalloc.h` still says 10, v2's default). A worker draining a backlog
/// frees the analysis' scratch memory on one thread and the messages' on another, in bursts;
/// with the 1 s delay the freed pages piled up. 10 ms keeps a worker draining a backlog
/// under its memory target for about the jobs/s of the default (the sweep is in
/// docs/performance.md); memory limits are what gets a worker killed.
/// `MIMALLOC_PURGE_DELAY` in the environment still wins.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

fn set_purge_delay() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set stores an integer in mimalloc's option table; mimalloc
        // allows it at any time, and no other thread exists yet.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

fn main() {
    set_purge_delay();
    let cli = kabar::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kabar: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = match runtime.block_on(kabar::run(cli)) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            eprintln!("kabar: {}", describe(&err));
            1
        }
    };
    // Do not wait for blocking-pool threads still running a timed-out analysis.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    std::process::exit(code);
}

/// The error and its causes on one line, as `{:#}` prints them, but without a cause whose
/// text is already part of the line: many of kabar's errors name their cause in their own
/// message (with advice after it), and printing the chain again repeated it, e.g. "IO error:
/// Connection refused (os error 111)" three times after "cannot connect to RabbitMQ".
fn describe(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// `kabar analyze dir | head` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot connect to the broker: {source} (is it running?)")]
    struct Connect {
        source: std::io::Error,
    }

    #[test]
    fn an_error_line_names_each_cause_once() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = anyhow::Error::new(Connect { source: refused });
        assert_eq!(format!("{err:#}").matches("refused").count(), 2);
        assert_eq!(
            describe(&err),
            "cannot connect to the broker: refused (is it running?)"
        );
        // Context that does not repeat its cause keeps it.
        let err = anyhow::Error::new(std::io::Error::other("disk full"))
            .context("cannot write out.jsonl");
        assert_eq!(describe(&err), "cannot write out.jsonl: disk full");
    }

    /// The hard-coded option index must be the purge delay of the mimalloc version built:
    /// v3, whose purge delay defaults to 1,000 ms (options.c), and setting it must read back.
    #[test]
    fn purge_delay_option_is_the_one_set() {
        // SAFETY: plain getters and setters of mimalloc's option table.
        unsafe {
            assert!(
                libmimalloc_sys::mi_version() >= 300,
                "mimalloc v3 expected, got {}",
                libmimalloc_sys::mi_version()
            );
            let get = || libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY);
            let from_env = std::env::var_os("MIMALLOC_PURGE_DELAY").is_some();
            if !from_env {
                assert_eq!(get(), 1000, "mimalloc v3's default purge delay");
            }
            let before = get();
            set_purge_delay();
            // The environment's value is left alone; otherwise the delay is now ours.
            assert_eq!(get(), if from_env { before } else { PURGE_DELAY_MS });
        }
    }
}
