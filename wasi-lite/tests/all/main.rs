//! Integration tests: real modules, written in WAT, that import
//! `wasi_snapshot_preview1` and run on the Mote engine with the std backend.
//!
//! Two kinds of guests: small programs with a `_start` (hello world, echo,
//! exit codes), and a "shim" module that imports every preview1 function
//! and exports a wasm wrapper for each (`w_fd_write`, ...). Tests drive the
//! shim with chosen pointers and check the errno and the guest memory.

mod args_env;
mod clock_random;
#[cfg(unix)] // the escapes are built with host symbolic links
mod escapes;
#[cfg(unix)]
mod escapes_handles;
mod faults;
mod files;
mod fuel;
mod imports;
mod proc;
mod stdio;
mod stubs;

use mote::{Engine, Error, Func, Instance, Linker, Memory, Module, Store, Val, ValType};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use wasi_lite::std_backend::{SharedBuffer, StdWasiCtx, WasiCtxBuilder};

/// Every preview1 function with its wasm signature: (name, params, has result).
pub use wasi_lite::FUNCTIONS as PREVIEW1;

/// WASI errnos the tests expect.
pub mod errno {
    pub const SUCCESS: i32 = 0;
    pub const ACCES: i32 = 2;
    pub const BADF: i32 = 8;
    pub const EXIST: i32 = 20;
    pub const FAULT: i32 = 21;
    pub const INVAL: i32 = 28;
    pub const ISDIR: i32 = 31;
    pub const LOOP: i32 = 32;
    pub const NOENT: i32 = 44;
    pub const NOSYS: i32 = 52;
    pub const NOTDIR: i32 = 54;
    pub const NOTEMPTY: i32 = 55;
    pub const PERM: i32 = 63;
    pub const SPIPE: i32 = 70;
    pub const NOTCAPABLE: i32 = 76;
}

/// Compiles WAT text (a syntax error is a bug in the test).
pub fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap_or_else(|e| panic!("test bug: invalid WAT: {e}\n{text}"))
}

fn linker(engine: &Engine) -> Linker<StdWasiCtx> {
    let mut linker = Linker::new(engine);
    wasi_lite::add_to_linker(&mut linker, |ctx: &mut StdWasiCtx| ctx).expect("WASI links once");
    linker
}

/// Instantiates `text` with WASI over `ctx`.
pub fn instantiate(ctx: StdWasiCtx, text: &str) -> Result<(Store<StdWasiCtx>, Instance), Error> {
    instantiate_with(&Engine::default(), ctx, text)
}

/// Instantiates `text` with WASI over `ctx` on `engine`.
pub fn instantiate_with(
    engine: &Engine,
    ctx: StdWasiCtx,
    text: &str,
) -> Result<(Store<StdWasiCtx>, Instance), Error> {
    let engine = engine.clone();
    let module = Module::new(&engine, &wat(text))?;
    let mut store = Store::new(&engine, ctx);
    let instance = linker(&engine).instantiate(&mut store, &module)?;
    Ok((store, instance))
}

/// Runs the `_start` of program `text` with WASI over `ctx`.
pub fn run(ctx: StdWasiCtx, text: &str) -> (Result<(), Error>, Store<StdWasiCtx>) {
    let (mut store, instance) = instantiate(ctx, text).expect("the program instantiates");
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .expect("the program exports _start");
    (start.call(&mut store, ()), store)
}

/// The shim's text: one page of memory and a wrapper per preview1 function.
pub fn shim_text() -> String {
    let mut imports = String::new();
    let mut wrappers = String::new();
    for (name, params, result) in PREVIEW1 {
        let result = if *result { "(result i32)" } else { "" };
        let params_decl = if params.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = params.iter().map(|t| t.to_string()).collect();
            format!("(param {})", names.join(" "))
        };
        imports.push_str(&format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} {params_decl} {result}))\n"
        ));
        let gets: String = (0..params.len())
            .map(|i| format!("(local.get {i}) "))
            .collect();
        wrappers.push_str(&format!(
            "(func (export \"w_{name}\") {params_decl} {result} (call ${name} {gets}))\n"
        ));
    }
    format!("(module\n{imports}(memory (export \"memory\") 2)\n{wrappers})")
}

/// A guest that can call any preview1 function with any arguments.
pub struct Shim {
    pub store: Store<StdWasiCtx>,
    instance: Instance,
    memory: Memory,
}

/// Bytes of the shim's memory (two 64 KiB pages).
pub const SHIM_MEMORY: u32 = 2 * 65536;

impl Shim {
    pub fn new(ctx: StdWasiCtx) -> Shim {
        Shim::with_engine(&Engine::default(), ctx)
    }

    pub fn with_engine(engine: &Engine, ctx: StdWasiCtx) -> Shim {
        let (store, instance) =
            instantiate_with(engine, ctx, &shim_text()).expect("the shim instantiates");
        let memory = instance
            .get_memory(&store, "memory")
            .expect("the shim exports memory");
        Shim {
            store,
            instance,
            memory,
        }
    }

    /// Calls `name` (without the `w_`) with `args`, each converted to the
    /// parameter's type; returns the errno.
    pub fn try_call(&mut self, name: &str, args: &[i64]) -> Result<i32, Error> {
        let func: Func = self
            .instance
            .get_func(&self.store, &format!("w_{name}"))
            .expect("a preview1 name");
        let ty = func.ty(&self.store);
        assert_eq!(ty.params().len(), args.len(), "test bug: arity of {name}");
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(args)
            .map(|(t, &a)| {
                if *t == ValType::I64 {
                    Val::I64(a)
                } else {
                    Val::I32(a as i32)
                }
            })
            .collect();
        let mut results = vec![Val::I32(0); ty.results().len()];
        func.call(&mut self.store, &params, &mut results)?;
        Ok(match results.first() {
            Some(Val::I32(e)) => *e,
            _ => 0,
        })
    }

    /// Like [`Shim::try_call`], expecting no trap.
    pub fn call(&mut self, name: &str, args: &[i64]) -> i32 {
        self.try_call(name, args)
            .unwrap_or_else(|e| panic!("{name} trapped: {e}"))
    }

    pub fn write(&mut self, ptr: u32, bytes: &[u8]) {
        self.memory
            .write(&mut self.store, ptr as usize, bytes)
            .expect("test bug: write out of bounds");
    }

    pub fn read(&self, ptr: u32, len: u32) -> Vec<u8> {
        let mut buf = vec![0; len as usize];
        self.memory
            .read(&self.store, ptr as usize, &mut buf)
            .expect("test bug: read out of bounds");
        buf
    }

    pub fn u32(&self, ptr: u32) -> u32 {
        u32::from_le_bytes(self.read(ptr, 4).try_into().unwrap())
    }

    pub fn u64(&self, ptr: u32) -> u64 {
        u64::from_le_bytes(self.read(ptr, 8).try_into().unwrap())
    }

    /// Writes `s` at `ptr`; returns `(ptr, len)` as call arguments.
    pub fn str(&mut self, ptr: u32, s: &str) -> (i64, i64) {
        self.write(ptr, s.as_bytes());
        (ptr as i64, s.len() as i64)
    }

    /// Writes one iovec `(buf, len)` at `at`.
    pub fn iovec(&mut self, at: u32, buf: u32, len: u32) {
        self.write(at, &buf.to_le_bytes());
        self.write(at + 4, &len.to_le_bytes());
    }
}

/// `path_open` rights: read, or read and write.
pub const RIGHTS_READ: i64 = 1 << 1 | 1 << 14;
pub const RIGHTS_RW: i64 = RIGHTS_READ | 1 << 6 | 1 << 22;
/// `oflags`.
pub const O_CREAT: i64 = 1;
pub const O_DIRECTORY: i64 = 2;
pub const O_EXCL: i64 = 4;
pub const O_TRUNC: i64 = 8;
/// `lookupflags`.
pub const FOLLOW: i64 = 1;

/// Scratch addresses in the shim's memory.
pub const PATH: u32 = 1024;
pub const PATH2: u32 = 2048;
pub const OUT: u32 = 16;
pub const IOV: u32 = 64;
pub const BUF: u32 = 4096;

impl Shim {
    /// `path_open` under `dir`; the new fd, or the errno.
    pub fn open(
        &mut self,
        dir: u32,
        lookup: i64,
        path: &str,
        oflags: i64,
        rights: i64,
        fdflags: i64,
    ) -> Result<u32, i32> {
        let (p, l) = self.str(PATH, path);
        match self.call(
            "path_open",
            &[
                dir as i64, lookup, p, l, oflags, rights, 0, fdflags, OUT as i64,
            ],
        ) {
            0 => Ok(self.u32(OUT)),
            e => Err(e),
        }
    }

    /// Writes `data` to `fd` through one iovec; the errno and the count.
    pub fn fd_write(&mut self, fd: u32, data: &[u8]) -> (i32, u32) {
        self.write(BUF, data);
        self.iovec(IOV, BUF, data.len() as u32);
        let e = self.call("fd_write", &[fd as i64, IOV as i64, 1, OUT as i64]);
        (e, self.u32(OUT))
    }

    /// Reads up to `len` bytes from `fd`.
    pub fn fd_read(&mut self, fd: u32, len: u32) -> Result<Vec<u8>, i32> {
        self.iovec(IOV, BUF, len);
        match self.call("fd_read", &[fd as i64, IOV as i64, 1, OUT as i64]) {
            0 => Ok(self.read(BUF, self.u32(OUT))),
            e => Err(e),
        }
    }

    /// A path call taking `(fd, path, len)`.
    pub fn path_call(&mut self, name: &str, fd: u32, path: &str) -> i32 {
        let (p, l) = self.str(PATH, path);
        self.call(name, &[fd as i64, p, l])
    }
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("wasi-lite-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("can create a temp dir");
        TempDir(path)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A context with `dir` preopened as `/sandbox` (fd 3) and stdout captured.
pub fn ctx_with_dir(dir: &Path) -> (StdWasiCtx, SharedBuffer) {
    let out = SharedBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .preopen_dir(dir, "/sandbox")
        .stdout(out.clone())
        .build()
        .expect("the temp dir preopens");
    (ctx, out)
}

/// The fd of the first preopen.
pub const PREOPEN: u32 = 3;
