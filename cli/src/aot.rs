//! Native code artifacts (`mote compile --target`, `.cwasm`): written,
//! loaded and described through `mote-aot`, when this build has the `aot`
//! feature (the default). Without it, an artifact is refused by name.

use crate::Failure;
use std::path::Path;

/// The first bytes of every artifact (`mote_aot::is_artifact`); checked
/// here too, so that a build without the `aot` feature names what it
/// refuses.
const MAGIC: &[u8] = b"\0moteaot";

/// Whether `bytes` start as a native code artifact.
pub fn is_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

#[cfg(feature = "aot")]
pub use enabled::*;

#[cfg(not(feature = "aot"))]
pub use disabled::*;

#[cfg(feature = "aot")]
mod enabled {
    use super::*;
    use crate::output::outln;

    pub use mote_aot::{Instance, Module};

    /// Compiles `wasm` for `target` ("host" or a triple) into an
    /// artifact; with `fuel`, code that counts fuel.
    pub fn compile(wasm: &[u8], target: &str, fuel: bool, path: &Path) -> Result<Vec<u8>, Failure> {
        mote_aot::compile_artifact_with(wasm, target, &mote_aot::Options { fuel })
            .map_err(|e| Failure::error(format!("{}: {e}", path.display())))
    }

    /// Whether a loaded artifact's code counts fuel.
    pub fn meters_fuel(module: &Module) -> bool {
        module.meters_fuel()
    }

    /// Instantiates an artifact's module: a link error is a failure, a
    /// trap of its start function the inner error.
    pub fn instantiate<T: 'static>(
        module: &Module,
        store: &mut mote::Store<T>,
        linker: &mote::Linker<T>,
        path: &Path,
    ) -> Result<Result<Instance, mote::Error>, Failure> {
        match module.instantiate(store, linker) {
            Ok(i) => Ok(Ok(i)),
            Err(mote_aot::Error::Engine(e)) => Ok(Err(e)),
            Err(e) => Err(Failure::error(format!("{}: {e}", path.display()))),
        }
    }

    /// Loads the artifact `bytes` read from `path`.
    ///
    /// `mote run FILE.cwasm` is the user's request to run that file's
    /// machine code, as running a native executable is; the loader still
    /// refuses any artifact of another target, CPU, version or settings,
    /// and any truncated or corrupted one.
    #[allow(unsafe_code)]
    pub fn load(bytes: &[u8], path: &Path) -> Result<Module, Failure> {
        // SAFETY: `deserialize`'s contract (trusted bytes written by this
        // mote-aot) is the user's, who asked to run this artifact; what the
        // loader can check, it does.
        unsafe { Module::deserialize(bytes) }
            .map_err(|e| Failure::error(format!("{}: {e}", path.display())))
    }

    /// Prints the artifact's header; returns the module inside it.
    pub fn describe<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a [u8], Failure> {
        let info = mote_aot::read_artifact(bytes)
            .map_err(|e| Failure::error(format!("{}: {e}", path.display())))?;
        outln!("artifact: format version {}", info.version)?;
        outln!("  target: {}", info.target.triple)?;
        outln!("  cpu features: {}", info.target.features.join(" "))?;
        outln!("  settings: {:016x}", info.target.settings)?;
        outln!(
            "  fuel: {}",
            if info.target.fuel {
                "counted"
            } else {
                "not counted"
            }
        )?;
        outln!(
            "  code: {} bytes for {} functions; module: {} bytes",
            info.code.len(),
            info.offsets.len(),
            info.wasm.len()
        )?;
        Ok(info.wasm)
    }
}

#[cfg(not(feature = "aot"))]
mod disabled {
    use super::*;

    const NO_AOT: &str = "this mote was built without native code (the cli's `aot` feature)";

    /// Never made: artifacts are refused before.
    pub enum Module {}
    /// Never made: artifacts are refused before.
    pub enum Instance {}

    pub fn instantiate<T: 'static>(
        module: &Module,
        _: &mut mote::Store<T>,
        _: &mote::Linker<T>,
        _: &Path,
    ) -> Result<Result<Instance, mote::Error>, Failure> {
        match *module {}
    }

    impl Instance {
        pub fn get_func(&self, _: &str) -> Option<mote::Func> {
            match *self {}
        }
    }

    pub fn meters_fuel(module: &Module) -> bool {
        match *module {}
    }

    pub fn compile(_: &[u8], _: &str, _: bool, path: &Path) -> Result<Vec<u8>, Failure> {
        Err(Failure::error(format!("{}: {NO_AOT}", path.display())))
    }

    pub fn load(_: &[u8], path: &Path) -> Result<Module, Failure> {
        Err(Failure::error(format!("{}: {NO_AOT}", path.display())))
    }

    pub fn describe<'a>(_: &'a [u8], path: &Path) -> Result<&'a [u8], Failure> {
        Err(Failure::error(format!("{}: {NO_AOT}", path.display())))
    }
}
