//! The official WebAssembly spec test suite on the board: the runner is
//! boards/common/spec.rs, which scripts/boards-spec.sh builds and runs. Its
//! heap takes all free RAM (`init_all_ram`: as much DRAM as qemu's `-m`
//! gives).
#![no_std]
#![no_main]

use virt_riscv32 as board;

#[path = "../../../common/spec.rs"]
mod spec;

#[riscv_rt::entry]
fn main() -> ! {
    spec::run()
}
