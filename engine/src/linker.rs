//! The linker: named definitions that resolve a module's imports.

use crate::engine::Engine;
use crate::error::{Error, LinkError, LinkErrorKind};
use crate::func::{Func, HostFunc, IntoFunc};
use crate::instance::{Extern, Instance};
use crate::map::Map;
use crate::module::Module;
use crate::store::{AsContext, Store};
use crate::trap::Trap;
use crate::types::FuncType;
use crate::value::Val;
use alloc::boxed::Box;
use alloc::vec::Vec;

enum Definition<T> {
    Extern(Extern),
    /// A host function not yet placed in any store.
    Host(FuncType, HostFunc<T>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(ty, f) => Definition::Host(ty.clone(), f.clone()),
        }
    }
}

/// Resolves imports by `(module, name)`.
pub struct Linker<T> {
    /// Each module name once (a WASI linker has one for its ~50
    /// functions): definitions name theirs by index.
    modules: Vec<Box<str>>,
    /// Each host function type once: a few signatures serve many
    /// functions, which share them. On a board these two save about a
    /// third of a WASI linker's RAM.
    types: Vec<FuncType>,
    defs: Map<(u32, Box<str>), Definition<T>>,
}

/// Whether `only` is a module that does not import `module.name`
/// (whatever the import's type).
#[inline(always)]
fn skips(only: Option<&Module>, module: &str, name: &str) -> bool {
    only.is_some_and(|m| !m.imports().any(|(m, n, _)| m == module && n == name))
}

impl<T> Linker<T> {
    pub fn new(_engine: &Engine) -> Self {
        Linker {
            modules: Vec::new(),
            types: Vec::new(),
            defs: Map::new(),
        }
    }

    /// The index of module name `module`, added if new.
    fn module_index(&mut self, module: &str) -> u32 {
        let index = match self.modules.iter().position(|m| **m == *module) {
            Some(i) => i,
            None => {
                self.modules.push(Box::from(module));
                self.modules.len() - 1
            }
        };
        index as u32
    }

    /// `ty`, or the equal type a definition already has.
    fn shared(&mut self, ty: FuncType) -> FuncType {
        match self.types.iter().find(|t| **t == ty) {
            Some(t) => t.clone(),
            None => {
                self.types.push(ty.clone());
                ty
            }
        }
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self, Error> {
        self.insert_for(None, module, name, def)
    }

    /// [`Self::insert`], unless `only` is a module that does not import
    /// `module.name` (whatever the import's type): then nothing.
    fn insert_for(
        &mut self,
        only: Option<&Module>,
        module: &str,
        name: &str,
        def: Definition<T>,
    ) -> Result<&mut Self, Error> {
        if skips(only, module, name) {
            return Ok(self);
        }
        let key = (self.module_index(module), Box::from(name));
        let def = match def {
            Definition::Host(ty, f) => Definition::Host(self.shared(ty), f),
            def => def,
        };
        if self.defs.contains_key(&key) {
            return Err(Error::Link(LinkError {
                kind: LinkErrorKind::Duplicate,
                import: 0,
            }));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines `module.name` as an existing function, table, memory or global.
    pub fn define(
        &mut self,
        _store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        let (ty, host) = f.into_func();
        self.insert(module, name, Definition::Host(ty, host))
    }

    /// [`Self::func_wrap`] if `only` is `None` or a module that imports
    /// `module.name`, else nothing: a linker for that one module holds only
    /// what it imports. An import it names that is not defined stays
    /// unknown, one of another type still fails to match.
    ///
    /// Code that defines many functions (WASI) calls this with its
    /// `only` for each: the check is made here and in `insert_for`, not
    /// by each caller.
    pub fn func_wrap_for<Params, Results>(
        &mut self,
        only: Option<&Module>,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        // On a host (`std`) a function the module does not import is not
        // even converted: 45 K fewer instructions in `mote run
        // hello.wasm`. Boards leave this out: the same check here cost
        // hello's thumbv7em firmware 6.2 KB more .rodata (measured by
        // `scripts/footprint.sh`; `insert_for` checks it either way).
        #[cfg(feature = "std")]
        if skips(only, module, name) {
            return Ok(self);
        }
        let (ty, host) = f.into_func();
        self.insert_for(only, module, name, Definition::Host(ty, host))
    }

    /// Defines a host function with a dynamic signature.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(crate::func::Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap>
        + Send
        + Sync
        + 'static,
    ) -> Result<&mut Self, Error> {
        let host = crate::func::dynamic(ty.clone(), f);
        self.insert(module, name, Definition::Host(ty, host))
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: &mut Store<T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self, Error> {
        let exports: Vec<(Box<str>, Extern)> = instance
            .exports(store)
            .map(|(n, e)| (Box::from(n), e))
            .collect();
        for (name, ext) in exports {
            // Re-registering a name replaces the old definition, as the spec tests expect.
            let index = self.module_index(module);
            self.defs.insert((index, name), Definition::Extern(ext));
        }
        Ok(self)
    }

    /// Looks up a definition; host functions are placed in `store` on first use.
    pub fn get(&self, store: &mut Store<T>, module: &str, name: &str) -> Option<Extern> {
        let index = self.modules.iter().position(|m| **m == *module)?;
        let key = (index as u32, Box::from(name));
        Some(match self.defs.get(&key)?.clone() {
            Definition::Extern(e) => e,
            Definition::Host(ty, f) => Extern::Func(Func::new_host(store, ty, f).ok()?),
        })
    }

    /// Resolves the module's imports and instantiates it, running its start function.
    pub fn instantiate(&self, store: &mut Store<T>, module: &Module) -> Result<Instance, Error> {
        let mut imports = Vec::with_capacity(module.inner.imports.len());
        for (i, import) in module.inner.imports.iter().enumerate() {
            let ext = self
                .get(store, &import.module, &import.name)
                .ok_or(Error::Link(LinkError {
                    kind: LinkErrorKind::UnknownImport,
                    import: i as u32,
                }))?;
            imports.push(ext);
        }
        Instance::new(store, module, &imports)
    }
}
