//! The `mote-aot` column's preparation: each workload (the SIMD ones
//! too) and the start-up module compiled once, before
//! any timing, with `mote compile --target host` into an artifact that the
//! column then runs with `mote run app.cwasm`. Compile time and artifact
//! size are reported apart from run time, in their own table.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::json::Json;
use crate::process::{Exit, Scratch};
use crate::stats::Summary;

/// Where the artifacts go, under the repository root.
pub const DIR: &str = "target/bench/tmp/aot";

/// The artifact of module `name` (a workload, or a module's file stem).
pub fn artifact(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.cwasm"))
}

/// One module compiled ahead of time.
pub struct Compile {
    pub module: String,
    pub wasm_bytes: u64,
    /// Whole-process compile time (seconds) and the artifact's bytes, or
    /// why compilation failed.
    pub result: Result<(Summary, u64), String>,
}

/// Compiles each `(name, module)` with `mote compile --target host` into
/// [`artifact`]`(dir, name)`, `runs` times, timing each run.
pub fn compile_all(
    scratch: &Scratch,
    mote: &Path,
    dir: &Path,
    modules: &[(String, PathBuf)],
    runs: usize,
) -> Vec<Compile> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let why = format!("{}: {e}", dir.display());
        return modules
            .iter()
            .map(|(name, _)| Compile {
                module: name.clone(),
                wasm_bytes: 0,
                result: Err(why.clone()),
            })
            .collect();
    }
    modules
        .iter()
        .map(|(name, wasm)| {
            let out = artifact(dir, name);
            let wasm_bytes = std::fs::metadata(wasm).map_or(0, |m| m.len());
            let mut times = Vec::new();
            let mut result = Ok(());
            for _ in 0..runs.max(1) {
                let mut command = Command::new(mote);
                command
                    .args(["compile", "--target", "host"])
                    .arg(wasm)
                    .arg("-o")
                    .arg(&out);
                match scratch.run(&mut command) {
                    Ok(o) if o.exit == Exit::Code(0) => times.push(o.wall.as_secs_f64()),
                    Ok(o) => result = Err(o.failure_summary()),
                    Err(e) => result = Err(format!("cannot run {}: {e}", mote.display())),
                }
                if result.is_err() {
                    break;
                }
            }
            let result = result.and_then(|()| {
                let bytes = std::fs::metadata(&out)
                    .map_err(|e| format!("{}: {e}", out.display()))?
                    .len();
                let summary = Summary::of(&times).ok_or("no run")?;
                Ok((summary, bytes))
            });
            eprintln!(
                "mote compile --target host {name}: {}",
                match &result {
                    Ok((s, bytes)) => format!("{:.1} ms, {bytes} bytes", s.median * 1e3),
                    Err(why) => why.clone(),
                }
            );
            Compile {
                module: name.clone(),
                wasm_bytes,
                result,
            }
        })
        .collect()
}

/// The table of compile times and sizes.
pub fn markdown(out: &mut String, compiles: &[Compile], runs: usize) {
    if compiles.is_empty() {
        return;
    }
    writeln!(out, "\n## Ahead-of-time compilation (mote-aot)\n").unwrap();
    writeln!(
        out,
        "The `mote-aot` column runs `mote run app.cwasm`: the workload compiled once beforehand with `mote compile --target host app.wasm -o app.cwasm` (Cranelift, every feature of this CPU), so its times above are load, instantiate and run. The compilation: whole process, median of {runs} [min–max] in milliseconds; the artifact holds the module, the machine code and a header.\n"
    )
    .unwrap();
    writeln!(
        out,
        "| module | wasm bytes | compile ms | artifact bytes |\n|---|---|---|---|"
    )
    .unwrap();
    for c in compiles {
        match &c.result {
            Ok((s, bytes)) => writeln!(
                out,
                "| {} | {} | {:.1} [{:.1}–{:.1}] | {bytes} |",
                c.module,
                c.wasm_bytes,
                s.median * 1e3,
                s.min * 1e3,
                s.max * 1e3
            ),
            Err(why) => writeln!(
                out,
                "| {} | {} | FAILED: {} | — |",
                c.module,
                c.wasm_bytes,
                why.replace('|', "\\|")
            ),
        }
        .unwrap();
    }
}

pub fn json(compiles: &[Compile]) -> Json {
    Json::Array(
        compiles
            .iter()
            .map(|c| {
                let (summary, bytes, error) = match &c.result {
                    Ok((s, bytes)) => (Some(*s), Some(*bytes as f64), Json::Null),
                    Err(why) => (None, None, Json::str(why)),
                };
                Json::Object(vec![
                    ("module", Json::str(&c.module)),
                    ("wasm_bytes", Json::Number(c.wasm_bytes as f64)),
                    (
                        "compile_median_s",
                        Json::opt_number(summary.map(|s| s.median)),
                    ),
                    ("compile_min_s", Json::opt_number(summary.map(|s| s.min))),
                    ("compile_max_s", Json::opt_number(summary.map(|s| s.max))),
                    ("artifact_bytes", Json::opt_number(bytes)),
                    ("error", error),
                ])
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_times_sizes_and_failures() {
        let compiles = [
            Compile {
                module: "fib".into(),
                wasm_bytes: 100,
                result: Ok((
                    Summary {
                        median: 0.0605,
                        min: 0.06,
                        max: 0.07,
                    },
                    4242,
                )),
            },
            Compile {
                module: "bad".into(),
                wasm_bytes: 7,
                result: Err("exit code 1: error: a|b".into()),
            },
        ];
        let mut out = String::new();
        markdown(&mut out, &compiles, 3);
        assert!(
            out.contains("| fib | 100 | 60.5 [60.0–70.0] | 4242 |"),
            "{out}"
        );
        assert!(
            out.contains("| bad | 7 | FAILED: exit code 1: error: a\\|b | — |"),
            "{out}"
        );
        let mut none = String::new();
        markdown(&mut none, &[], 3);
        assert!(none.is_empty());
    }
}
