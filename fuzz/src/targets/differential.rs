//! `differential`: the same module and calls on Mote and on wasmi; results
//! bit for bit (NaNs by class), traps, host calls, exported memories,
//! globals and tables after every call. Generated modules make their NaNs
//! canonical (see [`case`]). When they disagree, wasmtime (with
//! the `wasmtime` feature) breaks the tie: if it sides with Mote, wasmi is
//! wrong and the case is recorded as a note, not a finding.

use crate::engines::mote::{Fuel, Mote, Options};
use crate::engines::wasmi::Wasmi;
#[cfg(feature = "wasmtime")]
use crate::engines::wasmtime::Wasmtime;
use crate::engines::{
    CallResult, InstantiateError, Limits, ModuleInfo, Runtime, Value, plan_calls,
};
use crate::smith::{self, Generated};
use crate::targets::validate;
use crate::trace::{self, Trace, Verdict};
use crate::{Finding, Outcome, Stats, Target};
use arbitrary::Unstructured;

pub const TARGET: Target = Target {
    name: "differential",
    about: "Mote against wasmi (wasmtime breaks ties): results, traps, memories, globals",
    max_len: 8000,
    run,
    module: Some(module_of),
};

/// The version of wasmi this crate is built with, for the record.
pub const WASMI_VERSION: &str = "wasmi 2.0.0";

/// A module whose every call ends (a fuel global traps when spent), and
/// the calls to make.
pub struct Case {
    pub generated: Generated,
    pub info: ModuleInfo,
    pub plan: Vec<(String, Vec<Value>)>,
}

/// The case an input stands for, if it makes one: a generated module and
/// calls drawn from the input, or a module given whole (see
/// [`smith::as_module`]) with each export called once on zero-like values.
///
/// Generated modules make every NaN canonical, as wasmtime's own
/// differential fuzzing does: the bits of a NaN an arithmetic operation
/// returns are up to the engine (sign and payload), and they reach
/// integers through `reinterpret`, memory and `copysign`, where no
/// comparison can tell them from a wrong result. (NaN classes are checked
/// by the spec testsuite's `nan:canonical` and `nan:arithmetic`
/// assertions.)
pub fn case(input: &[u8]) -> Option<Case> {
    case_with(input, true)
}

/// [`case`], with NaNs made canonical only if `canonical_nans` or the
/// input asks: the `resume` target compares Mote with itself, where NaN
/// bits must not change either.
pub fn case_with(input: &[u8], canonical_nans: bool) -> Option<Case> {
    if let Some(generated) = smith::as_module(input) {
        let info = ModuleInfo::parse(&generated.wasm)?;
        let plan = plan_calls(&info, &mut Unstructured::new(&[]));
        let mut case = Case {
            generated,
            info,
            plan,
        };
        return bound(&mut case).then_some(case);
    }
    let mut u = Unstructured::new(input);
    let fuel = u.int_in_range(100..=3000u32).ok()?;
    let mut config = smith::mote_config(&mut u).ok()?;
    config.canonicalize_nans |= canonical_nans;
    let generated = smith::generate(config, &mut u, Some(fuel)).ok()?;
    let info = ModuleInfo::parse(&generated.wasm)?;
    let plan = plan_calls(&info, &mut u);
    Some(Case {
        generated,
        info,
        plan,
    })
}

/// Fuel for each call of a given module's first run, on Mote.
const PROBE_FUEL: u64 = 10_000_000;

/// A given module has no fuel global to end its calls: runs it on Mote
/// with fuel first and keeps only the calls before the first that runs out,
/// so that no engine loops forever. `false` if even instantiation (the
/// start function) runs out.
fn bound(case: &mut Case) -> bool {
    let mut options = Options::new(Limits::default());
    options.fuel = Fuel::PerCall(PROBE_FUEL);
    let mut mote = match Mote::with_options(&case.generated.wasm, &options) {
        Ok(m) => m,
        Err(InstantiateError::Trap(CallResult::Exhausted)) => return false,
        Err(_) => {
            case.plan.clear();
            return true;
        }
    };
    let mut keep = 0;
    for (name, args) in &case.plan {
        if mote.call(name, args) == CallResult::Exhausted {
            break;
        }
        keep += 1;
    }
    case.plan.truncate(keep);
    true
}

/// The module an input stands for (also `aot`'s: the same cases).
pub(crate) fn module_of(input: &[u8]) -> Option<Vec<u8>> {
    case(input).map(|c| c.generated.wasm)
}

fn run(input: &[u8]) -> Outcome {
    let Some(case) = case(input) else {
        return Ok(Stats::default());
    };
    let wasm = &case.generated.wasm;
    let mote = trace::run::<Mote>(wasm, &case.info, &case.plan, Limits::default());
    let mut stats = Stats {
        modules: 1,
        calls: case.plan.len() as u64,
        ..Stats::default()
    };
    if let Err(InstantiateError::Compile(_)) = mote.instantiated {
        validate::check(wasm, &mote::Config::new())?;
    }
    if let Some(e) = mote.steps.iter().find_map(|s| match &s.result {
        CallResult::Error(e) => Some(e),
        _ => None,
    }) {
        return Err(Finding::new("call error", e.clone()));
    }
    if case.info.tail_calls_host {
        // wasmi 2.0.0 corrupts its caller's frame when a `return_call`
        // reaches a host function (a segmentation fault, or wrong values).
        against_wasmtime(&case, &mote, None, &mut stats)?;
        return Ok(stats);
    }
    stats.calls += case.plan.len() as u64;
    match trace::run_reference::<Wasmi>(wasm, &case.info, &case.plan, Limits::default()) {
        Err(panic) => {
            let why = format!("{WASMI_VERSION} panicked: {panic}");
            against_wasmtime(&case, &mote, Some(why), &mut stats)?;
        }
        Ok(wasmi) => {
            if let Verdict::Differ { step, detail } =
                trace::compare(&mote, &wasmi, case.generated.canonical_nans)
            {
                tie_break(&case, &mote, &wasmi, step, &detail, &mut stats)?;
            }
        }
    }
    Ok(stats)
}

/// Compares Mote with wasmtime alone, where wasmi cannot run the case
/// (`why`, noted when given). Without wasmtime, nothing is compared.
fn against_wasmtime(
    case: &Case,
    mote: &Trace,
    why: Option<String>,
    stats: &mut Stats,
) -> Result<(), Finding> {
    #[cfg(feature = "wasmtime")]
    {
        let wasm = &case.generated.wasm;
        let wasmtime = trace::run_reference::<Wasmtime>(wasm, &case.info, &case.plan, Limits::default());
        stats.calls += case.plan.len() as u64;
        if let Ok(wasmtime) = wasmtime
            && let Verdict::Differ { step, detail } =
                trace::compare(mote, &wasmtime, case.generated.canonical_nans)
        {
            let without = why.as_deref().unwrap_or("it is not run on such modules");
            return Err(Finding::new(
                "mismatch",
                format!("Mote differs from wasmtime at step {step} (wasmi: {without}): {detail}"),
            ));
        }
    }
    #[cfg(not(feature = "wasmtime"))]
    let _ = (case, mote);
    if let Some(why) = why {
        stats.notes.push(why);
    }
    Ok(())
}

/// Asks wasmtime who is right at `step`, where Mote and wasmi differ.
#[cfg(feature = "wasmtime")]
fn tie_break(
    case: &Case,
    mote: &Trace,
    wasmi: &Trace,
    step: usize,
    detail: &str,
    stats: &mut Stats,
) -> Result<(), Finding> {
    let wasm = &case.generated.wasm;
    let canonical = case.generated.canonical_nans;
    stats.calls += case.plan.len() as u64;
    let wasmtime = match trace::run_reference::<Wasmtime>(wasm, &case.info, &case.plan, Limits::default()) {
        Ok(t) => t,
        Err(panic) => {
            return Err(Finding::new(
                "mismatch",
                format!("Mote differs from wasmi at step {step} (wasmtime panicked: {panic}): {detail}"),
            ));
        }
    };
    if trace::compare(mote, &wasmtime, canonical).agrees_through(step) {
        stats.notes.push(format!(
            "{WASMI_VERSION} is outvoted at step {step}: {detail}; mote digest {:016x}",
            trace::digest(mote, step)
        ));
        return Ok(());
    }
    match trace::compare(wasmi, &wasmtime, canonical) {
        v if v.agrees_through(step) => Err(Finding::new(
            "mismatch",
            format!("Mote differs from wasmi and wasmtime at step {step}: {detail}"),
        )),
        Verdict::Differ {
            step: s,
            detail: other,
        } if s == step => Err(Finding::new(
            "three-way mismatch",
            format!("at step {step}, Mote and wasmi: {detail}; wasmi and wasmtime: {other}"),
        )),
        _ => Err(Finding::new(
            "mismatch",
            format!("Mote differs from wasmi at step {step}, wasmtime undecided: {detail}"),
        )),
    }
}

/// Without wasmtime there is no tie-breaker: every disagreement is reported.
#[cfg(not(feature = "wasmtime"))]
fn tie_break(
    _case: &Case,
    _mote: &Trace,
    _wasmi: &Trace,
    step: usize,
    detail: &str,
    _stats: &mut Stats,
) -> Result<(), Finding> {
    Err(Finding::new(
        "mismatch",
        format!("Mote differs from wasmi at step {step} (no tie-breaker in this build): {detail}"),
    ))
}
