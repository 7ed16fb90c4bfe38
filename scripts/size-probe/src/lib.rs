//! The smallest program that uses the whole validating engine: decode,
//! validate, translate, instantiate and call an export. Linked with
//! `--gc-sections` from `mote_probe_run`, what remains is the engine's
//! footprint plus a tiny allocator.
//!
//! Built with the `image` feature instead of `wasm`, the same program
//! loads an image (`Module::from_image`: the header, the linear check)
//! instead of a `.wasm`: the runner's footprint, with no wasmparser.
#![no_std]

#[cfg(all(feature = "wasm", feature = "image"))]
compile_error!("the probe measures one engine: `wasm` (default) or `image` (the runner), not both");
#[cfg(not(any(feature = "wasm", feature = "image")))]
compile_error!("the probe measures the engine with `wasm` (default) or the runner with `image`");

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use mote::{Engine, Linker, Module, Store};

/// Bump allocator over a static arena; never frees. Enough to link.
struct Bump {
    arena: UnsafeCell<[u8; 64 * 1024]>,
    next: UnsafeCell<usize>,
}

// SAFETY: the probe is single-threaded; nothing runs it concurrently.
unsafe impl Sync for Bump {}

// SAFETY: returns either null or a pointer into the arena, aligned as asked,
// that no other allocation overlaps (the cursor only moves forward).
unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded; the cursor is only touched here.
        let next = unsafe { &mut *self.next.get() };
        let base = self.arena.get() as usize;
        let start = (base + *next).next_multiple_of(layout.align()) - base;
        match start.checked_add(layout.size()) {
            Some(end) if end <= 64 * 1024 => {
                *next = end;
                (base + start) as *mut u8
            }
            _ => core::ptr::null_mut(),
        }
    }
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static ALLOC: Bump = Bump {
    arena: UnsafeCell::new([0; 64 * 1024]),
    next: UnsafeCell::new(0),
};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// Runs export `run` of the module (a `.wasm`, or an image for the runner)
/// at `ptr..ptr+len`; returns its i32 result.
///
/// # Safety
/// `ptr` must point to `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_probe_run(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: the caller promises `len` readable bytes at `ptr`.
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    let engine = Engine::default();
    #[cfg(feature = "wasm")]
    let module = Module::new(&engine, bytes);
    #[cfg(feature = "image")]
    let module = Module::from_image(&engine, bytes);
    let Ok(module) = module else {
        return -1;
    };
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return -2;
    };
    let Ok(run) = instance.get_typed_func::<(), i32>(&store, "run") else {
        return -3;
    };
    run.call(&mut store, ()).unwrap_or(-4)
}
