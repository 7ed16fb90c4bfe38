//! The store: owner of every runtime entity, and the handles that name them.

mod entity;

pub(crate) use entity::{memory_max_pages, table_bytes, table_max};

use crate::engine::Engine;
use crate::error::{CallError, Error, LimitKind};
use crate::func::HostFunc;
use crate::module::{FrameInfo, Module};
use crate::types::{FuncType, GlobalType, MemoryType, TableType};
use crate::zeroed::ZeroedVec;
use alloc::vec::Vec;
#[cfg(not(target_has_atomic = "64"))]
use core::sync::atomic::AtomicU32 as AtomicId;
#[cfg(target_has_atomic = "64")]
use core::sync::atomic::AtomicU64 as AtomicId;
use core::sync::atomic::Ordering;

pub(crate) enum FuncEntity {
    /// Defined function `index` (not counting imports) of instance `instance`.
    Wasm {
        instance: u32,
        index: u32,
        ty: FuncType,
    },
    /// Host function `host` of `Store::hosts`.
    Host { host: u32, ty: FuncType },
}

impl FuncEntity {
    pub fn ty(&self) -> &FuncType {
        match self {
            FuncEntity::Wasm { ty, .. } | FuncEntity::Host { ty, .. } => ty,
        }
    }
}

pub(crate) struct MemoryEntity {
    /// The memory's bytes; spare capacity (the reservation) is untouched.
    pub data: ZeroedVec<u8>,
    pub ty: MemoryType,
    pub pages: u64,
    /// The largest size in pages this memory may reach.
    pub max_pages: u64,
    /// How many bytes the memory may hold without a copy when it grows
    /// past its allocation (`Config::memory_reservation`).
    pub reservation: u64,
}

pub(crate) struct TableEntity {
    pub elems: ZeroedVec<u64>,
    pub ty: TableType,
    pub max: u32,
}

pub(crate) struct GlobalEntity {
    /// The value's slots: one, or two for a `v128` (low half first); the
    /// second is 0 for every other type.
    pub value: [u64; 2],
    pub ty: GlobalType,
}

pub(crate) struct InstanceEntity {
    pub module: Module,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    pub tags: Vec<u32>,
    /// Element segments as reference slots; emptied by `elem.drop`.
    pub elems: Vec<Vec<u64>>,
    /// Whether each data segment was dropped.
    pub dropped_data: Vec<bool>,
}

/// Source of store identities, so state from one store is never used on
/// another (64 bits where the target has 64-bit atomics, so they never
/// repeat; 32 bits on microcontrollers).
static NEXT_STORE_ID: AtomicId = AtomicId::new(1);

fn next_store_id() -> StoreId {
    let id = NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed);
    #[cfg(not(target_has_atomic = "64"))]
    let id = u64::from(id);
    StoreId(id)
}

/// The identity of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

/// An entity of a store, as every handle names it: the store that made it
/// and its index there. Entities are never removed from their store, so a
/// handle of the right store always names a live entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stored {
    pub store: StoreId,
    pub index: u32,
}

/// The panic of a getter given a handle of another store (as in wasmtime:
/// it is the embedder's mistake, and the getter has no error to return).
#[cold]
#[track_caller]
fn foreign_handle() -> ! {
    panic!("a handle was used with a store it does not belong to")
}

/// The parts of a store that do not depend on the host data type.
pub(crate) struct StoreInner {
    pub id: StoreId,
    pub engine: Engine,
    pub funcs: Vec<FuncEntity>,
    pub memories: Vec<MemoryEntity>,
    pub tables: Vec<TableEntity>,
    pub globals: Vec<GlobalEntity>,
    pub instances: Vec<InstanceEntity>,
    pub tags: Vec<crate::exn::TagEntity>,
    /// Exceptions, referred to by `exnref` values (see `exn`: free ones
    /// are reused, not removed).
    pub exns: Vec<crate::exn::ExnEntity>,
    /// The free exceptions: `new_exn` reuses them.
    pub exn_free: Vec<u32>,
    /// The number of exceptions at which a `throw` collects them next.
    pub exn_collect_at: usize,
    /// Cloned into every call suspended for fuel: while one exists, its
    /// value stack may hold `exnref`s no collection can see, so none runs.
    pub suspended: alloc::sync::Arc<()>,
    pub fuel: u64,
    /// How many executions are running, nested through host calls.
    pub nesting: u32,
    /// `(instance, pc)` of each frame of the last trap, innermost first.
    pub backtrace: Vec<(u32, u32)>,
    /// Bytes the memories, tables and exceptions hold, against
    /// `Config::max_store_bytes`.
    pub budget: Budget,
    /// The value and frame stacks of the last call that finished, kept for
    /// the next one.
    pub spare_stack: Vec<u64>,
    pub spare_frames: Vec<crate::exec::Frame>,
}

/// The bytes a store's memories and tables hold, and the most they may.
pub(crate) struct Budget {
    used: u64,
    max: u64,
}

impl Budget {
    /// Bytes still to be had.
    pub fn left(&self) -> u64 {
        self.max.saturating_sub(self.used)
    }
    /// Whether `bytes` more would fit.
    pub fn fits(&self, bytes: u64) -> bool {
        bytes <= self.left()
    }
    /// Counts `bytes` more (checked with `fits` first).
    pub fn take(&mut self, bytes: u64) {
        self.used = self.used.saturating_add(bytes);
    }
    /// Counts `bytes` fewer: something `take` counted was freed.
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub fn give(&mut self, bytes: u64) {
        self.used = self.used.saturating_sub(bytes);
    }
}

/// Owns all instances, memories, tables, globals and functions, plus the
/// embedder's data `T`.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) hosts: Vec<HostFunc<T>>,
    data: T,
}

impl<T> Store<T> {
    pub fn new(engine: &Engine, data: T) -> Self {
        Store {
            inner: StoreInner {
                id: next_store_id(),
                engine: engine.clone(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                tags: Vec::new(),
                exns: Vec::new(),
                exn_free: Vec::new(),
                exn_collect_at: 0,
                suspended: alloc::sync::Arc::new(()),
                fuel: 0,
                nesting: 0,
                backtrace: Vec::new(),
                budget: Budget {
                    used: 0,
                    max: engine.config().max_store_bytes,
                },
                spare_stack: Vec::new(),
                spare_frames: Vec::new(),
            },
            hosts: Vec::new(),
            data,
        }
    }
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }
    pub fn data(&self) -> &T {
        &self.data
    }
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }
    pub(crate) fn inner_and_data_mut(&mut self) -> (&mut StoreInner, &mut T) {
        (&mut self.inner, &mut self.data)
    }
    pub fn into_data(self) -> T {
        self.data
    }
    /// The wasm frames of the last trap, innermost first.
    pub fn trap_backtrace(&self) -> Vec<FrameInfo> {
        self.inner
            .backtrace
            .iter()
            .filter_map(|&(inst, pc)| {
                self.inner
                    .instances
                    .get(inst as usize)?
                    .module
                    .frame_info(pc)
            })
            .collect()
    }

    /// Sets the remaining fuel. Only counts if `Config::consume_fuel` is on.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), Error> {
        self.inner.fuel = fuel;
        Ok(())
    }
    /// The remaining fuel.
    pub fn get_fuel(&self) -> Result<u64, Error> {
        Ok(self.inner.fuel)
    }
}

/// Makes room in a store vector for `n` more entities: exactly while it is
/// empty (a board's store often holds one instance, whose entities then
/// leave no spare capacity in its RAM), else amortized, as `push` grows.
pub(crate) fn reserve<E>(v: &mut Vec<E>, n: usize) {
    match v.is_empty() {
        true => v.reserve_exact(n),
        false => v.reserve(n),
    }
}

/// Pushes onto a store vector, returning the new index.
pub(crate) fn push_index<E>(v: &mut Vec<E>, e: E) -> Result<u32, Error> {
    let index = u32::try_from(v.len()).map_err(|_| Error::limit(LimitKind::StoreEntities))?;
    v.push(e);
    Ok(index)
}

/// Types that give access to a store: `Store`, `Caller` and references to them.
pub trait AsContext {
    type Data;
    fn as_context(&self) -> &Store<Self::Data>;
}

/// Types that give mutable access to a store.
pub trait AsContextMut: AsContext {
    fn as_context_mut(&mut self) -> &mut Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self
    }
}
impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self
    }
}
impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> &mut Store<C::Data> {
        (**self).as_context_mut()
    }
}

impl StoreInner {
    /// The handle of entity `index` of this store.
    pub fn handle(&self, index: u32) -> Stored {
        Stored {
            store: self.id,
            index,
        }
    }

    /// The index of `h` in this store, or `ForeignHandle`.
    pub fn index(&self, h: Stored) -> Result<usize, Error> {
        if h.store == self.id {
            Ok(h.index as usize)
        } else {
            Err(Error::Call(CallError::ForeignHandle))
        }
    }

    /// The index of `h` in this store; panics if it belongs to another.
    #[track_caller]
    pub fn own(&self, h: Stored) -> usize {
        match self.index(h) {
            Ok(i) => i,
            Err(_) => foreign_handle(),
        }
    }

    /// Whether `v` has type `ty`: a number of that type, or a reference
    /// of its hierarchy that the type admits (null only if nullable, a
    /// function of the same type for a concrete type). A function of
    /// another store matches as far as this is concerned (`admits` refuses
    /// it).
    pub fn val_matches(&self, v: &crate::value::Val, ty: crate::types::ValType) -> bool {
        use crate::types::{HeapType, RefKind, ValType};
        use crate::value::Val;
        let ValType::Ref(r) = ty else {
            return v.ty() == ty;
        };
        let kind = match v {
            Val::FuncRef(_) => RefKind::Func,
            Val::ExternRef(_) => RefKind::Extern,
            Val::ExnRef(_) => RefKind::Exn,
            _ => return false,
        };
        if kind != r.kind() {
            return false;
        }
        if v.is_null() {
            return r.is_nullable();
        }
        match (v, r.heap_type()) {
            (_, h) if h.is_bottom() => false,
            (Val::FuncRef(Some(f)), HeapType::Concrete(id)) => match self.index(f.0) {
                Ok(i) => self.engine.func_type(id).as_ref() == Some(self.funcs[i].ty()),
                Err(_) => true,
            },
            _ => true,
        }
    }

    /// Whether `v` may enter this store: a function or exception
    /// reference must be one of this store's.
    pub fn admits(&self, v: &crate::value::Val) -> bool {
        match v {
            crate::value::Val::FuncRef(Some(f)) => f.0.store == self.id,
            crate::value::Val::ExnRef(Some(e)) => e.0.store == self.id,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reserve;
    use alloc::vec::Vec;

    #[test]
    fn reserve_is_exact_only_when_empty() {
        let mut v: Vec<u64> = Vec::new();
        reserve(&mut v, 3);
        assert_eq!(v.capacity(), 3);
        v.extend([1, 2, 3]);
        reserve(&mut v, 1);
        assert!(v.capacity() >= 6, "amortized: {}", v.capacity());
    }

    /// A store's first instance leaves no spare room in the store's lists.
    #[cfg(feature = "wasm")]
    #[test]
    fn a_first_instance_fills_the_store_exactly() {
        use crate::{Engine, Linker, Module, Store};
        let wasm = wat::parse_str(
            r#"(module
              (memory 1) (table 2 funcref) (global i32 (i32.const 0))
              (func) (func) (func) (func) (func))"#,
        )
        .unwrap();
        let engine = Engine::default();
        let module = Module::new(&engine, &wasm).unwrap();
        let mut store = Store::new(&engine, ());
        Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let s = &store.inner;
        let capacities = [
            s.instances.capacity(),
            s.memories.capacity(),
            s.tables.capacity(),
            s.globals.capacity(),
            s.funcs.capacity(),
        ];
        assert_eq!(capacities, [1, 1, 1, 1, 5]);
    }
}
