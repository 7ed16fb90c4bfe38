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

/// The AN386 image's RAMs beyond the image's own regions (qemu 7.2's
/// `info mtree`; memory.x describes the rest): 16 MiB of PSRAM and 16 KiB
/// of block RAM. The other addresses qemu maps (0x0040_0000, 0x2040_0000,
/// 0x0100_4000...) are mirrors of these, not more memory.
const PSRAM: (usize, usize) = (0x2100_0000, 16 * 1024 * 1024);
const BLOCK_RAM: (usize, usize) = (0x0100_0000, 16 * 1024);

/// Gives the heap all free RAM, largest block first. Called once, by
/// `crate::init_all_ram`:
///
/// | block | from | to |
/// |---|---|---|
/// | PSRAM | 0x2100_0000 | 0x2200_0000 (16 MiB) |
/// | SSRAM2/3 (memory.x's RAM) | end of `.bss` | [`ALL_RAM_STACK`] below its top |
/// | SSRAM1 (memory.x's FLASH) | end of the image | 0x0040_0000 |
/// | block RAM | 0x0100_0000 | 0x0100_4000 (16 KiB) |
///
/// No block is contiguous with another, so one allocation (a linear
/// memory) gets at most the 16 MiB of PSRAM.
pub(crate) fn init_all_ram() {
    unsafe extern "C" {
        // cortex-m-rt's link.x: the load image of .data ends the image in
        // FLASH (followed only by the empty .gnu.sgstubs), .bss and .uninit
        // end at __sheap, and the stack starts at the top of RAM.
        static __sidata: u8;
        static __sdata: u8;
        static __edata: u8;
        static __veneer_limit: u8;
        static __sheap: u8;
        static _stack_start: u8;
    }
    let image_end = (&raw const __sidata as usize)
        .saturating_add(&raw const __edata as usize - &raw const __sdata as usize)
        .max(&raw const __veneer_limit as usize);
    let heap_start = &raw const __sheap as usize;
    let stack_limit = (&raw const _stack_start as usize).saturating_sub(ALL_RAM_STACK);
    let code_ram_end = FLASH_END;
    paint_stack(stack_limit);
    // SAFETY: `init_all_ram` runs once (crate::init_all_ram takes the core
    // peripherals first). PSRAM and the block RAM are not in memory.x, so
    // nothing is linked there; the image ends at `image_end` in SSRAM1
    // (read-write RAM on this board) and `.bss` at `heap_start`, and the
    // stack stays above `stack_limit`.
    unsafe {
        HEAP.add(PSRAM.0, PSRAM.1);
        HEAP.add(heap_start, stack_limit.saturating_sub(heap_start));
        HEAP.add(image_end, code_ram_end.saturating_sub(image_end));
        HEAP.add(BLOCK_RAM.0, BLOCK_RAM.1);
    }
}

/// The end of SSRAM1, memory.x's FLASH (code, read-only data and .data's
/// initial values from 0).
const FLASH_END: usize = 0x0040_0000;
