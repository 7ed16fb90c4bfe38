//! The standard WebAssembly C API (`wasm.h` of the WebAssembly/wasm-c-api
//! project, vendored unmodified in `include/`) implemented on Mote, plus
//! `include/mote.h` for what the standard lacks: fuel and resumable calls,
//! limits, WASI, signatures and module images.
//!
//! The crate builds a static library (`libmote_c_api.a`), a shared one on
//! hosts, and an rlib (for Rust tests). A C program includes `wasm.h` (and
//! `mote.h`) and links the library:
//!
//! ```c
//! wasm_engine_t* engine = wasm_engine_new();
//! wasm_store_t* store = wasm_store_new(engine);
//! wasm_module_t* module = wasm_module_new(store, &binary);
//! wasm_extern_vec_t imports = WASM_EMPTY_VEC;
//! wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
//! wasm_extern_vec_t exports;
//! wasm_instance_exports(instance, &exports);
//! wasm_val_t a[2] = {WASM_I32_VAL(2), WASM_I32_VAL(40)}, r[1] = {WASM_INIT_VAL};
//! wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
//! wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
//! ```
//!
//! # Features
//!
//! - `std` (default): Rust's standard library (hosts).
//! - `wasm` (default): loading `.wasm` modules (`wasmparser`). Without it
//!   the library is a runner that loads only images (`mote compile`,
//!   `wasm_module_deserialize`, `mote_module_from_static_image`).
//! - `wasi` (default, needs `std`): `mote_wasi_*`, over `wasi-lite`'s std
//!   backend (capability-scoped directories with `cap-std`).
//! - `bare-metal` (with `--no-default-features`): for C firmware, the
//!   library's allocator is the C library's `malloc`/`free`/`memalign` and
//!   a panic calls `abort`. `scripts/c-api-size.sh` builds it for
//!   thumbv7em-none-eabihf and measures it.
//!
//! # Ownership and safety
//!
//! Every `extern "C"` function is `unsafe`: its `# Safety` section says
//! what the C caller must hold to. The common contract, as in wasm.h:
//! pointers are either null where the function accepts null, or point to
//! live objects made by this library; an `own` argument passes ownership
//! in, an `own` result or out-parameter passes it out, to be released with
//! the matching `wasm_*_delete`; every object made from a store (modules
//! excepted) must be deleted before the store, and is used on one thread at
//! a time with its store. Within that contract no input makes the library
//! panic: malformed modules, wrong types and out-of-range indices give
//! NULL, `false` or a trap.
#![no_std]
// The types carry wasm.h's names: they are the C API.
#![allow(non_camel_case_types)]

extern crate alloc;
#[cfg(all(feature = "bare-metal", feature = "std"))]
compile_error!(
    "features `bare-metal` and `std` exclude each other: build with --no-default-features --features bare-metal"
);
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "bare-metal")]
mod bare_metal;
mod extern_;
mod func;
mod image;
mod info;
mod instance;
mod mote_api;
mod mote_types;
mod object;
mod ptr;
mod store;
mod trap;
mod types;
mod val;
mod vec;
#[cfg(feature = "wasi")]
mod wasi;

pub use extern_::*;
pub use func::*;
pub use image::*;
pub use instance::*;
pub use mote_api::*;
pub use object::*;
pub use store::*;
pub use trap::*;
pub use types::*;
pub use val::*;
pub use vec::*;
#[cfg(feature = "wasi")]
pub use wasi::*;
