//! Ahead-of-time native code for Mote: a WebAssembly module compiled to
//! machine code with Cranelift (the wasm → Cranelift IR translation is this
//! crate's), instantiated in a Mote [`Store`] and called with Mote's API.
//!
//! ```
//! use mote::{Engine, Linker, Store};
//!
//! let wasm = wat::parse_str(
//!     r#"(module (func (export "add") (param i32 i32) (result i32)
//!          local.get 0 local.get 1 i32.add))"#,
//! )
//! .unwrap();
//! let engine = Engine::default();
//! let module = mote_aot::Module::new(&wasm).unwrap();
//! let mut store = Store::new(&engine, ());
//! let instance = module.instantiate(&mut store, &Linker::new(&engine)).unwrap();
//! let add = instance.get_func("add").unwrap().typed::<(i32, i32), i32>(&store).unwrap();
//! assert_eq!(add.call(&mut store, (2, 40)).unwrap(), 42);
//!
//! // Compiled once, saved as an artifact, loaded later (on a machine of the
//! // same target: another one is refused, as is a damaged artifact).
//! let artifact = module.serialize().unwrap();
//! // SAFETY: the artifact was written just now by this mote-aot.
//! let loaded = unsafe { mote_aot::Module::deserialize(&artifact) }.unwrap();
//! let instance = loaded.instantiate(&mut store, &Linker::new(&engine)).unwrap();
//! let add = instance.get_func("add").unwrap().typed::<(i32, i32), i32>(&store).unwrap();
//! assert_eq!(add.call(&mut store, (40, 2)).unwrap(), 42);
//! ```
//!
//! How native code reaches the store, and what is translated so far: see
//! `targets/README.md`.

mod artifact;
mod code;
mod compile;
mod icache;
mod instance;
mod translate;
mod vmctx;

#[cfg(test)]
mod artifact_tests;
#[cfg(test)]
mod calls_tests;
#[cfg(test)]
mod exn_tests;
#[cfg(test)]
mod fuel_tests;
#[cfg(test)]
mod memory_tests;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use artifact::{ArtifactError, ArtifactInfo, FORMAT_VERSION, is_artifact};
pub use compile::TargetInfo;
pub use instance::{Instance, MAX_CALL_DEPTH};
use mote::{Linker, Store};

/// Why a module could not be compiled or instantiated.
#[derive(Debug)]
pub enum Error {
    /// The module is malformed or invalid.
    Wasm(wasmparser::BinaryReaderError),
    /// The module uses something this tier does not translate yet.
    Unsupported(String),
    /// Cranelift refused the generated IR (a bug in the translation).
    Codegen(String),
    /// The code could not be mapped executable.
    Map,
    /// An import is missing or has another type.
    Link(String),
    /// The store refused something, or instantiation trapped.
    Engine(mote::Error),
    /// An artifact was refused.
    Artifact(ArtifactError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Wasm(e) => write!(f, "{e}"),
            Error::Unsupported(what) => write!(f, "not supported by the AOT tier yet: {what}"),
            Error::Codegen(e) => write!(f, "code generation failed: {e}"),
            Error::Map => f.write_str("could not map executable memory"),
            Error::Link(e) => write!(f, "link error: {e}"),
            Error::Engine(e) => write!(f, "{e}"),
            Error::Artifact(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error::Wasm(e)
    }
}

impl From<mote::Error> for Error {
    fn from(e: mote::Error) -> Self {
        Error::Engine(e)
    }
}

/// How a module is compiled.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Count fuel as the interpreter does, at function entry and loop
    /// headers, from the store's counter (`Store::set_fuel`): "all fuel
    /// consumed" when none is left at such a point. It counts wasm
    /// operators where the interpreter counts its own ops, so the totals
    /// differ, and the trap is final (not resumable). The store's counter
    /// is used whether or not its `Config::consume_fuel` is on (the engine
    /// does not say), so such a module needs fuel set.
    pub fuel: bool,
}

/// A module compiled to native code for this host.
#[derive(Clone)]
pub struct Module {
    inner: Arc<compile::CompiledModule>,
}

impl Module {
    /// Validates and compiles `wasm`.
    pub fn new(wasm: &[u8]) -> Result<Module, Error> {
        Module::new_with(wasm, &Options::default())
    }

    /// Validates and compiles `wasm` with `options`.
    pub fn new_with(wasm: &[u8], options: &Options) -> Result<Module, Error> {
        Ok(Module {
            inner: compile::compile(wasm, options.fuel)?,
        })
    }

    /// Whether the code counts fuel ([`Options::fuel`]).
    pub fn meters_fuel(&self) -> bool {
        self.inner.target.fuel
    }

    /// The module as an artifact: its code, the module and what the code
    /// needs of the machine, for [`Module::deserialize`] (the format:
    /// `targets/README.md`).
    pub fn serialize(&self) -> Result<Vec<u8>, Error> {
        let m = &self.inner;
        artifact::write(&m.wasm, m.code.bytes(), &m.offsets, &m.target)
    }

    /// Loads an artifact written by [`Module::serialize`] or
    /// [`compile_artifact`]. Refuses (never panics on) bytes that are not an
    /// artifact, one of another format version, for another target or CPU,
    /// compiled with other settings or by another version, truncated or
    /// corrupted ([`Error::Artifact`]).
    ///
    /// # Safety
    ///
    /// The artifact's machine code runs as it is, unchecked: `bytes` must
    /// come from this version of mote-aot and be trusted as a native
    /// executable would be. The checks catch accidents, not tampering.
    pub unsafe fn deserialize(bytes: &[u8]) -> Result<Module, Error> {
        Ok(Module {
            // SAFETY: the caller's contract is `load`'s.
            inner: unsafe { artifact::load(bytes)? },
        })
    }

    /// The target the code was compiled for.
    pub fn target(&self) -> &TargetInfo {
        &self.inner.target
    }

    /// Instantiates the module in `store`, its imports resolved by `linker`.
    pub fn instantiate<T: 'static>(
        &self,
        store: &mut Store<T>,
        linker: &Linker<T>,
    ) -> Result<Instance, Error> {
        instance::instantiate(&self.inner, store, linker)
    }

    /// Bytes of machine code.
    pub fn code_size(&self) -> usize {
        self.inner.code_size
    }

    /// Time validation and compilation took (for a deserialized module:
    /// loading the artifact).
    pub fn compile_time(&self) -> Duration {
        self.inner.compile_time
    }
}

/// Validates and compiles `wasm` for `target`, `"host"` (this machine, all
/// its CPU features) or a target triple, and returns the artifact's bytes,
/// for [`Module::deserialize`] on a machine of that target. The triples
/// are those of x86_64 (the `x86-64-v2` level), aarch64 (the base
/// ARMv8-A) and riscv64gc (RV64GC), on Linux.
pub fn compile_artifact(wasm: &[u8], target: &str) -> Result<Vec<u8>, Error> {
    artifact::compile(wasm, target, false)
}

/// [`compile_artifact`] with `options`.
pub fn compile_artifact_with(
    wasm: &[u8],
    target: &str,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    artifact::compile(wasm, target, options.fuel)
}

/// Reads an artifact's header and parts without loading its code (for
/// inspection): refuses what [`Module::deserialize`] refuses, except a
/// target other than this host.
pub fn read_artifact(bytes: &[u8]) -> Result<ArtifactInfo<'_>, Error> {
    Ok(artifact::read(bytes)?)
}
