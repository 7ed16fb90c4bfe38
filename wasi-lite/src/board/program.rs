//! A WASI command built into a firmware, and the one way every board runs
//! it: the console on the board's serial port, the clocks on its timer,
//! `mote:hal` on its pins, no files.

use super::hal::{self, Gpio, Hal};
use super::run::run_instance;
use super::{BoardClock, ERROR_EXIT, InsecureXorShift, SerialConsole, TickDelay, Ticks};
use crate::{NoFs, Services, StaticEnv, WasiCtx};
use embedded_io::{Read, Write};
use mote::{Config, Engine, Linker, Module, Store};

/// A WASI command built into the firmware, and what it is granted: these
/// arguments and variables, stdin/stdout/stderr on the serial port (stdin
/// ends at an EOT byte, Ctrl-D), the clocks, `random_get` (not
/// cryptographic: see [`InsecureXorShift`]), the board's pins as `mote:hal`
/// pins. No files.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// The module: `.wasm` (feature `board`), or an image (`mote
    /// compile`; feature `board-image`), run in place where it is
    /// (`Module::from_static_image`; align it to 2 bytes or more so that
    /// its code need not be copied).
    pub wasm: &'static [u8],
    /// `argv`, the program's name first.
    pub args: &'static [&'static str],
    pub vars: &'static [(&'static str, &'static str)],
}

/// What a board lends a program.
#[derive(Debug)]
pub struct BoardParts<S, T, G> {
    /// The console: stdin, stdout and stderr.
    pub serial: S,
    /// The time base of the clocks, the delays and the random seed.
    pub ticks: T,
    /// The pins `mote:hal` drives.
    pub pins: G,
    /// The wall-clock time now, if the board knows it (nanoseconds since 1970).
    pub wall_clock_ns: Option<u64>,
}

/// Open fds at most: stdin, stdout, stderr and a few the guest may
/// duplicate. There is no filesystem, so nothing else can open.
const FDS: usize = 8;

type Clock<T> = BoardClock<T, TickDelay<T>>;
type Host<S, T> = Services<SerialConsole<S>, Clock<T>, InsecureXorShift, StaticEnv<'static>, NoFs>;

struct State<S: Read + Write, T: Ticks, G> {
    wasi: WasiCtx<Host<S, T>, FDS, 0>,
    hal: Hal<G, TickDelay<T>>,
}

/// Runs `program`'s `_start` with the engine limits `config` and returns
/// its exit status, as `mote run` would: 0, the `proc_exit` code, 134 after
/// a trap (with the trap and a backtrace on stderr), 1 if it cannot start
/// (with the reason on the serial port).
pub fn run_program<S, T, G>(parts: BoardParts<S, T, G>, program: &Program, config: &Config) -> i32
where
    S: Read + Write + 'static,
    T: Ticks + Copy + 'static,
    G: Gpio + 'static,
{
    let BoardParts {
        mut serial,
        mut ticks,
        pins,
        wall_clock_ns,
    } = parts;
    let engine = Engine::new(config);
    // The module first, so that the linker defines only what it imports.
    let mut linker = Linker::new(&engine);
    let loaded = load(&engine, program.wasm).and_then(|module| {
        crate::add_imports_to_linker(&mut linker, &module, |s: &mut State<S, T, G>| &mut s.wasi)?;
        hal::add_imports_to_linker(&mut linker, &module, |s: &mut State<S, T, G>| &mut s.hal)?;
        Ok(module)
    });
    let module = match loaded {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(serial, "error: {e}");
            return ERROR_EXIT;
        }
    };

    let mut clock = BoardClock::new(ticks, TickDelay::new(ticks));
    if let Some(now) = wall_clock_ns {
        clock = clock.with_realtime(now);
    }
    let services = Services {
        console: SerialConsole::new(serial),
        clock,
        random: InsecureXorShift::new(ticks.ticks() ^ wall_clock_ns.unwrap_or(0)),
        env: StaticEnv {
            args: program.args,
            vars: program.vars,
        },
        fs: NoFs,
    };
    let state = State {
        wasi: WasiCtx::new(services),
        hal: Hal::new(pins, TickDelay::new(ticks)),
    };
    let mut store = Store::new(&engine, state);
    // As `run_command`, without the linker in RAM while the program runs.
    let instance = linker.instantiate(&mut store, &module);
    drop(linker);
    run_instance(&mut store, instance, |s: &mut State<S, T, G>| &mut s.wasi)
}

/// `bytes` as a module: an image in place if it is one and images are on,
/// else a `.wasm` module (or, without `board`, the runner's refusal of
/// what is not an image).
pub(super) fn load(engine: &Engine, bytes: &'static [u8]) -> Result<Module, mote::Error> {
    #[cfg(all(feature = "board-image", feature = "board"))]
    if mote::is_image(bytes) {
        return Module::from_static_image(engine, bytes);
    }
    #[cfg(feature = "board")]
    return Module::new(engine, bytes);
    #[cfg(not(feature = "board"))]
    return Module::from_static_image(engine, bytes);
}
