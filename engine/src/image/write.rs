//! Writes a module as an image (`super` describes the format).

use super::{CODE_ALIGN, FORMAT, HEADER, MAGIC, Section, hash, needs};
use crate::constexpr::{ConstExpr, ConstOp};
use crate::error::Error;
use crate::features::Features;
use crate::module::{ElemMode, ExportIndex, ModuleInner};
use crate::translate::HandlerKind;
use crate::types::{
    ExternType, FuncType, GlobalType, HeapType, MemoryType, Mutability, TableType, TypeId, ValType,
};
use alloc::vec::Vec;

/// The image of `m`.
pub(crate) fn write(m: &ModuleInner) -> Result<Vec<u8>, Error> {
    let mut w = W {
        out: Vec::new(),
        ids: &m.header.type_ids,
    };
    w.out.resize(HEADER, 0);
    w.body(m)?;
    let body_len = u32::try_from(w.out.len() - HEADER).map_err(|_| Error::internal())?;
    let h = hash(&w.out[HEADER..]);
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(&MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    head.extend_from_slice(&crate::ir::VERSION.to_le_bytes());
    head.extend_from_slice(&needs_of(m).to_le_bytes());
    head.extend_from_slice(&u32::from(m.features.bits()).to_le_bytes());
    head.extend_from_slice(&body_len.to_le_bytes());
    head.extend_from_slice(&h.to_le_bytes());
    w.out[..HEADER].copy_from_slice(&head);
    Ok(w.out)
}

/// The header's "needs" word for `m`.
fn needs_of(m: &ModuleInner) -> u32 {
    let config = m.engine.config();
    let mut n = 0;
    if config.consume_fuel {
        n |= needs::FUEL;
    }
    if config.debug_info {
        n |= needs::DEBUG_INFO;
    }
    if m.features.contains(Features::EXCEPTIONS) || m.features.contains(Features::LEGACY_EXCEPTIONS)
    {
        n |= needs::EXCEPTIONS;
    }
    if m.features.contains(Features::THREADS) {
        n |= needs::ATOMICS;
    }
    n
}

struct W<'a> {
    out: Vec<u8>,
    /// The module's type ids, to write a concrete type as its index.
    ids: &'a [TypeId],
}

impl W<'_> {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) -> Result<(), Error> {
        self.u32(u32::try_from(n).map_err(|_| Error::internal())?);
        Ok(())
    }
    fn bytes(&mut self, b: &[u8]) -> Result<(), Error> {
        self.len(b.len())?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    /// Writes section `id` with what `f` writes, its length first.
    fn section(
        &mut self,
        id: Section,
        f: impl FnOnce(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.u8(id as u8);
        let at = self.out.len();
        self.u32(0);
        f(self)?;
        let len = u32::try_from(self.out.len() - at - 4).map_err(|_| Error::internal())?;
        self.out[at..at + 4].copy_from_slice(&len.to_le_bytes());
        Ok(())
    }

    fn val_type(&mut self, t: ValType) -> Result<(), Error> {
        match t {
            ValType::I32 => self.u8(0),
            ValType::I64 => self.u8(1),
            ValType::F32 => self.u8(2),
            ValType::F64 => self.u8(3),
            ValType::V128 => self.u8(5),
            ValType::Ref(r) => {
                self.u8(4);
                self.u8(u8::from(r.is_nullable()));
                match r.heap_type() {
                    HeapType::Func => self.u8(0),
                    HeapType::Extern => self.u8(1),
                    HeapType::Exn => self.u8(2),
                    HeapType::NoFunc => self.u8(3),
                    HeapType::NoExtern => self.u8(4),
                    HeapType::NoExn => self.u8(5),
                    HeapType::Concrete(id) => {
                        self.u8(6);
                        // Structurally equal types share an id: the first
                        // of the module's with it stands for all.
                        let index = self.ids.iter().position(|&i| i == id);
                        self.len(index.ok_or(Error::internal())?)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn func_type(&mut self, t: &FuncType) -> Result<(), Error> {
        self.len(t.params().len())?;
        self.len(t.results().len())?;
        for &v in t.params().iter().chain(t.results()) {
            self.val_type(v)?;
        }
        Ok(())
    }

    fn table_type(&mut self, t: &TableType) -> Result<(), Error> {
        self.u8(u8::from(t.maximum().is_some()) | (u8::from(t.is_64()) << 2));
        self.val_type(t.element())?;
        self.u64(t.minimum());
        self.u64(t.maximum().unwrap_or(0));
        Ok(())
    }

    fn memory_type(&mut self, t: &MemoryType) {
        self.u8(u8::from(t.maximum().is_some())
            | (u8::from(t.is_shared()) << 1)
            | (u8::from(t.is_64()) << 2));
        self.u8(t.page_size_log2());
        self.u64(t.minimum());
        self.u64(t.maximum().unwrap_or(0));
    }

    fn global_type(&mut self, t: &GlobalType) -> Result<(), Error> {
        self.val_type(t.content())?;
        self.u8(u8::from(t.mutability() == Mutability::Var));
        Ok(())
    }

    fn expr(&mut self, e: &ConstExpr) -> Result<(), Error> {
        self.len(e.ops.len())?;
        for op in &e.ops {
            match *op {
                ConstOp::Value(v) => {
                    self.u8(0);
                    self.u64(v);
                }
                ConstOp::GlobalGet(i) => {
                    self.u8(1);
                    self.u32(i);
                }
                ConstOp::RefFunc(i) => {
                    self.u8(2);
                    self.u32(i);
                }
                ConstOp::I32Add => self.u8(3),
                ConstOp::I32Sub => self.u8(4),
                ConstOp::I32Mul => self.u8(5),
                ConstOp::I64Add => self.u8(6),
                ConstOp::I64Sub => self.u8(7),
                ConstOp::I64Mul => self.u8(8),
                ConstOp::V128(v) => {
                    self.u8(9);
                    self.u64(v as u64);
                    self.u64((v >> 64) as u64);
                }
            }
        }
        Ok(())
    }

    fn opt_expr(&mut self, e: Option<&ConstExpr>) -> Result<(), Error> {
        match e {
            None => self.u8(0),
            Some(e) => {
                self.u8(1);
                self.expr(e)?;
            }
        }
        Ok(())
    }

    fn body(&mut self, m: &ModuleInner) -> Result<(), Error> {
        let h = &m.header;
        self.section(Section::Types, |w| {
            w.len(h.types.len())?;
            h.types.iter().try_for_each(|t| w.func_type(t))
        })?;
        self.section(Section::Imports, |w| {
            w.len(m.imports.len())?;
            let (mut funcs, mut tags) = (h.funcs.iter(), h.tags.iter());
            for i in &m.imports {
                w.bytes(i.module.as_bytes())?;
                w.bytes(i.name.as_bytes())?;
                match &i.ty {
                    ExternType::Func(_) => {
                        w.u8(0);
                        w.u32(*funcs.next().ok_or(Error::internal())?);
                    }
                    ExternType::Table(t) => {
                        w.u8(1);
                        w.table_type(t)?;
                    }
                    ExternType::Memory(t) => {
                        w.u8(2);
                        w.memory_type(t);
                    }
                    ExternType::Global(t) => {
                        w.u8(3);
                        w.global_type(t)?;
                    }
                    ExternType::Tag(_) => {
                        w.u8(4);
                        w.u32(*tags.next().ok_or(Error::internal())?);
                    }
                }
            }
            Ok(())
        })?;
        self.section(Section::Funcs, |w| {
            let defined = h.funcs.get(h.imported_funcs as usize..);
            let defined = defined.ok_or(Error::internal())?;
            w.len(defined.len())?;
            defined.iter().for_each(|&t| w.u32(t));
            Ok(())
        })?;
        self.section(Section::Tables, |w| {
            w.len(m.tables.len())?;
            for (t, init) in &m.tables {
                w.table_type(t)?;
                w.opt_expr(init.as_ref())?;
            }
            Ok(())
        })?;
        self.section(Section::Memories, |w| {
            w.len(m.memories.len())?;
            m.memories.iter().for_each(|t| w.memory_type(t));
            Ok(())
        })?;
        self.section(Section::Globals, |w| {
            w.len(m.globals.len())?;
            for (t, init) in &m.globals {
                w.global_type(t)?;
                w.expr(init)?;
            }
            Ok(())
        })?;
        self.section(Section::Tags, |w| {
            w.len(m.tags.len())?;
            m.tags.iter().for_each(|&t| w.u32(t));
            Ok(())
        })?;
        self.section(Section::Exports, |w| {
            w.len(m.exports.len())?;
            for (name, index) in &m.exports {
                w.bytes(name.as_bytes())?;
                let (kind, i) = match *index {
                    ExportIndex::Func(i) => (0, i),
                    ExportIndex::Table(i) => (1, i),
                    ExportIndex::Memory(i) => (2, i),
                    ExportIndex::Global(i) => (3, i),
                    ExportIndex::Tag(i) => (4, i),
                };
                w.u8(kind);
                w.u32(i);
            }
            Ok(())
        })?;
        self.section(Section::Start, |w| {
            match m.start {
                None => w.u8(0),
                Some(f) => {
                    w.u8(1);
                    w.u32(f);
                }
            }
            Ok(())
        })?;
        self.section(Section::Elems, |w| {
            w.len(m.elems.len())?;
            for e in &m.elems {
                match &e.mode {
                    ElemMode::Passive => w.u8(0),
                    ElemMode::Declared => w.u8(1),
                    ElemMode::Active { table, offset } => {
                        w.u8(2);
                        w.u32(*table);
                        w.expr(offset)?;
                    }
                }
                w.len(e.items.len())?;
                e.items.iter().try_for_each(|x| w.expr(x))?;
            }
            Ok(())
        })?;
        self.section(Section::Datas, |w| {
            w.len(m.datas.len())?;
            for d in &m.datas {
                w.u32(d.memory);
                w.opt_expr(d.offset.as_ref())?;
                w.bytes(&d.bytes)?;
            }
            Ok(())
        })?;
        self.section(Section::Code, |w| {
            w.len(m.body_bytes)?;
            w.len(m.compiled.len())?;
            for c in &m.compiled {
                for v in [c.start, c.locals, c.params, c.frame_size, c.body_offset] {
                    w.u32(v);
                }
            }
            w.len(m.code.len())?;
            // Zeros up to a multiple of 4 in the image, so that the words
            // of an image at an aligned address are aligned too and a
            // runner can use them where they are (`read::lend_words`).
            while w.out.len() % CODE_ALIGN != 0 {
                w.u8(0);
            }
            m.code.iter().for_each(|&word| w.u16(word));
            Ok(())
        })?;
        self.section(Section::Handlers, |w| {
            w.len(m.handlers.len())?;
            for x in &m.handlers {
                for v in [x.func, x.start, x.end, x.depth] {
                    w.u32(v);
                }
                match x.kind {
                    HandlerKind::Catch {
                        tag,
                        values,
                        exn,
                        target,
                    } => {
                        w.u8(u8::from(tag.is_some()) | (u8::from(exn.is_some()) << 1));
                        w.u32(tag.unwrap_or(0));
                        w.u16(values);
                        w.u16(exn.unwrap_or(0));
                        w.u32(target);
                    }
                    HandlerKind::Delegate { depth } => {
                        w.u8(4);
                        w.u32(depth);
                    }
                }
            }
            Ok(())
        })?;
        self.section(Section::Debug, |w| {
            w.len(m.offsets.len())?;
            for (at, offset) in m.offsets.iter() {
                w.u32(at);
                w.u32(offset);
            }
            w.len(m.names.len())?;
            for (i, name) in m.names.iter() {
                w.u32(i);
                w.bytes(name.as_bytes())?;
            }
            Ok(())
        })
    }
}
