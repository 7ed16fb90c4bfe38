//! The command line.

use lexopt::prelude::*;
use mote_fuzz::Target;
use std::time::Duration;

pub const USAGE: &str = "\
usage: mote-fuzz list
       mote-fuzz run [TARGET...] [--time SECS | --count N] [--seed S] [--out DIR]
                     [--jobs N] [--timeout SECS] [--minimize-time SECS]
       mote-fuzz replay TARGET FILE...
       mote-fuzz minimize TARGET FILE [--note] [--out FILE] [--minimize-time SECS]
       mote-fuzz module TARGET FILE --out FILE.wasm|FILE.wat
       mote-fuzz input TARGET --seed S --out FILE";

/// How long, or how many inputs.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    Time(Duration),
    Count(u64),
}

#[derive(Debug, Clone)]
pub struct Run {
    pub targets: Vec<&'static Target>,
    pub budget: Budget,
    pub seed: Option<u64>,
    pub out: String,
    /// How many targets run at once, each in its worker process.
    pub jobs: usize,
    pub timeout: Duration,
    pub minimize_time: Duration,
}

/// What a worker process is told: one target, a first seed, a budget.
#[derive(Debug, Clone)]
pub struct Worker {
    pub target: &'static Target,
    pub seed: u64,
    pub budget: Budget,
}

pub enum Command {
    List,
    Run(Run),
    Worker(Worker),
    Replay {
        target: &'static Target,
        files: Vec<String>,
    },
    Minimize {
        target: &'static Target,
        file: String,
        out: Option<String>,
        budget: Duration,
        /// Keep the input yielding a note instead of failing.
        note: bool,
    },
    Module {
        target: &'static Target,
        file: String,
        out: String,
    },
    /// Writes the input of one seed.
    Input {
        target: &'static Target,
        seed: u64,
        out: String,
    },
}

fn target(name: &str) -> Result<&'static Target, String> {
    mote_fuzz::find(name).ok_or_else(|| {
        let names: Vec<_> = mote_fuzz::ALL.iter().map(|t| t.name).collect();
        format!("no target {name:?} (targets: {})", names.join(", "))
    })
}

/// A seed in decimal or `0x` hexadecimal.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    let r = match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse(),
    };
    r.map_err(|e| format!("bad seed {s:?}: {e}"))
}

fn secs(v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("bad number of seconds {v:?}"))
}

pub fn parse() -> Result<Command, String> {
    let mut p = lexopt::Parser::from_env();
    let sub = match p.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        _ => return Err("missing command".into()),
    };
    let mut positional: Vec<String> = Vec::new();
    let mut time = None;
    let mut count = None;
    let mut seed = None;
    let mut out = None;
    let mut jobs = None;
    let mut timeout = Duration::from_secs(20);
    let mut minimize_time = Duration::from_secs(60);
    let mut note = false;
    fn value(p: &mut lexopt::Parser) -> Result<String, String> {
        p.value()
            .map_err(|e| e.to_string())?
            .string()
            .map_err(|e| e.to_string())
    }
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("time") => time = Some(secs(&value(&mut p)?)?),
            Long("count") => {
                let v = value(&mut p)?;
                count = Some(v.parse().map_err(|_| format!("bad count {v:?}"))?);
            }
            Long("seed") => seed = Some(parse_seed(&value(&mut p)?)?),
            Long("out") => out = Some(value(&mut p)?),
            Long("jobs") => {
                let v = value(&mut p)?;
                jobs = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("bad number of jobs {v:?}"))?,
                );
            }
            Long("timeout") => timeout = secs(&value(&mut p)?)?,
            Long("minimize-time") => minimize_time = secs(&value(&mut p)?)?,
            Long("note") => note = true,
            Value(v) => positional.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let budget = match (time, count) {
        (Some(_), Some(_)) => return Err("give --time or --count, not both".into()),
        (None, Some(n)) => Budget::Count(n),
        (Some(t), None) => Budget::Time(t),
        (None, None) => Budget::Time(Duration::from_secs(60)),
    };
    let first = |what: &str| -> Result<&'static Target, String> {
        target(positional.first().ok_or(format!("missing {what}"))?)
    };
    Ok(match sub.as_str() {
        "list" => Command::List,
        "run" => Command::Run(Run {
            targets: if positional.is_empty() {
                mote_fuzz::ALL.iter().collect()
            } else {
                positional
                    .iter()
                    .map(|n| target(n))
                    .collect::<Result<_, _>>()?
            },
            budget,
            seed,
            out: out.unwrap_or_else(|| "fuzz/out".into()),
            jobs: jobs.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            }),
            timeout,
            minimize_time,
        }),
        "worker" => Command::Worker(Worker {
            target: first("target")?,
            seed: seed.ok_or("worker needs --seed")?,
            budget,
        }),
        "replay" => Command::Replay {
            target: first("target")?,
            files: positional.get(1..).unwrap_or_default().to_vec(),
        },
        "minimize" => Command::Minimize {
            target: first("target")?,
            file: positional.get(1).cloned().ok_or("missing FILE")?,
            out,
            budget: minimize_time,
            note,
        },
        "module" => Command::Module {
            target: first("target")?,
            file: positional.get(1).cloned().ok_or("missing FILE")?,
            out: out.ok_or("missing --out FILE.wasm")?,
        },
        "input" => Command::Input {
            target: first("target")?,
            seed: seed.ok_or("missing --seed")?,
            out: out.ok_or("missing --out FILE")?,
        },
        other => return Err(format!("unknown command {other:?}")),
    })
}
