//! Functions: handles, host functions and calls from the host.

use crate::error::{CallError, Error};
use crate::exec::{self, StoreOps};
use crate::instance::{Extern, Instance};
use crate::store::{
    AsContext, AsContextMut, FuncEntity, Store, StoreId, StoreInner, Stored, push_index,
};
use crate::trap::{Trap, TrapCode};
use crate::types::{FuncType, ValType};
use crate::value::{ExternRef, Val};
use alloc::sync::Arc;
use alloc::vec::Vec;

/// A host function as the store keeps it: its parameters arrive in the
/// slots, and it writes its results there (the slots hold as many as the
/// function has parameters or results, whichever is more). Typed host
/// functions convert straight from and to slots; nothing is allocated.
pub(crate) type HostFunc<T> =
    Arc<dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Trap> + Send + Sync>;

/// The executor reaches every store through this, whatever its data type.
impl<T> StoreOps for Store<T> {
    fn core(&mut self) -> &mut StoreInner {
        &mut self.inner
    }
    fn call_host(
        &mut self,
        host: u32,
        caller: Option<Stored>,
        slots: &mut [u64],
    ) -> Result<(), Trap> {
        let f = self.hosts[host as usize].clone();
        let caller = Caller {
            store: self,
            instance: caller.map(Instance),
        };
        f(caller, slots)
    }
}

/// Wraps a host function over `Val`s as one over slots.
pub(crate) fn dynamic<T>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
) -> HostFunc<T> {
    Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
        let inner = &caller.store.inner;
        inner.pin_exns(ty.params(), slots);
        let mut params: Vec<Val> = ty.params().iter().map(|t| Val::default_for(*t)).collect();
        crate::value::slots_to_vals(ty.params(), slots, &mut params, inner);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        let Caller { store, instance } = caller;
        f(Caller { store, instance }, &params, &mut results)?;
        let inner = &store.inner;
        for (v, t) in results.iter().zip(ty.results()) {
            if !inner.admits(v) || !inner.val_matches(v, *t) {
                return Err(Trap::from(TrapCode::Host));
            }
        }
        crate::value::vals_to_slots(&results, slots);
        Ok(())
    })
}

/// A handle to a function in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) Stored);

impl Func {
    /// A host function with a dynamic signature.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Result<Self, Error> {
        let host = dynamic(ty.clone(), f);
        Self::new_host(store.as_context_mut(), ty, host)
    }

    pub(crate) fn new_host<T>(
        store: &mut Store<T>,
        ty: FuncType,
        f: HostFunc<T>,
    ) -> Result<Self, Error> {
        let host = push_index(&mut store.hosts, f)?;
        let index = push_index(&mut store.inner.funcs, FuncEntity::Host { host, ty })?;
        Ok(Func(store.inner.handle(index)))
    }

    /// A host function from a closure `|caller: Caller<'_, T>, a: i32, ...| -> R`.
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<Self, Error> {
        let (ty, host) = f.into_func();
        Self::new_host(store.as_context_mut(), ty, host)
    }

    /// The function's type. Panics if the function belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = &store.as_context().inner;
        inner.funcs[inner.own(self.0)].ty().clone()
    }

    /// Calls the function. `results` must have one entry per result.
    pub fn call<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        exec::call(store.as_context_mut(), *self, params, results)
    }

    /// Calls the function; if fuel runs out, returns a handle to resume it.
    pub fn call_resumable<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<exec::ResumableCall, Error> {
        exec::call_resumable(store.as_context_mut(), *self, params, results)
    }

    /// A typed view of the function, checked against its signature.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>, Error> {
        let ty = self.ty(store);
        if !P::matches(ty.params()) || !R::matches(ty.results()) {
            return Err(Error::Call(CallError::SignatureMismatch));
        }
        Ok(TypedFunc {
            func: *self,
            _marker: core::marker::PhantomData,
        })
    }
}

/// The host's view of the store during a host function call.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<Instance>,
}

impl<T> Caller<'_, T> {
    pub fn data(&self) -> &T {
        self.store.data()
    }
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }
    /// An export of the calling instance (typically its `memory`).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        self.instance?.get_export(&*self.store, name)
    }
    /// Remaining fuel.
    pub fn get_fuel(&self) -> Result<u64, Error> {
        self.store.get_fuel()
    }
    /// Charges `fuel` for work the host function does for the guest (bytes
    /// it moves, say), so that a fuel budget bounds that work too. When
    /// fuel is on and less than `fuel` is left, takes what is left and
    /// returns the out-of-fuel trap for the function to return. Without
    /// `Config::consume_fuel`, free.
    pub fn consume_fuel(&mut self, fuel: u64) -> Result<(), Trap> {
        let inner = &mut self.store.inner;
        if !inner.engine.config().consume_fuel {
            return Ok(());
        }
        match inner.fuel.checked_sub(fuel) {
            Some(left) => {
                inner.fuel = left;
                Ok(())
            }
            None => {
                inner.fuel = 0;
                Err(Trap::from(TrapCode::OutOfFuel))
            }
        }
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self.store
    }
}
impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

/// A Rust type that maps to one wasm value type.
pub trait WasmTy: Sized + 'static {
    fn val_type() -> ValType;
    fn from_val(v: Val) -> Option<Self>;
    fn into_val(self) -> Val;
    /// The value of a slot of this type in store `store`.
    #[doc(hidden)]
    fn from_slot(slot: u64, store: StoreId) -> Self;
    /// The value as a slot of store `store`, or `None` for a function
    /// reference of another store.
    #[doc(hidden)]
    fn into_slot(self, store: StoreId) -> Option<u64>;
    /// Whether the type is a reference to a store entity (`Option<Func>`,
    /// `Option<Exn>`), whose values the host gets are checked to name one
    /// (`StoreInner::host_slot`) and, for exceptions, pinned. A constant,
    /// so that other types' host functions carry no code for it.
    #[doc(hidden)]
    const HANDLE: bool = false;
    /// The slots a value takes: two for a `u128` (a `v128`), one for
    /// any other.
    #[doc(hidden)]
    const SLOTS: usize = 1;
    /// The value at the start of `slots` (a missing slot reads as 0).
    #[doc(hidden)]
    fn read(slots: &[u64], store: StoreId) -> Self {
        Self::from_slot(slots.first().copied().unwrap_or(0), store)
    }
    /// Writes the value at the start of `out`: `None` if it does not
    /// fit, or for a function reference of another store.
    #[doc(hidden)]
    fn write(self, out: &mut [u64], store: StoreId) -> Option<()> {
        *out.first_mut()? = self.into_slot(store)?;
        Some(())
    }
}

/// A `v128` as one `u128` (lane 0 in the low bits): two slots, low half
/// first.
impl WasmTy for u128 {
    const SLOTS: usize = 2;
    fn val_type() -> ValType {
        ValType::V128
    }
    fn from_val(v: Val) -> Option<Self> {
        v.v128()
    }
    fn into_val(self) -> Val {
        Val::V128(self)
    }
    fn from_slot(slot: u64, _store: StoreId) -> Self {
        u128::from(slot)
    }
    fn into_slot(self, _store: StoreId) -> Option<u64> {
        Some(self as u64)
    }
    fn read(slots: &[u64], _store: StoreId) -> Self {
        let at = |i: usize| u128::from(slots.get(i).copied().unwrap_or(0));
        at(0) | (at(1) << 64)
    }
    fn write(self, out: &mut [u64], _store: StoreId) -> Option<()> {
        let [lo, hi] = out.get_mut(..2)? else {
            return None;
        };
        (*lo, *hi) = (self as u64, (self >> 64) as u64);
        Some(())
    }
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, $v:ident => $from:expr, $s:ident => $into:expr,
     $slot:ident => $from_slot:expr, $x:ident => $into_slot:expr) => {
        impl WasmTy for $t {
            fn val_type() -> ValType {
                // The type of the `Val` variant (its payload's default).
                Val::$vt(Default::default()).ty()
            }
            fn from_val(v: Val) -> Option<Self> {
                match v {
                    Val::$vt($v) => Some($from),
                    _ => None,
                }
            }
            fn into_val(self) -> Val {
                let $s = self;
                Val::$vt($into)
            }
            fn from_slot($slot: u64, _store: StoreId) -> Self {
                $from_slot
            }
            fn into_slot(self, _store: StoreId) -> Option<u64> {
                let $x = self;
                Some($into_slot)
            }
        }
    };
}
wasm_ty!(i32, I32, v => v, s => s, x => x as u32 as i32, x => x as u32 as u64);
wasm_ty!(u32, I32, v => v as u32, s => s as i32, x => x as u32, x => u64::from(x));
wasm_ty!(i64, I64, v => v, s => s, x => x as i64, x => x as u64);
wasm_ty!(u64, I64, v => v as u64, s => s as i64, x => x, x => x);
wasm_ty!(f32, F32, v => f32::from_bits(v), s => s.to_bits(),
    x => f32::from_bits(x as u32), x => u64::from(x.to_bits()));
wasm_ty!(f64, F64, v => f64::from_bits(v), s => s.to_bits(),
    x => f64::from_bits(x), x => x.to_bits());
wasm_ty!(Option<ExternRef>, ExternRef, v => v, s => s,
    x => x.checked_sub(1).map(|r| ExternRef::new(r as u32)),
    x => x.map_or(0, |r| u64::from(r.get()) + 1));

/// `WasmTy` for a reference to a store entity (`Option<Func>`,
/// `Option<Exn>`): a slot holds its index plus one, 0 for null, and a
/// handle of another store cannot become one.
macro_rules! handle_wasm_ty {
    ($handle:ty, $vt:ident, $ty:ident, $make:expr) => {
        impl WasmTy for Option<$handle> {
            const HANDLE: bool = true;
            fn val_type() -> ValType {
                ValType::$ty
            }
            fn from_val(v: Val) -> Option<Self> {
                match v {
                    Val::$vt(h) => Some(h),
                    _ => None,
                }
            }
            fn into_val(self) -> Val {
                Val::$vt(self)
            }
            fn from_slot(slot: u64, store: StoreId) -> Self {
                slot.checked_sub(1).map(|i| {
                    $make(Stored {
                        store,
                        index: i as u32,
                    })
                })
            }
            fn into_slot(self, store: StoreId) -> Option<u64> {
                match self {
                    None => Some(0),
                    Some(h) if h.0.store == store => Some(u64::from(h.0.index) + 1),
                    Some(_) => None,
                }
            }
        }
    };
}
handle_wasm_ty!(Func, FuncRef, FUNCREF, Func);
handle_wasm_ty!(crate::exn::Exn, ExnRef, EXNREF, crate::exn::Exn);

/// What a host closure may return: nothing, a value, a tuple, or a `Result`
/// of those with a [`Trap`].
pub trait WasmRet {
    fn types() -> Vec<ValType>;
    /// Writes the results into `out` (a function reference of another
    /// store is a host trap).
    #[doc(hidden)]
    fn store_slots(self, out: &mut [u64], store: StoreId) -> Result<(), Trap>;
}

/// Parameter lists of typed calls: `()`, `T`, or tuples.
pub trait WasmParams: Sized {
    /// How many values.
    const LEN: usize;
    /// How many slots they take.
    #[doc(hidden)]
    const SLOTS: usize;
    fn matches(types: &[ValType]) -> bool;
    /// Writes the values into `out`; `None` for a function reference of
    /// another store.
    #[doc(hidden)]
    fn write_slots(self, out: &mut [u64], store: StoreId) -> Option<()>;
}

/// Result lists of typed calls: `()`, `T`, or tuples.
pub trait WasmResults: Sized {
    /// How many values.
    const LEN: usize;
    /// Whether any is a reference to a store entity ([`WasmTy::HANDLE`]).
    #[doc(hidden)]
    const HANDLES: bool = false;
    /// How many slots they take.
    #[doc(hidden)]
    const SLOTS: usize;
    fn matches(types: &[ValType]) -> bool;
    #[doc(hidden)]
    fn read_slots(slots: &[u64], store: StoreId) -> Self;
}

impl<R: WasmRet> WasmRet for Result<R, Trap> {
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn store_slots(self, out: &mut [u64], store: StoreId) -> Result<(), Trap> {
        self?.store_slots(out, store)
    }
}

impl<A: WasmTy> WasmRet for A {
    fn types() -> Vec<ValType> {
        alloc::vec![A::val_type()]
    }
    fn store_slots(self, out: &mut [u64], store: StoreId) -> Result<(), Trap> {
        self.write(out, store).ok_or(Trap::from(TrapCode::Host))
    }
}

impl<A: WasmTy> WasmParams for A {
    const LEN: usize = 1;
    const SLOTS: usize = A::SLOTS;
    fn matches(types: &[ValType]) -> bool {
        types == [A::val_type()]
    }
    fn write_slots(self, out: &mut [u64], store: StoreId) -> Option<()> {
        self.write(out, store)
    }
}

impl<A: WasmTy> WasmResults for A {
    const LEN: usize = 1;
    const HANDLES: bool = A::HANDLE;
    const SLOTS: usize = A::SLOTS;
    fn matches(types: &[ValType]) -> bool {
        types == [A::val_type()]
    }
    fn read_slots(slots: &[u64], store: StoreId) -> Self {
        A::read(slots, store)
    }
}

macro_rules! tuples {
    ($($n:ident),*) => {
        impl<$($n: WasmTy),*> WasmRet for ($($n,)*) {
            fn types() -> Vec<ValType> {
                alloc::vec![$($n::val_type()),*]
            }
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn store_slots(self, out: &mut [u64], store: StoreId) -> Result<(), Trap> {
                let ($($n,)*) = self;
                let mut at = 0;
                $(
                    let rest = out.get_mut(at..).unwrap_or(&mut []);
                    $n.write(rest, store).ok_or(Trap::from(TrapCode::Host))?;
                    at += $n::SLOTS;
                )*
                Ok(())
            }
        }
        impl<$($n: WasmTy),*> WasmParams for ($($n,)*) {
            const LEN: usize = 0 $(+ { let _ = stringify!($n); 1 })*;
            const SLOTS: usize = 0 $(+ $n::SLOTS)*;
            fn matches(types: &[ValType]) -> bool {
                types == [$($n::val_type()),*]
            }
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn write_slots(self, out: &mut [u64], store: StoreId) -> Option<()> {
                let ($($n,)*) = self;
                let mut at = 0;
                $(
                    $n.write(out.get_mut(at..)?, store)?;
                    at += $n::SLOTS;
                )*
                Some(())
            }
        }
        impl<$($n: WasmTy),*> WasmResults for ($($n,)*) {
            const LEN: usize = 0 $(+ { let _ = stringify!($n); 1 })*;
            const HANDLES: bool = false $(|| $n::HANDLE)*;
            const SLOTS: usize = 0 $(+ $n::SLOTS)*;
            fn matches(types: &[ValType]) -> bool {
                types == [$($n::val_type()),*]
            }
            #[allow(unused_mut, unused_variables, unused_assignments, clippy::unused_unit)]
            fn read_slots(slots: &[u64], store: StoreId) -> Self {
                let mut at = 0;
                ($({
                    let v = $n::read(slots.get(at..).unwrap_or(&[]), store);
                    at += $n::SLOTS;
                    v
                },)*)
            }
        }

        impl<T, F, R, $($n: WasmTy),*> IntoFunc<T, ($($n,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($n),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn into_func(self) -> (FuncType, HostFunc<T>) {
                let ty = FuncType::new([$($n::val_type()),*], R::types());
                let host: HostFunc<T> = Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
                    let store = caller.store.inner.id;
                    if false $(|| $n::HANDLE)* {
                        let types = [$($n::val_type()),*];
                        caller.store.inner.pin_exns(&types, slots);
                        caller.store.inner.host_slots(&types, slots);
                    }
                    let mut at = 0;
                    $(
                        let $n = $n::read(slots.get(at..).unwrap_or(&[]), store);
                        at += $n::SLOTS;
                    )*
                    (self)(caller, $($n),*).store_slots(slots, store)
                });
                (ty, host)
            }
        }
    };
}
tuples!();
tuples!(A1);
tuples!(A1, A2);
tuples!(A1, A2, A3);
tuples!(A1, A2, A3, A4);
tuples!(A1, A2, A3, A4, A5);
tuples!(A1, A2, A3, A4, A5, A6);
tuples!(A1, A2, A3, A4, A5, A6, A7);
tuples!(A1, A2, A3, A4, A5, A6, A7, A8);
tuples!(A1, A2, A3, A4, A5, A6, A7, A8, A9);
tuples!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);

/// Closures that can become host functions.
pub trait IntoFunc<T, Params, Results> {
    fn into_func(self) -> (FuncType, HostFunc<T>);
}

/// The most slots the parameters or results of a typed call take (tuples
/// go to 10 values, of at most two slots each).
const MAX_TYPED: usize = 20;

/// A function whose signature was checked once, called without per-call
/// type checks and without allocating.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: core::marker::PhantomData<fn(P) -> R>,
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub fn call<T>(&self, mut store: impl AsContextMut<Data = T>, params: P) -> Result<R, Error> {
        let store: &mut dyn StoreOps = store.as_context_mut();
        let core = store.core();
        let (id, f) = (core.id, core.index(self.func.0)?);
        let mut slots = [0u64; MAX_TYPED];
        let n = P::SLOTS.max(R::SLOTS);
        params
            .write_slots(&mut slots, id)
            .ok_or(Error::Call(CallError::ForeignHandle))?;
        exec::invoke(store, f, &mut slots[..n])?;
        if R::HANDLES {
            let core = store.core();
            let ty = core.funcs[f].ty();
            core.host_slots(ty.results(), &mut slots[..R::SLOTS]);
        }
        Ok(R::read_slots(&slots[..R::SLOTS], id))
    }
    pub fn func(&self) -> Func {
        self.func
    }
}
