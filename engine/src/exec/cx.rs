//! The executor's context: what a handler may need beyond the registers it
//! is passed (`Ip`, `Sp`, `Mem`): the store, the value and frame stacks,
//! the running instance and its module, fuel, and why execution stopped.
//!
//! The executor is compiled once, not once per embedder type: it reaches
//! the store through [`StoreOps`], which `Store<T>` implements, and host
//! functions through its type-erased `call_host`.

use super::state::{Code, Ip, Mem, Stack};
use super::{Frame, Stop};
use crate::module::Module;
use crate::store::{StoreInner, Stored};
use crate::translate::CompiledFunc;
use crate::trap::{Trap, TrapCode};
use alloc::vec::Vec;
use core::ptr::NonNull;

/// What the executor needs of a store, whatever its host data type.
pub(crate) trait StoreOps {
    /// The store's entities.
    fn core(&mut self) -> &mut StoreInner;
    /// Calls host function `host` for the instance `caller`, with its
    /// parameters in `slots` and its results written back there.
    fn call_host(
        &mut self,
        host: u32,
        caller: Option<Stored>,
        slots: &mut [u64],
    ) -> Result<(), Trap>;
}

/// Slots the value stack reserves when it first grows, on hosts (`std`):
/// 512 KiB of address space, which the system allocator maps apart from
/// its heap, and whose pages cost no RAM until a frame reaches them. In
/// the heap, among other allocations, the stack made some workloads up to
/// 1.3x slower depending only on where it landed (the program's file
/// name moved it); apart, every placement ran as fast as the best one.
/// Boards (no `std`) grow the stack by doubling from what it needs.
#[cfg(feature = "std")]
const HOST_STACK_RESERVE: usize = 1 << 16;
#[cfg(not(feature = "std"))]
const HOST_STACK_RESERVE: usize = 0;

/// The executor's state besides its registers.
pub(crate) struct Cx<'e> {
    store: &'e mut dyn StoreOps,
    /// `store.core()`, taken again after every use of `store` itself.
    core: NonNull<StoreInner>,
    /// The value stack, and where it is now (`stack`, updated when it grows).
    values: &'e mut Vec<u64>,
    pub stack: Stack,
    pub frames: &'e mut Vec<Frame>,
    /// The running instance (its index in the store) and its module.
    pub instance: u32,
    pub module: Module,
    /// The module's code, which `Ip` points into, and its functions.
    pub code: Code,
    funcs: NonNull<[CompiledFunc]>,
    pub max_slots: usize,
    pub max_depth: usize,
    /// `min(frames.capacity(), max_depth)`: a call below it pushes its
    /// frame without allocating (`push_frame`). Kept up to date by
    /// `grew_frames` after anything that may grow `frames`; capacity never
    /// shrinks while the executor runs.
    frame_limit: usize,
    /// The fuel left, when fuel is on; kept here while running and
    /// handed back to the store around host calls and at the end.
    pub fuel: u64,
    /// Why execution stopped, and where (the word offset of the op).
    pub stop: Option<Stop>,
    pub stop_pc: u32,
    pub stop_base: u32,
}

impl<'e> Cx<'e> {
    pub fn new(
        store: &'e mut dyn StoreOps,
        values: &'e mut Vec<u64>,
        frames: &'e mut Vec<Frame>,
        instance: u32,
    ) -> Cx<'e> {
        let core = store.core();
        let module = core.instances[instance as usize].module.clone();
        let config = core.engine.config();
        let (max_slots, max_depth) = (
            config.max_stack_slots as usize,
            config.max_call_depth as usize,
        );
        let fuel = core.fuel;
        let code = Code::of(&module.inner.code);
        let funcs = NonNull::from(&module.inner.compiled[..]);
        let core = NonNull::from(core);
        let stack = Stack::of(values);
        let frame_limit = frames.capacity().min(max_depth);
        Cx {
            store,
            core,
            values,
            stack,
            frames,
            instance,
            module,
            code,
            funcs,
            max_slots,
            max_depth,
            frame_limit,
            fuel,
            stop: None,
            stop_pc: 0,
            stop_base: 0,
        }
    }

    /// The store's entities.
    #[inline(always)]
    pub fn core(&mut self) -> &mut StoreInner {
        // SAFETY: `core` was taken from `store.core()` and `store` has not
        // been used since (`call_host` takes it again afterwards), so this
        // is the only path to the store's entities; the borrow is tied to
        // `&mut self`, so no two are alive at once.
        unsafe { self.core.as_mut() }
    }

    /// The store's entities and the running module, borrowed together.
    #[inline(always)]
    pub fn core_and_module(&mut self) -> (&mut StoreInner, &Module) {
        // SAFETY: as in `core`; `module` is another field.
        (unsafe { self.core.as_mut() }, &self.module)
    }

    /// The store, and the bytes of data segment `segment` of the running
    /// instance (none once `data.drop` dropped it), for `memory.init`.
    pub fn data_segment(&mut self, segment: u32) -> (&mut StoreInner, &[u8]) {
        let instance = self.instance as usize;
        let (core, module) = self.core_and_module();
        let bytes: &[u8] = if core.instances[instance].dropped_data[segment as usize] {
            &[]
        } else {
            &module.inner.datas[segment as usize].bytes
        };
        (core, bytes)
    }

    /// Memory 0 of the running instance, or none.
    pub fn memory(&mut self) -> Mem {
        let instance = self.instance as usize;
        let core = self.core();
        match core.instances[instance].memories.first() {
            Some(&m) => Mem::new(&mut core.memories[m as usize].data),
            None => Mem::none(),
        }
    }

    /// Makes `instance` the running one (a call into, or a return to,
    /// another instance).
    pub fn enter(&mut self, instance: u32) {
        if instance != self.instance {
            self.instance = instance;
            self.module = self.core().instances[instance as usize].module.clone();
            self.code = Code::of(&self.module.inner.code);
            self.funcs = NonNull::from(&self.module.inner.compiled[..]);
        }
    }

    /// Defined function `index` of the running module.
    #[inline(always)]
    pub fn func(&self, index: u32) -> CompiledFunc {
        // SAFETY: `funcs` is the running module's function list, which
        // `self.module` keeps alive and which never changes.
        let funcs = unsafe { self.funcs.as_ref() };
        #[cfg(any(debug_assertions, feature = "extra-checks"))]
        {
            funcs[index as usize]
        }
        #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
        // SAFETY: the translator emits calls only to defined functions of
        // the module (validated indices), so `index` is in the list.
        unsafe {
            *funcs.get_unchecked(index as usize)
        }
    }

    /// Pushes `frame` if that needs no allocation and the call depth stays
    /// within its limit; false otherwise (the caller takes its slow path,
    /// which traps or grows the list). Keeps a call's fast path free of
    /// any call to the allocator, which would make its handler save
    /// registers on every call.
    #[inline(always)]
    pub fn push_frame(&mut self, frame: Frame) -> bool {
        let len = self.frames.len();
        if len >= self.frame_limit {
            return false;
        }
        // SAFETY: `len < frame_limit <= capacity` (see `frame_limit`), so
        // slot `len` is allocated and unused; writing it and counting it
        // keeps every element initialized.
        unsafe {
            self.frames.as_mut_ptr().add(len).write(frame);
            self.frames.set_len(len + 1);
        }
        true
    }

    /// Takes note that `frames` may have grown (after a `push` on a slow
    /// path).
    pub fn grew_frames(&mut self) {
        self.frame_limit = self.frames.capacity().min(self.max_depth);
    }

    /// Grows the value stack to hold at least `need` slots (doubling, up
    /// to the configured limit). False if it may not or cannot.
    #[cold]
    #[inline(never)]
    pub fn grow_stack(&mut self, need: usize) -> bool {
        if need > self.max_slots {
            return false;
        }
        let len = need
            .max(self.values.len().saturating_mul(2))
            .min(self.max_slots);
        // (Without `std` the reserve is 0 and this is `len`.)
        #[allow(clippy::unnecessary_min_or_max)]
        let reserve = len.max(HOST_STACK_RESERVE.min(self.max_slots));
        if self
            .values
            .try_reserve_exact(reserve - self.values.len())
            .is_err()
        {
            return false;
        }
        self.values.resize(len, 0);
        self.stack = Stack::of(self.values);
        true
    }

    /// Calls host function `host` with the `len` slots at stack index
    /// `at`, the running instance as the caller.
    pub fn call_host(&mut self, host: u32, at: usize, len: usize) -> Result<(), Trap> {
        let instance = self.instance;
        let caller = self.core().handle(instance);
        self.core().fuel = self.fuel;
        let slots = &mut self.values[at..at + len];
        let r = self.store.call_host(host, Some(caller), slots);
        let core = self.store.core();
        self.fuel = core.fuel;
        self.core = NonNull::from(core);
        r
    }

    /// Collects the store's unreachable exceptions (`exn`), if this
    /// execution is the store's only one: no host function between it
    /// and the host has re-entered wasm, and no call is suspended for fuel.
    /// `top` is the stack index where the running frame ends: the frames
    /// of calls that returned, above it, are dead.
    #[cfg(feature = "exceptions")]
    #[cold]
    pub fn collect_exns(&mut self, top: usize) {
        // SAFETY: as in `core`; `values` is another field, read only.
        let core = unsafe { self.core.as_mut() };
        if core.nesting == 1 && alloc::sync::Arc::strong_count(&core.suspended) == 1 {
            let live = self.values.get(..top).unwrap_or(self.values);
            core.collect_exns(live);
        }
    }

    /// Records that execution stops at `ip` with `stop`.
    #[cold]
    pub fn stop_at(&mut self, ip: Ip, base: usize, stop: Stop) {
        self.stop_pc = self.code.pc(ip);
        self.stop_base = base as u32;
        self.stop = Some(stop);
    }

    /// Records a trap at `ip`.
    #[cold]
    pub fn trap_at(&mut self, ip: Ip, code: TrapCode) {
        self.stop_at(ip, 0, Stop::Trap(Trap::new(code)));
    }

    /// Hands the fuel left back to the store.
    pub fn finish(&mut self) {
        self.core().fuel = self.fuel;
    }
}
