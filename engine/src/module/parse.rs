//! Decoding, validation and translation of a `.wasm` module with
//! `wasmparser` (the `wasm` cargo feature): `Module::new`.

use super::convert::{global_type, memory_type, ref_type, table_type, val_type};
use super::{DataSegment, ElemMode, ElemSegment, ExportIndex, Import, Module, ModuleInner};
use crate::constexpr::ConstExpr;
use crate::engine::Engine;
use crate::error::Error;
use crate::features::Features;
use crate::translate::{FuncTranslator, Scratch};
use crate::types::{
    ExternType, FuncType, HeapType, MemoryType, Mutability, RefType, TableType, ValType,
};
use alloc::borrow::Cow;
use alloc::sync::Arc;
use alloc::vec::Vec;
use wasmparser::{
    CompositeInnerType, DataKind, ElementItems, ElementKind, ExternalKind,
    FuncValidatorAllocations, Parser, Payload, TableInit, TypeRef, ValidPayload, Validator,
    WasmFeatures,
};

impl Module {
    /// Decodes, validates and translates `bytes`. Only with the `wasm`
    /// cargo feature (on by default); a runner built without it loads
    /// images instead ([`Module::from_image`], the `image` feature).
    pub fn new(engine: &Engine, bytes: &[u8]) -> Result<Module, Error> {
        let mut inner = ModuleInner {
            engine: engine.clone(),
            ..ModuleInner::default()
        };
        let fuel = engine.config().consume_fuel;
        let debug = engine.config().debug_info;
        let mut validator = Validator::new_with_features(features());
        let mut allocs = FuncValidatorAllocations::default();
        let mut scratch = Scratch::default();
        // The parser decodes with every feature unless told otherwise, and
        // what it decodes (memarg flags, LEB128 widths, import encodings)
        // the validator never sees again.
        let mut parser = Parser::new(0);
        parser.set_features(features());
        for payload in parser.parse_all(bytes) {
            let payload = payload.map_err(|e| Error::decode(&e))?;
            let valid = validator.payload(&payload).map_err(|e| Error::decode(&e))?;
            if let ValidPayload::Func(to_validate, body) = valid {
                let index = to_validate.index;
                let mut fv = to_validate.into_validator(core::mem::take(&mut allocs));
                let ty = inner.header.func_type_of(index)?.clone();
                let offsets = if debug {
                    Some(&mut inner.offsets)
                } else {
                    None
                };
                let mut tr = FuncTranslator::new(
                    &inner.header,
                    inner.code.to_mut(),
                    &mut inner.handlers,
                    fuel,
                    offsets,
                    scratch,
                );
                let compiled = tr.translate(&ty, &body, &mut fv)?;
                let range = body.range();
                inner.body_bytes += (range.end - range.start) as usize;
                let used = tr.features;
                scratch = tr.into_scratch();
                inner.features.insert(used);
                inner.note_locals(&body)?;
                inner.compiled.push(compiled);
                allocs = fv.into_allocations();
                continue;
            }
            if debug && let Payload::CustomSection(ref c) = payload {
                inner.read_names(c);
            }
            inner.section(engine, payload)?;
        }
        // Translation grew these lists by doubling; the module keeps them
        // as long as it lives (on a board, in RAM).
        if let Cow::Owned(code) = &mut inner.code {
            code.shrink_to_fit();
        }
        inner.compiled.shrink_to_fit();
        inner.handlers.shrink_to_fit();
        inner.offsets.shrink_to_fit();
        inner.names.shrink_to_fit();
        crate::log::debug!(
            "module: {=usize} bytes, {=usize} functions, {=usize} ops",
            bytes.len(),
            inner.compiled.len(),
            inner.code.len()
        );
        Ok(Module {
            inner: Arc::new(inner),
        })
    }
}

/// WebAssembly 2.0 (SIMD and relaxed SIMD with the `simd` feature), plus tail calls, extended constants,
/// multiple memories, 64-bit memories and tables (memory64) and typed
/// function references (not GC), exception handling (final and
/// legacy) with the `exceptions` feature, and the threads proposal's
/// shared memories and atomic instructions with the `atomics` feature.
fn features() -> WasmFeatures {
    let features = (WasmFeatures::WASM2
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::CUSTOM_PAGE_SIZES
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64)
        .difference(WasmFeatures::SIMD);
    #[cfg(feature = "exceptions")]
    let features = features | WasmFeatures::EXCEPTIONS | WasmFeatures::LEGACY_EXCEPTIONS;
    #[cfg(feature = "atomics")]
    let features = features | WasmFeatures::THREADS;
    #[cfg(feature = "simd")]
    let features = features | WasmFeatures::SIMD | WasmFeatures::RELAXED_SIMD;
    features
}

fn decode<T>(r: Result<T, wasmparser::BinaryReaderError>) -> Result<T, Error> {
    r.map_err(|e| Error::decode(&e))
}

impl ModuleInner {
    /// Keeps the function names of a `name` custom section; a malformed
    /// name section is ignored, as the spec asks.
    fn read_names(&mut self, c: &wasmparser::CustomSectionReader<'_>) {
        let wasmparser::KnownCustom::Name(reader) = c.as_known() else {
            return;
        };
        let mut last = None;
        for sub in reader {
            let Ok(wasmparser::Name::Function(map)) = sub else {
                continue;
            };
            // The name section lists indices in increasing order; an entry
            // out of order or repeated is dropped (names only label
            // backtraces, and the first of an index is the one found).
            for naming in map.into_iter().flatten() {
                if last.is_none_or(|last| naming.index > last) {
                    self.names.push(naming.index, naming.name);
                    last = Some(naming.index);
                }
            }
        }
    }

    /// More than one table, or a table of `externref`, needs reference
    /// types; a table of typed references, function references.
    fn note_table(&mut self, t: &TableType) {
        self.table_count += 1;
        if t.is_64() {
            self.features.insert(Features::MEMORY64);
        }
        if self.table_count > 1 || t.element() != ValType::FUNCREF {
            self.features.insert(Features::REFERENCE_TYPES);
        }
        if let ValType::Ref(r) = t.element() {
            self.note_typed_ref(r);
        }
    }

    /// A reference type in a signature or a global needs reference types
    /// (and maybe function references: `note_typed_ref`).
    fn note_val_type(&mut self, t: ValType) {
        let ValType::Ref(r) = t else { return };
        self.features.insert(Features::REFERENCE_TYPES);
        self.note_typed_ref(r);
    }

    /// A reference type beyond `funcref`, `externref` and the exception
    /// types (`exnref`, `nullexnref`) needs function references; one
    /// naming a function type ties the module to its engine's type ids.
    fn note_typed_ref(&mut self, r: RefType) {
        if matches!(r.heap_type(), HeapType::Concrete(_)) {
            self.engine_bound = true;
        }
        let plain = r.is_nullable()
            && matches!(
                r.heap_type(),
                HeapType::Func | HeapType::Extern | HeapType::Exn | HeapType::NoExn
            );
        if !plain {
            self.features.insert(Features::FUNCTION_REFERENCES);
        }
    }

    /// A local of a typed reference type (validated, so decodable) needs
    /// function references.
    fn note_locals(&mut self, body: &wasmparser::FunctionBody<'_>) -> Result<(), Error> {
        for local in decode(body.get_locals_reader())? {
            if let (_, wasmparser::ValType::Ref(r)) = decode(local)? {
                let r = ref_type(r, &self.header.type_ids)?;
                self.note_typed_ref(r);
            }
        }
        Ok(())
    }

    /// Notes the proposals a memory's type needs, and the memory.
    fn note_memory(&mut self, ty: &MemoryType) {
        self.header.memories.push(*ty);
        if self.header.memories.len() > 1 {
            self.features.insert(Features::MULTI_MEMORY);
        }
        if ty.is_64() {
            self.features.insert(Features::MEMORY64);
        }
        if ty.page_size_log2() != 16 {
            self.features.insert(Features::CUSTOM_PAGE_SIZES);
        }
        if ty.is_shared() {
            self.features.insert(Features::THREADS);
        }
    }

    fn global_is_mutable(&self, index: u32) -> bool {
        let imported = self.imports.iter().filter_map(|i| match &i.ty {
            ExternType::Global(g) => Some(*g),
            _ => None,
        });
        let defined = self.globals.iter().map(|(g, _)| *g);
        imported
            .chain(defined)
            .nth(index as usize)
            .is_some_and(|g| g.mutability() == Mutability::Var)
    }

    /// Records what a (validated) section declares.
    fn section(&mut self, engine: &Engine, payload: Payload<'_>) -> Result<(), Error> {
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader.into_iter() {
                    for sub in decode(group)?.into_types() {
                        let CompositeInnerType::Func(f) = &sub.composite_type.inner else {
                            return Err(Error::unsupported(0, "non-function type"));
                        };
                        let ids = &self.header.type_ids;
                        let convert = |ts: &[wasmparser::ValType]| {
                            ts.iter()
                                .map(|t| val_type(*t, ids))
                                .collect::<Result<Vec<_>, _>>()
                        };
                        let params = convert(f.params())?;
                        let results = convert(f.results())?;
                        if results.len() > 1 {
                            self.features.insert(Features::MULTI_VALUE);
                        }
                        for t in params.iter().chain(&results) {
                            self.note_val_type(*t);
                        }
                        let ty = FuncType::new(params, results);
                        let id = engine.type_id(&ty)?;
                        self.header.types.push(ty);
                        self.header.type_ids.push(id);
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = decode(import)?;
                    let ty = match import.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                            self.header.funcs.push(t);
                            self.header.imported_funcs += 1;
                            ExternType::Func(self.header.func_type(t)?.clone())
                        }
                        TypeRef::Table(t) => {
                            let t = table_type(&t, &self.header.type_ids)?;
                            self.note_table(&t);
                            ExternType::Table(t)
                        }
                        TypeRef::Memory(m) => {
                            let ty = memory_type(&m)?;
                            self.note_memory(&ty);
                            ExternType::Memory(ty)
                        }
                        TypeRef::Global(g) => {
                            if g.mutable {
                                self.features.insert(Features::MUTABLE_GLOBAL);
                            }
                            let g = global_type(&g, &self.header.type_ids)?;
                            self.note_val_type(g.content());
                            ExternType::Global(g)
                        }
                        #[cfg(feature = "exceptions")]
                        TypeRef::Tag(t) => {
                            self.features.insert(Features::EXCEPTIONS);
                            self.header.tags.push(t.func_type_idx);
                            ExternType::Tag(self.header.func_type(t.func_type_idx)?.clone())
                        }
                        // Refused by validation without the feature.
                        #[cfg(not(feature = "exceptions"))]
                        TypeRef::Tag(_) => return Err(Error::unsupported(0, "tag import")),
                    };
                    self.imports.push(Import {
                        module: import.module.into(),
                        name: import.name.into(),
                        ty,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    self.header.funcs.push(decode(ty)?);
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = decode(table)?;
                    let init = match &table.init {
                        TableInit::RefNull => None,
                        TableInit::Expr(e) => Some(ConstExpr::new(e)?),
                    };
                    let ty = table_type(&table.ty, &self.header.type_ids)?;
                    self.note_table(&ty);
                    self.tables.push((ty, init));
                }
            }
            Payload::MemorySection(reader) => {
                for mem in reader {
                    let ty = memory_type(&decode(mem)?)?;
                    self.note_memory(&ty);
                    self.memories.push(ty);
                }
            }
            Payload::GlobalSection(reader) => {
                for global in reader {
                    let global = decode(global)?;
                    let ty = global_type(&global.ty, &self.header.type_ids)?;
                    self.note_val_type(ty.content());
                    self.globals.push((ty, ConstExpr::new(&global.init_expr)?));
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = decode(export)?;
                    let index = match export.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => {
                            ExportIndex::Func(export.index)
                        }
                        ExternalKind::Table => ExportIndex::Table(export.index),
                        ExternalKind::Memory => ExportIndex::Memory(export.index),
                        ExternalKind::Global => {
                            if self.global_is_mutable(export.index) {
                                self.features.insert(Features::MUTABLE_GLOBAL);
                            }
                            ExportIndex::Global(export.index)
                        }
                        #[cfg(feature = "exceptions")]
                        ExternalKind::Tag => ExportIndex::Tag(export.index),
                        #[cfg(not(feature = "exceptions"))]
                        ExternalKind::Tag => return Err(Error::unsupported(0, "tag export")),
                    };
                    self.exports.push((export.name.into(), index));
                }
            }
            #[cfg(feature = "exceptions")]
            Payload::TagSection(reader) => {
                self.features.insert(Features::EXCEPTIONS);
                for tag in reader {
                    let ty = decode(tag)?.func_type_idx;
                    self.header.tags.push(ty);
                    self.tags.push(ty);
                }
            }
            Payload::StartSection { func, .. } => self.start = Some(func),
            Payload::DataCountSection { .. } => self.features.insert(Features::BULK_MEMORY),
            Payload::ElementSection(reader) => {
                for elem in reader {
                    let elem = decode(elem)?;
                    if !matches!(
                        elem.kind,
                        ElementKind::Active {
                            table_index: None,
                            ..
                        }
                    ) {
                        self.features.insert(Features::BULK_MEMORY);
                    }
                    let mode = match elem.kind {
                        ElementKind::Passive => ElemMode::Passive,
                        ElementKind::Declared => ElemMode::Declared,
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElemMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: ConstExpr::new(&offset_expr)?,
                        },
                    };
                    let mut items = Vec::new();
                    match elem.items {
                        ElementItems::Functions(funcs) => {
                            for f in funcs {
                                items.push(ConstExpr::ref_func(decode(f)?));
                            }
                        }
                        ElementItems::Expressions(_, exprs) => {
                            for e in exprs {
                                items.push(ConstExpr::new(&decode(e)?)?);
                            }
                        }
                    }
                    self.elems.push(ElemSegment { mode, items });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = decode(data)?;
                    let offset = match data.kind {
                        DataKind::Passive => {
                            self.features.insert(Features::BULK_MEMORY);
                            None
                        }
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => Some((memory_index, ConstExpr::new(&offset_expr)?)),
                    };
                    let (memory, offset) = match offset {
                        Some((m, o)) => (m, Some(o)),
                        None => (0, None),
                    };
                    self.datas.push(DataSegment {
                        memory,
                        offset,
                        bytes: Cow::Owned(data.data.to_vec()),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }
}
