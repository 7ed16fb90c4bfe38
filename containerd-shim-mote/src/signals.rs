//! Stopping a container: its process is the init of its PID namespace,
//! and the kernel drops the signals such a process has no handler for
//! (SIGKILL from outside excepted). Without this, `ctr task kill`,
//! `kubectl delete pod` and every graceful stop (SIGTERM) would wait for
//! the grace period and a SIGKILL.

use nix::sys::signal::{SigSet, Signal};

/// The signals that stop a container gracefully.
const STOP: [Signal; 3] = [Signal::SIGTERM, Signal::SIGINT, Signal::SIGQUIT];

/// Ends the process with 128 + the signal's number when it receives
/// SIGTERM, SIGINT or SIGQUIT, the status a shell and containerd give a
/// process that such a signal killed. A guest cannot handle signals in
/// WASI preview1, so there is nothing to run first.
///
/// The signals are blocked in this thread (and so in every thread it
/// starts afterwards) and taken by one waiting thread with `sigwait`:
/// pending, not dropped, until it takes them. If that cannot be set up,
/// the shim logs why and the container stops only with SIGKILL.
pub fn exit_on_termination() {
    let mut set = SigSet::empty();
    for signal in STOP {
        set.add(signal);
    }
    if let Err(e) = set.thread_block() {
        log::warn!("cannot block the stop signals ({e}); the container stops only with SIGKILL");
        return;
    }
    let waiter = std::thread::Builder::new()
        .name("stop-signals".into())
        .spawn(move || match set.wait() {
            Ok(signal) => {
                log::info!("{signal} received: the container stops");
                std::process::exit(128 + signal as i32);
            }
            Err(e) => log::warn!("waiting for stop signals failed ({e}); only SIGKILL stops it now"),
        });
    if let Err(e) = waiter {
        log::warn!("cannot start the thread that waits for stop signals ({e})");
        // Let the signals have their usual effect again.
        if let Err(e) = set.thread_unblock() {
            log::warn!("cannot unblock the stop signals ({e})");
        }
    }
}
