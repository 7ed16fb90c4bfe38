//! The engine's registry of function types: it gives every structurally
//! distinct function type one [`TypeId`], so that a concrete reference type
//! `(ref $t)` of one module and one of another compare by their ids, and a
//! function type that mentions them compares with `==`.
//!
//! Without GC there are no recursion groups and function types are final:
//! two types are equivalent when their parameters and results are, with
//! concrete references compared by id. (A type cannot refer to itself:
//! that is an implicit recursion group, which wasmparser admits only with
//! GC; every reference is to a type declared, so interned, before.)
//! Entries live as long as the engine (types are few and small).

use crate::error::Error;
use crate::map::Map;
use crate::types::{FuncType, TypeId};
use alloc::vec::Vec;

#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    /// Every type by id.
    types: Vec<FuncType>,
    ids: Map<FuncType, TypeId>,
}

impl TypeRegistry {
    /// The id of `ty`; registers it if it is new.
    pub fn intern(&mut self, ty: FuncType) -> Result<TypeId, Error> {
        if let Some(&id) = self.ids.get(&ty) {
            return Ok(id);
        }
        let id = u32::try_from(self.types.len())
            .map(TypeId)
            .map_err(|_| Error::unsupported(0, "number of function types"))?;
        self.types.push(ty.clone());
        self.ids.insert(ty, id);
        Ok(id)
    }

    /// The type of `id`, if it is one of this registry's.
    pub fn get(&self, id: TypeId) -> Option<&FuncType> {
        self.types.get(id.0 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{HeapType, RefType, ValType};

    fn concrete(id: TypeId) -> ValType {
        ValType::Ref(RefType::new(false, HeapType::Concrete(id)))
    }

    #[test]
    fn equal_types_share_an_id() {
        let mut r = TypeRegistry::default();
        let a = r.intern(FuncType::new([ValType::I32], [])).unwrap();
        let b = r.intern(FuncType::new([ValType::I64], [])).unwrap();
        let c = r.intern(FuncType::new([ValType::I32], [])).unwrap();
        assert_eq!(a, c);
        assert_ne!(a, b);
        assert_eq!(r.get(b).unwrap().params(), [ValType::I64]);
        let ra = r.intern(FuncType::new([concrete(a)], [])).unwrap();
        let rb = r.intern(FuncType::new([concrete(b)], [])).unwrap();
        assert_ne!(ra, rb);
        assert_eq!(r.intern(FuncType::new([concrete(c)], [])).unwrap(), ra);
        assert_eq!(r.get(TypeId(99)), None);
    }
}
