//! The official WebAssembly spec test suite on the board: the runner is
//! boards/common/spec.rs, which scripts/boards-spec.sh builds and runs. Its
//! heap takes all free RAM (`init_all_ram`: PSRAM first).
#![no_std]
#![no_main]

use mps2_an386 as board;

#[path = "../../../common/spec.rs"]
mod spec;

#[cortex_m_rt::entry]
fn main() -> ! {
    spec::run()
}
