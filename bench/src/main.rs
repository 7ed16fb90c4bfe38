//! `mote-bench`: runs the benchmark workloads on Mote, its peers and
//! natively, side by side, and writes the report.
//!
//! ```sh
//! scripts/bench.sh                     # installs peers, builds, runs this
//! mote-bench --mote target/bench/cargo/release/mote --readme README.md
//! mote-bench --scale small --runs 1 --startup-runs 3   # a quick check
//! ```
//!
//! It only measures and reports: the peers are installed by
//! `bench/peers/install.sh`, the workloads built by
//! `bench/build-workloads.sh`. Run it from the repository root.

mod aot;
mod json;
mod measure;
mod process;
mod report;
mod runtimes;
mod stats;
mod workloads;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{fs, thread};

use report::{Machine, Results};
use workloads::Scale;

const USAGE: &str = "\
usage: mote-bench [OPTIONS]

Runs every workload in bench/workloads/ on every runtime, checks each output
against the native build's checksum, and writes <out>/latest.md and
<out>/latest.json. Run from the repository root.

options:
  --runs N            timed runs per workload and runtime (default 5)
  --startup-runs N    runs of tests/wasi/hello.wasm per runtime (default 50)
  --scale full|small  the workloads' default scale or a hundredth (default full)
  --mote PATH         the mote binary (default target/release/mote)
  --mote-aot PATH     the mote binary built with the `aot` feature, for
                      the mote-aot column (default: the --mote binary)
  --out DIR           where latest.md and latest.json go (default bench/results)
  --readme FILE       also rewrite FILE's block between <!-- bench:start -->
                      and <!-- bench:end -->
  --workloads A,B     only these workloads (names as in checksums.txt)
  --no-instructions   skip the callgrind instruction counts";

struct Options {
    runs: usize,
    startup_runs: usize,
    scale: Scale,
    mote: PathBuf,
    mote_aot: Option<PathBuf>,
    out: PathBuf,
    readme: Option<PathBuf>,
    instructions: bool,
    /// `--workloads`: the names to run, or every workload when empty.
    only: Vec<String>,
}

fn parse_options() -> Result<Options, lexopt::Error> {
    use lexopt::prelude::*;
    let mut options = Options {
        runs: 5,
        startup_runs: 50,
        scale: Scale::Full,
        mote: PathBuf::from("target/release/mote"),
        mote_aot: None,
        out: PathBuf::from("bench/results"),
        readme: None,
        instructions: true,
        only: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("runs") => options.runs = parser.value()?.parse()?,
            Long("startup-runs") => options.startup_runs = parser.value()?.parse()?,
            Long("scale") => {
                options.scale = match parser.value()?.string()?.as_str() {
                    "full" => Scale::Full,
                    "small" => Scale::Small,
                    other => {
                        return Err(format!("--scale: expected full or small, got {other}").into());
                    }
                }
            }
            Long("mote") => options.mote = parser.value()?.into(),
            Long("mote-aot") => options.mote_aot = Some(parser.value()?.into()),
            Long("out") => options.out = parser.value()?.into(),
            Long("readme") => options.readme = Some(parser.value()?.into()),
            Long("no-instructions") => options.instructions = false,
            Long("workloads") => {
                let list = parser.value()?.string()?;
                options.only = list.split(',').map(str::to_string).collect();
            }
            Short('h') | Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(error) => {
            eprintln!("mote-bench: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mote-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let root = Path::new(".");
    let checksums = root.join("bench/workloads/checksums.txt");
    let text = fs::read_to_string(&checksums).map_err(|e| {
        format!(
            "{}: {e} (run from the repository root, after bench/build-workloads.sh)",
            checksums.display()
        )
    })?;
    let mut workloads =
        workloads::parse_checksums(&text).map_err(|e| format!("{}: {e}", checksums.display()))?;
    if !options.only.is_empty() {
        if let Some(unknown) = options
            .only
            .iter()
            .find(|name| !workloads.iter().any(|w| &w.name == *name))
        {
            return Err(format!(
                "--workloads: no workload {unknown:?} in {}",
                checksums.display()
            ));
        }
        workloads.retain(|w| options.only.contains(&w.name));
    }
    let scratch = measure::scratch_dir(root).map_err(|e| format!("target/bench/tmp: {e}"))?;
    let load_before = load_average();
    let runtimes = runtimes::all(
        root,
        &options.mote,
        options.mote_aot.as_ref().unwrap_or(&options.mote),
    );
    for runtime in &runtimes {
        eprintln!("{:<16} {}", runtime.name, runtime.version);
    }

    // The mote-aot column's artifacts, compiled (and timed) before any run.
    let aot_runs = options.runs.clamp(1, 3);
    let aot = match runtimes.iter().find(|r| r.artifacts.is_some()) {
        Some(r) if r.is_installed() => {
            let mut modules: Vec<(String, PathBuf)> = workloads
                .iter()
                .map(|w| {
                    let wasm = root
                        .join("bench/workloads")
                        .join(format!("{}.wasm", w.name));
                    (w.name.clone(), wasm)
                })
                .collect();
            let startup = root.join(measure::STARTUP_MODULE);
            if let Some(stem) = startup.file_stem() {
                modules.push((stem.to_string_lossy().into_owned(), startup.clone()));
            }
            let dir = r.artifacts.clone().unwrap_or_default();
            aot::compile_all(&scratch, &r.program, &dir, &modules, aot_runs)
        }
        _ => Vec::new(),
    };

    let cells = measure::workloads(
        root,
        &scratch,
        &runtimes,
        &workloads,
        options.scale,
        options.runs,
    );
    let wasm_runtimes: Vec<&runtimes::Runtime> = runtimes.iter().filter(|r| !r.native).collect();
    let startup = measure::startup(root, &scratch, &wasm_runtimes, options.startup_runs);
    let instructions = if options.instructions {
        let mote = runtimes
            .iter()
            .find(|r| r.name == "mote")
            .ok_or("no mote runtime")?;
        measure::instructions(root, &scratch, mote, &workloads)
    } else {
        Vec::new()
    };

    let results = Results {
        machine: machine(load_before),
        runs: options.runs,
        startup_runs: options.startup_runs,
        scale: options.scale,
        runtimes: &runtimes,
        workloads: &workloads,
        cells,
        startup,
        instructions,
        aot,
        aot_runs,
    };
    let markdown = results.markdown();
    println!("{markdown}");

    fs::create_dir_all(&options.out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    let write = |name: &str, text: String| {
        let path = options.out.join(name);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("latest.md", markdown)?;
    write("latest.json", format!("{}\n", results.json()))?;
    eprintln!("wrote {}/latest.md and latest.json", options.out.display());

    if let Some(readme) = &options.readme {
        let text = fs::read_to_string(readme).map_err(|e| format!("{}: {e}", readme.display()))?;
        let new = report::replace_readme_block(&text, &results.readme_block())
            .map_err(|e| format!("{}: {e}", readme.display()))?;
        fs::write(readme, new).map_err(|e| format!("{}: {e}", readme.display()))?;
        eprintln!("updated the bench block of {}", readme.display());
    }
    Ok(())
}

/// The 1-minute load average.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Date, CPU model, core count, kernel and load of this machine.
fn machine(load_before: String) -> Machine {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let output = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|e| format!("unknown ({e})"))
    };
    Machine {
        date: output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        cpu,
        cores: thread::available_parallelism().map_or(0, |n| n.get()),
        kernel: output("uname", &["-srm"]),
        load_before,
        load_after: load_average(),
    }
}
