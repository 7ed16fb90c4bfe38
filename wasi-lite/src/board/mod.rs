//! The board backend: WASI and `mote:hal` over `embedded-io` and
//! `embedded-hal` peripherals (feature `board`).
//!
//! A firmware builds a [`WasiCtx`](crate::WasiCtx) from
//! [`Services`](crate::Services) made of:
//!
//! | WASI needs | board part | type here |
//! |---|---|---|
//! | stdin, stdout, stderr (`fd_read`, `fd_write`) | a serial port (`embedded_io::Read + Write`) | [`SerialConsole`] |
//! | clocks (`clock_time_get`), waits (`poll_oneoff`) | a timer ([`Ticks`]) and an `embedded_hal::delay::DelayNs` | [`BoardClock`], [`TickDelay`] |
//! | `random_get` | a TRNG (implement [`Random`](crate::Random)), or for emulators only | [`InsecureXorShift`] |
//! | arguments, environment | fixed at build time | [`StaticEnv`](crate::StaticEnv) |
//! | files | none, unless the board has storage | [`NoFs`](crate::NoFs) |
//!
//! `proc_exit` ends the guest with `Trap::exit_code()`; [`run_command`]
//! turns every ending into an exit status the firmware hands to its board's
//! exit. [`hal`] adds the `mote:hal` import module: GPIO pins
//! (`embedded_hal::digital`) and millisecond delays.
//!
//! Nothing here allocates or uses `unsafe`: the board crate owns the
//! peripherals, and the engine's allocator is the firmware's.
//!
//! ```
//! use mote::{Engine, Linker, Module, Store};
//! use wasi_lite::board::{BoardClock, InsecureXorShift, SerialConsole, TickDelay, Ticks};
//! use wasi_lite::{NoFs, Services, StaticEnv, WasiCtx};
//! # struct Uart(Vec<u8>);
//! # impl embedded_io::ErrorType for Uart { type Error = core::convert::Infallible; }
//! # impl embedded_io::Read for Uart {
//! #     fn read(&mut self, _: &mut [u8]) -> Result<usize, Self::Error> { Ok(0) }
//! # }
//! # impl embedded_io::Write for Uart {
//! #     fn write(&mut self, b: &[u8]) -> Result<usize, Self::Error> { self.0.extend_from_slice(b); Ok(b.len()) }
//! #     fn flush(&mut self) -> Result<(), Self::Error> { Ok(()) }
//! # }
//! # #[derive(Clone)] struct Timer(u64);
//! # impl Ticks for Timer {
//! #     fn frequency(&self) -> u32 { 1_000_000 }
//! #     fn ticks(&mut self) -> u64 { self.0 += 1; self.0 }
//! # }
//! # let (uart, timer) = (Uart(Vec::new()), Timer(0));
//! # let wasm = wat::parse_str(r#"(module (func (export "_start")))"#).unwrap();
//!
//! let services = Services {
//!     console: SerialConsole::new(uart),
//!     clock: BoardClock::new(timer.clone(), TickDelay::new(timer.clone())),
//!     random: InsecureXorShift::new(timer.clone().ticks()),
//!     env: StaticEnv { args: &["app"], vars: &[] },
//!     fs: NoFs,
//! };
//! let wasi: WasiCtx<_, 8, 0> = WasiCtx::new(services);
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm).unwrap();
//! let mut store = Store::new(&engine, wasi);
//! let mut linker = Linker::new(&engine);
//! wasi_lite::add_to_linker(&mut linker, |w| w).unwrap();
//! let status = wasi_lite::board::run_command(&mut store, &linker, &module, |w| w);
//! assert_eq!(status, 0);
//! ```

mod clock;
mod console;
pub mod hal;
mod program;
mod random;
mod run;

#[cfg(all(test, feature = "std"))]
mod tests;

pub use clock::{BoardClock, TickDelay, Ticks};
pub use console::{EOT, SerialConsole};
pub use program::{BoardParts, Program, run_program};
pub use random::InsecureXorShift;
pub use run::{ERROR_EXIT, TRAP_EXIT, run_command};
