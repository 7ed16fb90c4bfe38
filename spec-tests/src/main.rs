//! Runs the spec test suite against Mote and prints a Markdown table.
//!
//! ```text
//! cargo run -p mote-spec-tests --release -- [--verbose] [--timeout SECS] [--dir DIR] [--tier aot] [FILTER]
//! ```
//!
//! `--dir DIR` runs every `.wast` file under DIR instead of Mote's sets: a
//! measurement of a whole suite (e.g. the 3.0 suite's `test/`), where the
//! known-failure lists do not apply.
//!
//! `--via-image` runs every module through an image: compiled from its
//! `.wasm`, written with `Module::to_image`, and the module the directives
//! use is the one `Module::from_image` reads back, so the suite checks
//! that an image behaves as the module it was made from.
//!
//! `--tier aot` runs every module on the AOT tier (`mote-aot`): native code
//! in a Mote store. It prints the totals; the known-failure lists are the
//! interpreter's and are not applied.
//!
//! Each file runs in a child process (this binary with `--child set/file`),
//! so that a panic under `panic = "abort"` (the release profile), a host
//! stack overflow or a hang in the engine costs only that file.
//!
//! `--child-runner "CMD ARGS"` starts each child as `CMD ARGS <this
//! binary> ...`: a runner cross-built for another architecture and run
//! under `qemu-aarch64 -L /usr/aarch64-linux-gnu` cannot start itself
//! directly where the kernel has no binfmt handler for that architecture
//! (`scripts/aot-cross.sh`).

use std::io::Read;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mote_spec_tests::{Event, FileReport, KNOWN_FAILURES, Load, TestFile, file_key};

const USAGE: &str =
    "usage: mote-spec-tests [--verbose] [--timeout SECS] [--dir DIR] [--via-image] [--tier aot|aot-artifact] [--child-runner CMD] [FILTER]
  --verbose, -v     print the reason of every failed directive
  --timeout SECS    time limit per file (default 300)
  --dir DIR         run every .wast file under DIR (sets: its folders), not Mote's sets
  --via-image       run each module as the image Module::to_image makes of it
  --tier aot        run each module on the AOT tier (mote-aot, native code); a measurement:
                    totals only, the known-failure lists do not apply
  --tier aot-artifact
                    the same, each module through an artifact (serialize, deserialize)
  --child-runner CMD
                    start each file's child process as CMD (split at spaces) followed by
                    this binary, e.g. \"qemu-aarch64 -L /usr/aarch64-linux-gnu\"
  FILTER            only run files whose set/file name contains FILTER";

struct Options {
    verbose: bool,
    timeout: Duration,
    filter: Option<String>,
    child: Option<String>,
    dir: Option<String>,
    /// How modules are loaded (`--via-image`: through images).
    load: Load,
    /// The command (and its arguments) each child runs under.
    child_runner: Vec<String>,
}

/// The files to run: Mote's sets, or those under `--dir`.
fn files(options: &Options) -> Result<Vec<TestFile<'static>>, String> {
    let Some(dir) = &options.dir else {
        return Ok(mote_spec_tests::files(options.filter.as_deref()));
    };
    let mut files =
        mote_spec_tests::dir_files(std::path::Path::new(dir)).map_err(|e| format!("{dir}: {e}"))?;
    if let Some(filter) = &options.filter {
        files.retain(|f| file_key(f).contains(filter.as_str()));
    }
    Ok(files)
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        verbose: false,
        timeout: Duration::from_secs(300),
        filter: None,
        child: None,
        dir: None,
        load: Load::Wasm,
        child_runner: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-v" | "--verbose" => options.verbose = true,
            "--timeout" => {
                let secs = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--timeout needs a number of seconds")?;
                options.timeout = Duration::from_secs(secs);
            }
            "--child" => options.child = Some(args.next().ok_or("--child needs set/file")?),
            "--dir" => options.dir = Some(args.next().ok_or("--dir needs a directory")?),
            "--via-image" => options.load = Load::Image,
            "--child-runner" => {
                let cmd = args.next().ok_or("--child-runner needs a command")?;
                options.child_runner = cmd.split_whitespace().map(String::from).collect();
                if options.child_runner.is_empty() {
                    return Err("--child-runner needs a command".into());
                }
            }
            "--tier" => match args.next().as_deref() {
                Some("interp") => options.load = Load::Wasm,
                Some("aot") => options.load = Load::Aot,
                Some("aot-artifact") => options.load = Load::AotArtifact,
                _ => return Err("--tier needs interp, aot or aot-artifact".into()),
            },
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            filter if options.filter.is_none() => options.filter = Some(filter.into()),
            _ => return Err("only one FILTER is allowed".into()),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(key) = &options.child {
        return child(key, &options);
    }

    let files = match files(&options) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if files.is_empty() {
        eprintln!(
            "no test file matches {:?}",
            options.filter.as_deref().unwrap_or("")
        );
        return ExitCode::from(2);
    }
    let reports = run_all(&files, &options);

    if options.verbose && reports.iter().any(|r| !r.failures.is_empty()) {
        for failure in reports.iter().flat_map(|r| &r.failures) {
            println!("{failure}");
        }
        println!();
    }
    print_table(&reports);

    // The AOT tier is measured, not judged: the known-failure lists are
    // the interpreter's.
    let judged = if matches!(options.load, Load::Aot | Load::AotArtifact) {
        &[][..]
    } else {
        &reports[..]
    };
    let mut problems: Vec<String> = judged
        .iter()
        .filter_map(|r| r.verdict(options.load).err())
        .map(|e| e.lines().next().unwrap_or_default().to_string())
        .collect();
    if options.filter.is_none() && options.dir.is_none() {
        for (key, _) in KNOWN_FAILURES {
            if !files.iter().any(|f| file_key(f) == *key) {
                problems.push(format!(
                    "known failure {key} names no test file: remove it from src/known_failures.rs"
                ));
            }
        }
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!();
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        ExitCode::FAILURE
    }
}

fn print_table(reports: &[FileReport]) {
    println!("| set | file | directives | passed | failed |");
    println!("|:----|:-----|-----------:|-------:|-------:|");
    let (mut directives, mut passed, mut failed) = (0, 0, 0);
    for r in reports {
        let key = r.key();
        let known_directives = mote_spec_tests::KNOWN_DIRECTIVE_FAILURES
            .iter()
            .filter(|(k, _)| k.rsplit_once(':').is_some_and(|(file, _)| file == key))
            .count();
        let note = if mote_spec_tests::known_failure(&key).is_some() {
            " (known failure)".to_string()
        } else if known_directives > 0 {
            format!(" ({known_directives} known failures)")
        } else {
            String::new()
        };
        println!(
            "| {} | {}{note} | {} | {} | {} |",
            r.set, r.file, r.directives, r.passed, r.failed
        );
        directives += r.directives;
        passed += r.passed;
        failed += r.failed;
    }
    println!(
        "| **total** | {} files | {directives} | {passed} | {failed} |",
        reports.len()
    );
    println!();
    println!("{passed} passed, {failed} failed");
}

/// Runs every file in a child process, as many at a time as there are cores.
fn run_all(files: &[TestFile<'static>], options: &Options) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; files.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let report = run_isolated(file, options);
                    reports.lock().unwrap()[i] = Some(report);
                }
            });
        }
    });
    reports
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every file ran"))
        .collect()
}

/// Runs one file in a child process and rebuilds its report from the child's
/// event lines; a crash, a hang or a garbled line aborts the rest of the file.
fn run_isolated(file: &TestFile<'static>, options: &Options) -> FileReport {
    let timeout = options.timeout;
    let key = file_key(file);
    let mut report = FileReport::new(file);
    let spawned = std::env::current_exe().and_then(|exe| {
        let mut command = match options.child_runner.split_first() {
            Some((runner, args)) => {
                let mut c = Command::new(runner);
                c.args(args).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        if let Some(dir) = &options.dir {
            command.arg("--dir").arg(dir);
        }
        match options.load {
            Load::Image => {
                command.arg("--via-image");
            }
            Load::Aot => {
                command.arg("--tier").arg("aot");
            }
            Load::AotArtifact => {
                command.arg("--tier").arg("aot-artifact");
            }
            Load::Wasm => {}
        }
        command
            .arg("--child")
            .arg(&key)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    });
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            report.apply(Event::Abort(format!(
                "{key}: cannot start the runner process: {e}"
            )));
            return report;
        }
    };
    let (status, stdout, stderr) = wait_with_timeout(&mut child, timeout);
    let mut aborted = false;
    for line in stdout.lines() {
        match decode(line) {
            Some(event) => {
                aborted |= matches!(event, Event::Abort(_));
                report.apply(event);
            }
            None => {
                report.apply(Event::Abort(format!(
                    "{key}: garbled line from the runner process: {line:?}"
                )));
                return report;
            }
        }
    }
    if aborted {
        // The child reported why it stopped (e.g. a panic under panic = "abort").
        return report;
    }
    let died = match status {
        Some(status) if status.success() => return report,
        Some(status) => format!("the runner process died ({status})"),
        None => format!("timed out after {} s", timeout.as_secs()),
    };
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let tail = lines[lines.len().saturating_sub(4)..].join(" | ");
    let location =
        mote_spec_tests::directive_location(file, report.passed + report.failed).unwrap_or(key);
    let tail = if tail.is_empty() {
        tail
    } else {
        format!(": {tail}")
    };
    report.apply(Event::Abort(format!("{location}: {died}{tail}")));
    report
}

/// Waits for `child`, killing it after `timeout` (then the status is `None`).
fn wait_with_timeout(
    child: &mut Child,
    timeout: Duration,
) -> (Option<std::process::ExitStatus>, String, String) {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    (status, stdout, stderr)
}

/// The child side: runs one file, printing one line per event.
fn child(key: &str, options: &Options) -> ExitCode {
    let all = match &options.dir {
        Some(dir) => mote_spec_tests::dir_files(std::path::Path::new(dir)).unwrap_or_default(),
        None => mote_spec_tests::all_files(),
    };
    let Some(file) = all.into_iter().find(|f| file_key(f) == key) else {
        println!(
            "{}",
            encode(&Event::Abort(format!("{key}: no such test file")))
        );
        return ExitCode::SUCCESS;
    };
    // `println!` flushes each line, so events reach the parent even if the
    // process aborts later.
    mote_spec_tests::set_abort_reporter(|message| println!("{}", encode(&Event::Abort(message))));
    // The parent enforces the time limit (and kills this process).
    let no_limit = Duration::from_secs(u64::from(u32::MAX));
    mote_spec_tests::run_file(&file, no_limit, options.load, |event| {
        println!("{}", encode(&event))
    });
    ExitCode::SUCCESS
}

fn encode(event: &Event) -> String {
    let escape = |s: &str| s.replace('\\', "\\\\").replace('\n', "\\n");
    match event {
        Event::Start(n) => format!("start {n}"),
        Event::Pass => "pass".into(),
        Event::Fail(reason) => format!("fail {}", escape(reason)),
        Event::Abort(reason) => format!("abort {}", escape(reason)),
    }
}

fn decode(line: &str) -> Option<Event> {
    let unescape = |s: &str| {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next()? {
                    'n' => out.push('\n'),
                    other => out.push(other),
                },
                (c, false) => out.push(c),
            }
        }
        Some(out)
    };
    let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
    match tag {
        "start" => rest.parse().ok().map(Event::Start),
        "pass" => Some(Event::Pass),
        "fail" => unescape(rest).map(Event::Fail),
        "abort" => unescape(rest).map(Event::Abort),
        _ => None,
    }
}
