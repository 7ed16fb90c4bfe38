//! The part of the boards' heap that does not depend on the board: a TLSF
//! allocator (`rlsf`) over one or more blocks of RAM with a high-water
//! mark, the `.bss` heap of `crate::init`, and the stack paint that
//! measures the native stack's depth. Each board's `heap.rs` includes this
//! file and adds its own `init_all_ram` (its memory map).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::RefCell;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering};

use critical_section::Mutex;

/// Bytes of RAM given to the heap by [`crate::init`]: the engine's
/// translated modules, the store, the value stack and the guest's linear
/// memory (the WASI test programs declare 128 KiB). `hello.wasm` peaks at
/// 164 KB, the largest test program (`copy.wasm`) at 318 KB: see
/// boards/README.md.
pub const HEAP_SIZE: usize = 1024 * 1024;

/// Native stack kept free below the top of memory.x's RAM when the heap takes all
/// free RAM ([`crate::init_all_ram`]). The interpreter does not recurse on
/// the native stack; the spec-test runner uses about
/// 6 KiB of it.
pub const ALL_RAM_STACK: usize = 256 * 1024;

/// The same parameters as embedded-alloc's `TlsfHeap` (which takes a single
/// block only): a first level per bit of `usize`, 32 second-level classes.
type Tlsf = rlsf::Tlsf<'static, usize, usize, { usize::BITS as usize }, { usize::BITS as usize }>;

/// TLSF (O(1), low fragmentation), counting the bytes handed out.
///
/// The counts are of bytes asked for; TLSF adds a few bytes of header per
/// block.
pub(super) struct Heap {
    tlsf: Mutex<RefCell<Tlsf>>,
    size: AtomicUsize,
    used: AtomicUsize,
    peak: AtomicUsize,
}

#[global_allocator]
pub(super) static HEAP: Heap = Heap {
    tlsf: Mutex::new(RefCell::new(Tlsf::new())),
    size: AtomicUsize::new(0),
    used: AtomicUsize::new(0),
    peak: AtomicUsize::new(0),
};

impl Heap {
    fn grew(&self, bytes: usize) {
        let used = self.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.peak.fetch_max(used, Ordering::Relaxed);
    }
    fn shrank(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// Hands `len` bytes at `start` to the allocator.
    ///
    /// # Safety
    ///
    /// The bytes are RAM that nothing else uses, now or later.
    pub(super) unsafe fn add(&self, start: usize, len: usize) {
        let Some(start) = NonNull::new(start as *mut u8) else {
            return;
        };
        if len == 0 {
            return;
        }
        let block = NonNull::slice_from_raw_parts(start, len);
        critical_section::with(|cs| {
            // SAFETY: the caller hands over the block for good.
            unsafe { self.tlsf.borrow_ref_mut(cs).insert_free_block_ptr(block) };
        });
        self.size.fetch_add(len, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to rlsf's Tlsf, inside a critical section,
// with the caller's pointer and layout (rlsf wants the same alignment on
// deallocation and reallocation, which GlobalAlloc's callers guarantee);
// the counters do not touch memory.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = critical_section::with(|cs| self.tlsf.borrow_ref_mut(cs).allocate(layout));
        match p {
            Some(p) => {
                self.grew(layout.size());
                p.as_ptr()
            }
            None => core::ptr::null_mut(),
        }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: GlobalAlloc::dealloc's contract: `ptr` came from this
        // allocator with this layout, so it is non-null.
        let p = unsafe { NonNull::new_unchecked(ptr) };
        critical_section::with(|cs| {
            // SAFETY: as above; rlsf needs the allocation's alignment.
            unsafe { self.tlsf.borrow_ref_mut(cs).deallocate(p, layout.align()) }
        });
        self.shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc::realloc's contract: `ptr` came from this
        // allocator with `layout`, and `new_size` rounded up to the
        // alignment does not overflow, so the new layout is valid.
        let (p, new_layout) = unsafe {
            (
                NonNull::new_unchecked(ptr),
                Layout::from_size_align_unchecked(new_size, layout.align()),
            )
        };
        // In place when the next block is free (a linear memory growing at
        // the end of the heap needs no second copy), else allocate and copy.
        let q = critical_section::with(|cs| {
            // SAFETY: as above; the alignment is unchanged.
            unsafe { self.tlsf.borrow_ref_mut(cs).reallocate(p, new_layout) }
        });
        match q {
            // In place: only the difference was ever in use.
            Some(q) if q == p => {
                if new_size >= layout.size() {
                    self.grew(new_size - layout.size());
                } else {
                    self.shrank(layout.size() - new_size);
                }
                q.as_ptr()
            }
            // Moved: both blocks were in use for the copy.
            Some(q) => {
                self.grew(new_size);
                self.shrank(layout.size());
                q.as_ptr()
            }
            None => core::ptr::null_mut(),
        }
    }
}

/// Gives the heap [`HEAP_SIZE`] bytes of `.bss`. Called once, by `crate::init`.
pub(crate) fn init() {
    static mut MEMORY: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];
    // SAFETY: `init` runs once (each board's crate::init runs its body once
    // only), so MEMORY is handed out once and nothing else refers to it.
    unsafe { HEAP.add(&raw mut MEMORY as usize, HEAP_SIZE) }
    // A footprint build (MOTE_HEAP_REPORT) also paints the free RAM between
    // `.bss` and the stack, so `stack_peak` can measure the stack's depth.
    if option_env!("MOTE_HEAP_REPORT").is_some() {
        unsafe extern "C" {
            static __sheap: u8;
        }
        paint_stack(&raw const __sheap as usize);
    }
}

/// What the stack below this word never reached holds.
const PAINT: u32 = 0x57ac_57ac;
/// The lowest address of the painted stack, 0 if it was not painted.
static STACK_LIMIT: AtomicUsize = AtomicUsize::new(0);

/// Paints the stack from `limit` to a little below the caller's frame, so
/// that [`stack_peak`] can tell how deep it went.
#[inline(never)]
pub(super) fn paint_stack(limit: usize) {
    let here = 0u8;
    let top = (&raw const here as usize).saturating_sub(1024) & !3;
    let limit = (limit + 3) & !3;
    if limit == 0 || top <= limit {
        return;
    }
    for addr in (limit..top).step_by(4) {
        // SAFETY: [limit, top) is the unused part of the stack, 1 KiB
        // below this function's frame and above the heap's blocks: aligned
        // RAM nothing else holds.
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
    }
    STACK_LIMIT.store(limit, Ordering::Relaxed);
}

/// The deepest the native stack has gone since [`crate::init_all_ram`]
/// painted it, in bytes below its top (`None` after [`crate::init`], which
/// does not paint it). [`ALL_RAM_STACK`] means it may have overflowed.
pub fn stack_peak() -> Option<usize> {
    unsafe extern "C" {
        static _stack_start: u8;
    }
    let top = &raw const _stack_start as usize;
    let limit = STACK_LIMIT.load(Ordering::Relaxed);
    if limit == 0 {
        return None;
    }
    let mut addr = limit;
    // SAFETY: [limit, top) is the stack, aligned RAM; reading it is harmless.
    while addr < top && unsafe { core::ptr::read_volatile(addr as *const u32) } == PAINT {
        addr += 4;
    }
    Some(top - addr)
}

/// The heap's size, bytes in use now, and the most ever in use.
#[derive(Debug, Clone, Copy)]
pub struct HeapStats {
    pub size: usize,
    pub used: usize,
    pub peak: usize,
}

/// How the heap is doing (`size`: the bytes it was given).
pub fn stats() -> HeapStats {
    HeapStats {
        size: HEAP.size.load(Ordering::Relaxed),
        used: HEAP.used.load(Ordering::Relaxed),
        peak: HEAP.peak.load(Ordering::Relaxed),
    }
}
