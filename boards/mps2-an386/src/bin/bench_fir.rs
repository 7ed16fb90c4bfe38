//! `bench/workloads/fir.wasm` on the board: a 32-tap Q15 fixed-point FIR filter, the DSP
//! inner loop of sensor and audio firmware.
//!
//! Runs it as `fir 12` (see the `bench` module).
#![no_std]
#![no_main]

#[cortex_m_rt::entry]
fn main() -> ! {
    mps2_an386::bench::run_workload(
        "fir",
        "12",
        include_bytes!("../../../../bench/workloads/fir.wasm"),
    )
}
