//! The spec test suite on the runner (the engine without `wasmparser`):
//! the same runner as src/bin/spec.rs (boards/common/spec.rs), built with
//! `--no-default-features --features spec-images` and streams whose
//! modules the host compiled into images (`spec-stream --images`;
//! scripts/boards-spec.sh --images builds and runs it).
#![no_std]
#![no_main]

use mps2_an386 as board;

#[path = "../../../common/spec.rs"]
mod spec;

#[cortex_m_rt::entry]
fn main() -> ! {
    spec::run()
}
