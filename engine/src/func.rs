//! Functions: handles, host functions and calls from the host.

use crate::error::{CallError, Error};
use crate::exec;
use crate::instance::{Extern, Instance};
use crate::store::{AsContext, AsContextMut, FuncEntity, Store, Stored, push_index};
use crate::trap::{Trap, TrapCode};
use crate::types::{FuncType, ValType};
use crate::value::Val;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// A host function as the store keeps it.
pub(crate) type HostFunc<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync>;

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
        Self::new_host(store.as_context_mut(), ty, Arc::new(f))
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
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, $v:ident => $from:expr, $s:ident => $into:expr) => {
        impl WasmTy for $t {
            fn val_type() -> ValType {
                ValType::$vt
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
        }
    };
}
wasm_ty!(i32, I32, v => v, s => s);
wasm_ty!(u32, I32, v => v as u32, s => s as i32);
wasm_ty!(i64, I64, v => v, s => s);
wasm_ty!(u64, I64, v => v as u64, s => s as i64);
wasm_ty!(f32, F32, v => f32::from_bits(v), s => s.to_bits());
wasm_ty!(f64, F64, v => f64::from_bits(v), s => s.to_bits());
wasm_ty!(Option<Func>, FuncRef, v => v, s => s);
wasm_ty!(Option<crate::value::ExternRef>, ExternRef, v => v, s => s);

/// What a host closure may return: nothing, a value, a tuple, or a `Result`
/// of those with a [`Trap`].
pub trait WasmRet {
    fn types() -> Vec<ValType>;
    fn store(self, out: &mut [Val]) -> Result<(), Trap>;
}

/// Parameter lists of typed calls: `()`, `T`, or tuples.
pub trait WasmParams: Sized {
    fn matches(types: &[ValType]) -> bool;
    fn to_vals(self) -> Vec<Val>;
}

/// Result lists of typed calls: `()`, `T`, or tuples.
pub trait WasmResults: Sized {
    fn matches(types: &[ValType]) -> bool;
    fn from_vals(vals: &[Val]) -> Option<Self>;
    fn len() -> usize;
}

impl<R: WasmRet> WasmRet for Result<R, Trap> {
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn store(self, out: &mut [Val]) -> Result<(), Trap> {
        self?.store(out)
    }
}

impl<A: WasmTy> WasmRet for A {
    fn types() -> Vec<ValType> {
        alloc::vec![A::val_type()]
    }
    fn store(self, out: &mut [Val]) -> Result<(), Trap> {
        if let Some(slot) = out.first_mut() {
            *slot = self.into_val();
        }
        Ok(())
    }
}

impl<A: WasmTy> WasmParams for A {
    fn matches(types: &[ValType]) -> bool {
        types == [A::val_type()]
    }
    fn to_vals(self) -> Vec<Val> {
        alloc::vec![self.into_val()]
    }
}

impl<A: WasmTy> WasmResults for A {
    fn matches(types: &[ValType]) -> bool {
        types == [A::val_type()]
    }
    fn from_vals(vals: &[Val]) -> Option<Self> {
        A::from_val(*vals.first()?)
    }
    fn len() -> usize {
        1
    }
}

macro_rules! tuples {
    ($($n:ident),*) => {
        impl<$($n: WasmTy),*> WasmRet for ($($n,)*) {
            fn types() -> Vec<ValType> {
                alloc::vec![$($n::val_type()),*]
            }
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn store(self, out: &mut [Val]) -> Result<(), Trap> {
                let ($($n,)*) = self;
                let mut it = out.iter_mut();
                $( if let Some(slot) = it.next() { *slot = $n.into_val(); } )*
                Ok(())
            }
        }
        impl<$($n: WasmTy),*> WasmParams for ($($n,)*) {
            fn matches(types: &[ValType]) -> bool {
                types == [$($n::val_type()),*]
            }
            #[allow(non_snake_case)]
            fn to_vals(self) -> Vec<Val> {
                let ($($n,)*) = self;
                alloc::vec![$($n.into_val()),*]
            }
        }
        impl<$($n: WasmTy),*> WasmResults for ($($n,)*) {
            fn matches(types: &[ValType]) -> bool {
                types == [$($n::val_type()),*]
            }
            #[allow(unused_mut, unused_variables)]
            fn from_vals(vals: &[Val]) -> Option<Self> {
                let mut it = vals.iter();
                Some(($($n::from_val(*it.next()?)?,)*))
            }
            fn len() -> usize {
                0 $(+ { let _ = stringify!($n); 1 })*
            }
        }

        impl<T, F, R, $($n: WasmTy),*> IntoFunc<T, ($($n,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($n),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn into_func(self) -> (FuncType, HostFunc<T>) {
                let ty = FuncType::new([$($n::val_type()),*], R::types());
                let host: HostFunc<T> = Arc::new(move |caller, params, results| {
                    let mut it = params.iter();
                    $( let $n = it.next().copied().and_then($n::from_val).ok_or(Trap::host(-1))?; )*
                    (self)(caller, $($n),*).store(results)
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

/// A function whose signature was checked once, called without per-call type checks.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: core::marker::PhantomData<fn(P) -> R>,
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub fn call<T>(&self, mut store: impl AsContextMut<Data = T>, params: P) -> Result<R, Error> {
        let params = params.to_vals();
        let mut results = alloc::vec![Val::I32(0); R::len()];
        exec::call(store.as_context_mut(), self.func, &params, &mut results)?;
        R::from_vals(&results).ok_or(Error::Call(CallError::TypeMismatch))
    }
    pub fn func(&self) -> Func {
        self.func
    }
}
