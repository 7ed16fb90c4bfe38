//! A module's sections as instantiation needs them, and its functions
//! compiled to one block of machine code.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cranelift_codegen::Context;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, Operator, Parser, Payload, TypeRef,
    Validator, WasmFeatures,
};

use crate::Error;
use crate::code::CodeMemory;
use crate::translate::{self, ModuleEnv};

/// A constant expression's instructions (extended constants included).
#[derive(Debug, Clone, Copy)]
pub enum ConstOp {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    GlobalGet(u32),
    RefNull,
    RefFunc(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// What an import is.
#[derive(Debug, Clone)]
pub enum ImportKind {
    Func(u32),
    Memory(wasmparser::MemoryType),
    Table(wasmparser::TableType),
    Global(wasmparser::GlobalType),
    /// A tag of this function type (its parameters: the payload).
    Tag(u32),
}

#[derive(Debug, Clone)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub kind: ImportKind,
}

/// An element segment: its table and offset if active, and its items'
/// constant expressions (a function index is `ref.func`). Active and declared segments are
/// dropped at instantiation, passive ones by `elem.drop`.
#[derive(Debug, Clone)]
pub struct ElemSegment {
    pub active: Option<(u32, Vec<ConstOp>)>,
    pub passive: bool,
    pub items: Vec<Vec<ConstOp>>,
}

/// A data segment: its memory and offset if active.
#[derive(Debug, Clone)]
pub struct DataSegment {
    pub active: Option<(u32, Vec<ConstOp>)>,
    pub bytes: Vec<u8>,
}

/// A module's sections as instantiation needs them.
pub struct Sections {
    pub env: ModuleEnv,
    pub imports: Vec<Import>,
    /// The memories the module defines (after the imported ones).
    pub memories: Vec<wasmparser::MemoryType>,
    pub tables: Vec<wasmparser::TableType>,
    pub table_inits: Vec<Option<Vec<ConstOp>>>,
    pub globals: Vec<(wasmparser::GlobalType, Vec<ConstOp>)>,
    pub exports: Vec<(String, ExternalKind, u32)>,
    pub elements: Vec<ElemSegment>,
    pub data: Vec<DataSegment>,
    pub start: Option<u32>,
}

/// The machine code of every defined function, for one target.
pub struct Text {
    /// The entry trampoline (at 0, when there are functions), then the
    /// functions one after the other, each aligned.
    pub bytes: Vec<u8>,
    /// Offset of each defined function in `bytes`, then of each entry
    /// adapter (`translate::adapter_types`).
    pub offsets: Vec<usize>,
    /// What the code was compiled for and what it needs of the CPU.
    pub target: TargetInfo,
}

/// The target a module's code was compiled for, as an artifact records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    /// The target triple (`x86_64-unknown-linux-gnu`).
    pub triple: String,
    /// Hash of the settings that change the code (Cranelift's shared flags
    /// and its non-feature ISA flags, the versions of Cranelift, mote-aot
    /// and of the vmctx layout).
    pub settings: u64,
    /// The CPU features the code may use (Cranelift's enabled `has_*` flags).
    pub features: Vec<String>,
    /// Whether the code counts fuel (a compile option, recorded with the
    /// target: an artifact's code does or does not).
    pub fuel: bool,
}

/// A module compiled to native code for this host.
pub struct CompiledModule {
    pub sections: Sections,
    /// The module's bytes (validated), kept for [`crate::Module::serialize`].
    pub wasm: Vec<u8>,
    pub code: CodeMemory,
    /// Offset of each defined function in `code`.
    pub offsets: Vec<usize>,
    /// Bytes of machine code.
    pub code_size: usize,
    /// What the code was compiled for.
    pub target: TargetInfo,
    /// Time spent compiling (validation included), or loading an artifact.
    pub compile_time: Duration,
}

impl core::ops::Deref for CompiledModule {
    type Target = Sections;
    fn deref(&self) -> &Sections {
        &self.sections
    }
}

/// Which machine the code is generated for.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// This machine, with every feature its CPU has.
    Host,
    /// A target triple of x86_64, aarch64 or riscv64gc Linux, at a
    /// baseline every such CPU has: on x86_64 the `x86-64-v2` feature
    /// level (SSE4.2, POPCNT: any x86_64 CPU of the last 15 years), on
    /// aarch64 the base ARMv8-A (none of Cranelift's optional features),
    /// on riscv64gc RV64GC (Cranelift's default G, with C); `riscv64gcv-…`
    /// is RV64GC with the V extension (RVV, vectors of at least 128 bits),
    /// the only riscv64 target that compiles `v128` code.
    Triple(&'a str),
}

/// The version of Cranelift this crate is built with (its `Cargo.toml`).
const CRANELIFT_VERSION: &str = "0.135.8";

/// The Cranelift target for `target`, with Mote's settings.
pub fn isa(target: Target<'_>) -> Result<OwnedTargetIsa, Error> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| {
        f.set(k, v)
            .map_err(|e| Error::Codegen(format!("setting {k}={v}: {e}")))
    };
    set(&mut flags, "opt_level", "speed")?;
    set(
        &mut flags,
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    // Cranelift's tail calls (`return_call`) rely on frame pointers.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "enable_probestack", "true")?;
    set(&mut flags, "probestack_strategy", "inline")?;
    let builder = match target {
        Target::Host => cranelift_native::builder().map_err(|e| Error::Codegen(e.into()))?,
        Target::Triple(triple) => {
            // `riscv64gcv-…` is riscv64gc with the V extension (whose
            // vector registers are at least 128 bits wide): the code is
            // RV64GC code that may use V, the triple it records riscv64gc's.
            let (lexicon, vector) = match triple.strip_prefix("riscv64gcv-") {
                Some(rest) => (format!("riscv64gc-{rest}"), true),
                None => (triple.to_string(), false),
            };
            let parsed: target_lexicon::Triple = lexicon
                .parse()
                .map_err(|e| Error::Unsupported(format!("target {triple}: {e}")))?;
            use target_lexicon::{Architecture, OperatingSystem, Riscv64Architecture};
            let baseline = match parsed.architecture {
                Architecture::X86_64 => Some("x86-64-v2"),
                Architecture::Aarch64(_) => None,
                Architecture::Riscv64(Riscv64Architecture::Riscv64gc) => Some("has_c"),
                _ => {
                    return Err(Error::Unsupported(format!(
                        "target {triple}: the architectures are x86_64, aarch64, riscv64gc and riscv64gcv"
                    )));
                }
            };
            // Elsewhere the calling convention, the code mapping and the
            // cache flush (`code.rs`, `icache.rs`) would differ.
            if parsed.operating_system != OperatingSystem::Linux {
                return Err(Error::Unsupported(format!(
                    "target {triple}: only Linux targets"
                )));
            }
            let mut b = cranelift_codegen::isa::lookup(parsed)
                .map_err(|e| Error::Unsupported(format!("target {triple}: {e}")))?;
            let vector = vector.then_some("has_v");
            for level in baseline.into_iter().chain(vector) {
                b.enable(level)
                    .map_err(|e| Error::Codegen(format!("{level}: {e}")))?;
            }
            b
        }
    };
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| Error::Codegen(e.to_string()))
}

/// What `isa` compiles for, as an artifact records it.
pub fn target_info(isa: &dyn cranelift_codegen::isa::TargetIsa) -> TargetInfo {
    let mut settings = String::new();
    settings.push_str(concat!("mote-aot ", env!("CARGO_PKG_VERSION"), "\n"));
    settings.push_str(CRANELIFT_VERSION);
    settings.push_str(&format!(
        "\nvmctx {} {}\n{}",
        crate::vmctx::LAYOUT_VERSION,
        size_of::<crate::vmctx::VmCtx>(),
        isa.flags()
    ));
    let mut features = Vec::new();
    for v in isa.isa_flags() {
        match v.as_bool() {
            Some(true) if v.name.starts_with("has_") => features.push(v.name.to_string()),
            Some(false) if v.name.starts_with("has_") => {}
            _ => settings.push_str(&format!("\n{v}")),
        }
    }
    TargetInfo {
        triple: isa.triple().to_string(),
        settings: crate::artifact::fnv1a(settings.as_bytes()),
        features,
        fuel: false,
    }
}

fn const_expr(expr: &wasmparser::ConstExpr<'_>) -> Result<Vec<ConstOp>, Error> {
    let mut ops = Vec::new();
    let mut reader = expr.get_operators_reader();
    while !reader.eof() {
        ops.push(match reader.read()? {
            Operator::I32Const { value } => ConstOp::I32(value),
            Operator::I64Const { value } => ConstOp::I64(value),
            Operator::F32Const { value } => ConstOp::F32(value.bits()),
            Operator::F64Const { value } => ConstOp::F64(value.bits()),
            Operator::V128Const { value } => ConstOp::V128(value.i128() as u128),
            Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            Operator::RefNull { .. } => ConstOp::RefNull,
            Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            Operator::I32Add => ConstOp::I32Add,
            Operator::I32Sub => ConstOp::I32Sub,
            Operator::I32Mul => ConstOp::I32Mul,
            Operator::I64Add => ConstOp::I64Add,
            Operator::I64Sub => ConstOp::I64Sub,
            Operator::I64Mul => ConstOp::I64Mul,
            Operator::End => continue,
            op => {
                return Err(Error::Unsupported(format!(
                    "{op:?} in a constant expression"
                )));
            }
        });
    }
    Ok(ops)
}

fn check_table(t: &wasmparser::TableType) -> Result<(), Error> {
    if !translate::ref_supported(t.element_type) {
        return Err(Error::Unsupported(
            "tables other than ones of function or host references".into(),
        ));
    }
    Ok(())
}

/// The proposals the engine's validator admits (its default cargo
/// features), so that both tiers accept the same modules.
fn features() -> WasmFeatures {
    WasmFeatures::WASM2
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::CUSTOM_PAGE_SIZES
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::LEGACY_EXCEPTIONS
        | WasmFeatures::THREADS
        | WasmFeatures::SIMD
        | WasmFeatures::RELAXED_SIMD
}

/// Validates `wasm` and compiles every function it defines for this host.
pub fn compile(wasm: &[u8], fuel: bool) -> Result<Arc<CompiledModule>, Error> {
    let started = Instant::now();
    let (sections, text) = compile_text(wasm, Target::Host, fuel)?;
    let code_size = text.bytes.len();
    let code = CodeMemory::new(&text.bytes)?;
    Ok(Arc::new(CompiledModule {
        sections,
        wasm: wasm.to_vec(),
        code,
        offsets: text.offsets,
        code_size,
        target: text.target,
        compile_time: started.elapsed(),
    }))
}

/// Validates `wasm` and compiles every function it defines for `target`,
/// without mapping the code.
pub fn compile_text(
    wasm: &[u8],
    target: Target<'_>,
    fuel: bool,
) -> Result<(Sections, Text), Error> {
    let isa = isa(target)?;
    let (mut sections, bodies) = parse(wasm)?;
    sections.env.fuel = fuel;
    let env = &sections.env;
    // A v128 in a signature or a global needs vector registers even where
    // no function computes with it (the bodies check their own locals and
    // instructions).
    let v128 = wasmparser::ValType::V128;
    if !translate::has_simd(&*isa)
        && (env.globals.contains(&v128)
            || env
                .types
                .iter()
                .any(|t| t.params().contains(&v128) || t.results().contains(&v128)))
    {
        return Err(translate::no_simd());
    }
    // Compile each body; lay the functions out one after the other.
    let align = isa.function_alignment().preferred.max(16) as usize;
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    let mut bytes = Vec::new();
    let mut offsets = Vec::with_capacity(bodies.len());
    // The entry trampoline first, at offset 0 (see `translate::abi`).
    if !bodies.is_empty() {
        ctx.clear();
        translate::entry_trampoline(&*isa, &mut ctx.func, &mut fctx);
        let compiled = ctx
            .compile(&*isa, &mut ControlPlane::default())
            .map_err(|e| Error::Codegen(format!("the entry trampoline: {:?}", e.inner)))?;
        if !compiled.buffer.relocs().is_empty() {
            return Err(Error::Codegen(
                "the entry trampoline needs a relocation".into(),
            ));
        }
        bytes.extend_from_slice(compiled.code_buffer());
    }
    for (i, body) in bodies.iter().enumerate() {
        let index = env.imported_funcs + i as u32;
        ctx.clear();
        ctx.func.name = UserFuncName::user(0, index);
        translate::translate_function(env, index, body, &*isa, &mut ctx.func, &mut fctx)?;
        let compiled = ctx
            .compile(&*isa, &mut ControlPlane::default())
            .map_err(|e| Error::Codegen(format!("function {index}: {:?}", e.inner)))?;
        // No relocations: a function reaches others and the helpers only
        // through the vmctx, so the code is position-independent.
        if !compiled.buffer.relocs().is_empty() {
            return Err(Error::Unsupported(format!(
                "function {index} needs a relocation (a libcall)"
            )));
        }
        bytes.resize(bytes.len().div_ceil(align) * align, 0);
        offsets.push(bytes.len());
        bytes.extend_from_slice(compiled.code_buffer());
    }
    // Then the entry adapters, after the functions (their offsets follow
    // the functions' in `offsets`).
    for t in translate::adapter_types(env) {
        ctx.clear();
        translate::entry_adapter(&*isa, &env.types[t as usize], &mut ctx.func, &mut fctx)?;
        let compiled = ctx
            .compile(&*isa, &mut ControlPlane::default())
            .map_err(|e| Error::Codegen(format!("entry adapter {t}: {:?}", e.inner)))?;
        if !compiled.buffer.relocs().is_empty() {
            return Err(Error::Codegen("an entry adapter needs a relocation".into()));
        }
        bytes.resize(bytes.len().div_ceil(align) * align, 0);
        offsets.push(bytes.len());
        bytes.extend_from_slice(compiled.code_buffer());
    }
    let target = TargetInfo {
        fuel,
        ..target_info(&*isa)
    };
    Ok((
        sections,
        Text {
            bytes,
            offsets,
            target,
        },
    ))
}

/// Validates `wasm` and reads the sections instantiation needs, and the
/// function bodies.
pub fn parse(wasm: &[u8]) -> Result<(Sections, Vec<wasmparser::FunctionBody<'_>>), Error> {
    Validator::new_with_features(features()).validate_all(wasm)?;

    let mut env = ModuleEnv {
        types: Vec::new(),
        func_types: Vec::new(),
        imported_funcs: 0,
        globals: Vec::new(),
        imported_globals: Vec::new(),
        memories: Vec::new(),
        tables64: Vec::new(),
        tags: Vec::new(),
        fuel: false,
    };
    let mut imports = Vec::new();
    let mut memories = Vec::new();
    let mut tables = Vec::new();
    let mut table_inits = Vec::new();
    let mut globals = Vec::new();
    let mut exports = Vec::new();
    let mut elements = Vec::new();
    let mut data = Vec::new();
    let mut start = None;
    let mut bodies = Vec::new();

    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    env.types.push(ty?);
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp?;
                    let kind = match imp.ty {
                        TypeRef::Func(t) => {
                            env.func_types.push(t);
                            env.imported_funcs += 1;
                            ImportKind::Func(t)
                        }
                        TypeRef::Memory(m) => {
                            env.memories.push(m);
                            ImportKind::Memory(m)
                        }
                        TypeRef::Table(t) => {
                            check_table(&t)?;
                            env.tables64.push(t.table64);
                            tables.push(t);
                            table_inits.push(None);
                            ImportKind::Table(t)
                        }
                        TypeRef::Global(g) => {
                            translate::ir_type(g.content_type)?;
                            env.globals.push(g.content_type);
                            env.imported_globals.push(g.mutable);
                            ImportKind::Global(g)
                        }
                        TypeRef::Tag(t) => {
                            env.tags.push(t.func_type_idx);
                            ImportKind::Tag(t.func_type_idx)
                        }
                        _ => return Err(Error::Unsupported("this kind of import".into())),
                    };
                    imports.push(Import {
                        module: imp.module.to_string(),
                        name: imp.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    env.func_types.push(t?);
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    let t = t?;
                    check_table(&t.ty)?;
                    env.tables64.push(t.ty.table64);
                    tables.push(t.ty);
                    table_inits.push(match t.init {
                        wasmparser::TableInit::RefNull => None,
                        wasmparser::TableInit::Expr(e) => Some(const_expr(&e)?),
                    });
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m?;
                    env.memories.push(m);
                    memories.push(m);
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g?;
                    translate::ir_type(g.ty.content_type)?;
                    env.globals.push(g.ty.content_type);
                    globals.push((g.ty, const_expr(&g.init_expr)?));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e?;
                    exports.push((e.name.to_string(), e.kind, e.index));
                }
            }
            Payload::StartSection { func, .. } => start = Some(func),
            Payload::ElementSection(r) => {
                for e in r {
                    let e = e?;
                    let (active, passive) = match e.kind {
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => (
                            Some((table_index.unwrap_or(0), const_expr(&offset_expr)?)),
                            false,
                        ),
                        ElementKind::Passive => (None, true),
                        ElementKind::Declared => (None, false),
                    };
                    let items = match e.items {
                        ElementItems::Functions(fs) => fs
                            .into_iter()
                            .map(|f| f.map(|f| vec![ConstOp::RefFunc(f)]))
                            .collect::<Result<_, _>>()?,
                        ElementItems::Expressions(_, es) => {
                            let mut items = Vec::new();
                            for x in es {
                                items.push(const_expr(&x?)?);
                            }
                            items
                        }
                    };
                    elements.push(ElemSegment {
                        active,
                        passive,
                        items,
                    });
                }
            }
            Payload::DataSection(r) => {
                for d in r {
                    let d = d?;
                    let active = match d.kind {
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => Some((memory_index, const_expr(&offset_expr)?)),
                        DataKind::Passive => None,
                    };
                    data.push(DataSegment {
                        active,
                        bytes: d.data.to_vec(),
                    });
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body),
            Payload::TagSection(r) => {
                for t in r {
                    env.tags.push(t?.func_type_idx);
                }
            }
            _ => {}
        }
    }

    Ok((
        Sections {
            env,
            imports,
            memories,
            tables,
            table_inits,
            globals,
            exports,
            elements,
            data,
            start,
        },
        bodies,
    ))
}
