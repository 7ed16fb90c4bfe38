//! The instance's *shim* (see [`shim`]): how native code calls an import
//! so that the host function sees the instance's exported memory.

use mote::{Extern, Func, Linker, Store};
use wasmparser::ExternalKind;

use super::Runtime;
use crate::Error;
use crate::compile::CompiledModule;

/// The text of a value type in a shim (whose type `$tN` is the module's
/// type N).
fn wat_type(t: wasmparser::ValType) -> String {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    let r = match t {
        wasmparser::ValType::I32 => return "i32".into(),
        wasmparser::ValType::I64 => return "i64".into(),
        wasmparser::ValType::F32 => return "f32".into(),
        wasmparser::ValType::F64 => return "f64".into(),
        wasmparser::ValType::V128 => return "v128".into(),
        wasmparser::ValType::Ref(r) => r,
    };
    let heap = match r.heap_type() {
        H::Abstract { ty: A::Extern, .. } => "extern".to_string(),
        H::Abstract {
            ty: A::NoExtern, ..
        } => "noextern".to_string(),
        H::Abstract { ty: A::NoFunc, .. } => "nofunc".to_string(),
        H::Abstract { ty: A::Exn, .. } => "exn".to_string(),
        H::Abstract { ty: A::NoExn, .. } => "noexn".to_string(),
        H::Concrete(wasmparser::UnpackedIndex::Module(i)) => format!("$t{i}"),
        _ => "func".to_string(),
    };
    let null = if r.is_nullable() { "null " } else { "" };
    format!("(ref {null}{heap})")
}

/// The text of function type `ty`'s parameters and results in a shim.
fn wat_sig(ty: &wasmparser::FuncType) -> (String, usize) {
    let params: Vec<String> = ty.params().iter().map(|t| wat_type(*t)).collect();
    let results: Vec<String> = ty.results().iter().map(|t| wat_type(*t)).collect();
    let sig = format!(
        "(param {}) (result {})",
        params.join(" "),
        results.join(" ")
    );
    (sig, params.len())
}

/// The instance's *shim*: a small module the engine instantiates, which
/// imports the instance's imported functions and its memory, exports the
/// memory under the names the instance exports it, and exports one
/// trampoline per imported function that calls it. Native code calls an
/// import through its trampoline, so that the host function sees a
/// calling instance with the instance's exported memory
/// (`Caller::get_export("memory")`, as WASI needs), exactly as when the
/// interpreter calls it. Returns the trampolines by function index.
pub(super) fn shim<T: 'static>(
    m: &CompiledModule,
    r: &Runtime<T>,
    store: &mut Store<T>,
) -> Result<Vec<Func>, Error> {
    use std::fmt::Write;
    if m.env.imported_funcs == 0 {
        return Ok(Vec::new());
    }
    let mut text = String::from("(module\n");
    // The module's types, which typed references in signatures name.
    for (k, ty) in m.env.types.iter().enumerate() {
        let _ = writeln!(text, "(type $t{k} (func {}))", wat_sig(ty).0);
    }
    let mut body = String::new();
    let mut linker = Linker::<T>::new(store.engine());
    for i in 0..m.env.imported_funcs {
        let ty = &m.env.types[m.env.func_types[i as usize] as usize];
        let (sig, nparams) = wat_sig(ty);
        let _ = writeln!(text, "(import \"m\" \"f{i}\" (func $f{i} {sig}))");
        let _ = write!(body, "(func (export \"t{i}\") {sig}");
        for p in 0..nparams {
            let _ = write!(body, " local.get {p}");
        }
        let _ = writeln!(body, " call $f{i})");
        linker.define(
            &*store,
            "m",
            &format!("f{i}"),
            Extern::Func(r.funcs[i as usize]),
        )?;
    }
    for (k, mem) in r.memories.iter().enumerate() {
        let ty = mem.ty(&*store);
        let index = if ty.is_64() { "i64 " } else { "" };
        // A shared memory's import needs a maximum: the memory's own.
        let shared = match (ty.is_shared(), ty.maximum()) {
            (true, Some(max)) => format!(" {max} shared"),
            _ => String::new(),
        };
        let pages = match ty.page_size_log2() {
            16 => String::new(),
            log2 => format!(" (pagesize {})", 1u64 << log2),
        };
        let _ = writeln!(
            text,
            "(import \"m\" \"memory{k}\" (memory {index}0{shared}{pages}))"
        );
        linker.define(&*store, "m", &format!("memory{k}"), Extern::Memory(*mem))?;
    }
    for (name, kind, k) in &m.exports {
        if *kind == ExternalKind::Memory {
            let _ = writeln!(text, "(export {} (memory {k}))", wat_string(name));
        }
    }
    text.push_str(&body);
    text.push(')');
    let wasm = wat::parse_str(&text).map_err(|e| Error::Codegen(format!("the shim: {e}")))?;
    let module = mote::Module::new(store.engine(), &wasm)?;
    let instance = linker.instantiate(store, &module)?;
    (0..m.env.imported_funcs)
        .map(|i| {
            instance
                .get_func(&*store, &format!("t{i}"))
                .ok_or_else(|| Error::Codegen("the shim lacks a trampoline".into()))
        })
        .collect()
}

/// `name` as a WAT string: printable ASCII as it is but for `"` and `\`,
/// every other byte as a `\hh` escape. (Rust's `{:?}` writes `\0` and
/// `\u{..}`, which WAT reads differently or not at all.)
fn wat_string(name: &str) -> String {
    use core::fmt::Write as _;
    let mut s = String::with_capacity(name.len() + 2);
    s.push('"');
    for b in name.bytes() {
        if (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\' {
            s.push(char::from(b));
        } else {
            let _ = write!(s, "\\{b:02x}");
        }
    }
    s.push('"');
    s
}
