//! `args_*` and `environ_*`: the program's arguments and variables, as the
//! guest's C runtime wants them (arrays of pointers to NUL-terminated
//! strings in one buffer).

use super::WasiResult;
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::mem::GuestMem;
use crate::traits::{Environment, Host};

/// One argument or `name=value`, as the parts that make up its C string.
type Parts<'a> = [&'a [u8]; 3];

fn arg_parts<E: Environment>(env: &E, i: usize) -> Option<Parts<'_>> {
    env.arg(i).map(|a| [a, &[], &[]])
}

fn var_parts<E: Environment>(env: &E, i: usize) -> Option<Parts<'_>> {
    env.var(i).map(|(k, v)| [k, b"=", v])
}

/// The count of strings and the bytes they need with their NULs.
fn sizes<'a, E: Environment>(
    env: &'a E,
    get: fn(&'a E, usize) -> Option<Parts<'a>>,
) -> Result<(u32, u32), Errno> {
    let (mut count, mut bytes) = (0u32, 0u32);
    while let Some(parts) = get(env, count as usize) {
        let len = parts.iter().map(|p| p.len()).sum::<usize>() + 1;
        let len = u32::try_from(len).map_err(|_| Errno::Overflow)?;
        bytes = bytes.checked_add(len).ok_or(Errno::Overflow)?;
        count = count.checked_add(1).ok_or(Errno::Overflow)?;
    }
    Ok((count, bytes))
}

fn write_sizes<'a, E: Environment>(
    env: &'a E,
    get: fn(&'a E, usize) -> Option<Parts<'a>>,
    mem: &mut GuestMem<'_>,
    count_ptr: u32,
    size_ptr: u32,
) -> WasiResult {
    let (count, bytes) = sizes(env, get)?;
    mem.check(count_ptr, 4)?;
    mem.check(size_ptr, 4)?;
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, bytes)
}

fn write_strings<'a, E: Environment>(
    env: &'a E,
    get: fn(&'a E, usize) -> Option<Parts<'a>>,
    mem: &mut GuestMem<'_>,
    ptrs: u32,
    buf: u32,
) -> WasiResult {
    let (count, bytes) = sizes(env, get)?;
    mem.array(ptrs, count, 4)?;
    mem.check(buf, bytes)?;
    let mut at = buf;
    for i in 0..count {
        let Some(parts) = get(env, i as usize) else {
            break;
        };
        mem.write_u32(ptrs.wrapping_add(4 * i), at)?;
        for part in parts {
            mem.write(at, part)?;
            at = at.wrapping_add(part.len() as u32);
        }
        mem.write_u8(at, 0)?;
        // The ranges were checked above; only the last step can reach 2^32.
        at = at.wrapping_add(1);
    }
    Ok(())
}

impl<H: Host, const FDS: usize, const PREOPENS: usize> WasiCtx<H, FDS, PREOPENS> {
    pub(crate) fn args_sizes_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        argc: u32,
        buf_size: u32,
    ) -> WasiResult {
        write_sizes(self.host.env(), arg_parts, mem, argc, buf_size)
    }

    pub(crate) fn args_get(&mut self, mem: &mut GuestMem<'_>, argv: u32, buf: u32) -> WasiResult {
        write_strings(self.host.env(), arg_parts, mem, argv, buf)
    }

    pub(crate) fn environ_sizes_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        count: u32,
        buf_size: u32,
    ) -> WasiResult {
        write_sizes(self.host.env(), var_parts, mem, count, buf_size)
    }

    pub(crate) fn environ_get(
        &mut self,
        mem: &mut GuestMem<'_>,
        environ: u32,
        buf: u32,
    ) -> WasiResult {
        write_strings(self.host.env(), var_parts, mem, environ, buf)
    }
}
