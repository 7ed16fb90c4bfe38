//! The board backend on the host, with a mock serial port, timer and pins:
//! the same `.wasm` programs the boards run, with the same expectations.

use super::hal::{self, Chain, ERR_NO_PIN, ERR_NOT_OUTPUT, Gpio, Hal, Inputs};
use super::*;
use crate::traits::{Clock, ClockId, Console, ErrorKind, OutStream, Random, Readiness};
use crate::{NoFs, Services, StaticEnv, WasiCtx};
use core::convert::Infallible;
use embedded_hal::delay::DelayNs;
use mote::{Config, Engine, Linker, Module, Store};
use std::cell::Cell;
use std::rc::Rc;
use std::string::String;
use std::vec::Vec;

/// A serial port: reads come from `input`, writes collect in `output`.
#[derive(Default)]
struct MockSerial {
    input: Vec<u8>,
    pos: usize,
    output: Vec<u8>,
}

impl embedded_io::ErrorType for MockSerial {
    type Error = Infallible;
}

impl embedded_io::Read for MockSerial {
    /// At most 3 bytes a read, like a small FIFO.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        let rest = &self.input[self.pos..];
        assert!(
            !rest.is_empty(),
            "the guest read past the end of the mock input"
        );
        let n = rest.len().min(buf.len()).min(3);
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

impl embedded_io::Write for MockSerial {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        self.output.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

/// A 1 MHz timer that advances one tick each time it is read.
#[derive(Clone, Default)]
struct MockTicks(Rc<Cell<u64>>);

impl Ticks for MockTicks {
    fn frequency(&self) -> u32 {
        1_000_000
    }
    fn ticks(&mut self) -> u64 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }
}

/// An output pin that remembers its level.
#[derive(Default)]
struct MockPin(bool);

impl embedded_hal::digital::ErrorType for MockPin {
    type Error = Infallible;
}

impl embedded_hal::digital::OutputPin for MockPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.0 = false;
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        self.0 = true;
        Ok(())
    }
}

impl embedded_hal::digital::StatefulOutputPin for MockPin {
    fn is_set_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.0)
    }
    fn is_set_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.0)
    }
}

impl embedded_hal::digital::InputPin for MockPin {
    fn is_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.0)
    }
    fn is_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.0)
    }
}

type Host = Services<
    SerialConsole<MockSerial>,
    BoardClock<MockTicks, TickDelay<MockTicks>>,
    InsecureXorShift,
    StaticEnv<'static>,
    NoFs,
>;

struct State {
    wasi: WasiCtx<Host, 8, 0>,
    hal: Hal<[MockPin; 2], TickDelay<MockTicks>>,
}

/// 2024-01-01T00:00:00Z.
const NOW: u64 = 1_704_067_200_000_000_000;

/// Runs `wasm` the way the board firmwares do (`run_program`: a linker
/// with only the module's imports); returns the exit status,
/// everything written to the serial port, and the pins' final levels.
fn run(
    wasm: &'static [u8],
    args: &'static [&'static str],
    stdin: &[u8],
) -> (i32, String, [bool; 2]) {
    let ticks = MockTicks::default();
    let services = Services {
        console: SerialConsole::new(MockSerial {
            input: stdin.to_vec(),
            ..MockSerial::default()
        }),
        clock: BoardClock::new(ticks.clone(), TickDelay::new(ticks.clone())).with_realtime(NOW),
        random: InsecureXorShift::new(7),
        env: StaticEnv { args, vars: &[] },
        fs: NoFs,
    };
    let state = State {
        wasi: WasiCtx::new(services),
        hal: Hal::new([MockPin(false), MockPin(false)], TickDelay::new(ticks)),
    };
    let mut config = Config::new();
    config.debug_info(true);
    let engine = Engine::new(&config);
    let module = super::program::load(&engine, wasm).expect("the module compiles");
    let mut store = Store::new(&engine, state);
    let mut linker = Linker::new(&engine);
    crate::add_imports_to_linker(&mut linker, &module, |s: &mut State| &mut s.wasi).unwrap();
    hal::add_imports_to_linker(&mut linker, &module, |s: &mut State| &mut s.hal).unwrap();
    let status = run_command(&mut store, &linker, &module, |s: &mut State| &mut s.wasi);
    let state = store.data_mut();
    let output = core::mem::take(&mut state.wasi.host_mut().console.serial().output);
    let pins = [state.hal.gpio[0].0, state.hal.gpio[1].0];
    (status, String::from_utf8(output).unwrap(), pins)
}

macro_rules! program {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/wasi/",
            $name,
            ".wasm"
        ))
    };
}

#[test]
fn hello() {
    let (status, out, _) = run(program!("hello"), &["hello"], b"");
    assert_eq!((status, out.as_str()), (0, "Hello, world!\n"));
}

/// hello compiled to an image (as `mote compile` does, with names) and
/// run from memory that lasts, as from flash: its code is used in place
/// when the image is aligned, and it prints what the `.wasm` prints.
#[cfg(feature = "board-image")]
#[test]
fn hello_from_an_image_in_place() {
    let mut config = Config::new();
    config.debug_info(true);
    let engine = Engine::new(&config);
    let image = Module::new(&engine, program!("hello"))
        .unwrap()
        .to_image()
        .unwrap();
    // The system allocator aligns a block of this size to 8 or more.
    let image: &'static [u8] = Vec::leak(image);
    let module = super::program::load(&engine, image).unwrap();
    assert!(module.code_in_place() || !(image.as_ptr() as usize).is_multiple_of(2));
    let (status, out, _) = run(image, &["hello"], b"");
    assert_eq!((status, out.as_str()), (0, "Hello, world!\n"));
}

#[test]
fn hello_small_in_32_bytes_of_memory() {
    let (status, out, _) = run(program!("hello_small"), &["hello_small"], b"");
    assert_eq!((status, out.as_str()), (0, "Hello, world!\n"));
}

#[test]
fn args_env_sees_only_what_it_was_given() {
    let (status, out, _) = run(
        program!("args_env"),
        &["args_env", "one", "two words", ""],
        b"",
    );
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "argv[0]=args_env\nargv[1]=one\nargv[2]=two words\nargv[3]=\n"
    );
}

#[test]
fn exit_codes() {
    assert_eq!(run(program!("exit_code"), &["exit_code"], b"").0, 3);
    assert_eq!(run(program!("exit_code"), &["exit_code", "0"], b"").0, 0);
    assert_eq!(run(program!("exit_code"), &["exit_code", "42"], b"").0, 42);
}

#[test]
fn trap_prints_the_backtrace_like_mote_run() {
    let (status, out, _) = run(program!("trap"), &["trap"], b"");
    assert_eq!(status, TRAP_EXIT);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "before trap",
            "error: wasm trap: unreachable",
            "wasm backtrace:"
        ]
    );
    let names: Vec<&str> = lines[3..]
        .iter()
        .map(|l| l.rsplit(" - ").next().unwrap())
        .collect();
    assert_eq!(
        names[..4],
        ["explode", "run_step", "__original_main", "_start"]
    );
    assert!(lines[3].starts_with("    0:    0x"), "{:?}", lines[3]);
}

#[test]
fn cat_stdin_reads_up_to_eot() {
    let (status, out, _) = run(
        program!("cat_stdin"),
        &["cat_stdin"],
        b"abc\nxyz\x04ignored",
    );
    assert_eq!((status, out.as_str()), (0, "abc\nxyz\n<7 bytes>\n"));
    let (status, out, _) = run(program!("cat_stdin"), &["cat_stdin"], b"\x04");
    assert_eq!((status, out.as_str()), (0, "\n<0 bytes>\n"));
}

#[test]
fn clock_random() {
    let (status, out, _) = run(program!("clock_random"), &["clock_random"], b"");
    assert_eq!(out, "monotonic ok\nrealtime ok\nrandom ok\nsleep ok\n");
    assert_eq!(status, 0);
}

#[test]
fn copy_without_a_filesystem_fails_like_a_host_without_dir() {
    let (status, out, _) = run(
        program!("copy"),
        &["copy", "/data/in.txt", "/data/out.txt"],
        b"",
    );
    assert_eq!(status, 1);
    assert_eq!(out, "copy: /data/in.txt: Capabilities insufficient\n");
}

const BLINK_OUT: &str = "\
pin 0 set 1, reads 1
pin 0 set 0, reads 0
pin 0 set 1, reads 1
pin 0 set 0, reads 0
pin 0 set 1, reads 1
pin 0 set 0, reads 0
pin 7: no such pin
delay ok
";

#[test]
fn blink_drives_the_pins() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/wasi");
    let wasm = wat::parse_file(std::format!("{dir}/src/blink.wat")).unwrap();
    let (status, out, pins) = run(Vec::leak(wasm), &["blink"], b"");
    assert_eq!(out, BLINK_OUT);
    assert_eq!(status, 0);
    assert_eq!(pins, [false, false]);
}

#[test]
fn hal_defines_only_what_is_imported() {
    let wasm = wat::parse_str(
        r#"(module
          (import "mote:hal" "gpio_set" (func (param i32 i32) (result i32)))
          (import "mote:hal" "gpio_blink" (func (param i32))))"#,
    )
    .unwrap();
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).unwrap();
    let mut linker = Linker::<Hal<[MockPin; 1], TickDelay<MockTicks>>>::new(&engine);
    hal::add_imports_to_linker(&mut linker, &module, |h| h).unwrap();
    let hal = Hal::new([MockPin(false)], TickDelay::new(MockTicks::default()));
    let mut store = Store::new(&engine, hal);
    assert!(linker.get(&mut store, hal::MODULE, "gpio_set").is_some());
    assert!(linker.get(&mut store, hal::MODULE, "delay_ms").is_none());
    // The import the board does not provide is unknown, as with every
    // function defined.
    let unknown = mote::Error::Link(mote::LinkError {
        kind: mote::LinkErrorKind::UnknownImport,
        import: 1,
    });
    let err = linker.instantiate(&mut store, &module).err();
    assert_eq!(err.as_ref(), Some(&unknown));
    let (status, out, _) = run(Vec::leak(wasm), &["x"], b"");
    assert_eq!(
        (status, out),
        (ERROR_EXIT, std::format!("error: {unknown}\n"))
    );
}

#[test]
fn blink_wasm_is_built_from_its_source() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/wasi");
    let built = wat::parse_file(std::format!("{dir}/src/blink.wat")).unwrap();
    let path = std::format!("{dir}/blink.wasm");
    if std::env::var_os("MOTE_BLESS").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == built,
        "tests/wasi/blink.wasm is stale: rerun with MOTE_BLESS=1"
    );
}

#[test]
fn serial_console_ends_input_at_eot() {
    let mut c = SerialConsole::new(MockSerial {
        input: b"ab\x04cd".to_vec(),
        ..MockSerial::default()
    });
    let mut buf = [0u8; 8];
    assert_eq!(c.read_ready(), Readiness::Ready(1));
    assert_eq!(c.read(&mut buf), Ok(2));
    assert_eq!(&buf[..2], b"ab");
    assert_eq!(c.read(&mut buf), Ok(0));
    assert_eq!(c.read_ready(), Readiness::Eof);
    assert_eq!(c.read(&mut buf), Ok(0), "still at end after the EOT");
    assert_eq!(c.write(OutStream::Stderr, b"e"), Ok(1));
    assert_eq!(c.serial().output, b"e");

    let mut none = SerialConsole::without_stdin(MockSerial::default());
    assert_eq!(none.read(&mut buf), Ok(0));
}

#[test]
fn ticks_convert_without_overflow() {
    use super::clock::ticks_to_ns;
    assert_eq!(ticks_to_ns(25_000_000, 25_000_000), 1_000_000_000);
    assert_eq!(ticks_to_ns(1, 10_000_000), 100);
    assert_eq!(ticks_to_ns(u64::MAX, 1_000_000_000), u64::MAX);
    for (t, hz) in [
        (1u64 << 40, 10_000_000u32),
        ((1 << 50) + 12_345, 25_000_000),
        (u64::MAX / 1_000_000_000, 3),
    ] {
        let exact = u128::from(t) * 1_000_000_000 / u128::from(hz);
        assert_eq!(
            u128::from(ticks_to_ns(t, hz)),
            exact,
            "{t} ticks at {hz} Hz"
        );
    }
    assert_eq!(
        ticks_to_ns(5, 0),
        5_000_000_000,
        "a zero frequency counts as 1 Hz"
    );
}

#[test]
fn board_clock() {
    let t = MockTicks::default();
    let mut clock = BoardClock::new(t.clone(), TickDelay::new(t.clone()));
    assert_eq!(clock.now(ClockId::Realtime), Err(ErrorKind::Unsupported));
    assert_eq!(clock.resolution(ClockId::Monotonic), Ok(1_000));
    let a = clock.now(ClockId::Monotonic).unwrap();
    clock.sleep(5_000_000);
    let b = clock.now(ClockId::Monotonic).unwrap();
    assert!(b - a >= 5_000_000, "slept {} ns", b - a);
    assert!(b - a < 5_100_000, "slept {} ns", b - a);

    let mut clock = clock.with_realtime(NOW);
    let real = clock.now(ClockId::Realtime).unwrap();
    assert!((NOW..NOW + 10_000).contains(&real), "{real}");
}

#[test]
fn tick_delay_waits_at_least_as_asked() {
    let t = MockTicks::default();
    let mut d = TickDelay::new(t.clone());
    let before = t.0.get();
    d.delay_us(250);
    assert!(t.0.get() - before >= 250);
    let before = t.0.get();
    d.delay_ns(1);
    assert!(t.0.get() - before >= 1, "a partial tick still waits");
}

#[test]
fn insecure_xorshift_fills_every_byte() {
    let mut r = InsecureXorShift::new(0);
    let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
    r.fill(&mut a).unwrap();
    r.fill(&mut b).unwrap();
    assert_ne!(a, b);
    assert!(a.iter().all(|&x| x != 0) || b.iter().all(|&x| x != 0));
    let (mut c, mut d) = ([0u8; 8], [0u8; 8]);
    InsecureXorShift::new(1).fill(&mut c).unwrap();
    InsecureXorShift::new(2).fill(&mut d).unwrap();
    assert_ne!(c, d, "nearby seeds give different streams");
}

#[test]
fn gpio_banks_number_pins_in_order() {
    let mut g = Chain([MockPin(false), MockPin(false)], Inputs([MockPin(true)]));
    assert_eq!(g.count(), 3);
    let mut hal = Hal::new(g, TickDelay::new(MockTicks::default()));
    assert_eq!(hal.gpio_set(1, 1), 0);
    assert_eq!(hal.gpio_get(1), 1);
    assert_eq!(hal.gpio_get(0), 0);
    assert_eq!(hal.gpio_get(2), 1, "pin 2 is the first input");
    assert_eq!(hal.gpio_set(2, 0), ERR_NOT_OUTPUT);
    assert_eq!(hal.gpio_set(3, 0), ERR_NO_PIN);
    assert_eq!(hal.gpio_get(-1), ERR_NO_PIN);
    g = hal.gpio;
    assert!(g.0[1].0);
}
