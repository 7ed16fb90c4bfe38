//! The worker process: runs one target on consecutive seeds and reports on
//! stdout, one line per event, so that the supervisor knows which input was
//! running if the process dies:
//!
//! ```text
//! S <seed>                         an input starts
//! N <seed> TAB <note>              a note (a reference engine outvoted)
//! F <seed> TAB <kind> TAB <detail> a finding; the worker then exits
//! P <inputs> <modules> <calls>     progress, about once a second
//! D <inputs> <modules> <calls>     done
//! ```

use crate::args::{Budget, Worker};
use mote_fuzz::target::{quiet_panics, run_caught};
use mote_fuzz::{Stats, input};
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// One line of text: no tabs or newlines inside a field.
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

pub fn run(w: &Worker) -> ExitCode {
    quiet_panics();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let start = Instant::now();
    let mut last_progress = start;
    let mut total = Stats::default();
    let mut inputs: u64 = 0;
    let report = |out: &mut std::io::StdoutLock<'_>, tag: char, inputs: u64, s: &Stats| {
        let _ = writeln!(out, "{tag} {inputs} {} {}", s.modules, s.calls);
        let _ = out.flush();
    };
    loop {
        let done = match w.budget {
            Budget::Count(n) => inputs >= n,
            Budget::Time(t) => start.elapsed() >= t,
        };
        if done {
            break;
        }
        let seed = w.seed.wrapping_add(inputs);
        let bytes = input::from_seed(seed, w.target.max_len);
        // Written before the input runs: if the process dies, this names it.
        if writeln!(out, "S {seed}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
        inputs += 1;
        match run_caught(w.target, &bytes) {
            Ok(stats) => {
                for note in &stats.notes {
                    let _ = writeln!(out, "N {seed}\t{}", escape(note));
                }
                total.add(&stats);
            }
            Err(f) => {
                report(&mut out, 'P', inputs, &total);
                let _ = writeln!(out, "F {seed}\t{}\t{}", escape(&f.kind), escape(&f.detail));
                let _ = out.flush();
                return ExitCode::FAILURE;
            }
        }
        if last_progress.elapsed() >= Duration::from_secs(1) {
            last_progress = Instant::now();
            report(&mut out, 'P', inputs, &total);
        }
    }
    report(&mut out, 'D', inputs, &total);
    ExitCode::SUCCESS
}
