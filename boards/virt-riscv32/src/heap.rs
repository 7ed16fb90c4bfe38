//! The heap: a TLSF allocator over a static array, with a high-water mark.

use core::alloc::{GlobalAlloc, Layout};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicUsize, Ordering};
use embedded_alloc::TlsfHeap;

/// Bytes of RAM given to the heap: the engine's translated modules, the
/// store, the value stack and the guest's linear memory (the WASI test
/// programs declare 128 KiB). `hello.wasm` peaks at 164 KB, the largest
/// test program (`copy.wasm`) at 318 KB: see boards/README.md.
pub const HEAP_SIZE: usize = 1024 * 1024;

/// TLSF (O(1), low fragmentation), counting the bytes handed out.
///
/// The counts are of bytes asked for; TLSF adds a few bytes of header per
/// block. (embedded-alloc's own `TlsfHeap::used` walks every block, and in
/// 0.7.0 panics: it borrows its heap twice.)
struct Heap {
    tlsf: TlsfHeap,
    used: AtomicUsize,
    peak: AtomicUsize,
}

#[global_allocator]
static HEAP: Heap = Heap {
    tlsf: TlsfHeap::empty(),
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
}

// SAFETY: every method forwards to TlsfHeap, a GlobalAlloc, with the
// caller's arguments unchanged; the counters do not touch memory.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds GlobalAlloc::alloc's contract.
        let p = unsafe { self.tlsf.alloc(layout) };
        if !p.is_null() {
            self.grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds GlobalAlloc::dealloc's contract.
        unsafe { self.tlsf.dealloc(ptr, layout) };
        self.shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds GlobalAlloc::realloc's contract.
        let p = unsafe { self.tlsf.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            self.grew(new_size);
            self.shrank(layout.size());
        }
        p
    }
}

/// Gives the heap its memory. Called once, by `crate::init`.
pub(crate) fn init() {
    static mut MEMORY: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];
    // SAFETY: `init` runs once (crate::init checks its TAKEN flag first),
    // so MEMORY is handed out once and nothing else refers to it.
    unsafe { HEAP.tlsf.init(&raw mut MEMORY as usize, HEAP_SIZE) }
}

/// The heap's size, bytes in use now, and the most ever in use.
#[derive(Debug, Clone, Copy)]
pub struct HeapStats {
    pub size: usize,
    pub used: usize,
    pub peak: usize,
}

/// How the heap is doing.
pub fn stats() -> HeapStats {
    HeapStats {
        size: HEAP_SIZE,
        used: HEAP.used.load(Ordering::Relaxed),
        peak: HEAP.peak.load(Ordering::Relaxed),
    }
}
