//! `tests/wasi/hello.wasm` compiled on the host into an image and run
//! from flash by the runner: the program is boards/common/hello_image.rs.
#![no_std]
#![no_main]

use mps2_an386 as board;

#[path = "../../../common/hello_image.rs"]
mod hello_image;

#[cortex_m_rt::entry]
fn main() -> ! {
    hello_image::run()
}
