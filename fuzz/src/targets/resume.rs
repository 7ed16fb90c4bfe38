//! `resume`: the calls of the differential target run three times on Mote:
//! without fuel, with fuel that never runs out, and with a small amount of
//! fuel at a time, each call resumed until it finishes. All three must see
//! the same results, traps, host calls and exported state, and a resumed
//! call must make progress with every grant.

use crate::engines::mote::{Fuel, Mote, Options};
use crate::engines::{InstantiateError, Limits};
use crate::targets::differential::{self, Case};
use crate::trace::{self, Trace};
use crate::{Finding, Outcome, Stats, Target};

pub const TARGET: Target = Target {
    name: "resume",
    about: "calls run on small fuel grants and resumed equal unmetered calls",
    max_len: 8000,
    run,
    module: Some(module_of),
};

/// The fuel grant and the case of an input: its first byte and the rest,
/// or, for a module given whole, grants of 3.
fn split(input: &[u8]) -> Option<(u64, Case)> {
    if input.starts_with(b"\0asm") {
        return Some((3, differential::case_with(input, false)?));
    }
    let (&chunk, rest) = input.split_first()?;
    // Grants of 1 to 64 units, or now and then up to 4096.
    let chunk = if chunk & 0xc0 == 0xc0 {
        u64::from(chunk & 0x3f) * 64 + 1
    } else {
        u64::from(chunk & 0x3f) + 1
    };
    Some((chunk, differential::case_with(rest, false)?))
}

fn module_of(input: &[u8]) -> Option<Vec<u8>> {
    split(input).map(|(_, c)| c.generated.wasm)
}

/// A trace of `case` on Mote with `fuel`, and the Mote instance's counters.
fn run_with(case: &Case, fuel: Fuel) -> (Trace, u64, u64) {
    let mut options = Options::new(Limits::default());
    options.fuel = fuel;
    match Mote::with_options(&case.generated.wasm, &options) {
        Ok(mut m) => {
            let steps = trace::from_instance(&mut m, &case.info, &case.plan);
            let trace = Trace {
                instantiated: Ok(()),
                steps,
            };
            (trace, m.pauses, m.fuel_used)
        }
        Err(e) => (
            Trace {
                instantiated: Err(e),
                steps: Vec::new(),
            },
            0,
            0,
        ),
    }
}

/// The first step at which two traces of the same engine differ at all.
fn first_difference(a: &Trace, b: &Trace) -> Option<String> {
    if a.instantiated != b.instantiated {
        return Some(format!(
            "instantiation: {:?} and {:?}",
            a.instantiated, b.instantiated
        ));
    }
    if a.steps.len() != b.steps.len() {
        return Some(format!("{} and {} steps", a.steps.len(), b.steps.len()));
    }
    let (i, (x, y)) = a
        .steps
        .iter()
        .zip(&b.steps)
        .enumerate()
        .find(|(_, (x, y))| x != y)?;
    let what = crate::compare::step_difference(x, y, true)
        .unwrap_or_else(|| format!("{:?} and {:?}", x.result, y.result));
    Some(format!("step {i} ({} {:?}): {what}", x.export, x.args))
}

fn run(input: &[u8]) -> Outcome {
    let Some((chunk, case)) = split(input) else {
        return Ok(Stats::default());
    };
    let stats = Stats {
        modules: 1,
        calls: 3 * case.plan.len() as u64,
        ..Stats::default()
    };
    let (plain, _, _) = run_with(&case, Fuel::Off);
    if let Err(InstantiateError::Compile(_) | InstantiateError::Limit(_)) = plain.instantiated {
        return Ok(stats);
    }
    let (metered, _, used) = run_with(&case, Fuel::PerCall(u64::MAX / 2));
    if let Some(d) = first_difference(&plain, &metered) {
        return Err(Finding::new(
            "fuel changes result",
            format!("unmetered and metered runs differ at {d}"),
        ));
    }
    let (chunked, pauses, _) = run_with(&case, Fuel::Chunks(chunk));
    if let Some(d) = first_difference(&plain, &chunked) {
        return Err(Finding::new(
            "resume changes result",
            format!("unmetered and resumed (fuel {chunk} at a time) runs differ at {d}"),
        ));
    }
    // Every grant is spent before a call pauses, and a call spends no more
    // in pieces than in one go: so `pauses` grants fit in what the metered
    // run spent.
    if u128::from(pauses) * u128::from(chunk) > u128::from(used) {
        return Err(Finding::new(
            "no progress",
            format!("{pauses} pauses with grants of {chunk} for {used} units of fuel"),
        ));
    }
    Ok(stats)
}
