//! The heap: a TLSF allocator (`rlsf`) over one or more blocks of RAM,
//! with a high-water mark.
//!
//! [`init`] gives it [`HEAP_SIZE`] bytes of `.bss`; [`init_all_ram`] gives it
//! every byte of RAM the image and the stack leave free (for the spec-test
//! runner, whose streams grow linear memories by megabytes).

#[path = "../../common/heap.rs"]
mod common;

pub(crate) use common::init;
pub use common::{ALL_RAM_STACK, HEAP_SIZE, HeapStats, stack_peak, stats};
use common::{HEAP, paint_stack};

/// Where qemu's reset vector (the ROM at 0x1000 that jumps to the image)
/// keeps the address of the device tree it passes in `a1`: the low word of
/// its `fdt_laddr` (`riscv_setup_rom_reset_vec` in qemu 7.2). qemu puts
/// the device tree at the top of DRAM, in the last 2 MiB; the heap ends
/// just below it.
const ROM_FDT_ADDR: usize = 0x1020;
/// A device tree starts with this magic number, big-endian.
const FDT_MAGIC: u32 = 0xd00d_feed;
/// DRAM's end with qemu's default `-m 128M`, if no device tree is found.
const DEFAULT_DRAM_END: usize = 0x8800_0000;
/// Where a device tree may be: DRAM from 0x8000_0000, at most 2 GiB of it
/// on rv32.
const DRAM: core::ops::Range<usize> = 0x8000_0000..0xffff_f000;

/// Gives the heap all free RAM, largest block first. Called once, by
/// `crate::init_all_ram`:
///
/// | block | from | to |
/// |---|---|---|
/// | DRAM above memory.x's regions | 0x8080_0000 | the device tree at the top of DRAM (`-m` less 2 MiB) |
/// | memory.x's RAM | end of `.bss` | [`ALL_RAM_STACK`] below its top (the stack) |
/// | memory.x's FLASH | end of the image | its end (0x8040_0000) |
///
/// With `-m 256M` the first block is 246 MiB.
pub(crate) fn init_all_ram() {
    unsafe extern "C" {
        // riscv-rt's link.x: the load image of .data ends the image in
        // FLASH, .bss and .uninit end at __sheap (riscv-rt's own heap is
        // empty), and the stack starts at the top of RAM.
        static __sidata: u8;
        static __sdata: u8;
        static __edata: u8;
        static __sheap: u8;
        static _stack_start: u8;
    }
    let image_end = (&raw const __sidata as usize)
        .saturating_add(&raw const __edata as usize - &raw const __sdata as usize);
    let heap_start = &raw const __sheap as usize;
    let ram_end = &raw const _stack_start as usize;
    let stack_limit = ram_end.saturating_sub(ALL_RAM_STACK);
    let dram_end = device_tree().unwrap_or(DEFAULT_DRAM_END);
    paint_stack(stack_limit);
    // SAFETY: `init_all_ram` runs once (crate::init_all_ram checks its
    // TAKEN flag first). Nothing is linked above memory.x's RAM, and the
    // block there ends below the device tree (which nothing reads after
    // this); the image ends at `image_end` in FLASH (DRAM, writable) and
    // `.bss` at `heap_start`, and the stack stays above `stack_limit`.
    unsafe {
        HEAP.add(ram_end, dram_end.saturating_sub(ram_end));
        HEAP.add(heap_start, stack_limit.saturating_sub(heap_start));
        HEAP.add(image_end, FLASH_END.saturating_sub(image_end));
    }
}

/// The end of memory.x's FLASH (code, read-only data and .data's initial
/// values from 0x8000_0000).
const FLASH_END: usize = 0x8040_0000;

/// The device tree's address, from qemu's reset vector, if there is one.
fn device_tree() -> Option<usize> {
    // SAFETY: the reset ROM is mapped read-only at 0x1000 on `virt`; the
    // word is aligned and reading it has no effect.
    let addr = unsafe { core::ptr::read_volatile(ROM_FDT_ADDR as *const u32) } as usize;
    if !DRAM.contains(&addr) || addr % 8 != 0 {
        return None;
    }
    // SAFETY: `addr` is an aligned word in DRAM's address range, below the
    // DRAM end qemu wrote it for.
    let magic = unsafe { core::ptr::read_volatile(addr as *const u32) };
    (u32::from_be(magic) == FDT_MAGIC).then_some(addr)
}
