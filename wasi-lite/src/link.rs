//! Defines `wasi_snapshot_preview1` in a [`Linker`]: every function, or
//! only those a module imports.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::funcs::WasiResult;
use crate::mem::{GuestMem, iovecs_bytes};
use crate::traits::Host;
use mote::ValType::{self, I32, I64};
use mote::{Caller, Error, Extern, IntoFunc, Linker, Module, Trap};

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Preview1 functions this crate does not provide. They link, and return
/// `ENOSYS` when called.
pub const UNSUPPORTED: &[&str] = &[
    "fd_fdstat_set_rights",
    "fd_filestat_set_times",
    "proc_raise",
    "sock_accept",
    "sock_recv",
    "sock_send",
    "sock_shutdown",
];

/// Every preview1 function [`add_to_linker`] defines: its name, its wasm
/// parameter types, and whether it returns an errno (`i32`; only
/// `proc_exit` does not).
pub const FUNCTIONS: &[(&str, &[ValType], bool)] = &[
    ("args_get", &[I32, I32], true),
    ("args_sizes_get", &[I32, I32], true),
    ("environ_get", &[I32, I32], true),
    ("environ_sizes_get", &[I32, I32], true),
    ("clock_res_get", &[I32, I32], true),
    ("clock_time_get", &[I32, I64, I32], true),
    ("random_get", &[I32, I32], true),
    ("proc_exit", &[I32], false),
    ("proc_raise", &[I32], true),
    ("sched_yield", &[], true),
    ("poll_oneoff", &[I32, I32, I32, I32], true),
    ("fd_read", &[I32, I32, I32, I32], true),
    ("fd_write", &[I32, I32, I32, I32], true),
    ("fd_pread", &[I32, I32, I32, I64, I32], true),
    ("fd_pwrite", &[I32, I32, I32, I64, I32], true),
    ("fd_seek", &[I32, I64, I32, I32], true),
    ("fd_tell", &[I32, I32], true),
    ("fd_close", &[I32], true),
    ("fd_sync", &[I32], true),
    ("fd_datasync", &[I32], true),
    ("fd_advise", &[I32, I64, I64, I32], true),
    ("fd_allocate", &[I32, I64, I64], true),
    ("fd_fdstat_get", &[I32, I32], true),
    ("fd_fdstat_set_flags", &[I32, I32], true),
    ("fd_fdstat_set_rights", &[I32, I64, I64], true),
    ("fd_filestat_get", &[I32, I32], true),
    ("fd_filestat_set_size", &[I32, I64], true),
    ("fd_filestat_set_times", &[I32, I64, I64, I32], true),
    ("fd_prestat_get", &[I32, I32], true),
    ("fd_prestat_dir_name", &[I32, I32, I32], true),
    ("fd_readdir", &[I32, I32, I32, I64, I32], true),
    ("fd_renumber", &[I32, I32], true),
    ("path_create_directory", &[I32, I32, I32], true),
    ("path_filestat_get", &[I32, I32, I32, I32, I32], true),
    (
        "path_filestat_set_times",
        &[I32, I32, I32, I32, I64, I64, I32],
        true,
    ),
    ("path_link", &[I32, I32, I32, I32, I32, I32, I32], true),
    (
        "path_open",
        &[I32, I32, I32, I32, I32, I64, I64, I32, I32],
        true,
    ),
    ("path_readlink", &[I32, I32, I32, I32, I32, I32], true),
    ("path_remove_directory", &[I32, I32, I32], true),
    ("path_rename", &[I32, I32, I32, I32, I32, I32], true),
    ("path_symlink", &[I32, I32, I32, I32, I32], true),
    ("path_unlink_file", &[I32, I32, I32], true),
    ("sock_accept", &[I32, I32, I32], true),
    ("sock_recv", &[I32, I32, I32, I32, I32, I32], true),
    ("sock_send", &[I32, I32, I32, I32, I32], true),
    ("sock_shutdown", &[I32, I32], true),
];

/// Runs `f` with the WASI context and the caller's exported `memory`. A
/// module without a memory export gets an empty one, so any pointer it
/// passes is `EFAULT`.
fn with<T, H: Host, const FDS: usize, const PREOPENS: usize>(
    caller: &mut Caller<'_, T>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
    f: impl FnOnce(&mut WasiCtx<H, FDS, PREOPENS>, &mut GuestMem<'_>) -> WasiResult,
) -> i32 {
    let memory = caller.get_export("memory").and_then(Extern::into_memory);
    let (bytes, data) = match memory {
        Some(m) => m.data_and_store_mut(caller),
        None => (&mut [][..], caller.data_mut()),
    };
    match f(get(data), &mut GuestMem::new(bytes)) {
        Ok(()) => 0,
        Err(e) => {
            #[cfg(feature = "defmt")]
            defmt::debug!("wasi: call failed with errno {=u16}", e.raw());
            i32::from(e.raw())
        }
    }
}

/// Guest bytes one unit of fuel pays for when WASI moves data for the
/// guest (`fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `random_get`),
/// charged for the bytes asked for before any is moved. With fuel on, a
/// guest cannot make the host do more work than its fuel covers; without
/// it, nothing is charged.
pub const BYTES_PER_FUEL: u64 = 8;

/// Like [`with`], first charging the caller's fuel for the bytes
/// `bytes(memory)` says the call asks to move: an out-of-fuel trap if
/// there is not enough.
fn with_fuel<T, H: Host, const FDS: usize, const PREOPENS: usize>(
    caller: &mut Caller<'_, T>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
    bytes: impl FnOnce(&[u8]) -> u64,
    f: impl FnOnce(&mut WasiCtx<H, FDS, PREOPENS>, &mut GuestMem<'_>) -> WasiResult,
) -> Result<i32, Trap> {
    let moved = match caller.get_export("memory").and_then(Extern::into_memory) {
        Some(m) => bytes(m.data(caller)),
        None => 0,
    };
    caller.consume_fuel(moved.div_ceil(BYTES_PER_FUEL))?;
    Ok(with(caller, get, f))
}

/// Defines all of `wasi_snapshot_preview1` in `linker`. `get` finds the
/// [`WasiCtx`] inside the store's data:
///
/// ```
/// # #[cfg(feature = "std")] fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use mote::{Engine, Linker, Store};
/// use wasi_lite::std_backend::{StdWasiCtx, WasiCtxBuilder};
///
/// struct State {
///     wasi: StdWasiCtx,
///     calls: u32,
/// }
/// let engine = Engine::default();
/// let mut linker = Linker::<State>::new(&engine);
/// wasi_lite::add_to_linker(&mut linker, |state: &mut State| &mut state.wasi)?;
/// let store = Store::new(&engine, State { wasi: WasiCtxBuilder::new().build()?, calls: 0 });
/// # let _ = store;
/// # Ok(()) }
/// # #[cfg(not(feature = "std"))] fn main() {}
/// ```
///
/// Fails only if the linker already defines one of these names.
pub fn add_to_linker<T: 'static, H: Host + 'static, const FDS: usize, const PREOPENS: usize>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
) -> Result<(), Error> {
    define(&mut Definer::new(linker, None), get)
}

/// Defines in `linker` only the `wasi_snapshot_preview1` functions
/// `module` imports, as [`add_to_linker`] defines them: a linker for that
/// module alone, without the heap the others' definitions take (a board's
/// `hello` imports 5 of the 46). Instantiating `module` with it succeeds
/// or fails as with [`add_to_linker`]'s: an import this crate does not
/// provide is still unknown, one of the wrong type still a mismatch.
///
/// Fails only if the linker already defines one of the names it defines.
pub fn add_imports_to_linker<
    T: 'static,
    H: Host + 'static,
    const FDS: usize,
    const PREOPENS: usize,
>(
    linker: &mut Linker<T>,
    module: &Module,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
) -> Result<(), Error> {
    define(&mut Definer::new(linker, Some(module)), get)
}

/// Where [`add_to_linker`] and the board's `hal::add_to_linker` put their
/// functions: a [`Linker`], every name or only the names a module imports
/// (whatever their type, so that a wrong one fails as it would).
pub(crate) struct Definer<'a, T> {
    linker: &'a mut Linker<T>,
    only: Option<&'a Module>,
}

impl<'a, T> Definer<'a, T> {
    pub(crate) fn new(linker: &'a mut Linker<T>, only: Option<&'a Module>) -> Self {
        Definer { linker, only }
    }

    /// [`Linker::func_wrap`], if the name is wanted ([`Linker::func_wrap_for`]).
    pub(crate) fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        self.linker.func_wrap_for(self.only, module, name, f)?;
        Ok(self)
    }
}

/// Defines the preview1 functions `l` wants.
fn define<T: 'static, H: Host + 'static, const FDS: usize, const PREOPENS: usize>(
    l: &mut Definer<'_, T>,
    get: fn(&mut T) -> &mut WasiCtx<H, FDS, PREOPENS>,
) -> Result<(), Error> {
    type C<'a, T> = Caller<'a, T>;
    let m = MODULE;

    // Arguments, environment, clocks, randomness, process.
    l.func_wrap(m, "args_get", move |mut c: C<T>, a: u32, b: u32| {
        with(&mut c, get, |x, mem| x.args_get(mem, a, b))
    })?;
    l.func_wrap(m, "args_sizes_get", move |mut c: C<T>, a: u32, b: u32| {
        with(&mut c, get, |x, mem| x.args_sizes_get(mem, a, b))
    })?;
    l.func_wrap(m, "environ_get", move |mut c: C<T>, a: u32, b: u32| {
        with(&mut c, get, |x, mem| x.environ_get(mem, a, b))
    })?;
    l.func_wrap(
        m,
        "environ_sizes_get",
        move |mut c: C<T>, a: u32, b: u32| {
            with(&mut c, get, |x, mem| x.environ_sizes_get(mem, a, b))
        },
    )?;
    l.func_wrap(m, "clock_res_get", move |mut c: C<T>, id: u32, out: u32| {
        with(&mut c, get, |x, mem| x.clock_res_get(mem, id, out))
    })?;
    l.func_wrap(
        m,
        "clock_time_get",
        move |mut c: C<T>, id: u32, precision: u64, out: u32| {
            with(&mut c, get, |x, mem| {
                x.clock_time_get(mem, id, precision, out)
            })
        },
    )?;
    l.func_wrap(m, "random_get", move |mut c: C<T>, buf: u32, len: u32| {
        let bytes = |_: &[u8]| u64::from(len);
        with_fuel(&mut c, get, bytes, |x, mem| x.random_get(mem, buf, len))
    })?;
    l.func_wrap(
        m,
        "proc_exit",
        move |mut c: C<T>, code: u32| -> Result<(), Trap> {
            Err(get(c.data_mut()).proc_exit(code))
        },
    )?;
    l.func_wrap(m, "sched_yield", move |mut c: C<T>| {
        with(&mut c, get, |x, _| x.sched_yield())
    })?;
    l.func_wrap(
        m,
        "poll_oneoff",
        move |mut c: C<T>, subs: u32, events: u32, n: u32, out: u32| {
            with(&mut c, get, |x, mem| {
                x.poll_oneoff(mem, subs, events, n, out)
            })
        },
    )?;

    // Open fds.
    l.func_wrap(
        m,
        "fd_read",
        move |mut c: C<T>, fd: u32, iovs: u32, n: u32, out: u32| {
            let bytes = |m: &[u8]| iovecs_bytes(m, iovs, n);
            with_fuel(&mut c, get, bytes, |x, mem| {
                x.fd_read(mem, fd, iovs, n, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "fd_write",
        move |mut c: C<T>, fd: u32, iovs: u32, n: u32, out: u32| {
            let bytes = |m: &[u8]| iovecs_bytes(m, iovs, n);
            with_fuel(&mut c, get, bytes, |x, mem| {
                x.fd_write(mem, fd, iovs, n, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "fd_pread",
        move |mut c: C<T>, fd: u32, iovs: u32, n: u32, offset: u64, out: u32| {
            let bytes = |m: &[u8]| iovecs_bytes(m, iovs, n);
            with_fuel(&mut c, get, bytes, |x, mem| {
                x.fd_pread(mem, fd, iovs, n, offset, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "fd_pwrite",
        move |mut c: C<T>, fd: u32, iovs: u32, n: u32, offset: u64, out: u32| {
            let bytes = |m: &[u8]| iovecs_bytes(m, iovs, n);
            with_fuel(&mut c, get, bytes, |x, mem| {
                x.fd_pwrite(mem, fd, iovs, n, offset, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "fd_seek",
        move |mut c: C<T>, fd: u32, offset: i64, whence: u32, out: u32| {
            with(&mut c, get, |x, mem| {
                x.fd_seek(mem, fd, offset, whence, out)
            })
        },
    )?;
    l.func_wrap(m, "fd_tell", move |mut c: C<T>, fd: u32, out: u32| {
        with(&mut c, get, |x, mem| x.fd_tell(mem, fd, out))
    })?;
    l.func_wrap(m, "fd_close", move |mut c: C<T>, fd: u32| {
        with(&mut c, get, |x, _| x.fd_close(fd))
    })?;
    l.func_wrap(m, "fd_sync", move |mut c: C<T>, fd: u32| {
        with(&mut c, get, |x, _| x.fd_sync(fd))
    })?;
    l.func_wrap(m, "fd_datasync", move |mut c: C<T>, fd: u32| {
        with(&mut c, get, |x, _| x.fd_datasync(fd))
    })?;
    l.func_wrap(
        m,
        "fd_advise",
        move |mut c: C<T>, fd: u32, offset: u64, len: u64, advice: u32| {
            with(&mut c, get, |x, _| x.fd_advise(fd, offset, len, advice))
        },
    )?;
    l.func_wrap(
        m,
        "fd_allocate",
        move |mut c: C<T>, fd: u32, offset: u64, len: u64| {
            with(&mut c, get, |x, _| x.fd_allocate(fd, offset, len))
        },
    )?;
    l.func_wrap(
        m,
        "fd_filestat_set_size",
        move |mut c: C<T>, fd: u32, size: u64| {
            with(&mut c, get, |x, _| x.fd_filestat_set_size(fd, size))
        },
    )?;
    l.func_wrap(m, "fd_fdstat_get", move |mut c: C<T>, fd: u32, out: u32| {
        with(&mut c, get, |x, mem| x.fd_fdstat_get(mem, fd, out))
    })?;
    l.func_wrap(
        m,
        "fd_fdstat_set_flags",
        move |mut c: C<T>, fd: u32, flags: u32| {
            with(&mut c, get, |x, _| x.fd_fdstat_set_flags(fd, flags))
        },
    )?;
    l.func_wrap(
        m,
        "fd_filestat_get",
        move |mut c: C<T>, fd: u32, out: u32| {
            with(&mut c, get, |x, mem| x.fd_filestat_get(mem, fd, out))
        },
    )?;
    l.func_wrap(
        m,
        "fd_prestat_get",
        move |mut c: C<T>, fd: u32, out: u32| {
            with(&mut c, get, |x, mem| x.fd_prestat_get(mem, fd, out))
        },
    )?;
    l.func_wrap(
        m,
        "fd_prestat_dir_name",
        move |mut c: C<T>, fd: u32, path: u32, len: u32| {
            with(&mut c, get, |x, mem| {
                x.fd_prestat_dir_name(mem, fd, path, len)
            })
        },
    )?;
    l.func_wrap(
        m,
        "fd_readdir",
        move |mut c: C<T>, fd: u32, buf: u32, len: u32, cookie: u64, out: u32| {
            with(&mut c, get, |x, mem| {
                x.fd_readdir(mem, fd, buf, len, cookie, out)
            })
        },
    )?;
    l.func_wrap(m, "fd_renumber", move |mut c: C<T>, from: u32, to: u32| {
        with(&mut c, get, |x, _| x.fd_renumber(from, to))
    })?;

    // Paths under a directory fd.
    l.func_wrap(
        m,
        "path_open",
        move |mut c: C<T>,
              fd: u32,
              lf: u32,
              p: u32,
              pl: u32,
              of: u32,
              rb: u64,
              ri: u64,
              ff: u32,
              out: u32| {
            with(&mut c, get, |x, mem| {
                x.path_open(mem, fd, lf, p, pl, of, rb, ri, ff, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_create_directory",
        move |mut c: C<T>, fd: u32, p: u32, pl: u32| {
            with(&mut c, get, |x, mem| {
                x.path_create_directory(mem, fd, p, pl)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_remove_directory",
        move |mut c: C<T>, fd: u32, p: u32, pl: u32| {
            with(&mut c, get, |x, mem| {
                x.path_remove_directory(mem, fd, p, pl)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_unlink_file",
        move |mut c: C<T>, fd: u32, p: u32, pl: u32| {
            with(&mut c, get, |x, mem| x.path_unlink_file(mem, fd, p, pl))
        },
    )?;
    l.func_wrap(
        m,
        "path_rename",
        move |mut c: C<T>, fd: u32, p: u32, pl: u32, nfd: u32, np: u32, npl: u32| {
            with(&mut c, get, |x, mem| {
                x.path_rename(mem, fd, p, pl, nfd, np, npl)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_filestat_get",
        move |mut c: C<T>, fd: u32, lf: u32, p: u32, pl: u32, out: u32| {
            with(&mut c, get, |x, mem| {
                x.path_filestat_get(mem, fd, lf, p, pl, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_filestat_set_times",
        move |mut c: C<T>, fd: u32, lf: u32, p: u32, pl: u32, atim: u64, mtim: u64, fst: u32| {
            with(&mut c, get, |x, mem| {
                x.path_filestat_set_times(mem, fd, lf, p, pl, atim, mtim, fst)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_readlink",
        move |mut c: C<T>, fd: u32, p: u32, pl: u32, buf: u32, len: u32, out: u32| {
            with(&mut c, get, |x, mem| {
                x.path_readlink(mem, fd, p, pl, buf, len, out)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_symlink",
        move |mut c: C<T>, t: u32, tl: u32, fd: u32, p: u32, pl: u32| {
            with(&mut c, get, |x, mem| x.path_symlink(mem, t, tl, fd, p, pl))
        },
    )?;
    l.func_wrap(
        m,
        "path_link",
        move |mut c: C<T>, fd: u32, lf: u32, p: u32, pl: u32, nfd: u32, np: u32, npl: u32| {
            with(&mut c, get, |x, mem| {
                x.path_link(mem, fd, lf, p, pl, nfd, np, npl)
            })
        },
    )?;

    add_unsupported(l)
}

/// The [`UNSUPPORTED`] functions, with their preview1 signatures.
fn add_unsupported<T: 'static>(l: &mut Definer<'_, T>) -> Result<(), Error> {
    const NOSYS: i32 = Errno::NoSys.raw() as i32;
    let m = MODULE;
    l.func_wrap(
        m,
        "fd_fdstat_set_rights",
        |_: Caller<'_, T>, _: u32, _: u64, _: u64| NOSYS,
    )?;
    l.func_wrap(
        m,
        "fd_filestat_set_times",
        |_: Caller<'_, T>, _: u32, _: u64, _: u64, _: u32| NOSYS,
    )?;
    l.func_wrap(m, "proc_raise", |_: Caller<'_, T>, _: u32| NOSYS)?;
    l.func_wrap(
        m,
        "sock_accept",
        |_: Caller<'_, T>, _: u32, _: u32, _: u32| NOSYS,
    )?;
    l.func_wrap(
        m,
        "sock_recv",
        |_: Caller<'_, T>, _: u32, _: u32, _: u32, _: u32, _: u32, _: u32| NOSYS,
    )?;
    l.func_wrap(
        m,
        "sock_send",
        |_: Caller<'_, T>, _: u32, _: u32, _: u32, _: u32, _: u32| NOSYS,
    )?;
    l.func_wrap(m, "sock_shutdown", |_: Caller<'_, T>, _: u32, _: u32| NOSYS)?;
    Ok(())
}
