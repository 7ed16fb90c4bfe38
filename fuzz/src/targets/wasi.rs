//! `wasi`: a guest that issues random WASI calls against a temporary
//! preopened directory: path operations on names built from a vocabulary
//! that leads out (`..`, links planted by the host and made by the guest,
//! absolute paths), renames and hard links across the boundary, reads,
//! writes and listings, random fds, and now and then random pointers and
//! lengths. It must never panic or trap; afterwards nothing outside the
//! preopen may have been created, removed or changed, and nothing from
//! outside (a file's contents, an entry's name) may ever have reached the
//! guest's memory.
//!
//! The world of one input, under a fresh temporary directory `top`:
//!
//! ```text
//! top/canary-<token>          an entry whose name must never be listed
//! top/outside/secret          contents: a token that must never be read
//! top/outside/canary-<token>
//! top/sandbox/                preopened as fd 3
//!   a/ (preopened too, fd 4)  a/f, a/back -> ../..
//!   file, up -> .., self -> ., abs -> <top>/outside
//! ```
//!
//! The tokens are random per world, so no input can contain them.

use crate::{Finding, Outcome, Stats, Target};
use arbitrary::Unstructured;
use mote::{Engine, Instance, Linker, Memory, Module, Store, Val, ValType};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};

pub const TARGET: Target = Target {
    name: "wasi",
    about: "random WASI path and fd calls against a temporary preopen: nothing outside touched or read",
    max_len: 2048,
    run,
    module: None,
};

/// Scratch places in the guest's two pages of memory.
const OUT: u32 = 16;
const IOV: u32 = 64;
const PATH: u32 = 1024;
const PATH2: u32 = 2048;
const BUF: u32 = 4096;
const MEMORY: u32 = 2 * 65536;

/// The fds of the two preopens.
const PREOPENS: [u32; 2] = [3, 4];

/// The guest: every preview1 import, each behind an exported wrapper.
fn guest_text() -> String {
    let mut text = String::from("(module\n");
    let sig = |params: &[ValType], result: bool| {
        let mut s = String::new();
        if !params.is_empty() {
            let names: Vec<String> = params.iter().map(|t| t.to_string()).collect();
            s = format!("(param {})", names.join(" "));
        }
        if result {
            s.push_str(" (result i32)");
        }
        s
    };
    for (name, params, result) in wasi_lite::FUNCTIONS {
        text.push_str(&format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} {}))\n",
            sig(params, *result)
        ));
    }
    text.push_str("(memory (export \"memory\") 2 2)\n");
    for (name, params, result) in wasi_lite::FUNCTIONS {
        let gets: String = (0..params.len()).map(|i| format!("(local.get {i})")).collect();
        text.push_str(&format!(
            "(func (export \"{name}\") {} (call ${name} {gets}))\n",
            sig(params, *result)
        ));
    }
    text.push(')');
    text
}

thread_local! {
    static GUEST: (Engine, Module) = {
        let engine = Engine::default();
        let wasm = wat::parse_str(guest_text()).expect("the guest's text is valid");
        let module = Module::new(&engine, &wasm).expect("the guest is a valid module");
        (engine, module)
    };
}

/// A token no input can contain.
fn token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos ^ (u64::from(std::process::id()) << 32) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 29;
    format!("{x:016x}{n:08x}")
}

/// Where worlds are made: `/dev/shm` where there is one (each input
/// creates and removes a dozen files, in memory there), else the
/// temporary directory.
fn scratch_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// One input's directory tree, removed when dropped.
struct World {
    top: PathBuf,
    /// What must never appear in guest memory.
    tokens: [String; 3],
}

impl World {
    fn new() -> std::io::Result<World> {
        let id = token();
        let top = scratch_dir().join(format!("mote-fuzz-wasi-{id}"));
        let secret = format!("SECRET{}", token());
        let (canary_top, canary_out) = (token(), token());
        fs::create_dir(&top)?;
        fs::write(top.join(format!("canary-{canary_top}")), "")?;
        fs::create_dir(top.join("outside"))?;
        fs::write(top.join("outside/secret"), &secret)?;
        fs::write(top.join(format!("outside/canary-{canary_out}")), "")?;
        let sandbox = top.join("sandbox");
        fs::create_dir_all(sandbox.join("a"))?;
        fs::write(sandbox.join("a/f"), "f")?;
        fs::write(sandbox.join("file"), "file")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("../..", sandbox.join("a/back"))?;
            symlink("..", sandbox.join("up"))?;
            symlink(".", sandbox.join("self"))?;
            symlink(top.join("outside"), sandbox.join("abs"))?;
        }
        Ok(World {
            top,
            tokens: [secret, canary_top, canary_out],
        })
    }

    fn ctx(&self) -> StdWasiCtx {
        WasiCtxBuilder::new()
            .preopen_dir(self.top.join("sandbox"), "/sandbox")
            .preopen_dir(self.top.join("sandbox/a"), "/a")
            .build()
            .expect("the world's directories preopen")
    }

    /// Everything outside the sandbox, by path below `top`: its kind,
    /// size, inode, permissions and modification time (links: target).
    /// Of the sandbox itself only that it is the same directory.
    fn snapshot(&self) -> BTreeMap<PathBuf, String> {
        let mut seen = BTreeMap::new();
        let mut pending = vec![PathBuf::new()];
        while let Some(rel) = pending.pop() {
            let path = self.top.join(&rel);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                seen.insert(rel, "unreadable".to_owned());
                continue;
            };
            let sandbox = rel == Path::new("sandbox");
            seen.insert(rel.clone(), describe(&path, &meta, sandbox));
            if meta.is_dir()
                && !sandbox
                && let Ok(entries) = fs::read_dir(&path)
            {
                for e in entries.flatten() {
                    pending.push(rel.join(e.file_name()));
                }
            }
        }
        seen
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.top);
    }
}

fn describe(path: &Path, meta: &fs::Metadata, sandbox: bool) -> String {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    if sandbox {
        return format!("sandbox dir={} ino={ino}", meta.is_dir());
    }
    if meta.file_type().is_symlink() {
        return format!("link -> {:?}", fs::read_link(path).ok());
    }
    format!(
        "dir={} len={} ino={ino} perm={:?} mtime={:?}",
        meta.is_dir(),
        meta.len(),
        meta.permissions(),
        meta.modified().ok()
    )
}

/// Names that exist in the world or that calls often create.
const NAMES: [&str; 10] = ["a", "x", "s", "l", "up", "self", "abs", "file", "f", "back"];

/// Name parts a longer path is built from: ways out, ways around, and
/// names that exist.
const PARTS: [&str; 16] = [
    "..", ".", "a", "f", "file", "up", "self", "abs", "back", "new", "s", "l", "outside",
    "secret", "sandbox", "",
];

/// Targets that lead out when followed from the sandbox's top.
const OUTWARD: [&str; 6] = ["self/..", "up", "s/..", "..", "abs", "a/back"];

/// A path: mostly one or two names, sometimes up to five parts of any
/// kind, now and then absolute or the host's own path (which the guest
/// must not be able to use).
fn path(u: &mut Unstructured<'_>, top: &Path) -> arbitrary::Result<String> {
    let mut p = match u.int_in_range(0..=7u8)? {
        0..=3 => (*u.choose(&NAMES)?).to_owned(),
        4 | 5 => {
            let second = if u.ratio(1, 2)? { ".." } else { *u.choose(&NAMES)? };
            format!("{}/{second}", u.choose(&NAMES)?)
        }
        6 => (*u.choose(&OUTWARD)?).to_owned(),
        _ => {
            if u.ratio(1, 8)? {
                return Ok(top.join("outside/secret").display().to_string());
            }
            let n = u.int_in_range(1..=5u8)?;
            let mut parts = Vec::new();
            for _ in 0..n {
                parts.push(*u.choose(&PARTS)?);
            }
            parts.join("/")
        }
    };
    if u.ratio(1, 24)? {
        p.insert(0, '/');
    }
    if u.ratio(1, 16)? {
        p.push('/');
    }
    Ok(p)
}

/// The guest, its world and what it has opened.
struct Run<'w> {
    world: &'w World,
    store: Store<StdWasiCtx>,
    instance: Instance,
    memory: Memory,
    fds: Vec<u32>,
    calls: u64,
}

impl Run<'_> {
    fn fd(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<u32> {
        Ok(match u.int_in_range(0..=9u8)? {
            0..=3 => *u.choose(&PREOPENS)?,
            4..=7 if !self.fds.is_empty() => *u.choose(&self.fds)?,
            8 => u.int_in_range(0..=2)?,
            _ => u.arbitrary()?,
        })
    }

    /// Writes `text` at `at`; returns its pointer and length, or (one time
    /// in thirty) a random pointer and length instead.
    fn text(&mut self, u: &mut Unstructured<'_>, at: u32, text: &str) -> arbitrary::Result<[i64; 2]> {
        if u.ratio(1, 30)? {
            return Ok([i64::from(u.arbitrary::<u32>()?), i64::from(u.arbitrary::<u32>()?)]);
        }
        let bytes = &text.as_bytes()[..text.len().min(1000)];
        let _ = self.memory.write(&mut self.store, at as usize, bytes);
        Ok([i64::from(at), bytes.len() as i64])
    }

    fn path(&mut self, u: &mut Unstructured<'_>, at: u32) -> arbitrary::Result<[i64; 2]> {
        let p = path(u, &self.world.top)?;
        self.text(u, at, &p)
    }

    /// A buffer: mostly inside the scratch area, sometimes anywhere.
    fn buffer(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<[i64; 2]> {
        if u.ratio(1, 20)? {
            return Ok([i64::from(u.arbitrary::<u32>()?), i64::from(u.arbitrary::<u32>()?)]);
        }
        let len = u.int_in_range(0..=(MEMORY - BUF))?;
        Ok([i64::from(BUF), i64::from(len)])
    }

    /// One iovec at `IOV` over a buffer.
    fn iovec(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<[i64; 2]> {
        let [ptr, len] = self.buffer(u)?;
        let mut rec = [0u8; 8];
        rec[..4].copy_from_slice(&(ptr as u32).to_le_bytes());
        rec[4..].copy_from_slice(&(len as u32).to_le_bytes());
        let _ = self.memory.write(&mut self.store, IOV as usize, &rec);
        Ok([i64::from(IOV), 1])
    }

    /// Calls `name` with `args`; a trap or a panic-free failure to call is
    /// a finding, an errno is fine. An opened fd is remembered.
    fn call(&mut self, name: &str, args: &[i64]) -> Result<i32, Finding> {
        let func = self
            .instance
            .get_func(&self.store, name)
            .ok_or_else(|| Finding::new("harness", format!("no export {name}")))?;
        let ty = func.ty(&self.store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(args)
            .map(|(t, &a)| match t {
                ValType::I64 => Val::I64(a),
                _ => Val::I32(a as i32),
            })
            .collect();
        if params.len() != ty.params().len() {
            return Err(Finding::new("harness", format!("arity of {name}")));
        }
        let mut results = vec![Val::I32(0); ty.results().len()];
        self.calls += 1;
        if let Err(e) = func.call(&mut self.store, &params, &mut results) {
            return Err(Finding::new("trap", format!("{name}{args:?}: {e}")));
        }
        let errno = match results.first() {
            Some(Val::I32(e)) => *e,
            _ => 0,
        };
        if !(0..=76).contains(&errno) {
            return Err(Finding::new("errno", format!("{name}{args:?} returned {errno}")));
        }
        self.check_memory(name, args)?;
        Ok(errno)
    }

    /// No token from outside is anywhere in guest memory.
    fn check_memory(&self, name: &str, args: &[i64]) -> Result<(), Finding> {
        let data = self.memory.data(&self.store);
        for token in &self.world.tokens {
            if memchr::memmem::find(data, token.as_bytes()).is_some() {
                return Err(Finding::new(
                    "read outside",
                    format!("after {name}{args:?} guest memory holds {token}"),
                ));
            }
        }
        Ok(())
    }

    fn opened(&mut self, errno: i32) {
        if errno == 0 {
            let mut fd = [0u8; 4];
            if self.memory.read(&self.store, OUT as usize, &mut fd).is_ok() {
                self.fds.push(u32::from_le_bytes(fd));
            }
        }
    }

    /// One call, chosen and filled in from the input.
    fn step(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<Result<(), Finding>> {
        let out = i64::from(OUT);
        let r = match u.int_in_range(0..=21u8)? {
            0 | 1 => {
                let fd = self.fd(u)?;
                let [p, l] = self.path(u, PATH)?;
                let lookup = i64::from(u.int_in_range(0..=1u8)?);
                let oflags = i64::from(u.int_in_range(0..=15u8)?);
                let rights: i64 = *u.choose(&[0, 2 | 1 << 14, 2 | 1 << 6 | 1 << 22, -1])?;
                let fdflags = i64::from(*u.choose(&[0u8, 1, 4])?);
                self.call("path_open", &[fd.into(), lookup, p, l, oflags, rights, rights, fdflags, out])
                    .map(|e| self.opened(e))
            }
            2 => {
                let fd = self.fd(u)?;
                let [p, l] = self.path(u, PATH)?;
                self.call("path_create_directory", &[fd.into(), p, l]).map(drop)
            }
            3 => {
                let fd = self.fd(u)?;
                let [p, l] = self.path(u, PATH)?;
                self.call("path_remove_directory", &[fd.into(), p, l]).map(drop)
            }
            4 => {
                let fd = self.fd(u)?;
                let [p, l] = self.path(u, PATH)?;
                self.call("path_unlink_file", &[fd.into(), p, l]).map(drop)
            }
            5 | 6 => {
                let (fd, fd2) = (self.fd(u)?, self.fd(u)?);
                let [p, l] = self.path(u, PATH)?;
                let [q, m] = self.path(u, PATH2)?;
                self.call("path_rename", &[fd.into(), p, l, fd2.into(), q, m]).map(drop)
            }
            7 | 8 => {
                let fd = self.fd(u)?;
                let [t, tl] = self.path(u, PATH2)?;
                let [p, l] = self.path(u, PATH)?;
                self.call("path_symlink", &[t, tl, fd.into(), p, l]).map(drop)
            }
            9 => {
                let (fd, fd2) = (self.fd(u)?, self.fd(u)?);
                let lookup = i64::from(u.int_in_range(0..=1u8)?);
                let [p, l] = self.path(u, PATH)?;
                let [q, m] = self.path(u, PATH2)?;
                self.call("path_link", &[fd.into(), lookup, p, l, fd2.into(), q, m]).map(drop)
            }
            10 => {
                let fd = self.fd(u)?;
                let [p, l] = self.path(u, PATH)?;
                let [b, bl] = self.buffer(u)?;
                self.call("path_readlink", &[fd.into(), p, l, b, bl, out]).map(drop)
            }
            11 => {
                let fd = self.fd(u)?;
                let lookup = i64::from(u.int_in_range(0..=1u8)?);
                let [p, l] = self.path(u, PATH)?;
                self.call("path_filestat_get", &[fd.into(), lookup, p, l, i64::from(BUF)]).map(drop)
            }
            12 => {
                let fd = self.fd(u)?;
                let lookup = i64::from(u.int_in_range(0..=1u8)?);
                let [p, l] = self.path(u, PATH)?;
                let flags = i64::from(u.int_in_range(0..=15u8)?);
                let t: i64 = u.arbitrary()?;
                self.call("path_filestat_set_times", &[fd.into(), lookup, p, l, t, t, flags]).map(drop)
            }
            13 => {
                let fd = self.fd(u)?;
                let [b, bl] = self.buffer(u)?;
                let cookie = i64::from(u.int_in_range(0..=8u8)?);
                self.call("fd_readdir", &[fd.into(), b, bl, cookie, out]).map(drop)
            }
            14 => {
                let fd = self.fd(u)?;
                let [iov, n] = self.iovec(u)?;
                self.call("fd_read", &[fd.into(), iov, n, out]).map(drop)
            }
            15 => {
                let fd = self.fd(u)?;
                let [iov, n] = self.iovec(u)?;
                self.call("fd_write", &[fd.into(), iov, n, out]).map(drop)
            }
            16 => {
                let fd = self.fd(u)?;
                self.call("fd_close", &[fd.into()]).map(drop)
            }
            17 => {
                let (fd, fd2) = (self.fd(u)?, self.fd(u)?);
                self.call("fd_renumber", &[fd.into(), fd2.into()]).map(drop)
            }
            18 => {
                let fd = self.fd(u)?;
                let (offset, whence): (i64, u8) = (u.arbitrary()?, u.int_in_range(0..=3)?);
                self.call("fd_seek", &[fd.into(), offset, whence.into(), out]).map(drop)
            }
            19 | 20 => self.swap(u)?,
            _ => self.any_call(u)?,
        };
        Ok(r)
    }

    /// The move behind most escapes: a name that a held fd (or a preopen)
    /// was opened on is moved away, and a link that leads out takes its
    /// place.
    fn swap(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<Result<(), Finding>> {
        let dir = i64::from(*u.choose(&PREOPENS)?);
        let name = *u.choose(&NAMES)?;
        let [p, l] = self.text(u, PATH, name)?;
        let [q, m] = self.text(u, PATH2, &format!("{name}2"))?;
        if let Err(f) = self.call("path_rename", &[dir, p, l, dir, q, m]) {
            return Ok(Err(f));
        }
        let target = *u.choose(&OUTWARD)?;
        let [t, tl] = self.text(u, PATH2, target)?;
        let [p, l] = self.text(u, PATH, name)?;
        Ok(self.call("path_symlink", &[t, tl, dir, p, l]).map(drop))
    }

    /// Any function but `proc_exit` and `poll_oneoff` (which may sleep),
    /// with arguments that are small numbers, pointers into memory, or
    /// anything.
    fn any_call(&mut self, u: &mut Unstructured<'_>) -> arbitrary::Result<Result<(), Finding>> {
        let callable: Vec<_> = wasi_lite::FUNCTIONS
            .iter()
            .filter(|(n, _, _)| !matches!(*n, "proc_exit" | "poll_oneoff"))
            .collect();
        let (name, params, _) = **u.choose(&callable)?;
        let mut args = Vec::with_capacity(params.len());
        for t in params {
            let v: i64 = match u.int_in_range(0..=3u8)? {
                0 => i64::from(u.int_in_range(0..=8u8)?),
                1 => i64::from(u.int_in_range(0..=MEMORY)?),
                2 if *t == ValType::I64 => u.arbitrary()?,
                _ => i64::from(u.arbitrary::<u32>()?),
            };
            args.push(v);
        }
        Ok(self.call(name, &args).map(drop))
    }
}

fn run(input: &[u8]) -> Outcome {
    let world = World::new().map_err(|e| Finding::new("harness", format!("world: {e}")))?;
    let before = world.snapshot();
    let (store, instance) = GUEST.with(|(engine, module)| {
        let mut store = Store::new(engine, world.ctx());
        let mut linker = Linker::new(engine);
        wasi_lite::add_to_linker(&mut linker, |c: &mut StdWasiCtx| c)
            .map_err(|e| Finding::new("harness", format!("link: {e}")))?;
        let instance = linker
            .instantiate(&mut store, module)
            .map_err(|e| Finding::new("harness", format!("instantiate: {e}")))?;
        Ok::<_, Finding>((store, instance))
    })?;
    let memory = instance
        .get_memory(&store, "memory")
        .ok_or_else(|| Finding::new("harness", "no memory"))?;
    let mut run = Run {
        world: &world,
        store,
        instance,
        memory,
        fds: Vec::new(),
        calls: 0,
    };
    let mut u = Unstructured::new(input);
    let steps = u.int_in_range(1..=64u8).unwrap_or(1);
    for _ in 0..steps {
        match run.step(&mut u) {
            Ok(Ok(())) => {}
            Ok(Err(finding)) => return Err(finding),
            Err(_) => break, // the input ran out
        }
    }
    let calls = run.calls;
    drop(run);
    let after = world.snapshot();
    if before != after {
        let changed: Vec<String> = before
            .iter()
            .filter(|(k, v)| after.get(*k) != Some(v))
            .map(|(k, v)| format!("{}: {v} -> {:?}", k.display(), after.get(k)))
            .chain(
                after
                    .iter()
                    .filter(|(k, _)| !before.contains_key(*k))
                    .map(|(k, v)| format!("{}: new {v}", k.display())),
            )
            .collect();
        return Err(Finding::new("touched outside", changed.join("; ")));
    }
    Ok(Stats {
        modules: 1,
        calls,
        notes: Vec::new(),
    })
}
