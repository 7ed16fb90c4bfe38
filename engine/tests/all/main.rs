//! Integration tests for Mote: hostile input, recursion limits, host
//! functions, fuel and the embedding API.
//!
//! Tests that could take the whole process down if the engine misbehaves
//! (native stack overflow, allocation failure aborts) run their body in a
//! child process via [`isolated`], so one such failure is reported as a
//! normal test failure instead of killing the whole test binary.

mod api;
#[cfg(feature = "atomics")]
mod atomics;
#[cfg(not(feature = "atomics"))]
mod atomics_disabled;
mod backtrace;
mod bad_input;
mod encodings;
#[cfg(feature = "exceptions")]
mod exceptions;
mod fuel;
mod fused_arith;
mod fused_branches;
mod fused_imm;
mod fused_loads;
mod fused_select;
mod golden;
mod host;
#[cfg(feature = "image")]
mod images;
mod immediates;
mod linking;
mod memories;
// Its module throws and catches (a pooled constant moved by a catch).
#[cfg(feature = "exceptions")]
mod pool;
mod recursion;
mod resident;
#[cfg(feature = "simd")]
mod simd;
#[cfg(not(feature = "simd"))]
mod simd_disabled;
mod typed_refs;

use mote::{Config, Engine, Error, Instance, Linker, Module, Store, Trap, TrapCode};

/// Compiles WAT text to a binary module (panics on a WAT syntax error: that
/// is a bug in the test, not in the engine).
pub fn wat(text: &str) -> Vec<u8> {
    match wat::parse_str(text) {
        Ok(b) => b,
        Err(e) => panic!("test bug: invalid WAT: {e}\n{text}"),
    }
}

/// Compiles WAT with `engine`, expecting success.
pub fn module(engine: &Engine, text: &str) -> Module {
    match Module::new(engine, &wat(text)) {
        Ok(m) => m,
        Err(e) => panic!("Module::new failed: {e:?}\n{text}"),
    }
}

/// An engine with a modified default configuration.
pub fn engine_with(f: impl FnOnce(&mut Config)) -> Engine {
    let mut c = Config::new();
    f(&mut c);
    Engine::new(&c)
}

/// Compiles and instantiates `text` in a fresh store without imports.
pub fn instantiate(engine: &Engine, text: &str) -> (Store<()>, Instance) {
    let m = module(engine, text);
    let mut store = Store::new(engine, ());
    let linker = Linker::<()>::new(engine);
    let inst = match linker.instantiate(&mut store, &m) {
        Ok(i) => i,
        Err(e) => panic!("instantiate failed: {e:?}\n{text}"),
    };
    (store, inst)
}

/// Asserts that `r` is a trap with `code`, returning the trap.
#[track_caller]
pub fn expect_trap<T: std::fmt::Debug>(r: Result<T, Error>, code: TrapCode) -> Trap {
    match r {
        Err(Error::Trap(t)) => {
            assert_eq!(t.code(), code, "wrong trap code (trap: {t})");
            t
        }
        other => panic!(
            "expected a trap {code:?} ({}), got {other:?}",
            code.message()
        ),
    }
}

/// Runs `body` in a child process (this same test binary re-run on just
/// test `name`) and fails if the child did not exit successfully, e.g. after
/// a native stack overflow (SIGSEGV/SIGABRT) or an aborting allocation.
///
/// `name` is the test's path relative to the crate root, e.g.
/// `"recursion::unbounded_recursion_on_64k_thread"`.
pub fn isolated(name: &str, body: impl FnOnce()) {
    const VAR: &str = "MOTE_TEST_ISOLATED";
    if std::env::var(VAR).as_deref() == Ok(name) {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("current_exe");
    let out = std::process::Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(VAR, name)
        .output()
        .expect("spawn child test process");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&out.status);
    #[cfg(not(unix))]
    let signal: Option<i32> = None;
    assert!(
        out.status.success(),
        "isolated test `{name}` failed in its child process: status {:?}, signal {signal:?}\n\
         --- child stdout ---\n{stdout}\n--- child stderr ---\n{stderr}",
        out.status,
    );
    assert!(
        stdout.contains("1 passed"),
        "isolated test `{name}` did not run exactly one test in the child:\n{stdout}"
    );
}

/// A small deterministic PRNG (xorshift64*).
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn byte(&mut self) -> u8 {
        (self.next_u64() >> 56) as u8
    }
}

#[test]
fn xorshift_is_deterministic() {
    let mut a = XorShift::new(42);
    let mut b = XorShift::new(42);
    let va: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
    let vb: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
    assert_eq!(va, vb);
    assert!(va.windows(2).all(|w| w[0] != w[1]));
}
