//! `execute`: modules from `wasm-smith` within Mote's features,
//! instantiated with dummy imports, every export called with fuel. Any
//! outcome is fine but a panic, a hang past the fuel (the runner's
//! timeout) or a native stack overflow (the runner sees the process die).

use crate::engines::mote::{Fuel, Mote, Options};
use crate::engines::{CallResult, InstantiateError, Limits, ModuleInfo, Runtime, plan_calls};
use crate::targets::validate;
use crate::{Finding, Outcome, Stats, Target, smith};
use arbitrary::Unstructured;

pub const TARGET: Target = Target {
    name: "execute",
    about: "wasm-smith modules instantiated and every export called with fuel, on varied limits",
    max_len: 8000,
    run,
    module: Some(module_of),
};

fn module_of(input: &[u8]) -> Option<Vec<u8>> {
    if let Some(g) = smith::as_module(input) {
        return Some(g.wasm);
    }
    let mut u = Unstructured::new(input);
    let knobs: u8 = u.arbitrary().ok()?;
    generate(knobs, &mut u).map(|g| g.wasm)
}

/// A module within Mote's features; with knob `0x20`, one that may use
/// exception handling too (tags, `throw`, `try_table`, `exnref`), with
/// knob `0x40` the threads proposal (shared memories, atomics): only this
/// target runs those, as the other engines are not asked about them.
fn generate(knobs: u8, u: &mut Unstructured<'_>) -> Option<smith::Generated> {
    let mut config = smith::mote_config(u).ok()?;
    config.exceptions_enabled = knobs & 0x20 != 0;
    config.threads_enabled = knobs & 0x40 != 0;
    smith::generate(config, u, None).ok()
}

/// Engine options drawn from the input: fuel, small limits now and then
/// (call depth, value stack, memory and table sizes), debug info.
fn options(knobs: u8, u: &mut Unstructured<'_>) -> Options {
    let mut options = Options::new(Limits {
        memory_bytes: 4 << 20,
        table_elements: 10_000,
    });
    if knobs & 1 != 0 {
        options
            .config
            .max_call_depth(u.int_in_range(1..=200).unwrap_or(1));
    }
    if knobs & 2 != 0 {
        options
            .config
            .max_stack_slots(u.int_in_range(16..=4096).unwrap_or(16));
    }
    options.config.debug_info(knobs & 4 != 0);
    // Memories and tables a few pages or elements at most: growing and
    // instantiating against the limit.
    if knobs & 0x10 != 0 {
        options
            .config
            .max_memory_pages(u.int_in_range(0..=3).unwrap_or(0))
            .max_table_elements(u.int_in_range(0..=16).unwrap_or(0));
    }
    options.fuel = Fuel::PerCall(u.int_in_range(1..=200_000).unwrap_or(1));
    options
}

fn run(input: &[u8]) -> Outcome {
    // A module given whole runs with the default options, a million units
    // of fuel per call, and each export called once on zero-like values.
    let given = smith::as_module(input);
    let mut u = Unstructured::new(if given.is_some() { &[] } else { input });
    let knobs: u8 = u.arbitrary().unwrap_or(0);
    let Some(generated) = given.or_else(|| generate(knobs, &mut u)) else {
        return Ok(Stats::default());
    };
    let wasm = &generated.wasm;
    let Some(info) = ModuleInfo::parse(wasm) else {
        return Err(Finding::new("bad module", "wasm-smith made an unreadable module"));
    };
    let mut options = options(knobs, &mut u);
    if u.is_empty() {
        options.fuel = Fuel::PerCall(1_000_000);
    }
    if knobs & 8 != 0 {
        options.reenter = info.funcs.first().map(|f| f.name.clone());
    }
    let plan = plan_calls(&info, &mut u);
    let mut stats = Stats {
        modules: 1,
        ..Stats::default()
    };
    let mut mote = match Mote::with_options(wasm, &options) {
        Ok(m) => m,
        Err(InstantiateError::Compile(_)) => {
            // A module within Mote's features must load unless a limit stops it.
            validate::check(wasm, &options.config)?;
            return Ok(stats);
        }
        Err(InstantiateError::Trap(CallResult::Error(e))) => {
            return Err(Finding::new("instantiate error", e));
        }
        Err(_) => return Ok(stats),
    };
    for (name, args) in &plan {
        let step = mote.step(&info, name, args);
        stats.calls += 1;
        if let CallResult::Error(e) = step.result {
            return Err(Finding::new(
                "call error",
                format!("calling {name:?}{args:?}: {e}"),
            ));
        }
    }
    Ok(stats)
}
