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
//! 1. Write `src/targets/<name>.rs` with a `pub const TARGET: Target`
//!    (name, one line about it, the longest input the seeded runner should
//!    generate, and the function).
//! 2. Add `<name>` to the `registry!` list in `src/targets/mod.rs`.
//!
//! The runner, libFuzzer (`scripts/fuzz-coverage.sh <name>`), the
//! regression replay and CI then pick it up by its name.

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
