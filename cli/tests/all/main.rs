//! Integration tests of the `mote` binary: each test runs the real command
//! and checks its exact stdout, stderr, exit code and the files it writes.

#[cfg(feature = "aot")]
mod aot;
mod capabilities;
mod compile;
mod cxx_programs;
mod errors;
mod help;
mod inspect;
mod invoke;
mod limits;
mod robustness;
mod sign;
mod util;
mod validate;
mod wasi_programs;
