//! The measurements: workload times (round-robin over runtimes), start-up,
//! and Mote's instruction counts under callgrind. Every run's output is
//! checked; a run that fails or prints anything else ends that cell's
//! timing and the cell reports why instead of a time.

use std::io;
use std::path::Path;
use std::process::Command;

use crate::process::{Exit, Outcome, Scratch};
use crate::runtimes::Runtime;
use crate::workloads::{Scale, Workload};

/// One measured run.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub secs: f64,
    pub max_rss_kib: u64,
}

/// What one runtime did with one workload (or with the start-up module).
#[derive(Clone, Debug)]
pub enum Cell {
    NotInstalled,
    /// Not run: the workload needs what the runtime lacks (the reason).
    Skipped(String),
    /// Did not exit 0 (trap, missing feature, crash), or could not start.
    Failed(String),
    /// Exited 0 but printed something other than the expected output.
    Wrong(String),
    Timed(Vec<Sample>),
}

impl Cell {
    pub fn samples(&self) -> &[Sample] {
        match self {
            Cell::Timed(samples) => samples,
            _ => &[],
        }
    }
}

/// Runs `command` once and checks it exited 0 printing exactly `expected`.
fn run_checked(scratch: &Scratch, mut command: Command, expected: &str) -> Result<Sample, Cell> {
    let outcome: Outcome = scratch
        .run(&mut command)
        .map_err(|e| Cell::Failed(format!("cannot run {:?}: {e}", command.get_program())))?;
    if outcome.exit != Exit::Code(0) {
        return Err(Cell::Failed(outcome.failure_summary()));
    }
    if outcome.stdout != expected {
        return Err(Cell::Wrong(format!(
            "printed {:?}, expected {:?}",
            outcome.stdout.trim_end(),
            expected.trim_end()
        )));
    }
    Ok(Sample {
        secs: outcome.wall.as_secs_f64(),
        max_rss_kib: outcome.max_rss_kib,
    })
}

/// Times every workload on every runtime: first one unmeasured check run
/// of each at a hundredth of the scale (it also warms the file cache), then
/// `runs` rounds of "every workload on every runtime", so that drift in the
/// machine's speed spreads over all runtimes alike. Returns
/// `cells[workload][runtime]`.
pub fn workloads(
    root: &Path,
    scratch: &Scratch,
    runtimes: &[Runtime],
    workloads: &[Workload],
    scale: Scale,
    runs: usize,
) -> Vec<Vec<Cell>> {
    let command = |runtime: &Runtime, workload: &Workload, scale: Scale| {
        runtime.command(
            root,
            &workload.name,
            &[workload.expected(scale).scale.to_string()],
        )
    };
    eprintln!("check run of every workload on every runtime at a hundredth of the scale");
    let mut cells: Vec<Vec<Cell>> = workloads
        .iter()
        .map(|workload| {
            runtimes
                .iter()
                .map(|runtime| {
                    if !runtime.is_installed() {
                        return Cell::NotInstalled;
                    }
                    if let (true, Some(why)) = (workload.needs_simd(), runtime.no_simd) {
                        return Cell::Skipped(why.to_string());
                    }
                    let expected = workload.expected_stdout(Scale::Small);
                    match run_checked(scratch, command(runtime, workload, Scale::Small), &expected)
                    {
                        Ok(_) => Cell::Timed(Vec::new()),
                        Err(cell) => {
                            eprintln!("  {} / {}: {cell:?}", runtime.name, workload.name);
                            cell
                        }
                    }
                })
                .collect()
        })
        .collect();

    for run in 1..=runs {
        for (w, workload) in workloads.iter().enumerate() {
            let expected = workload.expected_stdout(scale);
            let mut line = format!("run {run}/{runs} {:<14}", workload.name);
            for (r, runtime) in runtimes.iter().enumerate() {
                let Cell::Timed(samples) = &mut cells[w][r] else {
                    continue;
                };
                match run_checked(scratch, command(runtime, workload, scale), &expected) {
                    Ok(sample) => {
                        samples.push(sample);
                        line += &format!(" {} {:.3}", runtime.name, sample.secs);
                    }
                    Err(cell) => {
                        line += &format!(" {} {cell:?}", runtime.name);
                        cells[w][r] = cell;
                    }
                }
            }
            eprintln!("{line}");
        }
    }
    cells
}

/// The start-up module and its output.
pub const STARTUP_MODULE: &str = "tests/wasi/hello.wasm";
const STARTUP_OUTPUT: &str = "Hello, world!\n";

/// Whole-process start-up: `runs` rounds of `hello.wasm` on every wasm
/// runtime, after one unmeasured run each. The first row is `/bin/true`,
/// the cost of spawning any process.
pub fn startup(
    root: &Path,
    scratch: &Scratch,
    runtimes: &[&Runtime],
    runs: usize,
) -> Vec<(String, Cell)> {
    let module = root.join(STARTUP_MODULE);
    type MakeCommand<'a> = Box<dyn Fn() -> Command + 'a>;
    let mut rows: Vec<(String, Option<MakeCommand>, &str)> = vec![(
        "spawn floor (/bin/true)".into(),
        Some(Box::new(|| Command::new("/bin/true"))),
        "",
    )];
    for runtime in runtimes {
        let make: Option<MakeCommand> = runtime
            .is_installed()
            .then(|| Box::new(|| runtime.module_command(&module)) as MakeCommand);
        rows.push((runtime.name.to_string(), make, STARTUP_OUTPUT));
    }
    let mut cells: Vec<Cell> = rows
        .iter()
        .map(|(_, make, expected)| match make {
            None => Cell::NotInstalled,
            Some(make) => match run_checked(scratch, make(), expected) {
                Ok(_) => Cell::Timed(Vec::new()),
                Err(cell) => cell,
            },
        })
        .collect();
    eprintln!("start-up: {runs} rounds of {STARTUP_MODULE}");
    for _ in 0..runs {
        for (i, (_, make, expected)) in rows.iter().enumerate() {
            let (Some(make), Cell::Timed(samples)) = (make, &mut cells[i]) else {
                continue;
            };
            match run_checked(scratch, make(), expected) {
                Ok(sample) => samples.push(sample),
                Err(cell) => cells[i] = cell,
            }
        }
    }
    rows.into_iter()
        .map(|(name, _, _)| name)
        .zip(cells)
        .collect()
}

/// Mote's instruction count for one workload, from callgrind.
pub struct Instructions {
    pub workload: String,
    pub scale: u32,
    pub count: Result<u64, String>,
}

/// Counts the instructions `mote run` executes for each workload at a
/// hundredth of its default scale under `valgrind --tool=callgrind`: unlike
/// time, the count does not move with the machine's load. (`perf stat -e
/// instructions` would be cheaper, but virtual machines often do not
/// expose the counter.)
pub fn instructions(
    root: &Path,
    scratch: &Scratch,
    mote: &Runtime,
    workloads: &[Workload],
) -> Vec<Instructions> {
    let out_file = root.join("target/bench/tmp/callgrind.out");
    workloads
        .iter()
        .map(|workload| {
            let scale = workload.small.scale;
            eprintln!("callgrind: mote run {}.wasm {scale}", workload.name);
            let count = if mote.is_installed() {
                count_instructions(root, scratch, mote, workload, &out_file)
            } else {
                Err("mote is not built".to_string())
            };
            Instructions {
                workload: workload.name.clone(),
                scale,
                count,
            }
        })
        .collect()
}

fn count_instructions(
    root: &Path,
    scratch: &Scratch,
    mote: &Runtime,
    workload: &Workload,
    out_file: &Path,
) -> Result<u64, String> {
    let inner = mote.command(root, &workload.name, &[workload.small.scale.to_string()]);
    let mut command = Command::new("valgrind");
    command
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(inner.get_program())
        .args(inner.get_args());
    let outcome = scratch
        .run(&mut command)
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if outcome.exit != Exit::Code(0) {
        return Err(outcome.failure_summary());
    }
    if outcome.stdout != workload.expected_stdout(Scale::Small) {
        return Err(format!("WRONG: printed {:?}", outcome.stdout.trim_end()));
    }
    parse_collected(&outcome.stderr).ok_or_else(|| "no `Collected :` line from callgrind".into())
}

/// Callgrind ends with `==PID== Collected : N`.
fn parse_collected(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|line| line.split("Collected :").nth(1)?.trim().parse().ok())
}

/// Where the children's output and callgrind's file go.
pub fn scratch_dir(root: &Path) -> io::Result<Scratch> {
    Scratch::new(&root.join("target/bench/tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_callgrinds_total() {
        let stderr = "==1== Events    : Ir\n==1== Collected : 160134491\n==1== \n";
        assert_eq!(parse_collected(stderr), Some(160_134_491));
        assert_eq!(parse_collected("nothing"), None);
    }
}
