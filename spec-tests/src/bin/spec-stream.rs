//! Writes the spec test suite as command streams that boards run with
//! `mote-spec-stream`.
//!
//! ```text
//! cargo run -p mote-spec-tests --release --bin spec-stream -- [OPTIONS] OUT_DIR
//! ```
//!
//! writes `OUT_DIR/<set>/<file>.stream` per `.wast` file (with
//! `--max-chunk`, `<file>.<i>.stream` per chunk of a file that needs
//! several), `OUT_DIR/index.txt` (one line per stream: path, `set/file`,
//! chunk/chunks, directives, bytes, commands replayed from earlier chunks) and `OUT_DIR/streams.rs` (a `STREAMS` array of
//! `include_bytes!` for firmware to `include!`), then prints the totals.
//! With `--images` the streams carry each module as the image the host
//! compiles it to (for a runner without `wasmparser`; see
//! `src/stream/images.rs`), made with the `--max-*` limits' engine.
//! With `--run` it also runs every stream on the host as a board would,
//! printing the same lines, and reports the peak heap a stream needs.

#[path = "../stream/mod.rs"]
mod stream;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mote::{Config, Engine};
use mote_spec_stream::{Reader, Summary, run_all};

#[global_allocator]
static ALLOC: stream::heap::Counting = stream::heap::Counting;

const USAGE: &str = "usage: spec-stream [OPTIONS] OUT_DIR
  --max-chunk BYTES      split files into streams of at most BYTES each
  --filter TEXT          only files whose set/file name contains TEXT
  --images               carry modules as images compiled on the host (for the
                         boards' spec_image firmware, which has no wasmparser)
  --run                  run every stream on the host afterwards, print what a
                         board prints, and report the peak heap per stream
  --max-call-depth N     with --run (and --images): the engine's call depth limit
  --max-stack-slots N    with --run (and --images): the engine's value stack limit (8-byte slots)";

#[derive(Default)]
struct Options {
    out: Option<PathBuf>,
    max_chunk: Option<usize>,
    filter: Option<String>,
    run: bool,
    images: bool,
    config: Config,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    let number = |flag: &str, value: Option<String>| -> Result<u32, String> {
        value
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-chunk" => options.max_chunk = Some(number(&arg, args.next())? as usize),
            "--filter" => options.filter = Some(args.next().ok_or("--filter needs a text")?),
            "--run" => options.run = true,
            "--images" => options.images = true,
            "--max-call-depth" => {
                options.config.max_call_depth(number(&arg, args.next())?);
            }
            "--max-stack-slots" => {
                options.config.max_stack_slots(number(&arg, args.next())?);
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            out if options.out.is_none() => options.out = Some(out.into()),
            _ => return Err("only one OUT_DIR is allowed".into()),
        }
    }
    if options.out.is_none() {
        return Err("OUT_DIR is missing".into());
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
    match write_streams(&options) {
        Ok(paths) if options.run => run_streams(&paths, &options.config),
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("spec-stream: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Converts and writes every file; returns the paths of the streams.
fn write_streams(options: &Options) -> Result<Vec<PathBuf>, String> {
    let out = options.out.as_deref().unwrap_or(Path::new("."));
    let files = mote_spec_tests::files(options.filter.as_deref());
    if files.is_empty() {
        return Err("no test file matches the filter".into());
    }
    let mut index = String::new();
    let mut includes = String::new();
    let mut paths = Vec::new();
    let (mut directives, mut bytes, mut largest) = (0u64, 0usize, (0usize, String::new()));
    let mut oversized = Vec::new();
    let mut cleaned = std::collections::HashSet::new();
    let engine = Engine::new(&options.config);
    let mut kept_wasm = 0;
    for file in &files {
        let mut converted = stream::convert(file)?;
        if options.images {
            kept_wasm += stream::images::to_images(&mut converted, &engine);
        }
        let chunks = stream::chunk::encode(&converted, options.max_chunk);
        let dir = out.join(file.parent());
        if cleaned.insert(dir.clone()) {
            remove_old_streams(&dir)?;
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let stem = file.name().strip_suffix(".wast").unwrap_or(file.name());
        directives += u64::from(converted.directives);
        for (i, chunk) in chunks.iter().enumerate() {
            let name = if chunks.len() == 1 {
                format!("{stem}.stream")
            } else {
                format!("{stem}.{}.stream", i + 1)
            };
            let relative = format!("{}/{name}", file.parent());
            let path = out.join(&relative);
            std::fs::write(&path, &chunk.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            let _ = writeln!(
                index,
                "{relative} {} {}/{} {} {} {}",
                converted.key,
                i + 1,
                chunks.len(),
                chunk.directives,
                chunk.bytes.len(),
                chunk.replayed
            );
            let _ = writeln!(includes, "    include_bytes!({relative:?}),");
            bytes += chunk.bytes.len();
            if chunk.bytes.len() > largest.0 {
                largest = (chunk.bytes.len(), relative.clone());
            }
            if options.max_chunk.is_some_and(|max| chunk.bytes.len() > max) {
                oversized.push(format!("{relative} ({} bytes)", chunk.bytes.len()));
            }
            paths.push(path);
        }
    }
    let index_path = out.join("index.txt");
    std::fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let rust = format!(
        "// Generated by `spec-stream`: every spec-test stream, in order.\n\
         // Run them with `mote_spec_stream::run_all(STREAMS.iter().copied(), ...)`.\n\
         pub static STREAMS: &[&[u8]] = &[\n{includes}];\n"
    );
    let rust_path = out.join("streams.rs");
    std::fs::write(&rust_path, rust).map_err(|e| format!("{}: {e}", rust_path.display()))?;
    println!(
        "spec-stream: {} files, {directives} directives, {} streams, {bytes} bytes (largest {}: {} bytes) in {}",
        files.len(),
        paths.len(),
        largest.1,
        largest.0,
        out.display()
    );
    if options.images {
        println!(
            "spec-stream: modules as images; {kept_wasm} left as .wasm (the host does not compile them, so they fail on a runner as on the host)"
        );
    }
    for chunk in &oversized {
        println!(
            "spec-stream: warning: {chunk} is over --max-chunk: a module it needs is too big to split around"
        );
    }
    Ok(paths)
}

/// Deletes the `.stream` files a previous run left in `dir`.
fn remove_old_streams(dir: &Path) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "stream") {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Runs the streams as a board would, printing its lines, and the peak heap.
fn run_streams(paths: &[PathBuf], config: &Config) -> ExitCode {
    let engine = Engine::new(config);
    let mut total = Summary::default();
    let mut peaks = Vec::new();
    let mut stdout = Stdout;
    let mut known = 0u32;
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("spec-stream: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let base = stream::heap::start();
        // Print the per-stream lines; the total comes at the end.
        let mut lines = String::new();
        let summary = run_all([&bytes[..]], &engine, &mut lines);
        let peak = stream::heap::peak_since(base);
        for line in lines.lines().filter(|l| !l.starts_with("spec total:")) {
            let _ = writeln!(stdout, "{line}");
        }
        if summary.totals.failed > 0 {
            known += known_failures(&bytes, &engine);
        }
        total.totals.add(summary.totals);
        total.streams += summary.streams;
        total.broken += summary.broken;
        let name = Reader::new(&bytes).map_or_else(
            |_| path.display().to_string(),
            |r| r.header().name().to_string(),
        );
        peaks.push((peak, name));
    }
    let t = total.totals;
    println!(
        "spec total: {} passed, {} failed ({} directives, {} streams)",
        t.passed, t.failed, t.directives, total.streams
    );
    peaks.sort_by(|a, b| b.cmp(a));
    println!("peak heap per stream (engine config as given; stream bytes not counted):");
    for (peak, name) in peaks.iter().take(12) {
        println!("  {peak:>10} bytes  {name}");
    }
    if let Some((median, _)) = peaks.get(peaks.len() / 2) {
        println!("  median {median} bytes over {} streams", peaks.len());
    }
    if known > 0 {
        println!("{known} of the failures are known failures (spec-tests/src/known_failures.rs)");
    }
    if t.failed == known && total.broken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How many of the directives of `stream` that fail are ones the host
/// runner lists as known failures (`known_directive_failure`, or all of
/// a file's by `known_failure`). Runs the
/// stream again: `run_all` prints at most `MAX_FAILURE_LINES` per stream.
fn known_failures(stream: &[u8], engine: &Engine) -> u32 {
    let mut known = 0;
    let _ = mote_spec_stream::run_stream(stream, engine, &mut |event| {
        if let mote_spec_stream::Event::Fail(f) = event
            && (mote_spec_tests::known_directive_failure(&format!("{}:{}", f.file, f.line))
                .is_some()
                || mote_spec_tests::known_failure(f.file).is_some())
        {
            known += 1;
        }
    });
    known
}

/// `fmt::Write` to stdout.
struct Stdout;

impl std::fmt::Write for Stdout {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(s.as_bytes())
            .map_err(|_| std::fmt::Error)
    }
}
