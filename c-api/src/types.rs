//! Type representations: value, function, global, table, memory, extern,
//! import and export types.
//!
//! `wasm_externtype_t` holds one of the four kinds, and each
//! `wasm_Xtype_t` is the same object viewed as that kind
//! (`#[repr(transparent)]`), so the `as_externtype` casts are free.

use crate::ptr::{borrow, give, take};
use crate::vec::{Name, declare_ptr_vec, wasm_name_t};
use alloc::vec::Vec;
use mote::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};

pub const WASM_I32: u8 = 0;
pub const WASM_I64: u8 = 1;
pub const WASM_F32: u8 = 2;
pub const WASM_F64: u8 = 3;
pub const WASM_EXTERNREF: u8 = 128;
pub const WASM_FUNCREF: u8 = 129;

pub(crate) fn kind_of(t: ValType) -> u8 {
    match t {
        ValType::I32 => WASM_I32,
        ValType::I64 => WASM_I64,
        ValType::F32 => WASM_F32,
        ValType::F64 => WASM_F64,
        ValType::EXTERNREF => WASM_EXTERNREF,
        ValType::FUNCREF => WASM_FUNCREF,
        // Not reached: `wasm_module_new` refuses modules with a `v128` or
        // any other reference type (`exnref`, a non-nullable or concrete reference,
        // a bottom type) in their imports or exports, the only way an
        // engine type gets to C. 130 is no kind of wasm.h, so C code
        // cannot mistake it for one.
        ValType::Ref(_) | ValType::V128 => 130,
    }
}

pub(crate) fn valtype_of(kind: u8) -> Option<ValType> {
    Some(match kind {
        WASM_I32 => ValType::I32,
        WASM_I64 => ValType::I64,
        WASM_F32 => ValType::F32,
        WASM_F64 => ValType::F64,
        WASM_EXTERNREF => ValType::EXTERNREF,
        WASM_FUNCREF => ValType::FUNCREF,
        _ => return None,
    })
}

/// `wasm_valtype_t`: always a kind Mote knows.
#[derive(Clone)]
pub struct wasm_valtype_t {
    pub(crate) ty: ValType,
}

declare_ptr_vec!(wasm_valtype_vec_t of wasm_valtype_t,
    wasm_valtype_vec_new_empty, wasm_valtype_vec_new_uninitialized, wasm_valtype_vec_new,
    wasm_valtype_vec_copy, wasm_valtype_vec_delete);

/// `wasm_limits_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_limits_t {
    pub min: u32,
    pub max: u32,
}

const NO_MAX: u32 = u32::MAX;

/// wasm.h's limits are 32-bit: a 64-bit memory's or table's limit past
/// them reads as `u32::MAX` (a maximum that large, as none).
fn limits(min: u64, max: Option<u64>) -> wasm_limits_t {
    let narrow = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    wasm_limits_t {
        min: narrow(min),
        max: max.map_or(NO_MAX, narrow),
    }
}

fn max_of(l: &wasm_limits_t) -> Option<u32> {
    (l.max != NO_MAX).then_some(l.max)
}

pub(crate) struct FuncTypeC {
    params: wasm_valtype_vec_t,
    results: wasm_valtype_vec_t,
    ty: FuncType,
}

impl FuncTypeC {
    fn new(ty: FuncType) -> Self {
        let vt = |ts: &[ValType]| -> Vec<*mut wasm_valtype_t> {
            ts.iter().map(|&ty| give(wasm_valtype_t { ty })).collect()
        };
        FuncTypeC {
            params: wasm_valtype_vec_t::from_vec(vt(ty.params())),
            results: wasm_valtype_vec_t::from_vec(vt(ty.results())),
            ty,
        }
    }
}

impl Drop for FuncTypeC {
    fn drop(&mut self) {
        // SAFETY: both vectors were made by `from_vec` and are owned here.
        unsafe {
            crate::types::wasm_valtype_vec_delete(&mut self.params);
            crate::types::wasm_valtype_vec_delete(&mut self.results);
        }
    }
}

pub(crate) enum ExternTypeC {
    Func(FuncTypeC),
    Global {
        content: wasm_valtype_t,
        ty: GlobalType,
    },
    Table {
        element: wasm_valtype_t,
        limits: wasm_limits_t,
        ty: TableType,
    },
    Memory {
        limits: wasm_limits_t,
        ty: MemoryType,
    },
}

/// `wasm_externtype_t`.
pub struct wasm_externtype_t {
    pub(crate) which: ExternTypeC,
}

impl wasm_externtype_t {
    pub(crate) fn new(ty: &ExternType) -> Self {
        let which = match ty {
            ExternType::Func(f) => ExternTypeC::Func(FuncTypeC::new(f.clone())),
            ExternType::Global(g) => ExternTypeC::Global {
                content: wasm_valtype_t { ty: g.content() },
                ty: *g,
            },
            ExternType::Table(t) => ExternTypeC::Table {
                element: wasm_valtype_t { ty: t.element() },
                limits: limits(t.minimum(), t.maximum()),
                ty: *t,
            },
            ExternType::Memory(m) => ExternTypeC::Memory {
                limits: limits(m.minimum(), m.maximum()),
                ty: *m,
            },
            // Not reached: `wasm_module_new` refuses modules that import or
            // export a tag (wasm.h has no extern kind for one); its payload
            // type is what a tag's type holds.
            ExternType::Tag(f) => ExternTypeC::Func(FuncTypeC::new(f.clone())),
        };
        wasm_externtype_t { which }
    }
    pub(crate) fn to_mote(&self) -> ExternType {
        match &self.which {
            ExternTypeC::Func(f) => ExternType::Func(f.ty.clone()),
            ExternTypeC::Global { ty, .. } => ExternType::Global(*ty),
            ExternTypeC::Table { ty, .. } => ExternType::Table(*ty),
            ExternTypeC::Memory { ty, .. } => ExternType::Memory(*ty),
        }
    }
}

impl Clone for wasm_externtype_t {
    fn clone(&self) -> Self {
        wasm_externtype_t::new(&self.to_mote())
    }
}

macro_rules! kind_view {
    ($t:ident, $variant:ident, $as_ext:ident, $as_ext_const:ident, $from_ext:ident, $from_ext_const:ident,
     $delete:ident, $copy:ident, $vec:ident, $vnew_empty:ident, $vnew_uninit:ident, $vnew:ident, $vcopy:ident, $vdelete:ident) => {
        #[doc = concat!("`", stringify!($t), "`: a `wasm_externtype_t` of that kind.")]
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $t {
            pub(crate) ext: wasm_externtype_t,
        }

        declare_ptr_vec!($vec of $t, $vnew_empty, $vnew_uninit, $vnew, $vcopy, $vdelete);

        #[doc = "# Safety\n`t` is null or a live type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ext(t: *mut $t) -> *mut wasm_externtype_t {
            t.cast()
        }
        #[doc = "# Safety\n`t` is null or a live type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $as_ext_const(t: *const $t) -> *const wasm_externtype_t {
            t.cast()
        }
        #[doc = "Null if `t` is null or of another kind.\n\n# Safety\n`t` is null or a live type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ext(t: *mut wasm_externtype_t) -> *mut $t {
            // SAFETY: the caller's contract.
            match unsafe { borrow(t) } {
                Some(e) if matches!(e.which, ExternTypeC::$variant { .. }) => t.cast(),
                _ => core::ptr::null_mut(),
            }
        }
        #[doc = "Null if `t` is null or of another kind.\n\n# Safety\n`t` is null or a live type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $from_ext_const(t: *const wasm_externtype_t) -> *const $t {
            // SAFETY: the caller's contract.
            unsafe { $from_ext(t.cast_mut()) }
        }
        #[doc = "# Safety\n`t` is null or an owned type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(t: *mut $t) {
            // SAFETY: the caller's contract.
            drop(unsafe { take(t) })
        }
        #[doc = "# Safety\n`t` is null or a live type of this library."]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(t: *const $t) -> *mut $t {
            // SAFETY: the caller's contract.
            unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
        }
    };
}

kind_view!(
    wasm_functype_t,
    Func,
    wasm_functype_as_externtype,
    wasm_functype_as_externtype_const,
    wasm_externtype_as_functype,
    wasm_externtype_as_functype_const,
    wasm_functype_delete,
    wasm_functype_copy,
    wasm_functype_vec_t,
    wasm_functype_vec_new_empty,
    wasm_functype_vec_new_uninitialized,
    wasm_functype_vec_new,
    wasm_functype_vec_copy,
    wasm_functype_vec_delete
);
kind_view!(
    wasm_globaltype_t,
    Global,
    wasm_globaltype_as_externtype,
    wasm_globaltype_as_externtype_const,
    wasm_externtype_as_globaltype,
    wasm_externtype_as_globaltype_const,
    wasm_globaltype_delete,
    wasm_globaltype_copy,
    wasm_globaltype_vec_t,
    wasm_globaltype_vec_new_empty,
    wasm_globaltype_vec_new_uninitialized,
    wasm_globaltype_vec_new,
    wasm_globaltype_vec_copy,
    wasm_globaltype_vec_delete
);
kind_view!(
    wasm_tabletype_t,
    Table,
    wasm_tabletype_as_externtype,
    wasm_tabletype_as_externtype_const,
    wasm_externtype_as_tabletype,
    wasm_externtype_as_tabletype_const,
    wasm_tabletype_delete,
    wasm_tabletype_copy,
    wasm_tabletype_vec_t,
    wasm_tabletype_vec_new_empty,
    wasm_tabletype_vec_new_uninitialized,
    wasm_tabletype_vec_new,
    wasm_tabletype_vec_copy,
    wasm_tabletype_vec_delete
);
kind_view!(
    wasm_memorytype_t,
    Memory,
    wasm_memorytype_as_externtype,
    wasm_memorytype_as_externtype_const,
    wasm_externtype_as_memorytype,
    wasm_externtype_as_memorytype_const,
    wasm_memorytype_delete,
    wasm_memorytype_copy,
    wasm_memorytype_vec_t,
    wasm_memorytype_vec_new_empty,
    wasm_memorytype_vec_new_uninitialized,
    wasm_memorytype_vec_new,
    wasm_memorytype_vec_copy,
    wasm_memorytype_vec_delete
);

impl wasm_functype_t {
    pub(crate) fn new(ty: FuncType) -> Self {
        wasm_functype_t {
            ext: wasm_externtype_t {
                which: ExternTypeC::Func(FuncTypeC::new(ty)),
            },
        }
    }
    pub(crate) fn func(&self) -> &FuncTypeC {
        match &self.ext.which {
            ExternTypeC::Func(f) => f,
            // The type's invariant: a functype view holds a function type.
            _ => unreachable_kind(),
        }
    }
    pub(crate) fn ty(&self) -> &FuncType {
        &self.func().ty
    }
}

/// A kind view holding another kind: impossible while the views are only
/// made by their constructors and the checked casts.
#[cold]
fn unreachable_kind() -> ! {
    // A panic here would cross the FFI boundary and abort: the invariant
    // is upheld by every constructor of the views.
    core::panic!("mote-c-api: a type view of the wrong kind")
}

impl wasm_globaltype_t {
    pub(crate) fn new(ty: GlobalType) -> Self {
        wasm_globaltype_t {
            ext: wasm_externtype_t::new(&ExternType::Global(ty)),
        }
    }
    pub(crate) fn ty(&self) -> GlobalType {
        match &self.ext.which {
            ExternTypeC::Global { ty, .. } => *ty,
            _ => unreachable_kind(),
        }
    }
}
impl wasm_tabletype_t {
    pub(crate) fn new(ty: TableType) -> Self {
        wasm_tabletype_t {
            ext: wasm_externtype_t::new(&ExternType::Table(ty)),
        }
    }
    pub(crate) fn ty(&self) -> TableType {
        match &self.ext.which {
            ExternTypeC::Table { ty, .. } => *ty,
            _ => unreachable_kind(),
        }
    }
}
impl wasm_memorytype_t {
    pub(crate) fn new(ty: MemoryType) -> Self {
        wasm_memorytype_t {
            ext: wasm_externtype_t::new(&ExternType::Memory(ty)),
        }
    }
    pub(crate) fn ty(&self) -> MemoryType {
        match &self.ext.which {
            ExternTypeC::Memory { ty, .. } => *ty,
            _ => unreachable_kind(),
        }
    }
}

declare_ptr_vec!(wasm_externtype_vec_t of wasm_externtype_t,
    wasm_externtype_vec_new_empty, wasm_externtype_vec_new_uninitialized, wasm_externtype_vec_new,
    wasm_externtype_vec_copy, wasm_externtype_vec_delete);

// ---- value types

/// A value type of kind `kind`; null for a kind Mote does not know.
///
/// # Safety
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_valtype_new(kind: u8) -> *mut wasm_valtype_t {
    match valtype_of(kind) {
        Some(ty) => give(wasm_valtype_t { ty }),
        None => core::ptr::null_mut(),
    }
}

/// The kind of a value type (`WASM_I32` for null).
///
/// # Safety
/// `t` is null or a live value type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_valtype_kind(t: *const wasm_valtype_t) -> u8 {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(WASM_I32, |t| kind_of(t.ty))
}

/// # Safety
/// `t` is null or an owned value type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_valtype_delete(t: *mut wasm_valtype_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(t) })
}

/// # Safety
/// `t` is null or a live value type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_valtype_copy(t: *const wasm_valtype_t) -> *mut wasm_valtype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
}

/// Reads a vector of value types (a null element makes it `None`).
///
/// # Safety
/// `v` is null or a live vector of value types.
unsafe fn valtypes(v: *const wasm_valtype_vec_t) -> Option<Vec<ValType>> {
    // SAFETY: the caller's contract.
    let Some(v) = (unsafe { borrow(v) }) else {
        return Some(Vec::new());
    };
    // SAFETY: a live vector holds live elements.
    unsafe { v.as_slice() }
        .iter()
        // SAFETY: elements are null or live value types.
        .map(|&p| unsafe { borrow(p) }.map(|t| t.ty))
        .collect()
}

// ---- function types

/// A function type; takes ownership of both vectors' value types (the
/// vectors are left empty). Null if a value type is null.
///
/// # Safety
/// `params` and `results` are null or owned vectors of value types.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_new(
    params: *mut wasm_valtype_vec_t,
    results: *mut wasm_valtype_vec_t,
) -> *mut wasm_functype_t {
    // SAFETY: the caller's contract.
    let (p, r) = unsafe { (valtypes(params), valtypes(results)) };
    // SAFETY: the caller's contract: we own both vectors now.
    unsafe {
        crate::types::wasm_valtype_vec_delete(params);
        crate::types::wasm_valtype_vec_delete(results);
    }
    match (p, r) {
        (Some(p), Some(r)) => give(wasm_functype_t::new(FuncType::new(p, r))),
        _ => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is a live function type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_params(
    t: *const wasm_functype_t,
) -> *const wasm_valtype_vec_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.func().params)
}

/// # Safety
/// `t` is a live function type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_results(
    t: *const wasm_functype_t,
) -> *const wasm_valtype_vec_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.func().results)
}

// ---- global, table, memory types

/// A global type; takes ownership of `content`. Null if `content` is null
/// or `mutability` is neither `WASM_CONST` nor `WASM_VAR`.
///
/// # Safety
/// `content` is null or an owned value type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_new(
    content: *mut wasm_valtype_t,
    mutability: u8,
) -> *mut wasm_globaltype_t {
    // SAFETY: the caller's contract.
    let content = unsafe { take(content) };
    let m = match mutability {
        0 => Mutability::Const,
        1 => Mutability::Var,
        _ => return core::ptr::null_mut(),
    };
    match content {
        Some(c) => give(wasm_globaltype_t::new(GlobalType::new(c.ty, m))),
        None => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is a live global type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_content(
    t: *const wasm_globaltype_t,
) -> *const wasm_valtype_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| &t.ext.which) {
        Some(ExternTypeC::Global { content, .. }) => content,
        _ => core::ptr::null(),
    }
}

/// # Safety
/// `t` is a live global type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_mutability(t: *const wasm_globaltype_t) -> u8 {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| t.ty().mutability()) {
        Some(Mutability::Var) => 1,
        _ => 0,
    }
}

/// A table type; takes ownership of `element`. Null if `element` or
/// `limits` is null, or the element is not a reference type.
///
/// # Safety
/// `element` is null or an owned value type; `limits` null or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_new(
    element: *mut wasm_valtype_t,
    limits: *const wasm_limits_t,
) -> *mut wasm_tabletype_t {
    // SAFETY: the caller's contract.
    let (element, limits) = unsafe { (take(element), borrow(limits)) };
    match (element, limits) {
        (Some(e), Some(l)) if e.ty.is_ref() => give(wasm_tabletype_t::new(TableType::new(
            e.ty,
            l.min,
            max_of(l),
        ))),
        _ => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is a live table type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_element(
    t: *const wasm_tabletype_t,
) -> *const wasm_valtype_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| &t.ext.which) {
        Some(ExternTypeC::Table { element, .. }) => element,
        _ => core::ptr::null(),
    }
}

/// # Safety
/// `t` is a live table type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_limits(t: *const wasm_tabletype_t) -> *const wasm_limits_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| &t.ext.which) {
        Some(ExternTypeC::Table { limits, .. }) => limits,
        _ => core::ptr::null(),
    }
}

/// A memory type with 64 KiB pages. Null if `limits` is null.
///
/// # Safety
/// `limits` is null or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memorytype_new(
    limits: *const wasm_limits_t,
) -> *mut wasm_memorytype_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(limits) } {
        Some(l) => give(wasm_memorytype_t::new(MemoryType::new(l.min, max_of(l)))),
        None => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is a live memory type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memorytype_limits(
    t: *const wasm_memorytype_t,
) -> *const wasm_limits_t {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| &t.ext.which) {
        Some(ExternTypeC::Memory { limits, .. }) => limits,
        _ => core::ptr::null(),
    }
}

// ---- extern types

pub const WASM_EXTERN_FUNC: u8 = 0;
pub const WASM_EXTERN_GLOBAL: u8 = 1;
pub const WASM_EXTERN_TABLE: u8 = 2;
pub const WASM_EXTERN_MEMORY: u8 = 3;

/// # Safety
/// `t` is a live extern type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_externtype_kind(t: *const wasm_externtype_t) -> u8 {
    // SAFETY: the caller's contract.
    match unsafe { borrow(t) }.map(|t| &t.which) {
        Some(ExternTypeC::Global { .. }) => WASM_EXTERN_GLOBAL,
        Some(ExternTypeC::Table { .. }) => WASM_EXTERN_TABLE,
        Some(ExternTypeC::Memory { .. }) => WASM_EXTERN_MEMORY,
        _ => WASM_EXTERN_FUNC,
    }
}

/// # Safety
/// `t` is null or an owned extern type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_externtype_delete(t: *mut wasm_externtype_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(t) })
}

/// # Safety
/// `t` is null or a live extern type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_externtype_copy(
    t: *const wasm_externtype_t,
) -> *mut wasm_externtype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
}

// ---- import and export types

/// `wasm_importtype_t`.
#[derive(Clone)]
pub struct wasm_importtype_t {
    module: Name,
    name: Name,
    ty: wasm_externtype_t,
}

/// `wasm_exporttype_t`.
#[derive(Clone)]
pub struct wasm_exporttype_t {
    name: Name,
    ty: wasm_externtype_t,
}

declare_ptr_vec!(wasm_importtype_vec_t of wasm_importtype_t,
    wasm_importtype_vec_new_empty, wasm_importtype_vec_new_uninitialized, wasm_importtype_vec_new,
    wasm_importtype_vec_copy, wasm_importtype_vec_delete);
declare_ptr_vec!(wasm_exporttype_vec_t of wasm_exporttype_t,
    wasm_exporttype_vec_new_empty, wasm_exporttype_vec_new_uninitialized, wasm_exporttype_vec_new,
    wasm_exporttype_vec_copy, wasm_exporttype_vec_delete);

impl wasm_importtype_t {
    pub(crate) fn new(module: &str, name: &str, ty: &ExternType) -> Self {
        wasm_importtype_t {
            module: Name::new(module.as_bytes()),
            name: Name::new(name.as_bytes()),
            ty: wasm_externtype_t::new(ty),
        }
    }
}
impl wasm_exporttype_t {
    pub(crate) fn new(name: &str, ty: &ExternType) -> Self {
        wasm_exporttype_t {
            name: Name::new(name.as_bytes()),
            ty: wasm_externtype_t::new(ty),
        }
    }
}

/// Takes ownership of the two names and the type. Null if one is null.
///
/// # Safety
/// Each argument is null or owned: `module` and `name` vectors made by this
/// library, `ty` an extern type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_new(
    module: *mut wasm_name_t,
    name: *mut wasm_name_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_importtype_t {
    // SAFETY: the caller's contract.
    let (m, n, t) = unsafe {
        (
            borrow(module).map(|v| v.to_vec()),
            borrow(name).map(|v| v.to_vec()),
            take(ty),
        )
    };
    // SAFETY: the caller's contract: we own the vectors.
    unsafe {
        crate::vec::wasm_byte_vec_delete(module);
        crate::vec::wasm_byte_vec_delete(name);
    }
    match (m, n, t) {
        (Some(m), Some(n), Some(t)) => give(wasm_importtype_t {
            module: Name::new(&m),
            name: Name::new(&n),
            ty: *t,
        }),
        _ => core::ptr::null_mut(),
    }
}

/// # Safety
/// `t` is a live import type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_module(t: *const wasm_importtype_t) -> *const wasm_name_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.module.0)
}
/// # Safety
/// `t` is a live import type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_name(t: *const wasm_importtype_t) -> *const wasm_name_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.name.0)
}
/// # Safety
/// `t` is a live import type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_type(
    t: *const wasm_importtype_t,
) -> *const wasm_externtype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.ty)
}
/// # Safety
/// `t` is null or an owned import type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_delete(t: *mut wasm_importtype_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(t) })
}
/// # Safety
/// `t` is null or a live import type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_copy(
    t: *const wasm_importtype_t,
) -> *mut wasm_importtype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
}

/// Takes ownership of the name and the type. Null if one is null.
///
/// # Safety
/// `name` is null or an owned vector of this library, `ty` null or an
/// owned extern type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_new(
    name: *mut wasm_name_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_exporttype_t {
    // SAFETY: the caller's contract.
    let (n, t) = unsafe { (borrow(name).map(|v| v.to_vec()), take(ty)) };
    // SAFETY: the caller's contract: we own the vector.
    unsafe { crate::vec::wasm_byte_vec_delete(name) };
    match (n, t) {
        (Some(n), Some(t)) => give(wasm_exporttype_t {
            name: Name::new(&n),
            ty: *t,
        }),
        _ => core::ptr::null_mut(),
    }
}
/// # Safety
/// `t` is a live export type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_name(t: *const wasm_exporttype_t) -> *const wasm_name_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.name.0)
}
/// # Safety
/// `t` is a live export type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_type(
    t: *const wasm_exporttype_t,
) -> *const wasm_externtype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null(), |t| &t.ty)
}
/// # Safety
/// `t` is null or an owned export type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_delete(t: *mut wasm_exporttype_t) {
    // SAFETY: the caller's contract.
    drop(unsafe { take(t) })
}
/// # Safety
/// `t` is null or a live export type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_copy(
    t: *const wasm_exporttype_t,
) -> *mut wasm_exporttype_t {
    // SAFETY: the caller's contract.
    unsafe { borrow(t) }.map_or(core::ptr::null_mut(), |t| give(t.clone()))
}
