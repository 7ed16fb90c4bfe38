//! Turns the measurements into `latest.md` (tables), `latest.json` (every
//! sample) and the block of README.md between the bench markers.

use std::fmt::Write;

use crate::json::Json;
use crate::measure::{Cell, Instructions, STARTUP_MODULE};
use crate::runtimes::{REFERENCE_INTERPRETER, Runtime};
use crate::stats::{Summary, geomean};
use crate::workloads::{Scale, Workload};

/// Where and when the numbers were taken.
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub cores: usize,
    pub kernel: String,
    /// `/proc/loadavg`'s 1-minute load before and after the measurements:
    /// other work on the machine shows up here and in the min–max ranges.
    pub load_before: String,
    pub load_after: String,
}

pub struct Results<'a> {
    pub machine: Machine,
    pub runs: usize,
    pub startup_runs: usize,
    pub scale: Scale,
    pub runtimes: &'a [Runtime],
    pub workloads: &'a [Workload],
    /// `cells[workload][runtime]`.
    pub cells: Vec<Vec<Cell>>,
    /// The spawn floor, then one row per wasm runtime.
    pub startup: Vec<(String, Cell)>,
    pub instructions: Vec<Instructions>,
    /// The `mote-aot` column's compilations (`aot.rs`).
    pub aot: Vec<crate::aot::Compile>,
    /// Compilations per module that `aot` times.
    pub aot_runs: usize,
}

pub const README_START: &str = "<!-- bench:start -->";
pub const README_END: &str = "<!-- bench:end -->";

fn secs_summary(cell: &Cell) -> Option<Summary> {
    Summary::of(&cell.samples().iter().map(|s| s.secs).collect::<Vec<_>>())
}

fn rss_median_kib(cell: &Cell) -> Option<f64> {
    Summary::of(
        &cell
            .samples()
            .iter()
            .map(|s| s.max_rss_kib as f64)
            .collect::<Vec<_>>(),
    )
    .map(|s| s.median)
}

/// Seconds with three significant digits.
fn secs(x: f64) -> String {
    match x {
        x if x >= 10.0 => format!("{x:.1}"),
        x if x >= 1.0 => format!("{x:.2}"),
        x if x >= 0.1 => format!("{x:.3}"),
        x => format!("{x:.4}"),
    }
}

fn ratio(x: f64) -> String {
    match x {
        x if x >= 100.0 => format!("{x:.0}"),
        x if x >= 10.0 => format!("{x:.1}"),
        x => format!("{x:.2}"),
    }
}

fn mib(kib: f64) -> String {
    format!("{:.1}", kib / 1024.0)
}

/// The word a cell without a time shows.
fn status(cell: &Cell) -> &'static str {
    match cell {
        Cell::NotInstalled => "not installed",
        Cell::Skipped(_) => "skipped",
        Cell::Failed(_) => "FAILED",
        Cell::Wrong(_) => "WRONG",
        Cell::Timed(_) => "—",
    }
}

fn time_cell(cell: &Cell) -> String {
    match secs_summary(cell) {
        Some(s) => format!("{} [{}–{}]", secs(s.median), secs(s.min), secs(s.max)),
        None => status(cell).to_string(),
    }
}

impl Results<'_> {
    fn column(&self, name: &str) -> Option<usize> {
        self.runtimes.iter().position(|r| r.name == name)
    }

    /// Median seconds of every workload for runtime `r`, or `None` when
    /// any is missing (a geomean over fewer workloads would not compare).
    /// The SIMD workloads are left out: not every runtime runs them, and
    /// the geomeans compare the same set on every runtime.
    fn all_medians(&self, r: usize) -> Option<Vec<f64>> {
        self.cells
            .iter()
            .zip(self.workloads)
            .filter(|(_, workload)| !workload.needs_simd())
            .map(|(row, _)| secs_summary(&row[r]).map(|s| s.median))
            .collect()
    }

    fn geomean_secs(&self, r: usize) -> Option<f64> {
        geomean(&self.all_medians(r)?)
    }

    /// Geomean over workloads of runtime `r`'s median / `base`'s median.
    fn geomean_ratio(&self, r: usize, base: usize) -> Option<f64> {
        let (a, b) = (self.all_medians(r)?, self.all_medians(base)?);
        geomean(&a.iter().zip(&b).map(|(a, b)| a / b).collect::<Vec<_>>())
    }

    /// Largest per-workload median peak RSS of runtime `r`, in KiB.
    fn peak_rss_kib(&self, r: usize) -> Option<f64> {
        self.cells
            .iter()
            .filter_map(|row| rss_median_kib(&row[r]))
            .reduce(f64::max)
    }

    fn startup_of(&self, name: &str) -> Option<&Cell> {
        self.startup.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    fn header_row(&self, first: &str) -> String {
        let mut row = format!("| {first} |");
        for runtime in self.runtimes {
            write!(row, " {} |", runtime.name).unwrap();
        }
        row.push('\n');
        row += &"|---".repeat(self.runtimes.len() + 1);
        row + "|\n"
    }

    fn ratio_table(&self, out: &mut String, base: usize) {
        out.push_str(&self.header_row("workload"));
        for (w, workload) in self.workloads.iter().enumerate() {
            write!(out, "| {} |", workload.name).unwrap();
            let base_median = secs_summary(&self.cells[w][base]).map(|s| s.median);
            for cell in &self.cells[w] {
                let text = match (secs_summary(cell), base_median) {
                    (Some(s), Some(b)) => ratio(s.median / b),
                    (None, _) => status(cell).to_string(),
                    (Some(_), None) => "—".to_string(),
                };
                write!(out, " {text} |").unwrap();
            }
            out.push('\n');
        }
        out.push_str("| **geomean** |");
        for r in 0..self.runtimes.len() {
            let text = self
                .geomean_ratio(r, base)
                .map_or("—".to_string(), |g| format!("**{}**", ratio(g)));
            write!(out, " {text} |").unwrap();
        }
        out.push('\n');
    }

    /// One row per runtime: geomean time, ratios, start-up, memory.
    fn summary_table(&self, out: &mut String) {
        let native = self.column("native");
        let wasmi = self.column(REFERENCE_INTERPRETER);
        out.push_str(&format!(
            "| runtime | geomean time (s) | × native | × {REFERENCE_INTERPRETER} | start-up (ms) | peak RSS, start-up (MiB) | peak RSS, largest workload (MiB) |\n"
        ));
        out.push_str("|---|---|---|---|---|---|---|\n");
        for (r, runtime) in self.runtimes.iter().enumerate() {
            let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".to_string());
            let time = self.geomean_secs(r).map(secs);
            let time = match (&time, &runtime.install_error) {
                (None, Some(_)) => Some("not installed".to_string()),
                _ => time,
            };
            let x_native = native.and_then(|n| self.geomean_ratio(r, n)).map(ratio);
            let x_wasmi = wasmi.and_then(|b| self.geomean_ratio(r, b)).map(ratio);
            let startup = self.startup_of(runtime.name);
            let startup_ms = startup
                .and_then(secs_summary)
                .map(|s| format!("{:.1}", s.median * 1e3));
            let startup_rss = startup.and_then(rss_median_kib).map(mib);
            let peak = self.peak_rss_kib(r).map(mib);
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                runtime.name,
                or_dash(time),
                or_dash(x_native),
                or_dash(x_wasmi),
                or_dash(startup_ms),
                or_dash(startup_rss),
                or_dash(peak)
            )
            .unwrap();
        }
    }

    /// Every cell that has no time, with the reason.
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for runtime in self.runtimes {
            if let Some(error) = &runtime.install_error {
                notes.push(format!(
                    "**{}** is not installed:\n\n```\n{}\n```",
                    runtime.name, error
                ));
            }
        }
        for (w, workload) in self.workloads.iter().enumerate() {
            for (r, runtime) in self.runtimes.iter().enumerate() {
                match &self.cells[w][r] {
                    Cell::Failed(why) | Cell::Wrong(why) | Cell::Skipped(why) => {
                        notes.push(format!(
                            "**{}** on `{}`: {} — {}",
                            runtime.name,
                            workload.name,
                            status(&self.cells[w][r]),
                            why.replace('\n', " ")
                        ))
                    }
                    _ => {}
                }
            }
        }
        for (name, cell) in &self.startup {
            if let Cell::Failed(why) | Cell::Wrong(why) = cell {
                notes.push(format!("**{name}** start-up: {} — {why}", status(cell)));
            }
        }
        notes
    }

    fn machine_line(&self) -> String {
        let m = &self.machine;
        format!(
            "{}, {} ({} cores), {}, load average {} before and {} after",
            m.date, m.cpu, m.cores, m.kernel, m.load_before, m.load_after
        )
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let m = &self.machine;
        writeln!(out, "# Benchmark results\n").unwrap();
        writeln!(
            out,
            "Written by `scripts/bench.sh` (harness: `bench/src/`, crate `mote-bench`).\n"
        )
        .unwrap();
        writeln!(out, "| | |\n|---|---|").unwrap();
        writeln!(out, "| date | {} |", m.date).unwrap();
        writeln!(out, "| CPU | {} ({} cores) |", m.cpu, m.cores).unwrap();
        writeln!(out, "| kernel | {} |", m.kernel).unwrap();
        writeln!(
            out,
            "| load average (1 min) | {} before, {} after |",
            m.load_before, m.load_after
        )
        .unwrap();
        writeln!(out, "| scale | {} |", self.scale).unwrap();
        writeln!(
            out,
            "| runs | {} per workload and runtime, round-robin: run 1 of every workload on every runtime, then run 2, …; before them one unmeasured check run of each at a hundredth of the scale |\n",
            self.runs
        )
        .unwrap();

        writeln!(out, "## Runtimes\n").unwrap();
        writeln!(out, "| runtime | version | what runs |\n|---|---|---|").unwrap();
        for runtime in self.runtimes {
            writeln!(
                out,
                "| {} | {} | {} |",
                runtime.name, runtime.version, runtime.about
            )
            .unwrap();
        }

        writeln!(out, "\n## Summary\n").unwrap();
        writeln!(
            out,
            "Geomeans over the {} workloads without SIMD (a runtime missing any of them has none); start-up is `{STARTUP_MODULE}`, whole process, median of {}; peak RSS is `ru_maxrss`.\n",
            self.workloads.iter().filter(|w| !w.needs_simd()).count(),
            self.startup_runs
        )
        .unwrap();
        self.summary_table(&mut out);

        writeln!(out, "\n## Time\n").unwrap();
        writeln!(
            out,
            "Seconds, whole process (spawn to exit: load, validate, translate or compile, run), median of {} [min–max]. Every run's output is compared with the checksum of the native build (`bench/workloads/checksums.txt`); a runtime that prints anything else shows WRONG, one that fails shows FAILED, never a time.\n",
            self.runs
        )
        .unwrap();
        out.push_str(&self.header_row("workload"));
        for (w, workload) in self.workloads.iter().enumerate() {
            write!(out, "| {} |", workload.name).unwrap();
            for cell in &self.cells[w] {
                write!(out, " {} |", time_cell(cell)).unwrap();
            }
            out.push('\n');
        }
        out.push_str("| **geomean** |");
        for r in 0..self.runtimes.len() {
            let text = self
                .geomean_secs(r)
                .map_or("—".to_string(), |g| format!("**{}**", secs(g)));
            write!(out, " {text} |").unwrap();
        }
        out.push('\n');

        if let Some(native) = self.column("native") {
            writeln!(
                out,
                "\n## Ratio to native\n\nMedian time / native's median time (lower is faster).\n"
            )
            .unwrap();
            self.ratio_table(&mut out, native);
        }
        if let Some(wasmi) = self.column(REFERENCE_INTERPRETER) {
            writeln!(
                out,
                "\n## Ratio to {REFERENCE_INTERPRETER}\n\nMedian time / {REFERENCE_INTERPRETER}'s median time (lower is faster).\n"
            )
            .unwrap();
            self.ratio_table(&mut out, wasmi);
        }

        writeln!(out, "\n## Start-up\n").unwrap();
        writeln!(
            out,
            "`{STARTUP_MODULE}`, whole process, {} rounds over the runtimes after one unmeasured run each; milliseconds, median [min–max], and the median peak RSS.\n",
            self.startup_runs
        )
        .unwrap();
        writeln!(out, "| command | ms | peak RSS (MiB) |\n|---|---|---|").unwrap();
        for (name, cell) in &self.startup {
            let ms = match secs_summary(cell) {
                Some(s) => format!(
                    "{:.2} [{:.2}–{:.2}]",
                    s.median * 1e3,
                    s.min * 1e3,
                    s.max * 1e3
                ),
                None => status(cell).to_string(),
            };
            let rss = rss_median_kib(cell).map_or("—".to_string(), mib);
            writeln!(out, "| {name} | {ms} | {rss} |").unwrap();
        }

        writeln!(out, "\n## Instructions (mote, callgrind)\n").unwrap();
        writeln!(
            out,
            "Instructions executed by the whole `mote run` process under `valgrind --tool=callgrind`, at a hundredth of each workload's default scale (the full scale would take minutes under valgrind). Unlike time, the count does not depend on the machine's load, so it compares two versions of Mote on a noisy machine.\n"
        )
        .unwrap();
        writeln!(out, "| workload | scale | instructions |\n|---|---|---|").unwrap();
        for count in &self.instructions {
            let text = match &count.count {
                Ok(n) => group_thousands(*n),
                Err(why) => format!("FAILED: {}", why.replace('\n', " ").replace('|', "\\|")),
            };
            writeln!(out, "| {} | {} | {} |", count.workload, count.scale, text).unwrap();
        }

        crate::aot::markdown(&mut out, &self.aot, self.aot_runs);

        let notes = self.notes();
        if !notes.is_empty() {
            writeln!(out, "\n## Notes\n").unwrap();
            for note in notes {
                writeln!(out, "- {}", note.replace("\n", "\n  ")).unwrap();
            }
        }
        out
    }

    /// The README's block: the summary table, where it was measured, and
    /// where the rest is.
    pub fn readme_block(&self) -> String {
        let mut out = String::new();
        writeln!(
            out,
            "The {} workloads of `bench/workloads/` ({}), whole process (load, translate or compile, run), median of {} runs each, round-robin over the runtimes, every output checked against the native build's checksum. Geomeans over the workloads without SIMD (every runtime runs those); start-up is `{STARTUP_MODULE}`, median of {}. wasmtime runs with its compilation cache off (`-C cache=n`), so it compiles on every run as the interpreters translate on every run. Measured {}.\n",
            self.workloads.len(),
            self.scale,
            self.runs,
            self.startup_runs,
            self.machine_line()
        )
        .unwrap();
        self.summary_table(&mut out);
        let notes = self.notes().len();
        writeln!(
            out,
            "\nPer-workload times with min and max, ratios, start-up and Mote's instruction counts: [`bench/results/latest.md`](bench/results/latest.md){}. Versions and how each peer is built are listed there.",
            if notes > 0 { format!(" ({notes} notes on failed or missing cells)") } else { String::new() }
        )
        .unwrap();
        out
    }

    pub fn json(&self) -> Json {
        let cell_json = |cell: &Cell| {
            let (status, detail) = match cell {
                Cell::NotInstalled => ("not installed", None),
                Cell::Skipped(why) => ("skipped", Some(why.clone())),
                Cell::Failed(why) => ("failed", Some(why.clone())),
                Cell::Wrong(why) => ("wrong", Some(why.clone())),
                Cell::Timed(_) => ("ok", None),
            };
            let summary = secs_summary(cell);
            Json::Object(vec![
                ("status", Json::str(status)),
                ("detail", detail.map_or(Json::Null, Json::String)),
                ("median_s", Json::opt_number(summary.map(|s| s.median))),
                ("min_s", Json::opt_number(summary.map(|s| s.min))),
                ("max_s", Json::opt_number(summary.map(|s| s.max))),
                (
                    "times_s",
                    Json::Array(
                        cell.samples()
                            .iter()
                            .map(|s| Json::Number(s.secs))
                            .collect(),
                    ),
                ),
                (
                    "max_rss_kib",
                    Json::Array(
                        cell.samples()
                            .iter()
                            .map(|s| Json::Number(s.max_rss_kib as f64))
                            .collect(),
                    ),
                ),
            ])
        };
        let m = &self.machine;
        Json::Object(vec![
            ("date", Json::str(&m.date)),
            ("cpu", Json::str(&m.cpu)),
            ("cores", Json::Number(m.cores as f64)),
            ("kernel", Json::str(&m.kernel)),
            ("load_before", Json::str(&m.load_before)),
            ("load_after", Json::str(&m.load_after)),
            (
                "scale",
                Json::str(match self.scale {
                    Scale::Full => "default",
                    Scale::Small => "hundredth",
                }),
            ),
            ("runs", Json::Number(self.runs as f64)),
            (
                "runtimes",
                Json::Array(
                    self.runtimes
                        .iter()
                        .map(|r| {
                            Json::Object(vec![
                                ("name", Json::str(r.name)),
                                ("version", Json::str(&r.version)),
                                ("about", Json::str(r.about)),
                                (
                                    "install_error",
                                    r.install_error.clone().map_or(Json::Null, Json::String),
                                ),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "workloads",
                Json::Array(
                    self.workloads
                        .iter()
                        .zip(&self.cells)
                        .map(|(workload, row)| {
                            let expected = workload.expected(self.scale);
                            Json::Object(vec![
                                ("name", Json::str(&workload.name)),
                                ("scale", Json::Number(f64::from(expected.scale))),
                                ("checksum", Json::str(&expected.checksum)),
                                (
                                    "results",
                                    Json::Object(
                                        self.runtimes
                                            .iter()
                                            .zip(row)
                                            .map(|(r, c)| (r.name, cell_json(c)))
                                            .collect(),
                                    ),
                                ),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "startup",
                Json::Object(vec![
                    ("module", Json::str(STARTUP_MODULE)),
                    ("runs", Json::Number(self.startup_runs as f64)),
                    (
                        "results",
                        Json::Array(
                            self.startup
                                .iter()
                                .map(|(name, cell)| {
                                    Json::Object(vec![
                                        ("command", Json::str(name)),
                                        ("result", cell_json(cell)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ]),
            ),
            ("aot_compile", crate::aot::json(&self.aot)),
            (
                "instructions",
                Json::Object(vec![
                    (
                        "tool",
                        Json::str(
                            "valgrind --tool=callgrind, mote run, a hundredth of the default scale",
                        ),
                    ),
                    (
                        "results",
                        Json::Array(
                            self.instructions
                                .iter()
                                .map(|count| {
                                    Json::Object(vec![
                                        ("workload", Json::str(&count.workload)),
                                        ("scale", Json::Number(f64::from(count.scale))),
                                        (
                                            "instructions",
                                            count
                                                .count
                                                .as_ref()
                                                .map_or(Json::Null, |n| Json::Number(*n as f64)),
                                        ),
                                        (
                                            "error",
                                            count
                                                .count
                                                .as_ref()
                                                .err()
                                                .map_or(Json::Null, Json::str),
                                        ),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ]),
            ),
        ])
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `readme` with the text between the bench markers replaced by `block`.
pub fn replace_readme_block(readme: &str, block: &str) -> Result<String, String> {
    let start = readme
        .find(README_START)
        .ok_or(format!("no {README_START} marker"))?;
    let body = start + README_START.len();
    let end = body
        + readme[body..]
            .find(README_END)
            .ok_or(format!("no {README_END} marker after {README_START}"))?;
    Ok(format!(
        "{}\n\n{}\n\n{}",
        &readme[..body],
        block.trim_end(),
        &readme[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(secs(1.2345), "1.23");
        assert_eq!(secs(0.05234), "0.0523");
        assert_eq!(secs(12.34), "12.3");
        assert_eq!(ratio(19.64), "19.6");
        assert_eq!(ratio(0.5), "0.50");
        assert_eq!(group_thousands(160134491), "160,134,491");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn replaces_only_the_marked_block() {
        let readme = "# A\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\n## B\n";
        let new = replace_readme_block(readme, "new table\n").unwrap();
        assert_eq!(
            new,
            "# A\n\n<!-- bench:start -->\n\nnew table\n\n<!-- bench:end -->\n\n## B\n"
        );
        assert!(replace_readme_block("no markers", "x").is_err());
        assert!(replace_readme_block("<!-- bench:end --> <!-- bench:start -->", "x").is_err());
    }
}
