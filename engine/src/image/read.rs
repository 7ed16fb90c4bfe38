//! Reads an image back into a module (`super` describes the format). The
//! reader only decodes, bounds-checking every read; `check` then decides
//! whether what it decoded is safe to run.

use super::{CODE_ALIGN, FORMAT, HEADER, SIGNATURE, Section, hash, needs};
use crate::constexpr::{ConstExpr, ConstOp};
use crate::engine::Engine;
use crate::error::Error;
use crate::features::Features;
use crate::module::{
    DataSegment, DebugNames, DebugOffsets, ElemMode, ElemSegment, ExportIndex, Import, ModuleInner,
};
use crate::translate::{CompiledFunc, Handler, HandlerKind};
use crate::types::{
    ExternType, FuncType, GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, TypeId,
    ValType,
};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// How the reader may keep parts of an image instead of copying them:
/// `Some` for an image that lives as long as the program (in flash), so
/// that code and data segments can be used where they are.
pub(crate) type Lend<'a> = fn(&'a [u8]) -> Option<&'static [u8]>;

/// The module image `bytes` holds, for `engine`, checked; code and data
/// borrowed where `lend` allows and the words are aligned, copied
/// otherwise.
pub(crate) fn read<'a>(
    engine: &Engine,
    bytes: &'a [u8],
    lend: Lend<'a>,
) -> Result<ModuleInner, Error> {
    let body = header(engine, bytes)?;
    let mut r = R {
        bytes: body,
        at: 0,
        base: HEADER,
        lend,
    };
    let mut m = ModuleInner {
        engine: engine.clone(),
        ..ModuleInner::default()
    };
    let features = u32_at(bytes, 16)?;
    m.features = Features::from_bits(features).ok_or(Error::image(16, "unknown feature"))?;
    r.sections(engine, &mut m)?;
    super::check::check(&m)?;
    Ok(m)
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, Error> {
    let b = bytes
        .get(at..at + 4)
        .ok_or(Error::image(at, "truncated header"))?;
    let mut a = [0; 4];
    a.copy_from_slice(b);
    Ok(u32::from_le_bytes(a))
}

/// Checks the header against `engine` and returns the body.
fn header<'a>(engine: &Engine, bytes: &'a [u8]) -> Result<&'a [u8], Error> {
    if bytes.len() < HEADER || !super::is_image(bytes) {
        return Err(Error::image(0, "not an image (bad magic)"));
    }
    let versions = u32_at(bytes, 8)?;
    if versions != u32::from(FORMAT) | (u32::from(crate::ir::VERSION) << 16) {
        return Err(Error::image(
            8,
            "image format or code version not this engine's",
        ));
    }
    let need = u32_at(bytes, 12)?;
    if need & !needs::ALL != 0 {
        return Err(Error::image(12, "image needs an unknown engine feature"));
    }
    let config = engine.config();
    if (need & needs::FUEL != 0) != config.consume_fuel {
        return Err(Error::image(
            12,
            "image and engine disagree on fuel metering",
        ));
    }
    if need & needs::EXCEPTIONS != 0 && !cfg!(feature = "exceptions") {
        return Err(Error::image(12, "image needs exception handling"));
    }
    if need & needs::ATOMICS != 0 && !cfg!(feature = "atomics") {
        return Err(Error::image(12, "image needs atomics"));
    }
    let len = u32_at(bytes, 20)? as usize;
    let (body, trailer) = bytes[HEADER..]
        .split_at_checked(len)
        .ok_or(Error::image(20, "image shorter than its header says"))?;
    signature_trailer(trailer, HEADER + len)?;
    let mut h = [0; 8];
    h.copy_from_slice(
        bytes
            .get(24..32)
            .ok_or(Error::image(24, "truncated header"))?,
    );
    if hash(body) != u64::from_le_bytes(h) {
        return Err(Error::image(24, "image hash does not match its body"));
    }
    Ok(body)
}

/// Checks what follows the body, at offset `at` of the image: nothing,
/// or a signature trailer (`super` describes it) that ends the image. Its
/// contents are a signer's business (`mote-sign`); the engine only skips
/// them.
fn signature_trailer(trailer: &[u8], at: usize) -> Result<(), Error> {
    let [id, len @ ..] = trailer else {
        return Ok(());
    };
    if *id != SIGNATURE {
        return Err(Error::image(at, "bytes after the image's body"));
    }
    let len = u32_at(len, 0).map_err(|_| Error::image(at, "truncated signature"))?;
    if trailer.len() - 5 != len as usize {
        return Err(Error::image(
            at + 1,
            "signature length does not match the image",
        ));
    }
    Ok(())
}

/// `bytes` as the little-endian 16-bit words they hold, without copying,
/// if they are aligned for `u16` (and the target is little-endian).
fn lend_words(bytes: &'static [u8]) -> Option<&'static [u16]> {
    if cfg!(target_endian = "big") {
        return None;
    }
    // SAFETY: every bit pattern is a valid `u16`, and `align_to` puts in
    // the middle slice only whole `u16`s at aligned addresses.
    let (head, words, tail) = unsafe { bytes.align_to::<u16>() };
    (head.is_empty() && tail.is_empty()).then_some(words)
}

/// A cursor over the body; every read is bounds-checked.
struct R<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Offset of `bytes` in the image, for error offsets.
    base: usize,
    lend: Lend<'a>,
}

impl<'a> R<'a> {
    fn err(&self, what: &'static str) -> Error {
        Error::image(self.base + self.at, what)
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).ok_or(self.err("truncated"))?;
        let b = self.bytes.get(self.at..end).ok_or(self.err("truncated"))?;
        self.at = end;
        Ok(b)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    /// A count of items that take at least `min` bytes each: never more
    /// than the bytes left could hold, so no read allocates more than the
    /// image's size.
    fn count(&mut self, min: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(min.max(1)) > left {
            return Err(self.err("count larger than the image"));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.count(1)?;
        self.take(n)
    }
    fn str(&mut self) -> Result<Box<str>, Error> {
        let b = self.bytes()?;
        let s = core::str::from_utf8(b).map_err(|_| self.err("name is not UTF-8"))?;
        Ok(s.into())
    }
    fn flag(&mut self) -> Result<bool, Error> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.err("bad flag")),
        }
    }

    /// A value type; a concrete reference must name one of the first
    /// `types` types, whose ids are `ids`.
    fn val_type(&mut self, ids: &[TypeId], m: &mut ModuleInner) -> Result<ValType, Error> {
        Ok(match self.u8()? {
            0 => ValType::I32,
            1 => ValType::I64,
            2 => ValType::F32,
            3 => ValType::F64,
            5 => ValType::V128,
            4 => {
                let nullable = self.flag()?;
                let heap = match self.u8()? {
                    0 => HeapType::Func,
                    1 => HeapType::Extern,
                    2 => HeapType::Exn,
                    3 => HeapType::NoFunc,
                    4 => HeapType::NoExtern,
                    5 => HeapType::NoExn,
                    6 => {
                        let i = self.u32()? as usize;
                        m.engine_bound = true;
                        HeapType::Concrete(*ids.get(i).ok_or(self.err("type index"))?)
                    }
                    _ => return Err(self.err("bad heap type")),
                };
                ValType::Ref(RefType::new(nullable, heap))
            }
            _ => return Err(self.err("bad value type")),
        })
    }

    fn func_type(&mut self, ids: &[TypeId], m: &mut ModuleInner) -> Result<FuncType, Error> {
        let params = self.count(1)?;
        let results = self.count(1)?;
        let mut ps = Vec::with_capacity(params);
        for _ in 0..params {
            ps.push(self.val_type(ids, m)?);
        }
        let mut rs = Vec::with_capacity(results);
        for _ in 0..results {
            rs.push(self.val_type(ids, m)?);
        }
        Ok(FuncType::new(ps, rs))
    }

    fn table_type(&mut self, m: &mut ModuleInner) -> Result<TableType, Error> {
        let flags = self.u8()?;
        let ids = core::mem::take(&mut m.header.type_ids);
        let element = self.val_type(&ids, m);
        m.header.type_ids = ids;
        let element = element?;
        let (min, max) = (self.u64()?, self.u64()?);
        let max = (flags & 1 != 0).then_some(max);
        if flags & !0b101 != 0 || !element.is_ref() || max.is_some_and(|max| max < min) {
            return Err(self.err("bad table type"));
        }
        if flags & 0b100 != 0 {
            return Ok(TableType::new64(element, min, max));
        }
        let narrow = |v: u64| u32::try_from(v).map_err(|_| self.err("bad table type"));
        Ok(TableType::new(
            element,
            narrow(min)?,
            max.map(narrow).transpose()?,
        ))
    }

    fn memory_type(&mut self) -> Result<MemoryType, Error> {
        let (flags, log2) = (self.u8()?, self.u8()?);
        let (min, max) = (self.u64()?, self.u64()?);
        let max = (flags & 1 != 0).then_some(max);
        let shared = flags & 2 != 0;
        let is_64 = flags & 4 != 0;
        // The spec's limits: at most the address space in pages.
        let bits = if is_64 { 64 } else { 32 };
        let pages = 1u128 << (bits - u32::from(log2.min(16)));
        let fits = |v: u64| u128::from(v) <= pages;
        if flags & !7 != 0
            || (log2 != 0 && log2 != 16)
            || !fits(min)
            || max.is_some_and(|max| max < min || !fits(max))
            || (shared && max.is_none())
        {
            return Err(self.err("bad memory type"));
        }
        let ty = if is_64 {
            MemoryType::new64(min, max)
        } else {
            // `fits` bounds both by 2^32 pages of one byte.
            let narrow = |v: u64| u32::try_from(v).map_err(|_| self.err("bad memory type"));
            MemoryType::new(narrow(min)?, max.map(narrow).transpose()?)
        };
        Ok(ty.with_page_size(log2).with_shared(shared))
    }

    fn global_type(&mut self, m: &mut ModuleInner) -> Result<GlobalType, Error> {
        let ids = core::mem::take(&mut m.header.type_ids);
        let content = self.val_type(&ids, m);
        m.header.type_ids = ids;
        let mutability = if self.flag()? {
            Mutability::Var
        } else {
            Mutability::Const
        };
        Ok(GlobalType::new(content?, mutability))
    }

    fn expr(&mut self) -> Result<ConstExpr, Error> {
        let n = self.count(1)?;
        let mut ops = Vec::with_capacity(n);
        for _ in 0..n {
            ops.push(match self.u8()? {
                0 => ConstOp::Value(self.u64()?),
                1 => ConstOp::GlobalGet(self.u32()?),
                2 => ConstOp::RefFunc(self.u32()?),
                3 => ConstOp::I32Add,
                4 => ConstOp::I32Sub,
                5 => ConstOp::I32Mul,
                6 => ConstOp::I64Add,
                7 => ConstOp::I64Sub,
                8 => ConstOp::I64Mul,
                9 => ConstOp::V128(u128::from(self.u64()?) | (u128::from(self.u64()?) << 64)),
                _ => return Err(self.err("bad constant expression")),
            });
        }
        Ok(ConstExpr { ops })
    }

    fn opt_expr(&mut self) -> Result<Option<ConstExpr>, Error> {
        Ok(if self.flag()? {
            Some(self.expr()?)
        } else {
            None
        })
    }

    /// The contents of section `id`, which must come next, as a reader of
    /// its own (which `done` checks was read to its end).
    fn section(&mut self, id: Section) -> Result<R<'a>, Error> {
        if self.u8()? != id as u8 {
            return Err(self.err("sections out of order"));
        }
        let len = self.u32()? as usize;
        let base = self.base + self.at;
        let bytes = self.take(len)?;
        Ok(R {
            bytes,
            at: 0,
            base,
            lend: self.lend,
        })
    }

    fn done(&self) -> Result<(), Error> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(self.err("bytes left at the end of a section"))
        }
    }

    fn sections(&mut self, engine: &Engine, m: &mut ModuleInner) -> Result<(), Error> {
        let mut s = self.section(Section::Types)?;
        // Each list is allocated once at its length (`count` bounds it by
        // the image's size): on a board the slack of doubling is RAM.
        let n = s.count(2 * 4)?;
        m.header.types.reserve_exact(n);
        m.header.type_ids.reserve_exact(n);
        for _ in 0..n {
            // A type names only types before it (without GC, each type is
            // a recursion group of its own).
            let ids = core::mem::take(&mut m.header.type_ids);
            let ty = s.func_type(&ids, m);
            m.header.type_ids = ids;
            let ty = ty?;
            let id = engine.type_id(&ty)?;
            m.header.types.push(ty);
            m.header.type_ids.push(id);
        }
        s.done()?;
        let mut s = self.section(Section::Imports)?;
        s.imports(m)?;
        s.done()?;
        let mut s = self.section(Section::Funcs)?;
        let n = s.count(4)?;
        m.header.funcs.reserve_exact(n);
        for _ in 0..n {
            m.header.funcs.push(s.u32()?);
        }
        s.done()?;
        let mut s = self.section(Section::Tables)?;
        let n = s.count(1 + 1 + 16 + 1)?;
        m.tables.reserve_exact(n);
        for _ in 0..n {
            let t = s.table_type(m)?;
            let init = s.opt_expr()?;
            m.tables.push((t, init));
        }
        s.done()?;
        let mut s = self.section(Section::Memories)?;
        let n = s.count(18)?;
        m.header.memories.reserve_exact(n);
        m.memories.reserve_exact(n);
        for _ in 0..n {
            let t = s.memory_type()?;
            m.header.memories.push(t);
            m.memories.push(t);
        }
        s.done()?;
        let mut s = self.section(Section::Globals)?;
        let n = s.count(2 + 4)?;
        m.globals.reserve_exact(n);
        for _ in 0..n {
            let t = s.global_type(m)?;
            let init = s.expr()?;
            m.globals.push((t, init));
        }
        s.done()?;
        let mut s = self.section(Section::Tags)?;
        for _ in 0..s.count(4)? {
            let t = s.u32()?;
            m.header.tags.push(t);
            m.tags.push(t);
        }
        s.done()?;
        let mut s = self.section(Section::Exports)?;
        let n = s.count(4 + 1 + 4)?;
        m.exports.reserve_exact(n);
        for _ in 0..n {
            let name = s.str()?;
            let kind = s.u8()?;
            let i = s.u32()?;
            let index = match kind {
                0 => ExportIndex::Func(i),
                1 => ExportIndex::Table(i),
                2 => ExportIndex::Memory(i),
                3 => ExportIndex::Global(i),
                4 => ExportIndex::Tag(i),
                _ => return Err(s.err("bad export kind")),
            };
            m.exports.push((name, index));
        }
        s.done()?;
        let mut s = self.section(Section::Start)?;
        m.start = if s.flag()? { Some(s.u32()?) } else { None };
        s.done()?;
        let mut s = self.section(Section::Elems)?;
        s.elems(m)?;
        s.done()?;
        let mut s = self.section(Section::Datas)?;
        let n = s.count(4 + 1 + 4)?;
        m.datas.reserve_exact(n);
        for _ in 0..n {
            let memory = s.u32()?;
            let offset = s.opt_expr()?;
            let bytes = s.bytes()?;
            let bytes = match (s.lend)(bytes) {
                Some(kept) => Cow::Borrowed(kept),
                None => Cow::Owned(bytes.to_vec()),
            };
            m.datas.push(DataSegment {
                memory,
                offset,
                bytes,
            });
        }
        s.done()?;
        let mut s = self.section(Section::Code)?;
        s.code(m)?;
        s.done()?;
        let mut s = self.section(Section::Handlers)?;
        s.handlers(m)?;
        s.done()?;
        let mut s = self.section(Section::Debug)?;
        // Borrowed where the code is: pairs of little-endian `u32`s, as
        // `DebugOffsets` keeps them.
        let n = s.count(crate::module::debug::ENTRY)?;
        let bytes = s.take(n * crate::module::debug::ENTRY)?;
        m.offsets = DebugOffsets::from_bytes(match (s.lend)(bytes) {
            Some(kept) => Cow::Borrowed(kept),
            None => Cow::Owned(bytes.to_vec()),
        });
        // The names too, each checked here so that `DebugNames` can trust
        // its bytes.
        let n = s.count(8)?;
        let start = s.at;
        for _ in 0..n {
            s.u32()?;
            let name = s.bytes()?;
            core::str::from_utf8(name).map_err(|_| s.err("name is not UTF-8"))?;
        }
        let bytes = &s.bytes[start..s.at];
        m.names = DebugNames::from_bytes(
            match (s.lend)(bytes) {
                Some(kept) => Cow::Borrowed(kept),
                None => Cow::Owned(bytes.to_vec()),
            },
            n,
        );
        s.done()?;
        self.done()
    }

    fn imports(&mut self, m: &mut ModuleInner) -> Result<(), Error> {
        let n = self.count(4 + 4 + 1)?;
        m.imports.reserve_exact(n);
        m.header.funcs.reserve_exact(n);
        for _ in 0..n {
            let module = self.str()?;
            let name = self.str()?;
            let ty = match self.u8()? {
                0 => {
                    let t = self.u32()?;
                    let ty = m.header.func_type(t).map_err(|_| self.err("type index"))?;
                    let ty = ExternType::Func(ty.clone());
                    m.header.funcs.push(t);
                    m.header.imported_funcs += 1;
                    ty
                }
                1 => ExternType::Table(self.table_type(m)?),
                2 => {
                    let t = self.memory_type()?;
                    m.header.memories.push(t);
                    ExternType::Memory(t)
                }
                3 => ExternType::Global(self.global_type(m)?),
                4 => {
                    let t = self.u32()?;
                    let ty = m.header.func_type(t).map_err(|_| self.err("type index"))?;
                    let ty = ExternType::Tag(ty.clone());
                    m.header.tags.push(t);
                    ty
                }
                _ => return Err(self.err("bad import kind")),
            };
            m.imports.push(Import { module, name, ty });
        }
        Ok(())
    }

    fn elems(&mut self, m: &mut ModuleInner) -> Result<(), Error> {
        let n = self.count(1 + 4)?;
        m.elems.reserve_exact(n);
        for _ in 0..n {
            let mode = match self.u8()? {
                0 => ElemMode::Passive,
                1 => ElemMode::Declared,
                2 => {
                    let table = self.u32()?;
                    let offset = self.expr()?;
                    ElemMode::Active { table, offset }
                }
                _ => return Err(self.err("bad element segment mode")),
            };
            let n = self.count(4)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(self.expr()?);
            }
            m.elems.push(ElemSegment { mode, items });
        }
        Ok(())
    }

    fn code(&mut self, m: &mut ModuleInner) -> Result<(), Error> {
        m.body_bytes = self.u32()? as usize;
        let n = self.count(20)?;
        m.compiled.reserve_exact(n);
        for _ in 0..n {
            let mut v = [0; 5];
            for x in &mut v {
                *x = self.u32()?;
            }
            let [start, locals, params, frame_size, body_offset] = v;
            m.compiled.push(CompiledFunc {
                start,
                locals,
                params,
                frame_size,
                body_offset,
            });
        }
        let n = self.count(2)?;
        let pad = self.take((CODE_ALIGN - (self.base + self.at) % CODE_ALIGN) % CODE_ALIGN)?;
        if pad.iter().any(|&b| b != 0) {
            return Err(self.err("bad padding before the code"));
        }
        // `count` checked that the bytes left hold `n` words.
        let words = self.take(n * 2)?;
        m.code = match (self.lend)(words).and_then(lend_words) {
            Some(kept) => Cow::Borrowed(kept),
            None => words
                .chunks_exact(2)
                .map(|w| u16::from_le_bytes([w[0], w[1]]))
                .collect(),
        };
        Ok(())
    }

    fn handlers(&mut self, m: &mut ModuleInner) -> Result<(), Error> {
        for _ in 0..self.count(16 + 1)? {
            let mut v = [0; 4];
            for x in &mut v {
                *x = self.u32()?;
            }
            let [func, start, end, depth] = v;
            let kind = match self.u8()? {
                flags @ 0..=3 => {
                    let tag = self.u32()?;
                    let values = self.u16()?;
                    let exn = self.u16()?;
                    let target = self.u32()?;
                    HandlerKind::Catch {
                        tag: (flags & 1 != 0).then_some(tag),
                        values,
                        exn: (flags & 2 != 0).then_some(exn),
                        target,
                    }
                }
                4 => HandlerKind::Delegate { depth: self.u32()? },
                _ => return Err(self.err("bad handler kind")),
            };
            m.handlers.push(Handler {
                func,
                start,
                end,
                depth,
                kind,
            });
        }
        Ok(())
    }
}
