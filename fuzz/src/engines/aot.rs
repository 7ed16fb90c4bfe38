//! Mote's AOT tier (`mote-aot`), driven as the interpreter is: the module
//! compiled for this machine by Cranelift and instantiated in a Mote
//! `Store` with the same dummy imports (through a `Linker`, by name), the
//! same limits, and no fuel.

use super::mote::{HostState, dummy_imports, error_result, from_val, non_null, to_val};
use super::{CallResult, HostCall, InstantiateError, Limits, Runtime, Value};
use mote::{Engine, Error, Linker, Store, Val};

/// One instance of a module on the AOT tier.
pub struct Aot {
    store: Store<HostState>,
    instance: mote_aot::Instance,
}

impl Runtime for Aot {
    const NAME: &'static str = "mote-aot";

    fn instantiate(wasm: &[u8], limits: Limits) -> Result<Self, InstantiateError> {
        let engine = Engine::new(&super::mote::Options::new(limits).config);
        let compile = |e: &dyn ToString| InstantiateError::Compile(e.to_string());
        // The interpreter's module lists the imports, for the linker.
        let listed = mote::Module::new(&engine, wasm).map_err(|e| compile(&e))?;
        let module = mote_aot::Module::new(wasm).map_err(|e| compile(&e))?;
        let mut store = Store::new(
            &engine,
            HostState {
                calls: Vec::new(),
                reenter: None,
            },
        );
        let imports = dummy_imports(&mut store, &listed)?;
        let mut linker = Linker::new(&engine);
        for ((module_name, name, _), ext) in listed.imports().zip(imports) {
            // Two imports of one name are refused by the caller
            // (`targets::aot`): a linker holds one definition per name.
            linker
                .define(&store, module_name, name, ext)
                .map_err(|e| InstantiateError::Limit(e.to_string()))?;
        }
        let instance = match module.instantiate(&mut store, &linker) {
            Ok(i) => i,
            Err(mote_aot::Error::Engine(Error::Limit(k))) => {
                return Err(InstantiateError::Limit(format!("{k:?}")));
            }
            Err(mote_aot::Error::Engine(e @ (Error::Trap(_) | Error::Exception(_)))) => {
                return Err(InstantiateError::Trap(error_result(e)));
            }
            Err(e) => return Err(compile(&e)),
        };
        Ok(Aot { store, instance })
    }

    fn call(&mut self, export: &str, args: &[Value]) -> CallResult {
        let Some(f) = self.instance.get_func(export) else {
            return CallResult::Error(format!("no exported function {export:?}"));
        };
        let ty = f.ty(&self.store);
        let args: Vec<Val> = args.iter().map(|&v| to_val(v)).collect();
        let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        match f.call(&mut self.store, &args, &mut out) {
            Ok(()) => CallResult::Returned(out.into_iter().map(from_val).collect()),
            Err(e) => error_result(e),
        }
    }

    fn take_host_calls(&mut self) -> Vec<HostCall> {
        core::mem::take(&mut self.store.data_mut().calls)
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let m = self.instance.get_export(export)?.into_memory()?;
        Some(m.data(&self.store).to_vec())
    }

    fn global(&mut self, export: &str) -> Option<Value> {
        let g = self.instance.get_export(export)?.into_global()?;
        Some(from_val(g.get(&self.store)))
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_export(export)?.into_table()?;
        Some(non_null(&self.store, t))
    }
}
