//! `aot`: the same module and calls on Mote's interpreter and on its AOT
//! tier (`mote-aot`, Cranelift for this machine): results bit for bit
//! (NaNs made canonical, as for `differential`), traps, host calls,
//! exported memories, globals and tables after every call. The modules
//! and calls are `differential`'s.

use crate::engines::aot::Aot;
use crate::engines::mote::Mote;
use crate::engines::{InstantiateError, Limits};
use crate::targets::differential::{case, module_of};
use crate::trace::{self, Verdict};
use crate::{Finding, Outcome, Stats, Target};

pub const TARGET: Target = Target {
    name: "aot",
    about: "Mote's interpreter against its AOT tier: results, traps, memories, globals",
    max_len: 8000,
    run,
    module: Some(module_of),
};

fn run(input: &[u8]) -> Outcome {
    let Some(case) = case(input) else {
        return Ok(Stats::default());
    };
    let wasm = &case.generated.wasm;
    let mut stats = Stats {
        modules: 1,
        calls: 2 * case.plan.len() as u64,
        ..Stats::default()
    };
    // The AOT engine links imports by name: a module importing one name
    // twice is not compared.
    if has_duplicate_imports(wasm) {
        stats.notes.push("two imports of one name: not compared".into());
        return Ok(stats);
    }
    let interp = trace::run::<Mote>(wasm, &case.info, &case.plan, Limits::default());
    let native = trace::run::<Aot>(wasm, &case.info, &case.plan, Limits::default());
    if let Err(InstantiateError::Compile(e)) = &native.instantiated
        && interp.instantiated.is_ok()
    {
        return Err(Finding::new("aot compile", e.clone()));
    }
    if let Verdict::Differ { step, detail } =
        trace::compare(&interp, &native, case.generated.canonical_nans)
    {
        return Err(Finding::new(
            "mismatch",
            format!("the AOT tier differs from the interpreter at step {step}: {detail}"),
        ));
    }
    Ok(stats)
}

/// Whether two imports of `wasm` (valid: its case was made) share a module
/// and a name.
fn has_duplicate_imports(wasm: &[u8]) -> bool {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::ImportSection(reader)) = payload {
            for import in reader.into_imports().flatten() {
                names.push((import.module, import.name));
            }
        }
    }
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    names.len() != n
}
