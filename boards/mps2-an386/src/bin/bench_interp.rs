//! `bench/workloads/interp.wasm` on the board: a bytecode VM dispatching through
//! `br_table`, as scripting and protocol engines do.
//!
//! Runs it as `interp 2` (see the `bench` module).
#![no_std]
#![no_main]

#[cortex_m_rt::entry]
fn main() -> ! {
    mps2_an386::bench::run_workload(
        "interp",
        "2",
        include_bytes!("../../../../bench/workloads/interp.wasm"),
    )
}
