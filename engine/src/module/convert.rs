//! Module-level types in Mote's terms, and the limits wasmparser reads
//! more leniently than WebAssembly 2.0 allows.

use crate::error::Error;
use crate::types::{
    GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, TypeId, ValType,
};

/// A value type of the module, its concrete references (type indices of
/// the module) resolved through `ids`, the engine-wide ids of the types
/// declared so far.
pub(super) fn val_type(ty: wasmparser::ValType, ids: &[TypeId]) -> Result<ValType, Error> {
    Ok(match ty {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::Ref(r) => ValType::Ref(ref_type(r, ids)?),
        wasmparser::ValType::V128 => ValType::V128,
    })
}

pub(super) fn ref_type(r: wasmparser::RefType, ids: &[TypeId]) -> Result<RefType, Error> {
    use wasmparser::AbstractHeapType as A;
    let unsupported = || Error::unsupported(0, "reference type");
    let heap = match r.heap_type() {
        wasmparser::HeapType::Abstract { shared: false, ty } => match ty {
            A::Func => HeapType::Func,
            A::Extern => HeapType::Extern,
            A::Exn => HeapType::Exn,
            A::NoFunc => HeapType::NoFunc,
            A::NoExtern => HeapType::NoExtern,
            A::NoExn => HeapType::NoExn,
            _ => return Err(unsupported()),
        },
        wasmparser::HeapType::Concrete(wasmparser::UnpackedIndex::Module(i)) => {
            HeapType::Concrete(*ids.get(i as usize).ok_or_else(unsupported)?)
        }
        _ => return Err(unsupported()),
    };
    Ok(RefType::new(r.is_nullable(), heap))
}

pub(super) fn table_type(t: &wasmparser::TableType, ids: &[TypeId]) -> Result<TableType, Error> {
    let element = ValType::Ref(ref_type(t.element_type, ids)?);
    if t.table64 {
        // Any u64: a minimum past the configuration's limit is refused at
        // instantiation.
        return Ok(TableType::new64(element, t.initial, t.maximum));
    }
    let min = u32::try_from(t.initial).map_err(|_| Error::unsupported(0, "table size"))?;
    let max = t.maximum.map(|m| u32::try_from(m).unwrap_or(u32::MAX));
    Ok(TableType::new(element, min, max))
}

pub(super) fn memory_type(m: &wasmparser::MemoryType) -> Result<MemoryType, Error> {
    let log2 = m.page_size_log2.unwrap_or(16);
    if log2 > 16 {
        return Err(Error::unsupported(0, "page size"));
    }
    let ty = if m.memory64 {
        // Any u64: a minimum past what the configuration allows is refused
        // at instantiation, not here (a module may just be inspected).
        MemoryType::new64(m.initial, m.maximum)
    } else {
        let min = u32::try_from(m.initial).map_err(|_| Error::unsupported(0, "memory size"))?;
        let max = m.maximum.map(|m| u32::try_from(m).unwrap_or(u32::MAX));
        MemoryType::new(min, max)
    };
    Ok(ty.with_page_size(log2 as u8).with_shared(m.shared))
}

pub(super) fn global_type(g: &wasmparser::GlobalType, ids: &[TypeId]) -> Result<GlobalType, Error> {
    let m = if g.mutable {
        Mutability::Var
    } else {
        Mutability::Const
    };
    Ok(GlobalType::new(val_type(g.content_type, ids)?, m))
}
