//! `mote-fuzz`: the seeded runner.
//!
//! ```text
//! mote-fuzz list
//! mote-fuzz run [TARGET...] [--time SECS | --count N] [--seed S] [--out DIR]
//!               [--jobs N] [--timeout SECS] [--minimize-time SECS]
//! mote-fuzz replay TARGET FILE...
//! mote-fuzz minimize TARGET FILE [--note] [--out FILE] [--minimize-time SECS]
//! mote-fuzz module TARGET FILE --out FILE.wasm|FILE.wat
//! mote-fuzz input TARGET --seed S --out FILE
//! ```
//!
//! `run` fuzzes each TARGET (default: all) for `--time` seconds (default
//! 60) or `--count` inputs, starting at seed `--seed` (default: a fresh one,
//! printed), input `i` being `from_seed(seed + i)`. Each target runs in a
//! worker process, so that a native stack overflow or an abort is caught
//! too, and a worker silent for `--timeout` seconds (default 20) is a hang;
//! `--jobs` workers (default: one per CPU) run at once, each worker one
//! thread, so a target's inputs are the same whatever the number of jobs.
//! A failing input is saved under `--out` (default `fuzz/out`), minimized,
//! and the run exits with status 1.

mod args;
mod supervise;
mod worker;

use mote_fuzz::{Stats, Target, target::run_caught};
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args = match args::parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("mote-fuzz: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match args {
        args::Command::List => {
            for t in mote_fuzz::ALL {
                println!("{:<14} {}", t.name, t.about);
            }
            ExitCode::SUCCESS
        }
        args::Command::Run(run) => supervise::run(&run),
        args::Command::Worker(w) => worker::run(&w),
        args::Command::Replay { target, files } => replay(target, &files),
        args::Command::Minimize {
            target,
            file,
            out,
            budget,
            note,
        } => minimize(target, &file, out.as_deref(), budget, note),
        args::Command::Module { target, file, out } => module(target, &file, &out),
        args::Command::Input { target, seed, out } => {
            match std::fs::write(&out, mote_fuzz::input::from_seed(seed, target.max_len)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mote-fuzz: {out}: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn read(file: &str) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(file).map_err(|e| {
        eprintln!("mote-fuzz: {file}: {e}");
        ExitCode::from(2)
    })
}

/// Runs each file through the target in this process.
fn replay(target: &'static Target, files: &[String]) -> ExitCode {
    mote_fuzz::target::quiet_panics();
    let mut failed = 0;
    for file in files {
        let Ok(input) = read(file) else {
            return ExitCode::from(2);
        };
        match run_caught(target, &input) {
            Ok(stats) => {
                println!(
                    "{file}: ok ({} modules, {} calls)",
                    stats.modules, stats.calls
                );
                for note in stats.notes {
                    println!("{file}: note: {note}");
                }
            }
            Err(f) => {
                println!("{file}: FAILED: {f}");
                failed += 1;
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Shrinks a failing input (or, with `note`, one that yields a note: a
/// case to record against a reference engine).
fn minimize(
    target: &'static Target,
    file: &str,
    out: Option<&str>,
    budget: Duration,
    note: bool,
) -> ExitCode {
    mote_fuzz::target::quiet_panics();
    let Ok(input) = read(file) else {
        return ExitCode::from(2);
    };
    let small = match run_caught(target, &input) {
        Ok(stats) if note && !stats.notes.is_empty() => {
            // Kept while the first note is of the same kind (its words
            // before the first colon).
            let kind = |n: &str| n.split(':').next().unwrap_or("").to_owned();
            let want = kind(&stats.notes[0]);
            println!("note: {}", stats.notes[0]);
            mote_fuzz::minimize::minimize(&input, budget, |c| {
                run_caught(target, c)
                    .is_ok_and(|s| s.notes.first().is_some_and(|n| kind(n) == want))
            })
        }
        Err(finding) if !note => {
            println!("failure: {finding}");
            mote_fuzz::minimize::same_finding(target, &input, &finding.kind, budget)
        }
        _ => {
            let what = if note { "yield a note" } else { "fail" };
            eprintln!("mote-fuzz: {file} does not {what} on {}", target.name);
            return ExitCode::FAILURE;
        }
    };
    let out = out.map_or_else(|| format!("{file}.min"), str::to_owned);
    if let Err(e) = std::fs::write(&out, &small) {
        eprintln!("mote-fuzz: {out}: {e}");
        return ExitCode::from(2);
    }
    if let Ok(Stats { notes, .. }) = run_caught(target, &small)
        && let Some(n) = notes.first()
    {
        println!("minimized note: {n}");
    }
    println!("{} bytes -> {} bytes: {out}", input.len(), small.len());
    ExitCode::SUCCESS
}

fn module(target: &'static Target, file: &str, out: &str) -> ExitCode {
    let Ok(input) = read(file) else {
        return ExitCode::from(2);
    };
    let Some(module) = target.module.and_then(|m| m(&input)) else {
        eprintln!("mote-fuzz: {} makes no module of {file}", target.name);
        return ExitCode::FAILURE;
    };
    // Text if the name asks for it.
    let bytes = if out.ends_with(".wat") {
        match wasmprinter::print_bytes(&module) {
            Ok(text) => text.into_bytes(),
            Err(e) => {
                eprintln!("mote-fuzz: cannot print the module: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        module
    };
    match std::fs::write(out, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mote-fuzz: {out}: {e}");
            ExitCode::from(2)
        }
    }
}
