//! Making freshly written machine code visible to instruction fetch.
//!
//! x86_64 keeps its instruction cache coherent with data writes: nothing to
//! do. AArch64 and RISC-V do not: code copied in through the data side can
//! leave stale bytes in an instruction cache or in a pipeline, so
//! [`make_executable`] runs after the copy (and after the mapping became
//! read-only + executable) and before any of the code runs.
//!
//! - AArch64 (Linux): each data-cache line of the range is cleaned to the
//!   point of unification (`dc cvau`) and each instruction-cache line
//!   invalidated (`ic ivau`), line sizes read from `CTR_EL0` (readable at
//!   EL0 on Linux), with the barriers the architecture asks for between
//!   them (`dsb ish`, then `isb` on this core). Other cores that may run
//!   the code later get their context synchronization from the kernel:
//!   `membarrier(PRIVATE_EXPEDITED_SYNC_CORE)` (registered on first use),
//!   or `membarrier(GLOBAL)` on kernels before 4.16.
//! - RISC-V (Linux): `fence.i` acts on this hart only; the kernel's
//!   `riscv_flush_icache(start, end, 0)` makes every hart of the process
//!   fetch the new code (flags 0: all harts, not only the local one).

use crate::Error;

/// Makes `len` bytes of code at `ptr`, already written, safe to execute
/// from any thread of this process.
#[cfg(target_arch = "x86_64")]
pub fn make_executable(_ptr: *const u8, _len: usize) -> Result<(), Error> {
    Ok(())
}

/// Makes `len` bytes of code at `ptr`, already written, safe to execute
/// from any thread of this process.
#[cfg(all(target_arch = "aarch64", target_os = "linux"))]
pub fn make_executable(ptr: *const u8, len: usize) -> Result<(), Error> {
    use core::arch::asm;

    let ctr: u64;
    // SAFETY: reading CTR_EL0 has no side effect; Linux lets EL0 read it
    // (SCTLR_EL1.UCT, or traps and emulates the read).
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack, preserves_flags)) };
    // Line sizes in 4-byte words, log2: IminLine in bits 0..4, DminLine
    // in bits 16..20.
    let iline = 4usize << (ctr & 0xf);
    let dline = 4usize << ((ctr >> 16) & 0xf);
    let start = ptr as usize;
    let end = start + len;

    let mut at = start & !(dline - 1);
    while at < end {
        // SAFETY: `at` lies in a cache line overlapping the caller's
        // mapping, which is readable; `dc cvau` writes nothing visible.
        unsafe { asm!("dc cvau, {}", in(reg) at, options(nostack, preserves_flags)) };
        at += dline;
    }
    // SAFETY: a barrier; no operands.
    unsafe { asm!("dsb ish", options(nostack, preserves_flags)) };
    let mut at = start & !(iline - 1);
    while at < end {
        // SAFETY: as for `dc cvau`: an address of the caller's mapping,
        // only its instruction-cache line is invalidated.
        unsafe { asm!("ic ivau, {}", in(reg) at, options(nostack, preserves_flags)) };
        at += iline;
    }
    // SAFETY: barriers; no operands.
    unsafe { asm!("dsb ish", "isb", options(nostack, preserves_flags)) };
    sync_other_cores()
}

/// A context synchronization on every core running a thread of this
/// process, through `membarrier`.
#[cfg(all(target_arch = "aarch64", target_os = "linux"))]
fn sync_other_cores() -> Result<(), Error> {
    const GLOBAL: libc::c_int = 1;
    const PRIVATE_EXPEDITED_SYNC_CORE: libc::c_int = 32;
    const REGISTER_PRIVATE_EXPEDITED_SYNC_CORE: libc::c_int = 64;
    let membarrier = |cmd: libc::c_int| {
        // SAFETY: membarrier takes two integers and touches no memory of
        // ours.
        let r = unsafe { libc::syscall(libc::SYS_membarrier, cmd, 0 as libc::c_int) };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error().raw_os_error())
        }
    };
    match membarrier(PRIVATE_EXPEDITED_SYNC_CORE) {
        Ok(()) => Ok(()),
        // Not registered yet: register, then synchronize.
        Err(Some(libc::EPERM)) => membarrier(REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)
            .and_then(|()| membarrier(PRIVATE_EXPEDITED_SYNC_CORE))
            .map_err(|_| Error::Map),
        // Before Linux 4.16: the slower global barrier (since 4.3).
        Err(Some(libc::EINVAL)) => membarrier(GLOBAL).map_err(|_| Error::Map),
        Err(_) => Err(Error::Map),
    }
}

/// Makes `len` bytes of code at `ptr`, already written, safe to execute
/// from any thread of this process.
#[cfg(all(target_arch = "riscv64", target_os = "linux"))]
pub fn make_executable(ptr: *const u8, len: usize) -> Result<(), Error> {
    // `__NR_arch_specific_syscall + 15` (the kernel's
    // arch/riscv/include/uapi/asm/unistd.h); not in the libc crate.
    const SYS_RISCV_FLUSH_ICACHE: libc::c_long = 244 + 15;
    let start = ptr as usize;
    // SAFETY: the syscall reads no memory of ours; the range only says
    // which code changed (the kernel flushes the whole cache today).
    let r = unsafe { libc::syscall(SYS_RISCV_FLUSH_ICACHE, start, start + len, 0usize) };
    if r == 0 { Ok(()) } else { Err(Error::Map) }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_os = "linux"),
    all(target_arch = "riscv64", target_os = "linux"),
)))]
compile_error!("mote-aot runs code on x86_64, and on aarch64 and riscv64 Linux");
