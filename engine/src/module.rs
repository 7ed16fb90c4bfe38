//! A validated and translated module: what it holds, and the API to read
//! it. Where it comes from: `parse` (a `.wasm`, with the `wasm` feature)
//! or `crate::image` (an image, with the `image` feature).

use crate::constexpr::ConstExpr;
use crate::engine::Engine;
use crate::error::Error;
use crate::features::Features;
use crate::ir::Op;
use crate::translate::CompiledFunc;
use crate::types::{ExternType, FuncType, GlobalType, MemoryType, TableType, TypeId};

#[cfg(feature = "wasm")]
mod convert;
pub(crate) mod debug;
#[cfg(feature = "wasm")]
mod parse;
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
pub(crate) use debug::{DebugNames, DebugOffsets};

/// What translation of a body needs to know about the module.
#[derive(Debug, Default)]
pub(crate) struct ModuleHeader {
    /// The type section's function types, concrete references resolved to
    /// engine-wide ids.
    pub types: Vec<FuncType>,
    /// The engine-wide id of each of them.
    pub type_ids: Vec<TypeId>,
    /// Type index of every function, imports first.
    pub funcs: Vec<u32>,
    pub imported_funcs: u32,
    /// Type index of every tag, imports first.
    pub tags: Vec<u32>,
    /// Every memory's type, imports first (the translator picks each
    /// access's op by its memory's index and address type).
    pub memories: Vec<MemoryType>,
}

impl ModuleHeader {
    pub fn func_type(&self, type_index: u32) -> Result<&FuncType, Error> {
        self.types.get(type_index as usize).ok_or(Error::internal())
    }
    pub fn func_type_of(&self, func: u32) -> Result<&FuncType, Error> {
        let ty = *self.funcs.get(func as usize).ok_or(Error::internal())?;
        self.func_type(ty)
    }
    /// The type of tag `tag` (its payload: the parameters).
    pub fn tag_type(&self, tag: u32) -> Result<&FuncType, Error> {
        let ty = *self.tags.get(tag as usize).ok_or(Error::internal())?;
        self.func_type(ty)
    }
}

#[derive(Debug)]
pub(crate) struct Import {
    pub module: Box<str>,
    pub name: Box<str>,
    pub ty: ExternType,
}

/// Kind and index of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    Tag(u32),
}

#[derive(Debug)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug)]
pub(crate) struct ElemSegment {
    pub mode: ElemMode,
    pub items: Vec<ConstExpr>,
}

#[derive(Debug)]
pub(crate) struct DataSegment {
    /// The memory an active segment is written to.
    pub memory: u32,
    pub offset: Option<ConstExpr>,
    /// The segment's bytes; borrowed from an image loaded in place
    /// (`Module::from_static_image`), so that they stay in flash.
    pub bytes: Cow<'static, [u8]>,
}

#[derive(Debug, Default)]
pub(crate) struct ModuleInner {
    pub header: ModuleHeader,
    pub imports: Vec<Import>,
    pub tables: Vec<(TableType, Option<ConstExpr>)>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<(GlobalType, ConstExpr)>,
    /// Type index of every tag the module defines (not imports).
    pub tags: Vec<u32>,
    pub exports: Vec<(Box<str>, ExportIndex)>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// Every function's encoded ops, one after the other (`ir`): owned,
    /// or borrowed from an image loaded in place
    /// (`Module::from_static_image`), so that code stays in flash.
    pub code: Cow<'static, [u16]>,
    pub compiled: Vec<CompiledFunc>,
    /// Exception handlers of all functions, grouped by function in code
    /// order (`exec::exception`).
    pub handlers: Vec<crate::translate::Handler>,
    /// With `Config::debug_info`: `(word offset, wasm offset)` of each op
    /// in `code`, in code order (borrowed, like `code`, from an image in
    /// place).
    pub offsets: DebugOffsets,
    /// With `Config::debug_info`: function names, in index order
    /// (borrowed from an image in place).
    pub names: DebugNames,
    pub features: Features,
    /// The engine whose registry `header.type_ids` come from.
    pub engine: Engine,
    /// Whether a type of the module names a function type by its id
    /// (the module can only be instantiated in a store of `engine`).
    pub engine_bound: bool,
    /// Bytes of the function bodies translated (code section entries).
    pub(crate) body_bytes: usize,
    /// Tables declared so far (imported and defined).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) table_count: u32,
}

/// One frame of a trap backtrace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    /// Index of the function in its module's function index space.
    pub func_index: u32,
    /// The function's name from the name section, if kept.
    pub func_name: Option<Box<str>>,
    /// Byte offset in the module of the instruction, or of the function body
    /// if `Config::debug_info` was off.
    pub module_offset: u32,
}

/// A validated and translated module, cheap to clone.
#[derive(Debug, Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl Module {
    /// The module's imports: module name, field name and type.
    pub fn imports(&self) -> impl Iterator<Item = (&str, &str, &ExternType)> {
        self.inner
            .imports
            .iter()
            .map(|i| (&*i.module, &*i.name, &i.ty))
    }

    /// Where internal pc `pc` lies: function index, name and wasm offset.
    pub(crate) fn frame_info(&self, pc: u32) -> Option<FrameInfo> {
        let m = &self.inner;
        let i = m
            .compiled
            .partition_point(|c| c.start <= pc)
            .checked_sub(1)?;
        let func_index = m.header.imported_funcs + i as u32;
        let func_name = m.names.get(func_index).map(Box::from);
        let module_offset = m
            .offsets
            .wasm_offset(pc)
            .unwrap_or(m.compiled[i].body_offset);
        Some(FrameInfo {
            func_index,
            func_name,
            module_offset,
        })
    }

    /// The module's exports: name and type.
    pub fn exports(&self) -> impl Iterator<Item = (&str, ExternType)> + '_ {
        self.inner
            .exports
            .iter()
            .filter_map(|(n, index)| Some((&**n, self.export_type(*index)?)))
    }

    fn export_type(&self, index: ExportIndex) -> Option<ExternType> {
        let m = &self.inner;
        let imported = |pick: fn(&ExternType) -> Option<ExternType>| {
            m.imports
                .iter()
                .filter_map(|i| pick(&i.ty))
                .collect::<Vec<_>>()
        };
        Some(match index {
            ExportIndex::Func(i) => ExternType::Func(m.header.func_type_of(i).ok()?.clone()),
            ExportIndex::Table(i) => {
                let imp = imported(|t| matches!(t, ExternType::Table(_)).then(|| t.clone()));
                match imp.get(i as usize) {
                    Some(t) => t.clone(),
                    None => ExternType::Table(m.tables.get(i as usize - imp.len())?.0),
                }
            }
            ExportIndex::Memory(i) => {
                let imp = imported(|t| matches!(t, ExternType::Memory(_)).then(|| t.clone()));
                match imp.get(i as usize) {
                    Some(t) => t.clone(),
                    None => ExternType::Memory(*m.memories.get(i as usize - imp.len())?),
                }
            }
            ExportIndex::Global(i) => {
                let imp = imported(|t| matches!(t, ExternType::Global(_)).then(|| t.clone()));
                match imp.get(i as usize) {
                    Some(t) => t.clone(),
                    None => ExternType::Global(m.globals.get(i as usize - imp.len())?.0),
                }
            }
            ExportIndex::Tag(i) => ExternType::Tag(m.header.tag_type(i).ok()?.clone()),
        })
    }

    /// The memories the module defines (not imports).
    pub fn memories(&self) -> impl Iterator<Item = MemoryType> + '_ {
        self.inner.memories.iter().copied()
    }

    /// The tables the module defines (not imports).
    pub fn tables(&self) -> impl Iterator<Item = TableType> + '_ {
        self.inner.tables.iter().map(|(ty, _)| *ty)
    }

    /// The proposals beyond the 1.0 MVP the module uses.
    pub fn features(&self) -> Features {
        self.inner.features
    }
}

/// The translated code of a module, as text: every defined function's ops,
/// one per line, with the word offset each starts at (branch targets are
/// shown as `@offset` too). See [`Module::disassemble`].
pub struct Disassembly<'a> {
    module: &'a ModuleInner,
}

impl Module {
    /// The module's translated code as text, for reading what the
    /// translator made of each function (`mote inspect --disassemble`).
    pub fn disassemble(&self) -> Disassembly<'_> {
        Disassembly {
            module: &self.inner,
        }
    }
}

/// How much translated code a module's function bodies made
/// ([`Module::code_size`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSize {
    /// Bytes of Mote's encoded code (16-bit words).
    pub translated: usize,
    /// Bytes of the wasm function bodies they were translated from.
    pub wasm: usize,
}

impl Module {
    /// The size of the module's translated code beside its function bodies'.
    pub fn code_size(&self) -> CodeSize {
        CodeSize {
            translated: self.inner.code.len() * 2,
            wasm: self.inner.body_bytes,
        }
    }
}

impl fmt::Display for Disassembly<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.module;
        // Names are in index order, as the functions: one walk of both.
        let mut names = m.names.iter().peekable();
        for (i, c) in m.compiled.iter().enumerate() {
            let index = m.header.imported_funcs + i as u32;
            write!(f, "func {index}")?;
            while names.next_if(|&(n, _)| n < index).is_some() {}
            if let Some((_, name)) = names.next_if(|&(n, _)| n == index) {
                write!(f, " {name:?}")?;
            }
            writeln!(
                f,
                ": params {}, locals {}, frame {}",
                c.params, c.locals, c.frame_size
            )?;
            let end = m
                .compiled
                .get(i + 1)
                .map_or(m.code.len(), |next| next.start as usize);
            let mut at = c.start as usize;
            while at < end {
                match Op::decode(&m.code, at) {
                    Ok(op) => {
                        // `^`, `~`: the op's accumulator form reading `a`, `b` (`ir::acc`).
                        let acc = match m.code[at] & (crate::ir::ACC_A | crate::ir::ACC_B) {
                            crate::ir::ACC_A => "^",
                            0 => " ",
                            _ => "~",
                        };
                        writeln!(f, "  @{at:<6}{acc}{op}")?;
                        at += op.code().len();
                    }
                    Err(e) => {
                        writeln!(f, "  @{at:<6} <{e:?}>")?;
                        break;
                    }
                }
            }
            for h in m.handlers.iter().filter(|h| h.func == c.start) {
                writeln!(f, "  {h}")?;
            }
        }
        Ok(())
    }
}
