//! Stopping a container: its process is the init of its PID namespace,
//! and the kernel drops the signals such a process has no handler for
//! (SIGKILL from outside excepted). Without a handler, `ctr task kill`,
//! `kubectl delete pod` and every graceful stop (SIGTERM) would wait for
//! the grace period and a SIGKILL.
//!
//! The handler must be the process's, not one thread's: runwasi's async
//! runtime has started worker threads in the container's process before
//! the module runs, and the kernel hands a process's signal to any thread
//! that does not block it (blocking it in this thread and waiting for it
//! with `sigwait` loses it to those threads, which drop it).

use signal_hook::consts::{SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

/// Ends the process with 128 + the signal's number when it receives
/// SIGTERM, SIGINT or SIGQUIT, the status a shell and containerd give a
/// process that such a signal killed. A guest cannot handle signals in
/// WASI preview1, so there is nothing to run first.
///
/// `signal-hook` installs the handlers (they only write to a pipe) and a
/// thread of ours waits on that pipe. If that cannot be set up, the shim
/// logs why and the container stops only with SIGKILL.
pub fn exit_on_termination() {
    let mut signals = match Signals::new([SIGTERM, SIGINT, SIGQUIT]) {
        Ok(signals) => signals,
        Err(e) => {
            log::warn!("cannot handle stop signals ({e}); the container stops only with SIGKILL");
            return;
        }
    };
    let waiter = std::thread::Builder::new()
        .name("stop-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                log::info!("signal {signal} received: the container stops");
                std::process::exit(128 + signal);
            }
        });
    if let Err(e) = waiter {
        log::warn!("cannot start the thread that waits for stop signals ({e})");
    }
}
