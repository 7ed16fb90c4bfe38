//! The engine's registry of function types: it gives every structurally
//! distinct function type one [`TypeId`], so that a concrete reference type
//! `(ref $t)` of one module and one of another compare by their ids, and a
//! function type that mentions them compares with `==`.
//!
//! Without GC there are no `rec` groups and function types are final: two
//! types are equivalent when their parameters and results are, with
//! concrete references compared by id. A type that refers to itself is
//! interned with its own references marked [`SELF`], so that two such
//! types (in two modules) also meet in one id. Entries live as long as the
//! engine (types are few and small).

use crate::error::Error;
use crate::types::{FuncType, HeapType, RefType, TypeId, ValType};
use alloc::vec::Vec;
use hashbrown::HashMap;

/// Marks, in a type being interned, a reference to that type itself.
pub(crate) const SELF: TypeId = TypeId(u32::MAX);

#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    /// Every type by id, with its self references resolved.
    types: Vec<FuncType>,
    /// Ids by type, with self references as `SELF`.
    ids: HashMap<FuncType, TypeId>,
}

impl TypeRegistry {
    /// The id of `key`, a function type whose references to itself are
    /// `SELF`; registers it if it is new.
    pub fn intern(&mut self, key: FuncType) -> Result<TypeId, Error> {
        if let Some(&id) = self.ids.get(&key) {
            return Ok(id);
        }
        let n = u32::try_from(self.types.len())
            .ok()
            .filter(|&n| n < SELF.0)
            .ok_or(Error::unsupported(0, "number of function types"))?;
        let id = TypeId(n);
        let resolve = |t: &ValType| match *t {
            ValType::Ref(r) if r.heap_type() == HeapType::Concrete(SELF) => {
                ValType::Ref(RefType::new(r.is_nullable(), HeapType::Concrete(id)))
            }
            t => t,
        };
        let resolved = FuncType::new(
            key.params().iter().map(resolve),
            key.results().iter().map(resolve),
        );
        self.types.push(resolved);
        self.ids.insert(key, id);
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
        let ra = r.intern(FuncType::new([concrete(a)], [])).unwrap();
        let rb = r.intern(FuncType::new([concrete(b)], [])).unwrap();
        assert_ne!(ra, rb);
        assert_eq!(r.intern(FuncType::new([concrete(c)], [])).unwrap(), ra);
    }

    #[test]
    fn a_self_reference_resolves_to_the_type() {
        let mut r = TypeRegistry::default();
        let key = FuncType::new([concrete(SELF)], []);
        let id = r.intern(key.clone()).unwrap();
        assert_eq!(r.get(id).unwrap().params(), [concrete(id)]);
        assert_eq!(r.intern(key).unwrap(), id);
    }
}
