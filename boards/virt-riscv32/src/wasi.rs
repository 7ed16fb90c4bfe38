//! Running a WASI command on this board: the console on the UART, clocks on
//! `mtime` (wall time from the Goldfish RTC), `mote:hal` on logged mock pins.

use crate::gpio::LoggedPin;
use crate::timer::{MtimeTicks, wall_clock_ns};
use crate::uart::Serial;
use crate::{Board, engine_config};
use core::fmt::Write as _;
use mote::{Engine, Linker, Module, Store};
use wasi_lite::board::hal::{self, Hal};
use wasi_lite::board::{
    BoardClock, ERROR_EXIT, InsecureXorShift, SerialConsole, TickDelay, Ticks, run_command,
};
use wasi_lite::{NoFs, Services, StaticEnv, WasiCtx};

/// A WASI command built into the firmware, and what it is granted: these
/// arguments and variables, stdin/stdout/stderr on the UART (stdin ends at an
/// EOT byte, Ctrl-D), the clocks, `random_get` (not cryptographic: see
/// [`InsecureXorShift`]), two logged mock pins as `mote:hal` pins 0 and 1.
/// No files.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    pub wasm: &'static [u8],
    /// `argv`, the program's name first.
    pub args: &'static [&'static str],
    pub vars: &'static [(&'static str, &'static str)],
}

/// Open fds at most: stdin, stdout, stderr and a few the guest may
/// duplicate. There is no filesystem, so nothing else can open.
const FDS: usize = 8;

type Clock = BoardClock<MtimeTicks, TickDelay<MtimeTicks>>;
type Host = Services<SerialConsole<Serial>, Clock, InsecureXorShift, StaticEnv<'static>, NoFs>;

struct State {
    wasi: WasiCtx<Host, FDS, 0>,
    hal: Hal<[LoggedPin; 2], TickDelay<MtimeTicks>>,
}

/// Runs `program`'s `_start` and returns its exit status, as `mote run`
/// would: 0, the `proc_exit` code, 134 after a trap (with the trap and a
/// backtrace on stderr), 1 if it cannot start.
pub fn run(board: Board, program: &Program) -> i32 {
    let Board {
        serial,
        mut ticks,
        pins,
    } = board;
    let mut clock = BoardClock::new(ticks, TickDelay::new(ticks));
    if let Some(now) = wall_clock_ns() {
        clock = clock.with_realtime(now);
    }
    let services = Services {
        console: SerialConsole::new(serial),
        clock,
        random: InsecureXorShift::new(ticks.ticks() ^ wall_clock_ns().unwrap_or(0)),
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

    let engine = Engine::new(&engine_config());
    let mut linker = Linker::new(&engine);
    let linked = wasi_lite::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)
        .and_then(|()| hal::add_to_linker(&mut linker, |s: &mut State| &mut s.hal));
    let module = linked.and_then(|()| Module::new(&engine, program.wasm));
    let module = match module {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(Serial::steal(), "error: {e}");
            return ERROR_EXIT;
        }
    };
    let mut store = Store::new(&engine, state);
    run_command(&mut store, &linker, &module, |s: &mut State| &mut s.wasi)
}
