//! The core on a pretend board: no file system, a fixed environment, a
//! console that records output. Calls go straight to the `WasiCtx`
//! methods with a plain byte array as guest memory, the way a board build
//! runs them (no std backend, no allocation in the core).

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{
    Clock, ClockId, Console, ErrorKind, FileType, NoFs, OutStream, Random, Readiness, Services,
    StaticEnv,
};

#[derive(Default)]
struct Uart {
    out: heapless::Vec<u8, 64>,
    input: &'static [u8],
}

impl Console for Uart {
    type Error = ErrorKind;
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        let n = buf.len().min(self.input.len());
        buf[..n].copy_from_slice(&self.input[..n]);
        self.input = &self.input[n..];
        Ok(n)
    }
    fn write(&mut self, _: OutStream, buf: &[u8]) -> Result<usize, ErrorKind> {
        // A short write when the buffer fills: the core must report it.
        let n = buf.len().min(self.out.capacity() - self.out.len());
        self.out
            .extend_from_slice(&buf[..n])
            .map_err(|_| ErrorKind::StorageFull)?;
        Ok(n)
    }
    fn read_ready(&mut self) -> Readiness {
        if self.input.is_empty() {
            Readiness::Eof
        } else {
            Readiness::Ready(self.input.len() as u64)
        }
    }
}

/// A tick counter that advances 1 ms each time it is read.
#[derive(Default)]
struct Ticks(u64);

impl Clock for Ticks {
    type Error = ErrorKind;
    fn now(&mut self, id: ClockId) -> Result<u64, ErrorKind> {
        match id {
            ClockId::Monotonic => {
                self.0 += 1_000_000;
                Ok(self.0)
            }
            _ => Err(ErrorKind::Unsupported),
        }
    }
    fn resolution(&mut self, _: ClockId) -> Result<u64, ErrorKind> {
        Ok(1_000_000)
    }
}

struct NoRng;

impl Random for NoRng {
    type Error = ErrorKind;
    fn fill(&mut self, _: &mut [u8]) -> Result<(), ErrorKind> {
        Err(ErrorKind::Unsupported)
    }
}

type Board = Services<Uart, Ticks, NoRng, StaticEnv<'static>, NoFs>;

fn board() -> WasiCtx<Board, 4, 1> {
    let env = StaticEnv {
        args: &["app", "x"],
        vars: &[("K", "V")],
    };
    WasiCtx::new(Services {
        console: Uart {
            input: b"typed",
            ..Uart::default()
        },
        clock: Ticks::default(),
        random: NoRng,
        env,
        fs: NoFs,
    })
}

#[test]
fn writes_reach_the_console_and_short_writes_are_reported() {
    let mut ctx = board();
    let mut bytes = [0u8; 256];
    let mut mem = GuestMem::new(&mut bytes);
    mem.write(100, &[b'a'; 80]).unwrap();
    mem.write_u32(0, 100).unwrap();
    mem.write_u32(4, 80).unwrap();
    assert_eq!(ctx.fd_write(&mut mem, 1, 0, 1, 8), Ok(()));
    assert_eq!(mem.read_u32(8), Ok(64), "the console took 64 of 80 bytes");
    assert_eq!(ctx.host().console.out.len(), 64);
}

#[test]
fn stdin_args_and_clocks() {
    let mut ctx = board();
    let mut bytes = [0u8; 256];
    let mut mem = GuestMem::new(&mut bytes);
    mem.write_u32(0, 100).unwrap();
    mem.write_u32(4, 16).unwrap();
    assert_eq!(ctx.fd_read(&mut mem, 0, 0, 1, 8), Ok(()));
    assert_eq!(mem.slice(100, mem.read_u32(8).unwrap()), Ok(&b"typed"[..]));

    assert_eq!(ctx.args_sizes_get(&mut mem, 16, 20), Ok(()));
    assert_eq!((mem.read_u32(16), mem.read_u32(20)), (Ok(2), Ok(6)));
    assert_eq!(ctx.args_get(&mut mem, 32, 64), Ok(()));
    assert_eq!(mem.slice(64, 6), Ok(&b"app\0x\0"[..]));

    assert_eq!(ctx.clock_time_get(&mut mem, 1, 0, 16), Ok(()));
    let a = mem.read_u64(16).unwrap();
    assert_eq!(ctx.clock_time_get(&mut mem, 1, 0, 16), Ok(()));
    assert!(mem.read_u64(16).unwrap() > a);
    assert_eq!(ctx.clock_time_get(&mut mem, 0, 0, 16), Err(Errno::NotSup));
    assert_eq!(ctx.random_get(&mut mem, 0, 8), Err(Errno::NotSup));
}

#[test]
fn a_board_without_storage_has_no_directories() {
    let mut ctx = board();
    let mut bytes = [0u8; 64];
    let mut mem = GuestMem::new(&mut bytes);
    mem.write(0, b"file").unwrap();
    assert_eq!(ctx.fd_prestat_get(&mut mem, 3, 16), Err(Errno::Badf));
    assert_eq!(
        ctx.path_open(&mut mem, 3, 0, 0, 4, 0, 0, 0, 0, 16),
        Err(Errno::Badf)
    );
    assert_eq!(
        ctx.path_open(&mut mem, 1, 0, 0, 4, 0, 0, 0, 0, 16),
        Err(Errno::NotDir)
    );
}

#[test]
fn poll_waits_on_the_board_clock() {
    let mut ctx = board();
    let mut bytes = [0u8; 256];
    let mut mem = GuestMem::new(&mut bytes);
    // A relative 5 ms clock subscription: the default `sleep` busy-waits on
    // the tick counter until it has passed.
    mem.write_u64(0, 9).unwrap();
    mem.write_u32(16, 1).unwrap();
    mem.write_u64(24, 5_000_000).unwrap();
    assert_eq!(ctx.poll_oneoff(&mut mem, 0, 64, 1, 128), Ok(()));
    assert_eq!(mem.read_u32(128), Ok(1));
    assert_eq!(mem.read_u64(64), Ok(9));
    assert!(ctx.host().clock.0 >= 6_000_000);
}

#[test]
fn a_board_console_is_a_terminal() {
    let mut ctx = board();
    let mut buf = [0u8; 128];
    let mut mem = GuestMem::new(&mut buf);
    assert_eq!(ctx.fd_fdstat_get(&mut mem, 1, 0), Ok(()));
    assert_eq!(ctx.fd_filestat_get(&mut mem, 0, 24), Ok(()));
    assert_eq!(buf[0], FileType::CharacterDevice as u8);
    assert_eq!(buf[24 + 16], FileType::CharacterDevice as u8);
}

#[test]
fn stdio_fds_close_and_renumber() {
    let mut ctx = board();
    assert_eq!(ctx.fd_close(1), Ok(()));
    assert_eq!(ctx.fd_close(1), Err(Errno::Badf));
    assert_eq!(ctx.fd_renumber(2, 0), Ok(()));
    assert_eq!(ctx.fd_close(2), Err(Errno::Badf));
    assert_eq!(ctx.fd_close(0), Ok(()));
    assert_eq!(ctx.fd_close(0), Err(Errno::Badf));
}
