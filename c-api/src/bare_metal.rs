//! What a `no_std` static library needs to be linked into C firmware: a
//! global allocator and a panic handler. Both lean on the firmware's C
//! library (newlib and the like): memory comes from `malloc`/`free`
//! (`memalign` for alignments above 8), and a panic, which no input can
//! cause (see the crate docs), calls `abort`.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

unsafe extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn free(p: *mut c_void);
    fn memalign(align: usize, size: usize) -> *mut c_void;
    fn abort() -> !;
}

/// The alignment `malloc` guarantees on 32-bit ARM EABI targets.
const MALLOC_ALIGN: usize = 8;

struct CAlloc;

// SAFETY: `malloc` and `memalign` return blocks of at least the size and
// alignment asked (or null), which stay valid until `free`.
unsafe impl GlobalAlloc for CAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: any size may be asked of malloc.
            unsafe { malloc(layout.size()) }.cast()
        } else {
            // SAFETY: the alignment is a power of two (a `Layout`'s is).
            unsafe { memalign(layout.align(), layout.size()) }.cast()
        }
    }
    unsafe fn dealloc(&self, p: *mut u8, _layout: Layout) {
        // SAFETY: `p` came from `alloc` (the `GlobalAlloc` contract).
        unsafe { free(p.cast()) }
    }
}

#[global_allocator]
static ALLOCATOR: CAlloc = CAlloc;

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: `abort` takes nothing and does not return.
    unsafe { abort() }
}
