//! Mote: a small, strict WebAssembly interpreter for constrained devices.
//!
//! `#![no_std]` with `alloc`. Modules are validated and translated once into
//! compact internal code; execution keeps all of its state in explicit data
//! structures, so deep recursion is a clean trap and a call can stop when
//! its fuel runs out and resume later.
//!
//! ```
//! # #[cfg(feature = "wasm")] {
//! use mote::{Engine, Linker, Module, Store};
//!
//! let wasm = [
//!     0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
//!     0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type (i32 i32) -> i32
//!     0x03, 0x02, 0x01, 0x00, // one function of type 0
//!     0x07, 0x07, 0x01, 0x03, b'a', b'd', b'd', 0x00, 0x00, // export "add"
//!     0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // local.get 0 local.get 1 i32.add
//! ];
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm).unwrap();
//! let mut store = Store::new(&engine, ());
//! let linker = Linker::<()>::new(&engine);
//! let instance = linker.instantiate(&mut store, &module).unwrap();
//! let add = instance.get_typed_func::<(i32, i32), i32>(&store, "add").unwrap();
//! assert_eq!(add.call(&mut store, (2, 40)).unwrap(), 42);
//! # }
//! ```
//!
//! # A runner of images, without `wasmparser`
//!
//! Decoding, validating and translating `.wasm` is the `wasm` cargo
//! feature (on by default). A device can leave it to a host: `mote
//! compile` (or [`Module::to_image`]) writes an image, and an engine built
//! with `default-features = false, features = ["image"]` loads it with
//! [`Module::from_image`], after a linear check, with no `wasmparser` in
//! its dependency graph. Such an engine has no `Module::new`; the rest of
//! the API is the same. On a board, [`Module::from_static_image`] runs an
//! image linked into flash in place (its code and data segments are not
//! copied into RAM), and `mote_sign::verify_image` checks its signature
//! first for firmware that runs only what its owner signed.
//!
//! ```
//! # #[cfg(feature = "image")] {
//! use mote::{Caller, Engine, Linker, Module, Store};
//!
//! // An image made by the full engine (tests/runner/sample.wat).
//! let image = include_bytes!("../tests/runner/sample.mote");
//! let engine = Engine::default();
//! let module = Module::from_image(&engine, image).unwrap();
//! let mut store = Store::new(&engine, ());
//! let mut linker = Linker::new(&engine);
//! linker
//!     .func_wrap("env", "add", |_: Caller<'_, ()>, a: i32, b: i32| a + b)
//!     .unwrap();
//! let instance = linker.instantiate(&mut store, &module).unwrap();
//! let fac = instance.get_typed_func::<i32, i32>(&store, "fac").unwrap();
//! assert_eq!(fac.call(&mut store, 5).unwrap(), 120);
//! # }
//! ```
#![no_std]
// With neither `wasm` nor `image` the engine can load no module: crates
// that only name its types (wasi-lite's core) build against it so, and
// everything a module would reach is unused. Nothing to warn about there.
#![cfg_attr(
    not(any(feature = "wasm", feature = "image")),
    allow(dead_code, unused_imports)
)]
// The op list is walked one entry per step by the translator's `shapes!`
// (and `vshapes!`): about 700 entries.
#![recursion_limit = "2048"]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod constexpr;
mod engine;
mod error;
mod exec;
mod exn;
mod extern_;
mod features;
mod func;
#[cfg(feature = "image")]
mod image;
mod instance;
mod ir;
mod linker;
mod log;
mod map;
mod module;
mod registry;
mod store;
mod translate;
mod trap;
mod types;
mod value;
mod zeroed;

pub use engine::{Config, Engine};
pub use error::{CallError, DecodeError, Error, ImageError, LimitKind, LinkError, LinkErrorKind};
pub use exec::{ResumableCall, ResumableInvocation};
pub use exn::{Exn, Tag};
pub use extern_::{Global, Memory, Table};
pub use features::Features;
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
#[cfg(feature = "image")]
pub use image::{SIGNATURE as IMAGE_SIGNATURE, image_meters_fuel, is_image};
pub use instance::{Extern, Instance};
pub use ir::VERSION as CODE_VERSION;
pub use linker::Linker;
pub use module::{CodeSize, Disassembly, FrameInfo, Module};
pub use store::{AsContext, AsContextMut, Store};
pub use trap::{Trap, TrapCode};
pub use types::{
    ExternType, FuncType, GlobalType, HeapType, MemoryType, Mutability, RefKind, RefType,
    TableType, TypeId, ValType,
};
pub use value::{ExternRef, Val};
