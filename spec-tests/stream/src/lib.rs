//! Spec-test command streams: the official WebAssembly test suite, converted
//! on the host into a compact binary form that firmware runs with the Mote
//! engine, so a board reaches the same pass counts as `mote-spec-tests`.
//!
//! The host converter (`cargo run -p mote-spec-tests --release --bin
//! spec-stream -- OUT_DIR`) writes one stream per `.wast` file; a board
//! embeds them and calls [`run_all`] (or [`run_stream`] per stream):
//!
//! ```
//! use mote::{Engine, TrapCode};
//! use mote_spec_stream::{Action, Command, Expected, Frame, Header, Writer, run_all};
//!
//! // A module exporting `add` (i32, i32) -> i32, and two directives on it.
//! let wasm = [
//!     0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
//!     0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, b'a', b'd', b'd',
//!     0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
//! ];
//! let add = |a, b| Action::Invoke {
//!     instance: None,
//!     name: "add".into(),
//!     args: vec![mote_spec_stream::Arg::I32(a), mote_spec_stream::Arg::I32(b)],
//! };
//! let mut writer = Writer::new();
//! for (line, command) in [
//!     (1, Command::Module { slot: None, wasm: wasm[..].into() }),
//!     (2, Command::AssertReturn(add(2, 40), vec![Expected::I32(42)])),
//!     (3, Command::AssertTrap(add(1, 1), TrapCode::Unreachable)),
//! ] {
//!     writer.frame(&Frame { replay: false, line, command });
//! }
//! let header = Header {
//!     file: "demo/add.wast".into(),
//!     chunk: 0,
//!     chunks: 1,
//!     directives: 0, // set by `finish`
//!     instance_slots: 0,
//!     definition_slots: 0,
//! };
//! let stream = writer.finish(&header);
//!
//! let mut out = String::new();
//! let summary = run_all([&stream[..]], &Engine::default(), &mut out);
//! assert_eq!((summary.totals.passed, summary.totals.failed), (2, 1));
//! assert_eq!(out, "\
//! spec: FAIL demo/add.wast:3: assert_trap: expected trap \"unreachable\", got none
//! spec: demo/add.wast 3 2 1
//! spec total: 2 passed, 1 failed (3 directives, 1 streams)
//! ");
//! ```
//!
//! # Format
//!
//! All numbers are LEB128 (`u` unsigned, `s` signed) unless fixed-size;
//! `str` and `bytes` are a `u` length and the bytes. A stream is
//!
//! ```text
//! "MSPS" version:u8(=3) file:str chunk:u chunks:u directives:u instance_slots:u definition_slots:u
//! frame* 0x00
//! frame = tag:u8 line_delta:s body      (tag | 0x80: a replayed command)
//! ```
//!
//! | tag | command | body |
//! |---|---|---|
//! | 01 | module | slot, bytes |
//! | 02 | module definition | slot, bytes |
//! | 03 | module instance | definition slot, instance slot |
//! | 04 | register | name:str, instance slot |
//! | 05 | invoke | action |
//! | 06 | assert_return | action, n:u, expected × n |
//! | 07 | assert_trap (call or module) | action, trap code:u8 |
//! | 08 | assert_exhaustion | action, trap code:u8 |
//! | 09 / 0a | assert_invalid / assert_malformed | bytes |
//! | 0b | assert_unlinkable | bytes |
//! | 0c | directives passed on the host | n:u |
//! | 0d | a directive failed on the host | reason:str |
//! | 0e | reset: drop all state (not a directive) | |
//! | 0f | assert_exception | action |
//!
//! A slot is `u`: 0 for none (the current instance, the last definition),
//! `n + 1` for slot `n`. An action is `00 slot name argc:u arg*` (invoke),
//! `01 slot name` (get a global) or `02 bytes` (instantiate a module). A
//! name is `00 str` on first use in the stream, else `index + 1` of the
//! names so far. Trap codes are `mote::TrapCode as u8`. Args and expected
//! results start with a kind byte: `00 s` i32, `01 s` i64, `02 u32le` f32
//! bits, `03 u64le` f64 bits, then args `04` null funcref, `05` null
//! externref, `06 u` ref.extern, `07 u128le` v128; expected `04`/`05` f32
//! canonical / arithmetic NaN, `06`/`07` the same for f64, `08` null
//! funcref, `09` null externref, `0a` any null, `0b` any funcref, `0c` any
//! externref, `0d u` ref.extern N, `0e n:u expected*` either (not nested),
//! `0f u128le` v128 bits, `10` then four f32 lanes and `11` then two f64
//! lanes (each lane `02`, `04` or `05` for f32, `03`, `06` or `07` for
//! f64: a v128 with a NaN pattern in some lane).
//!
//! # Chunks and replay
//!
//! A file too big for one firmware image is split into chunks, each a
//! complete stream run in a fresh store. The converter cuts where no later
//! directive needs earlier state (a `reset` point) when it can. Otherwise
//! the chunk begins with replayed commands (tag | 0x80): every module,
//! definition and registration since the last reset point, and every action
//! since then that may change state (a call into a module that stores to
//! memory, a table or a global, or calls out to another module). Execution
//! is deterministic, so replaying them rebuilds the same state; they are
//! neither counted nor reported.
#![no_std]
#![forbid(unsafe_code)]
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

extern crate alloc;

#[cfg(not(any(feature = "wasm", feature = "image")))]
compile_error!("mote-spec-stream loads modules with the feature `wasm`, `image` or both");

mod command;
mod decode;
mod encode;
mod error;
mod report;
mod run;
pub mod spectest;
mod summary;

pub use command::{
    Action, Arg, Command, Expected, Frame, Header, Kind, StreamName, TRAP_CODES, Target, trap_code,
};
pub use decode::Reader;
pub use encode::{Checkpoint, Writer};
pub use error::{StreamError, StreamErrorKind};
pub use report::{Event, Failure, Reason, Totals};
pub use run::run_stream;
pub use summary::{MAX_FAILURE_LINES, Summary, run_all};

/// The first bytes of every stream.
pub const MAGIC: &[u8; 4] = b"MSPS";
/// The format version this crate writes and reads.
pub const VERSION: u8 = 3;
/// Most instance or definition slots a stream may declare.
pub const MAX_SLOTS: u32 = 1024;

#[cfg(test)]
mod tests;
