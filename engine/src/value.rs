//! Values as the embedder sees them, and their encoding in untyped slots.

use crate::exn::Exn;
use crate::func::Func;
use crate::store::{StoreId, Stored};
use crate::types::{RefKind, ValType};

/// An opaque host reference. The embedder chooses the 32-bit value and maps it
/// to whatever it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(u32);

impl ExternRef {
    pub fn new(value: u32) -> Self {
        ExternRef(value)
    }
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A WebAssembly value. Floats are carried as their bit patterns so NaN
/// payloads survive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    /// A 128-bit vector (SIMD), lane 0 in its low bits.
    V128(u128),
    FuncRef(Option<Func>),
    ExternRef(Option<ExternRef>),
    /// A reference to an exception of the store.
    ExnRef(Option<Exn>),
}

impl Val {
    /// The type of this value; a reference's is the nullable top type of
    /// its hierarchy (`funcref`, `externref`, `exnref`): which function
    /// type a function has is a question for its store ([`Func::ty`]).
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
            Val::ExnRef(_) => ValType::EXNREF,
        }
    }

    /// The zero (or null) value of a type: null of the reference's
    /// hierarchy, even for a non-nullable type (which has no default).
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::Ref(r) => match r.kind() {
                RefKind::Func => Val::FuncRef(None),
                RefKind::Extern => Val::ExternRef(None),
                RefKind::Exn => Val::ExnRef(None),
            },
        }
    }

    /// Whether this value is a null reference.
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None)
        )
    }

    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self {
            Some(f32::from_bits(*v))
        } else {
            None
        }
    }
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self {
            Some(f64::from_bits(*v))
        } else {
            None
        }
    }

    pub fn v128(&self) -> Option<u128> {
        if let Val::V128(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// Encodes the value into its slots at the start of `out` (a `v128`
    /// takes two: low half first); returns how many it wrote (fewer if
    /// `out` is too short).
    pub(crate) fn write_slots(self, out: &mut [u64]) -> usize {
        match self {
            Val::V128(v) => {
                let halves = [v as u64, (v >> 64) as u64];
                let n = out.len().min(2);
                out[..n].copy_from_slice(&halves[..n]);
                n
            }
            v => match out.first_mut() {
                Some(slot) => {
                    *slot = v.to_slot();
                    1
                }
                None => 0,
            },
        }
    }

    /// Decodes a value of type `ty` from the slots at the start of
    /// `slots` (missing slots read as 0).
    pub(crate) fn read_slots(ty: ValType, slots: &[u64], store: StoreId) -> Val {
        let at = |i: usize| slots.get(i).copied().unwrap_or(0);
        match ty {
            ValType::V128 => Val::V128(u128::from(at(0)) | (u128::from(at(1)) << 64)),
            ty => Val::from_slot(ty, at(0), store),
        }
    }

    /// Encodes the value into an untyped slot. References are stored as
    /// index + 1, with 0 for null. A `v128` takes two slots
    /// ([`write_slots`](Self::write_slots)); this is its low half.
    pub(crate) fn to_slot(self) -> u64 {
        match self {
            Val::V128(v) => v as u64,
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::FuncRef(f) => f.map_or(0, |f| u64::from(f.0.index) + 1),
            Val::ExternRef(r) => r.map_or(0, |r| r.0 as u64 + 1),
            Val::ExnRef(e) => e.map_or(0, |e| u64::from(e.0.index) + 1),
        }
    }

    /// Decodes a slot of a known type; a function or exception reference
    /// is one of store `store`.
    pub(crate) fn from_slot(ty: ValType, slot: u64, store: StoreId) -> Val {
        match ty {
            ValType::I32 => Val::I32(slot as u32 as i32),
            ValType::I64 => Val::I64(slot as i64),
            ValType::F32 => Val::F32(slot as u32),
            ValType::F64 => Val::F64(slot),
            ValType::V128 => Val::V128(u128::from(slot)),
            ValType::Ref(r) => match r.kind() {
                RefKind::Func => Val::FuncRef(slot.checked_sub(1).map(|i| {
                    Func(Stored {
                        store,
                        index: i as u32,
                    })
                })),
                RefKind::Extern => Val::ExternRef(slot.checked_sub(1).map(|i| ExternRef(i as u32))),
                RefKind::Exn => Val::ExnRef(slot.checked_sub(1).map(|i| {
                    Exn(Stored {
                        store,
                        index: i as u32,
                    })
                })),
            },
        }
    }
}

/// Encodes `vals` one after the other into `slots` (see
/// [`Val::write_slots`]).
pub(crate) fn vals_to_slots(vals: &[Val], slots: &mut [u64]) {
    let mut at = 0;
    for v in vals {
        at += v.write_slots(slots.get_mut(at..).unwrap_or(&mut []));
    }
}

/// Decodes values of `types` one after the other from `slots` into `out`,
/// values of store `core` handed to the host: a reference that names
/// nothing of the store reads as null (`StoreInner::host_slot`).
pub(crate) fn slots_to_vals(
    types: &[ValType],
    slots: &[u64],
    out: &mut [Val],
    core: &crate::store::StoreInner,
) {
    let mut at = 0;
    for (o, t) in out.iter_mut().zip(types) {
        let here = slots.get(at..).unwrap_or(&[]);
        *o = match t {
            ValType::Ref(_) => {
                let slot = core.host_slot(*t, here.first().copied().unwrap_or(0));
                Val::from_slot(*t, slot, core.id)
            }
            _ => Val::read_slots(*t, here, core.id),
        };
        at += t.slots();
    }
}

impl From<u128> for Val {
    fn from(v: u128) -> Val {
        Val::V128(v)
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
