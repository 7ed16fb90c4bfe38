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

/// A data segment: its offset in memory 0 if active.
#[derive(Debug, Clone)]
pub struct DataSegment {
    pub active: Option<Vec<ConstOp>>,
    pub bytes: Vec<u8>,
}

/// A module compiled to native code for this host.
pub struct CompiledModule {
    pub env: ModuleEnv,
    pub imports: Vec<Import>,
    pub memory: Option<wasmparser::MemoryType>,
    pub tables: Vec<wasmparser::TableType>,
    pub table_inits: Vec<Option<Vec<ConstOp>>>,
    pub globals: Vec<(wasmparser::GlobalType, Vec<ConstOp>)>,
    pub exports: Vec<(String, ExternalKind, u32)>,
    pub elements: Vec<ElemSegment>,
    pub data: Vec<DataSegment>,
    pub start: Option<u32>,
    pub code: CodeMemory,
    /// Offset of each defined function in `code`.
    pub offsets: Vec<usize>,
    /// Bytes of machine code.
    pub code_size: usize,
    /// Time spent compiling (validation included).
    pub compile_time: Duration,
}

/// The Cranelift target of this host, with Mote's settings.
pub fn host_isa() -> Result<OwnedTargetIsa, Error> {
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
    set(&mut flags, "enable_probestack", "true")?;
    set(&mut flags, "probestack_strategy", "inline")?;
    let builder = cranelift_native::builder().map_err(|e| Error::Codegen(e.into()))?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| Error::Codegen(e.to_string()))
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

fn check_memory(m: &wasmparser::MemoryType) -> Result<(), Error> {
    if m.memory64 || m.shared || m.page_size_log2.is_some() {
        return Err(Error::Unsupported(
            "64-bit, shared or custom-page-size memories".into(),
        ));
    }
    Ok(())
}

fn check_table(t: &wasmparser::TableType) -> Result<(), Error> {
    let refs = [wasmparser::RefType::FUNCREF, wasmparser::RefType::EXTERNREF];
    if t.table64 || !refs.contains(&t.element_type) {
        return Err(Error::Unsupported(
            "tables other than 32-bit funcref and externref ones".into(),
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

/// Validates `wasm` and compiles every function it defines.
pub fn compile(wasm: &[u8]) -> Result<Arc<CompiledModule>, Error> {
    let started = Instant::now();
    Validator::new_with_features(features()).validate_all(wasm)?;
    let isa = host_isa()?;

    let mut env = ModuleEnv {
        types: Vec::new(),
        func_types: Vec::new(),
        imported_funcs: 0,
        globals: Vec::new(),
        has_memory: false,
    };
    let mut imports = Vec::new();
    let mut memory = None;
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
                            check_memory(&m)?;
                            env.has_memory = true;
                            ImportKind::Memory(m)
                        }
                        TypeRef::Table(t) => {
                            check_table(&t)?;
                            tables.push(t);
                            table_inits.push(None);
                            ImportKind::Table(t)
                        }
                        TypeRef::Global(g) => {
                            translate::ir_type(g.content_type)?;
                            env.globals.push(g.content_type);
                            ImportKind::Global(g)
                        }
                        _ => return Err(Error::Unsupported("tag imports".into())),
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
                    check_memory(&m)?;
                    if env.has_memory {
                        return Err(Error::Unsupported("more than one memory".into()));
                    }
                    env.has_memory = true;
                    memory = Some(m);
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
                            memory_index: 0,
                            offset_expr,
                        } => Some(const_expr(&offset_expr)?),
                        DataKind::Active { .. } => {
                            return Err(Error::Unsupported("a memory other than memory 0".into()));
                        }
                        DataKind::Passive => None,
                    };
                    data.push(DataSegment {
                        active,
                        bytes: d.data.to_vec(),
                    });
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body),
            Payload::TagSection(_) => return Err(Error::Unsupported("tags".into())),
            _ => {}
        }
    }

    // Compile each body; lay the functions out one after the other.
    let call_conv = isa.default_call_conv();
    let align = isa.function_alignment().preferred.max(16) as usize;
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    let mut text = Vec::new();
    let mut offsets = Vec::with_capacity(bodies.len());
    for (i, body) in bodies.iter().enumerate() {
        let index = env.imported_funcs + i as u32;
        ctx.clear();
        ctx.func.name = UserFuncName::user(0, index);
        translate::translate_function(
            &env,
            index,
            body,
            call_conv,
            isa.frontend_config(),
            &mut ctx.func,
            &mut fctx,
        )?;
        let compiled = ctx
            .compile(&*isa, &mut ControlPlane::default())
            .map_err(|e| Error::Codegen(format!("function {index}: {:?}", e.inner)))?;
        if !compiled.buffer.relocs().is_empty() {
            return Err(Error::Unsupported(format!(
                "function {index} needs a relocation (a libcall)"
            )));
        }
        text.resize(text.len().div_ceil(align) * align, 0);
        offsets.push(text.len());
        text.extend_from_slice(compiled.code_buffer());
    }
    let code_size = text.len();
    let code = CodeMemory::new(&text)?;
    Ok(Arc::new(CompiledModule {
        env,
        imports,
        memory,
        tables,
        table_inits,
        globals,
        exports,
        elements,
        data,
        start,
        code,
        offsets,
        code_size,
        compile_time: started.elapsed(),
    }))
}
