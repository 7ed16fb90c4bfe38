//! Functions: host functions from C callbacks, types, and calls.

use crate::object::wasm_func_t;
use crate::ptr::{AssertSend, borrow, give, slice, slice_mut, take};
use crate::store::{StoreData, wasm_store_t};
use crate::trap::wasm_trap_t;
use crate::types::{kind_of, wasm_functype_t};
use crate::val::{from_val, to_val, wasm_val_t, wasm_val_vec_t};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ffi::c_void;
use mote::{AsContextMut, Caller, Func, FuncType, Trap, Val};

/// `wasm_func_callback_t`.
pub type wasm_func_callback_t = Option<
    unsafe extern "C" fn(
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut wasm_trap_t,
>;
/// `wasm_func_callback_with_env_t`.
pub type wasm_func_callback_with_env_t = Option<
    unsafe extern "C" fn(
        env: *mut c_void,
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut wasm_trap_t,
>;
type Finalizer = Option<unsafe extern "C" fn(*mut c_void)>;

/// A C callback and its environment, finalized when the store drops the
/// host function.
struct Callback {
    call: unsafe extern "C" fn(
        *mut c_void,
        *const wasm_val_vec_t,
        *mut wasm_val_vec_t,
    ) -> *mut wasm_trap_t,
    env: *mut c_void,
    finalizer: Finalizer,
    /// The callback without environment, when made by `wasm_func_new`.
    plain: wasm_func_callback_t,
}

impl Drop for Callback {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the contract of `wasm_func_new_with_env`: the
            // finalizer accepts `env`, and runs once, when the function goes.
            unsafe { f(self.env) }
        }
    }
}

/// Calls a `wasm_func_new` callback through the with-env shape.
unsafe extern "C" fn call_plain(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    // SAFETY: `env` is the `Callback` itself (see `new_func`), live while
    // the call runs.
    let cb = unsafe { &*env.cast::<Callback>() };
    match cb.plain {
        // SAFETY: the contract of `wasm_func_new`.
        Some(f) => unsafe { f(args, results) },
        None => core::ptr::null_mut(),
    }
}

/// A trap telling a host callback broke the API's rules.
fn host_fault(caller: &mut Caller<'_, StoreData>, msg: &str) -> Trap {
    Trap::host(
        caller
            .data_mut()
            .park_trap(Box::new(wasm_trap_t::message(msg))),
    )
}

/// Runs the C callback for one call from wasm.
///
/// # Safety
/// `store` is the live C store that `caller` borrows; `cb` is a valid callback.
unsafe fn run_callback(
    store: *const wasm_store_t,
    cb: &Callback,
    ty: &FuncType,
    mut caller: Caller<'_, StoreData>,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Trap> {
    let data = caller.data();
    let args: Vec<wasm_val_t> = params.iter().map(|v| from_val(*v, store, data)).collect();
    let args = wasm_val_vec_t::from_vec(args);
    let blank: Vec<wasm_val_t> = ty
        .results()
        .iter()
        .map(|t| from_val(Val::default_for(*t), store, data))
        .collect();
    let mut out = wasm_val_vec_t::from_vec(blank);
    let env = if cb.plain.is_some() {
        (cb as *const Callback).cast_mut().cast()
    } else {
        cb.env
    };
    // SAFETY: the caller's contract: `store` is live. C re-enters the
    // store through the engine's borrow (`reenter`).
    let cstore = unsafe { &*store };
    // SAFETY: the callback's contract (wasm.h): it reads `args` and writes
    // `results`, one value per result.
    let trap = cstore.reenter(caller.as_context_mut(), || unsafe {
        (cb.call)(env, &args, &mut out)
    });
    let mut args = args;
    // SAFETY: both vectors were made here and own their references.
    let outcome = unsafe {
        crate::val::wasm_val_vec_delete(&mut args);
        // SAFETY: `trap` is null or an owned trap (the callback's contract).
        match take(trap) {
            Some(t) => Err(Trap::host(caller.data_mut().park_trap(t))),
            None => {
                let mut ok = out.size == results.len();
                for (r, v) in results.iter_mut().zip(out.as_slice()) {
                    match to_val(v, store, caller.data_mut()) {
                        Some(x) if x.ty() == r.ty() => *r = x,
                        _ => ok = false,
                    }
                }
                if ok {
                    Ok(())
                } else {
                    Err(host_fault(
                        &mut caller,
                        "host callback returned results of the wrong type",
                    ))
                }
            }
        }
    };
    // SAFETY: made here, owns its references.
    unsafe { crate::val::wasm_val_vec_delete(&mut out) };
    outcome
}

/// Makes a host function in `store` calling `cb`.
///
/// # Safety
/// `store` is null or a live store; `ty` null or a live function type.
unsafe fn new_func(
    store: *mut wasm_store_t,
    ty: *const wasm_functype_t,
    cb: Callback,
) -> *mut wasm_func_t {
    // SAFETY: the caller's contract.
    let (Some(s), Some(ty)) = (unsafe { borrow(store) }, unsafe { borrow(ty) }) else {
        return core::ptr::null_mut();
    };
    let fty = ty.ty().clone();
    // Boxed, so that `call_plain` can find it at a fixed address.
    let cb = AssertSend(Box::new(cb));
    let st = AssertSend(store.cast_const());
    let ty2 = fty.clone();
    let f = move |caller: Caller<'_, StoreData>, params: &[Val], results: &mut [Val]| {
        let (st, cb) = (&st, &cb);
        // SAFETY: the store outlives its functions, and this runs inside a
        // call on it.
        unsafe { run_callback(st.0, &cb.0, &ty2, caller, params, results) }
    };
    // SAFETY: the caller's contract; no other borrow of the store is in use.
    match Func::new(unsafe { s.get() }, fty, f) {
        Ok(f) => give(wasm_func_t::new(store, f)),
        Err(_) => core::ptr::null_mut(),
    }
}

/// A host function of type `ty` calling `cb`. Null if an argument is null.
///
/// # Safety
/// `store` is null or a live store; `ty` null or a live function type;
/// `cb` a callback that reads its arguments and writes one value of the
/// right type per result, and returns null or an owned trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_new(
    store: *mut wasm_store_t,
    ty: *const wasm_functype_t,
    cb: wasm_func_callback_t,
) -> *mut wasm_func_t {
    if cb.is_none() {
        return core::ptr::null_mut();
    }
    let callback = Callback {
        call: call_plain,
        env: core::ptr::null_mut(),
        finalizer: None,
        plain: cb,
    };
    // SAFETY: the caller's contract.
    unsafe { new_func(store, ty, callback) }
}

/// A host function of type `ty` calling `cb` with `env`; `finalizer`
/// (if not null) is called with `env` when the store is deleted.
///
/// # Safety
/// As `wasm_func_new`; `env` is whatever `cb` and `finalizer` accept.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_new_with_env(
    store: *mut wasm_store_t,
    ty: *const wasm_functype_t,
    cb: wasm_func_callback_with_env_t,
    env: *mut c_void,
    finalizer: Finalizer,
) -> *mut wasm_func_t {
    let Some(call) = cb else {
        return core::ptr::null_mut();
    };
    let callback = Callback {
        call,
        env,
        finalizer,
        plain: None,
    };
    // SAFETY: the caller's contract.
    unsafe { new_func(store, ty, callback) }
}

/// # Safety
/// `f` is null or a live function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_type(f: *const wasm_func_t) -> *mut wasm_functype_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(f) }.and_then(|f| Some((f.handle()?, f))) {
        // SAFETY: the function's store is live and not otherwise borrowed.
        Some((h, f)) => give(wasm_functype_t::new(h.ty(&*unsafe { f.store().get() }))),
        None => core::ptr::null_mut(),
    }
}

/// # Safety
/// `f` is null or a live function.
unsafe fn func_ty(f: *const wasm_func_t) -> Option<FuncType> {
    // SAFETY: the caller's contract.
    let f = unsafe { borrow(f) }?;
    // SAFETY: the function's store is live and not otherwise borrowed.
    Some(f.handle()?.ty(&*unsafe { f.store().get() }))
}

/// # Safety
/// `f` is null or a live function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_param_arity(f: *const wasm_func_t) -> usize {
    // SAFETY: the caller's contract.
    unsafe { func_ty(f) }.map_or(0, |t| t.params().len())
}

/// # Safety
/// `f` is null or a live function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_result_arity(f: *const wasm_func_t) -> usize {
    // SAFETY: the caller's contract.
    unsafe { func_ty(f) }.map_or(0, |t| t.results().len())
}

/// What a call from C needs: the function, its store, its parameters and
/// room for its results; or the trap saying why not.
pub(crate) struct Prepared<'a> {
    pub func: Func,
    pub store: &'a wasm_store_t,
    pub store_ptr: *const wasm_store_t,
    pub params: Vec<Val>,
    pub results: Vec<Val>,
}

/// Checks a call's arguments against the function's type.
///
/// # Safety
/// As `wasm_func_call`.
pub(crate) unsafe fn prepare<'a>(
    f: *const wasm_func_t,
    args: *const wasm_val_vec_t,
) -> Result<Prepared<'a>, Box<wasm_trap_t>> {
    let fault = |m: &str| Box::new(wasm_trap_t::message(m));
    // SAFETY: the caller's contract.
    let f = unsafe { borrow(f) }.ok_or_else(|| fault("null function"))?;
    let func = f.handle().ok_or_else(|| fault("not a function"))?;
    // SAFETY: a live function's store is live.
    let store = unsafe { f.store() };
    // SAFETY: no other borrow of the store is in use.
    let st = unsafe { store.get() };
    let ty = func.ty(&*st);
    // SAFETY: the caller's contract.
    let args = match unsafe { borrow(args) } {
        // SAFETY: a valid vector.
        Some(a) => unsafe { slice(a.data, a.size) },
        None => &[],
    };
    if args.len() != ty.params().len() {
        return Err(fault("wrong number of arguments"));
    }
    let mut params = Vec::with_capacity(args.len());
    for (a, t) in args.iter().zip(ty.params()) {
        // SAFETY: the caller's contract: valid values.
        match unsafe { to_val(a, f.r.store, st.data_mut()) } {
            Some(v) if v.ty() == *t && a.kind == kind_of(*t) => params.push(v),
            _ => return Err(fault("argument of the wrong type")),
        }
    }
    let results = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    Ok(Prepared {
        func,
        store,
        store_ptr: f.r.store,
        params,
        results,
    })
}

/// Writes results to C's vector.
///
/// # Safety
/// `out` is null or a vector with room for `results`.
pub(crate) unsafe fn write_results(
    out: *mut wasm_val_vec_t,
    results: &[Val],
    store: *const wasm_store_t,
    data: &StoreData,
) -> Result<(), Box<wasm_trap_t>> {
    // SAFETY: the caller's contract.
    let out = match unsafe { out.as_mut() } {
        // SAFETY: a valid vector.
        Some(o) => unsafe { slice_mut(o.data, o.size) },
        None => &mut [],
    };
    if out.len() < results.len() {
        return Err(Box::new(wasm_trap_t::message("results vector too short")));
    }
    for (o, v) in out.iter_mut().zip(results) {
        *o = from_val(*v, store, data);
    }
    Ok(())
}

/// Calls `f`. Returns null on success, with the results written to
/// `results` (which must have room for them), or an owned trap: the
/// engine's, a host callback's own, or one saying the arguments do not
/// match the function's type.
///
/// # Safety
/// `f` is null or a live function; `args` null or a valid vector of
/// valid values; `results` null or a valid vector whose values may be
/// overwritten (they are not released).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_call(
    f: *const wasm_func_t,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    // SAFETY: the caller's contract.
    let mut p = match unsafe { prepare(f, args) } {
        Ok(p) => p,
        Err(t) => return Box::into_raw(t),
    };
    // SAFETY: no other borrow of the store is in use.
    let r = p
        .func
        .call(unsafe { p.store.get() }, &p.params, &mut p.results);
    match r {
        Ok(()) => {
            // SAFETY: the caller's contract; the call is over, so the
            // store is not otherwise borrowed.
            match unsafe { write_results(results, &p.results, p.store_ptr, p.store.get().data()) } {
                Ok(()) => core::ptr::null_mut(),
                Err(t) => Box::into_raw(t),
            }
        }
        // SAFETY: no other borrow of the store is in use.
        Err(e) => Box::into_raw(unsafe { wasm_trap_t::from_error(e, p.store) }),
    }
}
