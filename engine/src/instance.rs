//! Instances: creation from a module and resolved imports, and exports.

use crate::engine::Config;
use crate::error::{Error, LimitKind, LinkError, LinkErrorKind};
use crate::exec;
use crate::extern_::{Global, Memory, Table};
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::module::{ElemMode, ExportIndex, Module, ModuleInner};
use crate::store::{
    AsContext, FuncEntity, GlobalEntity, InstanceEntity, MemoryEntity, Store, StoreInner, Stored,
    TableEntity, memory_max_pages, push_index, reserve, table_bytes, table_max,
};
use crate::trap::TrapCode;
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType};
use alloc::vec::Vec;

/// Something a module can import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    Func(Func),
    Table(Table),
    Memory(Memory),
    Global(Global),
    Tag(crate::exn::Tag),
}

impl Extern {
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<crate::exn::Tag> for Extern {
    fn from(t: crate::exn::Tag) -> Self {
        Extern::Tag(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}

/// A handle to an instance of a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);

impl Instance {
    /// Instantiates `module` with `imports` given in the order of its import section.
    pub fn new<T>(
        store: &mut Store<T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        instantiate(store, module, imports)
    }

    /// Looks up an export by name. Panics if the instance belongs to
    /// another store.
    #[track_caller]
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = &store.as_context().inner;
        let inst = &inner.instances[inner.own(self.0)];
        let (_, index) = inst
            .module
            .inner
            .exports
            .iter()
            .find(|(n, _)| &**n == name)?;
        let h = |index: Option<&u32>| index.map(|&i| inner.handle(i));
        Some(match *index {
            ExportIndex::Func(i) => Extern::Func(Func(h(inst.funcs.get(i as usize))?)),
            ExportIndex::Table(i) => Extern::Table(Table(h(inst.tables.get(i as usize))?)),
            ExportIndex::Memory(i) => Extern::Memory(Memory(h(inst.memories.get(i as usize))?)),
            ExportIndex::Global(i) => Extern::Global(Global(h(inst.globals.get(i as usize))?)),
            ExportIndex::Tag(i) => Extern::Tag(crate::exn::Tag(h(inst.tags.get(i as usize))?)),
        })
    }

    /// All exports with their names. Panics if the instance belongs to
    /// another store.
    #[track_caller]
    pub fn exports<'a, T: 'a>(
        &self,
        store: &'a Store<T>,
    ) -> impl Iterator<Item = (&'a str, Extern)> + 'a {
        let this = *self;
        let names = &store.inner.instances[store.inner.own(self.0)]
            .module
            .inner
            .exports;
        names
            .iter()
            .filter_map(move |(n, _)| Some((&**n, this.get_export(store, n)?)))
    }

    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
    /// A typed exported function.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        let store = store.as_context();
        let f = self
            .get_func(store, name)
            .ok_or(Error::Call(crate::error::CallError::NotFound))?;
        f.typed(store)
    }
}

fn link_err(kind: LinkErrorKind, import: usize) -> Error {
    Error::Link(LinkError {
        kind,
        import: import as u32,
    })
}

fn limits_match(min: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    min >= want_min
        && match (want_max, max) {
            (None, _) => true,
            (Some(w), Some(m)) => m <= w,
            (Some(_), None) => false,
        }
}

/// An immutable global may be of a subtype; a mutable one is read and
/// written, so its type must be the same.
fn global_matches(have: &GlobalType, want: &GlobalType) -> bool {
    have.mutability() == want.mutability()
        && match want.mutability() {
            Mutability::Const => have.content().matches(want.content()),
            Mutability::Var => have.content() == want.content(),
        }
}

/// Tables are read and written: their element types must be the same.
fn table_matches(have: &TableType, size: u64, want: &TableType) -> bool {
    have.element() == want.element()
        && have.is_64() == want.is_64()
        && limits_match(size, have.maximum(), want.minimum(), want.maximum())
}

fn memory_matches(have: &MemoryType, size: u64, want: &MemoryType) -> bool {
    have.page_size_log2() == want.page_size_log2()
        && have.is_shared() == want.is_shared()
        && have.is_64() == want.is_64()
        && limits_match(size, have.maximum(), want.minimum(), want.maximum())
}

/// Refuses a module whose tables and memories would not fit the store's
/// limits, before anything is allocated: their counts, each one's minimum
/// size, and the bytes of all the minimums against the store's budget.
fn check_limits(s: &StoreInner, m: &ModuleInner, config: &Config) -> Result<(), Error> {
    let tables = s.tables.len() as u64 + m.tables.len() as u64;
    let memories = s.memories.len() as u64 + m.memories.len() as u64;
    if tables > u64::from(config.max_tables) || memories > u64::from(config.max_memories) {
        return Err(Error::limit(LimitKind::StoreEntities));
    }
    let mut bytes = 0u64;
    for (ty, _) in &m.tables {
        if ty.minimum() > u64::from(table_max(ty, config)) {
            return Err(Error::limit(LimitKind::TableElements));
        }
        bytes = bytes.saturating_add(table_bytes(ty.minimum()));
    }
    for ty in &m.memories {
        if ty.minimum() > memory_max_pages(ty, config) {
            return Err(Error::limit(LimitKind::MemoryPages));
        }
        // Within the configured limit: the shift cannot overflow.
        bytes = bytes.saturating_add(ty.minimum() << ty.page_size_log2());
    }
    if !s.budget.fits(bytes) {
        return Err(Error::limit(LimitKind::StoreBytes));
    }
    Ok(())
}

fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance, Error> {
    let m = &module.inner;
    let config = store.inner.engine.config().clone();
    let instance_index = u32::try_from(store.inner.instances.len())
        .map_err(|_| Error::limit(LimitKind::StoreEntities))?;
    let mut inst = InstanceEntity {
        module: module.clone(),
        funcs: Vec::with_capacity(m.header.funcs.len()),
        tables: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        tags: Vec::new(),
        elems: Vec::new(),
        dropped_data: Vec::new(),
    };
    if imports.len() != m.imports.len() {
        return Err(link_err(
            LinkErrorKind::UnknownImport,
            imports.len().min(m.imports.len()),
        ));
    }
    let s = &mut store.inner;
    // Type ids are the engine's: a module that names any (`(ref $t)`)
    // means nothing in a store of another engine.
    if m.engine_bound && !s.engine.same(&m.engine) {
        return Err(Error::Call(crate::error::CallError::ForeignEngine));
    }
    check_limits(s, m, &config)?;
    for (i, (import, ext)) in m.imports.iter().zip(imports).enumerate() {
        // An import from another store is as unknown as a missing one.
        let foreign = || link_err(LinkErrorKind::UnknownImport, i);
        let ok = match (&import.ty, ext) {
            // Function types are final without GC: a function matches
            // only its own type (type ids make `==` type equivalence).
            (ExternType::Func(want), Extern::Func(f)) => {
                let f = s.index(f.0).map_err(|_| foreign())?;
                inst.funcs.push(f as u32);
                s.funcs[f].ty() == want
            }
            (ExternType::Table(want), Extern::Table(t)) => {
                let t = s.index(t.0).map_err(|_| foreign())?;
                inst.tables.push(t as u32);
                let e = &s.tables[t];
                table_matches(&e.ty, e.elems.len() as u64, want)
            }
            (ExternType::Memory(want), Extern::Memory(mem)) => {
                let mem = s.index(mem.0).map_err(|_| foreign())?;
                inst.memories.push(mem as u32);
                let e = &s.memories[mem];
                memory_matches(&e.ty, e.pages, want)
            }
            (ExternType::Global(want), Extern::Global(g)) => {
                let g = s.index(g.0).map_err(|_| foreign())?;
                inst.globals.push(g as u32);
                global_matches(&s.globals[g].ty, want)
            }
            // Tag types match exactly (no subtyping without GC types).
            (ExternType::Tag(want), Extern::Tag(t)) => {
                let t = s.index(t.0).map_err(|_| foreign())?;
                inst.tags.push(t as u32);
                s.tags[t].ty == *want
            }
            _ => false,
        };
        if !ok {
            return Err(link_err(LinkErrorKind::IncompatibleImportType, i));
        }
    }

    // Room in the store for exactly what the module defines (where
    // nothing is yet: see `reserve`), not the spare capacity of pushing
    // one at a time (room for 4 instances, memories, tables after the
    // first). The instance's short lists of indices other than its
    // functions are left to grow: a few bytes each, less than the code.
    let imported = m.header.imported_funcs;
    reserve(
        &mut s.funcs,
        m.header.funcs.len().saturating_sub(imported as usize),
    );
    reserve(&mut s.globals, m.globals.len());
    reserve(&mut s.tables, m.tables.len());
    reserve(&mut s.memories, m.memories.len());
    reserve(&mut s.instances, 1);

    // Defined functions.
    for (index, &ty) in m.header.funcs[imported as usize..].iter().enumerate() {
        let ty = m.header.func_type(ty)?.clone();
        let f = push_index(
            &mut s.funcs,
            FuncEntity::Wasm {
                instance: instance_index,
                index: index as u32,
                ty,
            },
        )?;
        inst.funcs.push(f);
    }
    for &ty in &m.tags {
        let ty = m.header.func_type(ty)?.clone();
        let t = push_index(&mut s.tags, crate::exn::TagEntity { ty })?;
        inst.tags.push(t);
    }
    let funcs = inst.funcs.clone();
    let func_ref = |i: u32| funcs.get(i as usize).map(|&f| f as u64 + 1);

    // Globals, in order: an initializer may read earlier globals.
    for (ty, init) in &m.globals {
        let value = {
            let globals = &inst.globals;
            let store_globals = &s.globals;
            let get = |i: u32| {
                globals
                    .get(i as usize)
                    .and_then(|&g| store_globals.get(g as usize))
                    .map(|g| u128::from(g.value[0]) | (u128::from(g.value[1]) << 64))
            };
            let v = init.eval_wide(&get, &func_ref).ok_or(Error::internal())?;
            [v as u64, (v >> 64) as u64]
        };
        inst.globals
            .push(push_index(&mut s.globals, GlobalEntity { value, ty: *ty })?);
    }
    let global_value = |s: &crate::store::StoreInner, globals: &[u32], i: u32| {
        globals
            .get(i as usize)
            .and_then(|&g| s.globals.get(g as usize))
            .map(|g| g.value[0])
    };

    for (ty, init) in &m.tables {
        let value = match init {
            Some(e) => e
                .eval(&|i| global_value(s, &inst.globals, i), &func_ref)
                .ok_or(Error::internal())?,
            None => 0,
        };
        let t = TableEntity::new(*ty, value, &config, &mut s.budget)?;
        inst.tables.push(push_index(&mut s.tables, t)?);
    }
    for ty in &m.memories {
        let mem = MemoryEntity::new(*ty, &config, &mut s.budget)?;
        inst.memories.push(push_index(&mut s.memories, mem)?);
    }

    // Element segments, evaluated once.
    for seg in &m.elems {
        let mut items = Vec::with_capacity(seg.items.len());
        for item in &seg.items {
            items.push(
                item.eval(&|i| global_value(s, &inst.globals, i), &func_ref)
                    .ok_or(Error::internal())?,
            );
        }
        inst.elems.push(items);
    }
    inst.dropped_data = alloc::vec![false; m.datas.len()];

    // The instance exists from here on: if a segment traps, the effects of
    // earlier segments stay, and functions they placed in tables stay callable.
    let start = m.start.and_then(|f| inst.funcs.get(f as usize).copied());
    let globals = inst.globals.clone();
    let tables = inst.tables.clone();
    let memories = inst.memories.clone();
    push_index(&mut s.instances, inst)?;
    let idx = instance_index as usize;
    for (i, seg) in m.elems.iter().enumerate() {
        match &seg.mode {
            ElemMode::Active { table, offset } => {
                let offset = offset
                    .eval(&|g| global_value(s, &globals, g), &func_ref)
                    .ok_or(Error::internal())?;
                let t = *tables.get(*table as usize).ok_or(Error::internal())?;
                let items = core::mem::take(&mut s.instances[idx].elems[i]);
                // An i32 offset for a table of i32 indices, an i64 for table64.
                let t = &mut s.tables[t as usize];
                let offset = crate::exec::operand(t.ty.is_64(), offset);
                let dst = usize::try_from(offset)
                    .ok()
                    .and_then(|o| t.elems.get_mut(o..))
                    .and_then(|d| d.get_mut(..items.len()))
                    .ok_or(Error::from(TrapCode::TableOutOfBounds))?;
                dst.copy_from_slice(&items);
            }
            ElemMode::Declared => s.instances[idx].elems[i].clear(),
            ElemMode::Passive => {}
        }
    }
    for (i, seg) in m.datas.iter().enumerate() {
        if let Some(offset) = &seg.offset {
            let offset = offset
                .eval(&|g| global_value(s, &globals, g), &func_ref)
                .ok_or(Error::internal())?;
            let mem = *memories.get(seg.memory as usize).ok_or(Error::internal())?;
            let mem = &mut s.memories[mem as usize];
            // An i32 offset for a 32-bit memory, an i64 for a 64-bit one.
            let offset = crate::exec::operand(mem.ty.is_64(), offset);
            let dst = usize::try_from(offset)
                .ok()
                .and_then(|o| mem.data.get_mut(o..))
                .and_then(|d| d.get_mut(..seg.bytes.len()))
                .ok_or(Error::from(TrapCode::MemoryOutOfBounds))?;
            dst.copy_from_slice(&seg.bytes);
            s.instances[idx].dropped_data[i] = true;
        }
    }

    let instance = Instance(s.handle(instance_index));
    crate::log::debug!("instance {=u32}: segments applied", instance_index);
    if let Some(f) = start {
        exec::invoke(store, f as usize, &mut [])?;
    }
    Ok(instance)
}
