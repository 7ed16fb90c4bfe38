//! A whole run of a module on one engine, and where two runs part ways.

use crate::compare::step_difference;
use crate::engines::{
    CallResult, InstantiateError, Limits, ModuleInfo, Runtime, Snapshot, Step, Value,
};

/// Instantiation, then one [`Step`] per planned call. The first step is
/// the instantiation itself (the start function's host calls and the state
/// the segments left).
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub instantiated: Result<(), InstantiateError>,
    pub steps: Vec<Step>,
}

/// Runs `plan` on a fresh instance of `wasm` on engine `R`.
pub fn run<R: Runtime>(
    wasm: &[u8],
    info: &ModuleInfo,
    plan: &[(String, Vec<Value>)],
    limits: Limits,
) -> Trace {
    match R::instantiate(wasm, limits) {
        Ok(mut r) => Trace {
            instantiated: Ok(()),
            steps: from_instance(&mut r, info, plan),
        },
        Err(e) => Trace {
            instantiated: Err(e),
            steps: Vec::new(),
        },
    }
}

/// [`run`] for a reference engine: a panic in it is its own bug, returned
/// as `Err` with its message rather than reported against Mote.
pub fn run_reference<R: Runtime>(
    wasm: &[u8],
    info: &ModuleInfo,
    plan: &[(String, Vec<Value>)],
    limits: Limits,
) -> Result<Trace, String> {
    crate::target::catch_panic(|| run::<R>(wasm, info, plan, limits))
}

/// The steps of `plan` on an instance already made.
pub fn from_instance<R: Runtime>(
    r: &mut R,
    info: &ModuleInfo,
    plan: &[(String, Vec<Value>)],
) -> Vec<Step> {
    let mut steps = vec![Step {
        export: "(instantiation)".into(),
        args: Vec::new(),
        result: CallResult::Returned(Vec::new()),
        host_calls: r.take_host_calls(),
        after: r.snapshot(info),
    }];
    steps.extend(plan.iter().map(|(name, args)| r.step(info, name, args)));
    steps
}

/// How two traces compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The same, as far as both went.
    Agree,
    /// Step `step` (0: instantiation) differs.
    Differ { step: usize, detail: String },
    /// A limit of one engine ended the comparison at `step`.
    Inconclusive { step: usize },
}

impl Verdict {
    /// Whether the traces agree up to and including `step`.
    pub fn agrees_through(&self, step: usize) -> bool {
        match self {
            Verdict::Agree => true,
            Verdict::Differ { step: s, .. } | Verdict::Inconclusive { step: s } => *s > step,
        }
    }
}

/// Failing to instantiate a module that compiled is one outcome whether a
/// limit or a trap stopped it: engines report an out-of-bounds segment as
/// either. Only two traps are compared by kind.
fn instantiation_class(e: &InstantiateError) -> &'static str {
    match e {
        InstantiateError::Compile(_) => "rejected",
        InstantiateError::Limit(_) | InstantiateError::Trap(_) => "failed",
    }
}

/// Where `a` and `b` first differ. With `canonical_nans` off, NaN payloads
/// in memory may differ within their class.
pub fn compare(a: &Trace, b: &Trace, canonical_nans: bool) -> Verdict {
    match (&a.instantiated, &b.instantiated) {
        (Ok(()), Ok(())) => {}
        (Err(InstantiateError::Trap(x)), Err(InstantiateError::Trap(y))) => {
            return if *x == CallResult::Exhausted || *y == CallResult::Exhausted {
                Verdict::Inconclusive { step: 0 }
            } else if crate::compare::same_result(x, y, true) {
                Verdict::Agree
            } else {
                Verdict::Differ {
                    step: 0,
                    detail: format!("instantiation trapped: {x:?} and {y:?}"),
                }
            };
        }
        (Err(InstantiateError::Trap(CallResult::Exhausted)), _)
        | (_, Err(InstantiateError::Trap(CallResult::Exhausted))) => {
            return Verdict::Inconclusive { step: 0 };
        }
        (Err(x), Err(y)) if instantiation_class(x) == instantiation_class(y) => {
            return Verdict::Agree;
        }
        (x, y) => {
            return Verdict::Differ {
                step: 0,
                detail: format!("instantiation: {x:?} and {y:?}"),
            };
        }
    }
    for (i, (sa, sb)) in a.steps.iter().zip(&b.steps).enumerate() {
        if sa.result == CallResult::Exhausted || sb.result == CallResult::Exhausted {
            return Verdict::Inconclusive { step: i };
        }
        if let Some(detail) = step_difference(sa, sb, canonical_nans) {
            return Verdict::Differ {
                step: i,
                detail: format!("{} {:?}: {detail}", sa.export, sa.args),
            };
        }
    }
    Verdict::Agree
}

/// A short digest of a trace (FNV-1a over its debug form): what the
/// reference-wrong list records of the tie-breaker's run.
pub fn digest(trace: &Trace, through: usize) -> u64 {
    let steps: Vec<(&CallResult, &Snapshot)> = trace
        .steps
        .iter()
        .take(through + 1)
        .map(|s| (&s.result, &s.after))
        .collect();
    let text = format!("{:?}{steps:?}", trace.instantiated);
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
