//! What a target is, what it returns, and how a run of one input is judged.

use std::fmt;
use std::panic::{self, AssertUnwindSafe};

/// The module an input makes, if the target makes modules.
pub type ModuleOf = fn(&[u8]) -> Option<Vec<u8>>;

/// One fuzz target: a name and a function from bytes to an outcome.
#[derive(Clone, Copy)]
pub struct Target {
    /// The name the runner, `cargo fuzz` and the regression folder use.
    pub name: &'static str,
    /// One line: what the target checks.
    pub about: &'static str,
    /// The longest input the seeded runner generates. `wasm-smith` turns
    /// more bytes into larger modules.
    pub max_len: usize,
    /// Runs one input. `Err` means an oracle was violated.
    pub run: fn(&[u8]) -> Outcome,
    /// For module-based targets: the module an input generates, so a
    /// finding can be looked at with the usual wasm tools.
    pub module: Option<ModuleOf>,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// What one input exercised, summed by the runner.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Modules compiled (or streams decoded).
    pub modules: u64,
    /// Calls into wasm made (each engine's call counted once).
    pub calls: u64,
    /// Cases worth recording that are not Mote's fault: a reference engine
    /// that the tie-breaker outvoted. The runner saves their inputs.
    pub notes: Vec<String>,
}

impl Stats {
    /// Adds another input's figures.
    pub fn add(&mut self, other: &Stats) {
        self.modules += other.modules;
        self.calls += other.calls;
    }
}

/// The result of running one input.
pub type Outcome = Result<Stats, Finding>;

/// An oracle violation: what kind, and the details a reader needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A short, stable kind ("mismatch", "panic", ...): minimization keeps
    /// an input only while it fails with the same kind.
    pub kind: String,
    /// Everything else: values, offsets, messages.
    pub detail: String,
}

impl Finding {
    pub fn new(kind: impl Into<String>, detail: impl Into<String>) -> Self {
        Finding {
            kind: kind.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

/// Runs `target` on `input`, turning a panic into a [`Finding`] of kind
/// `panic at FILE:LINE` (the location is part of the kind, so minimizing
/// keeps the same panic). With [`quiet_panics`], the panic is not printed.
pub fn run_caught(target: &Target, input: &[u8]) -> Outcome {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    match catching(|| (target.run)(input)) {
        Ok(outcome) => outcome,
        Err(payload) => {
            let location = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "unknown location".to_owned());
            Err(Finding::new(
                format!("panic at {location}"),
                panic_message(&*payload),
            ))
        }
    }
}

/// Runs `f`, returning the message and location of a panic inside it.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    catching(f).map_err(|payload| {
        let location = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "unknown location".to_owned());
        format!("{} (at {location})", panic_message(&*payload))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".to_owned())
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Whether this thread is inside [`run_caught`] or [`catch_panic`].
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panics caught and recorded rather than printed.
fn catching<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    let outer = CATCHING.with(|c| c.replace(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(outer));
    r
}

/// Installs a panic hook that, inside [`run_caught`] and [`catch_panic`],
/// records each panic's location instead of printing it (the runner
/// prints findings itself); other panics print as usual. Call once per
/// process.
pub fn quiet_panics() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !CATCHING.with(std::cell::Cell::get) {
            return default(info);
        }
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown location".to_owned());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(location));
    }));
}
