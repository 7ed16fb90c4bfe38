//! Fuzz targets for Mote, run two ways:
//!
//! - **seeded** on stable Rust by the `mote-fuzz` runner (`scripts/fuzz.sh`,
//!   what CI runs): every input is a byte string derived from one 64-bit
//!   seed, so a seed printed by a run reproduces its input anywhere;
//! - **coverage-guided** by libFuzzer through `cargo fuzz`
//!   (`scripts/fuzz-coverage.sh`, the crate in `fuzz/libfuzzer/`), which
//!   feeds the same target functions with the bytes it mutates.
//!
//! A target is a function from bytes to [`Outcome`]: it builds what it needs
//! from the bytes (a module from `wasm-smith`, a command stream, a mutated
//! module), runs it, and returns `Err(Finding)` when an oracle is violated.
//! A panic is a finding too; the runner and the replay catch it.
//!
//! Every input that ever failed is kept, minimized, under
//! `fuzz/regressions/<target>/`, and `cargo test --workspace` replays them
//! all (`tests/regressions.rs`).
//!
//! # Adding a target
//!
//! 1. Write `src/targets/<file>.rs` with a `pub const TARGET: Target`: its
//!    `name` (the runner's and libFuzzer's name for it, and the folder of
//!    its regressions), an `about` line, `max_len` (the longest input the
//!    seeded runner generates; `wasm-smith` makes larger modules of longer
//!    inputs), `run: fn(&[u8]) -> Outcome`, and `module` if its inputs make
//!    modules (for `mote-fuzz module` and the saved findings).
//! 2. Add `<file>` to the `registry!` list in `src/targets/mod.rs`.
//!
//! `run` draws what it needs from the bytes with `arbitrary::Unstructured`
//! ([`smith::mote_module`] for a module within Mote's features,
//! [`smith::as_module`] to take an input that starts with `\0asm` as a
//! module given whole, [`engines::mote::Mote::with_options`] to instantiate
//! it with dummy imports and fuel), returns `Err(Finding::new(kind,
//! detail))` when an oracle fails (a stable `kind`: minimizing keeps an
//! input while it fails with the same kind), and counts what it did in
//! [`Stats`]. It must end whatever the bytes: fuel or limits bound anything
//! that could loop. A dependency it needs goes in `fuzz/Cargo.toml`.
//!
//! Nothing else changes: `scripts/fuzz.sh` and CI run every registered
//! target, `scripts/fuzz-coverage.sh <name>` fuzzes it with libFuzzer, and
//! `cargo test --workspace` replays `fuzz/regressions/<name>/`.

pub mod compare;
pub mod engines;
pub mod input;
pub mod minimize;
pub mod smith;
pub mod target;
pub mod targets;
pub mod trace;

pub use target::{Finding, Outcome, Stats, Target};
pub use targets::{ALL, find};
