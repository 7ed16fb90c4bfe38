//! `bench/workloads/crc32.wasm` on the board: CRC-32 of a 16 KiB buffer a byte at a
//! time through a table, as firmware checks frames and images.
//!
//! Runs it as `crc32 20` (see the `bench` module).
#![no_std]
#![no_main]

#[cortex_m_rt::entry]
fn main() -> ! {
    mps2_an386::bench::run_workload(
        "crc32",
        "20",
        include_bytes!("../../../../bench/workloads/crc32.wasm"),
    )
}
