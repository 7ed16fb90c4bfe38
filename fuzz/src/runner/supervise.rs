//! The supervisor: one worker process per target, watched for findings,
//! crashes and silence; failing inputs saved and minimized.

use crate::args::{Budget, Run};
use mote_fuzz::target::quiet_panics;
use mote_fuzz::{Target, input, minimize};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// What went wrong with one input.
struct Failure {
    seed: u64,
    kind: String,
    detail: String,
}

/// The figures of one target's run.
#[derive(Default)]
struct Figures {
    inputs: u64,
    modules: u64,
    calls: u64,
    notes: u64,
    elapsed: Duration,
    last_seed: Option<u64>,
    failure: Option<Failure>,
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn worker_command(target: &Target, seed: u64, budget: Budget) -> Command {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mote-fuzz"));
    let mut c = Command::new(exe);
    c.args(["worker", target.name, "--seed", &seed.to_string()]);
    match budget {
        Budget::Time(t) => c.args(["--time", &t.as_secs_f64().to_string()]),
        Budget::Count(n) => c.args(["--count", &n.to_string()]),
    };
    c
}

/// Keeps the last few kilobytes a worker wrote to stderr.
fn collect_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let tail = Arc::new(Mutex::new(String::new()));
    if let Some(mut err) = child.stderr.take() {
        let tail = Arc::clone(&tail);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = tail.lock() {
                    t.push_str(&String::from_utf8_lossy(&buf[..n]));
                    let cut = t.len().saturating_sub(4096);
                    let cut = (cut..t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                    t.drain(..cut);
                }
            }
        });
    }
    tail
}

/// Runs one target in a worker and follows its reports.
fn follow(r: &Run, target: &Target, seed: u64) -> Figures {
    let mut figures = Figures::default();
    let start = Instant::now();
    let mut child = match worker_command(target, seed, r.budget)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            figures.failure = Some(Failure {
                seed,
                kind: "runner".into(),
                detail: format!("cannot start a worker: {e}"),
            });
            return figures;
        }
    };
    let stderr = collect_stderr(&mut child);
    let (tx, rx) = mpsc::channel::<String>();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let mut last_print = Instant::now();
    let mut hung = false;
    loop {
        match rx.recv_timeout(r.timeout) {
            Ok(line) => handle_line(r, target, &line, &mut figures),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                hung = true;
                let _ = child.kill();
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if last_print.elapsed() >= Duration::from_secs(15) {
            last_print = Instant::now();
            println!(
                "  {}: {} inputs, {:.0}/s",
                target.name,
                figures.inputs,
                figures.inputs as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    let status = child.wait();
    figures.elapsed = start.elapsed();
    if figures.failure.is_some() {
        return figures;
    }
    let stderr = stderr.lock().map(|s| s.clone()).unwrap_or_default();
    let last = figures.last_seed.unwrap_or(seed);
    if hung {
        figures.failure = Some(Failure {
            seed: last,
            kind: "hang".into(),
            detail: format!("no report for {:?}", r.timeout),
        });
    } else if !status.as_ref().is_ok_and(|s| s.success()) {
        let how = match status {
            Ok(s) => format!("worker ended with {s}"),
            Err(e) => format!("worker lost: {e}"),
        };
        figures.failure = Some(Failure {
            seed: last,
            kind: "crash".into(),
            detail: format!("{how}; its stderr ends with:\n{stderr}"),
        });
    }
    figures
}

fn handle_line(r: &Run, target: &Target, line: &str, figures: &mut Figures) {
    let (tag, rest) = line.split_at(line.len().min(2));
    match tag.trim() {
        "S" => figures.last_seed = rest.trim().parse().ok(),
        "P" | "D" => {
            let n: Vec<u64> = rest.split(' ').filter_map(|x| x.parse().ok()).collect();
            if let [inputs, modules, calls] = n[..] {
                (figures.inputs, figures.modules, figures.calls) = (inputs, modules, calls);
            }
        }
        "N" => {
            let mut parts = rest.splitn(2, '\t');
            let seed = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let note = unescape(parts.next().unwrap_or(""));
            figures.notes += 1;
            save_note(r, target, seed, &note);
        }
        "F" => {
            let mut parts = rest.splitn(3, '\t');
            let seed = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            figures.failure = Some(Failure {
                seed,
                kind: unescape(parts.next().unwrap_or("")),
                detail: unescape(parts.next().unwrap_or("")),
            });
        }
        _ => println!("  {}: {line}", target.name),
    }
}

fn target_dir(r: &Run, target: &Target) -> PathBuf {
    Path::new(&r.out).join(target.name)
}

fn save_note(r: &Run, target: &Target, seed: u64, note: &str) {
    let dir = target_dir(r, target).join("notes");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(format!("{seed:016x}.bin"));
    let _ = std::fs::write(&file, input::from_seed(seed, target.max_len));
    let line = format!("{}: {note}\n", file.display());
    let list = target_dir(r, target).join("notes.txt");
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(list)
        .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
}

/// How a failure shows when its input is replayed in a process of its own.
#[derive(Clone, Copy)]
enum Symptom<'a> {
    /// The replay reports a finding of this kind.
    Finding(&'a str),
    /// The replay process dies.
    Crash,
    /// The replay outlives the timeout.
    Hang,
}

/// Whether replaying `file` in a separate process fails as `symptom` says.
/// Every candidate runs apart, so that minimizing survives what killed the
/// worker (or an abort inside a reference engine).
fn replay_fails(target: &Target, file: &Path, symptom: Symptom<'_>, timeout: Duration) -> bool {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mote-fuzz"));
    let Ok(mut child) = Command::new(exe)
        .args(["replay", target.name])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut out) = stdout {
            let _ = out.read_to_string(&mut text);
        }
        text
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let text = reader.join().unwrap_or_default();
    match (symptom, status) {
        (Symptom::Hang, None) => true,
        (Symptom::Crash, Some(s)) => s.code().is_none_or(|c| c > 1),
        (Symptom::Finding(kind), Some(_)) => text.contains(&format!("FAILED: {kind}: ")),
        _ => false,
    }
}

/// Saves the failing input, its minimized form and its module; returns
/// what to print.
fn save_failure(r: &Run, target: &Target, f: &Failure) -> String {
    let dir = target_dir(r, target);
    let _ = std::fs::create_dir_all(&dir);
    let bytes = input::from_seed(f.seed, target.max_len);
    let file = dir.join(format!("{:016x}.bin", f.seed));
    let _ = std::fs::write(&file, &bytes);
    let mut text = format!(
        "  seed 0x{:016x}: {}: {}\n  input: {}\n",
        f.seed,
        f.kind,
        f.detail,
        file.display()
    );
    let symptom = match f.kind.as_str() {
        "hang" => Symptom::Hang,
        "crash" => Symptom::Crash,
        kind => Symptom::Finding(kind),
    };
    let probe = dir.join("candidate.bin");
    let small = if replay_fails(target, &file, symptom, r.timeout) {
        minimize::minimize(&bytes, r.minimize_time, |c| {
            std::fs::write(&probe, c).is_ok() && replay_fails(target, &probe, symptom, r.timeout)
        })
    } else {
        text.push_str("  (does not fail again when replayed alone; not minimized)\n");
        bytes.clone()
    };
    let _ = std::fs::remove_file(&probe);
    let min = dir.join(format!("{:016x}-min.bin", f.seed));
    let _ = std::fs::write(&min, &small);
    let _ = writeln!(
        text,
        "  minimized: {} ({} bytes)",
        min.display(),
        small.len()
    );
    if let Some(module) = target.module.and_then(|m| m(&small)) {
        let wasm = dir.join(format!("{:016x}-min.wasm", f.seed));
        let _ = std::fs::write(&wasm, &module);
        let _ = writeln!(text, "  its module: {}", wasm.display());
        if let Ok(wat) = wasmprinter::print_bytes(&module) {
            let _ = std::fs::write(wasm.with_extension("wat"), wat);
        }
    }
    let _ = std::fs::write(dir.join(format!("{:016x}.txt", f.seed)), &text);
    let _ = writeln!(
        text,
        "  replay: cargo run -p mote-fuzz --profile fuzz --features wasmtime -- replay {} {}\n  \
         once fixed, keep it: fuzz/regressions/{}/",
        target.name,
        min.display(),
        target.name
    );
    text
}

pub fn run(r: &Run) -> ExitCode {
    quiet_panics();
    let seed = r.seed.unwrap_or_else(input::fresh_seed);
    let budget = match r.budget {
        Budget::Time(t) => format!("{:.0} s per target", t.as_secs_f64()),
        Budget::Count(n) => format!("{n} inputs per target"),
    };
    let jobs = r.jobs.clamp(1, r.targets.len().max(1));
    println!("mote-fuzz: first seed 0x{seed:016x}, {budget}, {jobs} at a time");
    // The targets are taken in order by `jobs` threads, each following one
    // worker process at a time and keeping its targets' figures; every
    // index is taken once, so sorted they are the targets' in order. A
    // thread's panic is re-raised (as `thread::scope` would): `follow`
    // does not panic.
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Figures)> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(target) = r.targets.get(i) else {
                            break;
                        };
                        println!("mote-fuzz: {} ...", target.name);
                        let f = follow(r, target, seed);
                        println!("{}", summary(target, seed, &f));
                        mine.push((i, f));
                    }
                    mine
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let mut failed = 0;
    let mut lines = Vec::new();
    for (target, (_, f)) in r.targets.iter().zip(done) {
        lines.push(summary(target, seed, &f));
        if let Some(failure) = &f.failure {
            failed += 1;
            println!("{}", save_failure(r, target, failure));
        }
    }
    println!("mote-fuzz: summary");
    for line in &lines {
        println!("  {line}");
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        println!(
            "mote-fuzz: {failed} target(s) failed; inputs under {}",
            r.out
        );
        ExitCode::FAILURE
    }
}

/// One target's line of the summary.
fn summary(target: &Target, seed: u64, f: &Figures) -> String {
    let last = seed.wrapping_add(f.inputs.saturating_sub(1));
    let rate = f.inputs as f64 / f.elapsed.as_secs_f64().max(1e-9);
    format!(
        "{:<13} seeds 0x{seed:016x}..=0x{last:016x}  {:>9} inputs  {:>7.1} s  {:>8.1}/s  \
         {:>9} modules  {:>10} calls  {} notes  {}",
        target.name,
        f.inputs,
        f.elapsed.as_secs_f64(),
        rate,
        f.modules,
        f.calls,
        f.notes,
        if f.failure.is_some() { "FAILED" } else { "ok" },
    )
}
