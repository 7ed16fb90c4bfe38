//! WebAssembly → Cranelift IR, one function at a time.
//!
//! Every function becomes `fn(vmctx, params...) -> (u32, result)` or
//! `fn(vmctx, vals) -> u32` in Cranelift's `tail` convention (`abi.rs`,
//! `calls.rs`), the `u32` its trap code (see [`crate::vmctx`]).
//! Wasm locals are Cranelift variables, the operand stack is a vector of
//! SSA values, and each wasm block, loop and `if` is a Cranelift block whose
//! parameters are the wasm block's results (a loop's header: its
//! parameters). A trap is a return of its code: no signal handlers, no
//! unwinding; a caller returns a callee's nonzero code as its own.

mod abi;
mod atomic;
mod calls;
mod checks;
mod control;
mod exn;
mod fuel;
mod numeric;
mod refs;
mod simd;
mod variable;

pub use abi::{Abi, adapter_types, entry_adapter, entry_trampoline};
pub(crate) use refs::{is_exn, is_extern};
pub use simd::{has_simd, no_simd};

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, Block, BlockArg, InstBuilder, MemFlagsData, Value, types};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use mote::TrapCode;
use wasmparser::{FunctionBody, Operator};

use crate::Error;
use crate::vmctx::{SLOT, TableOp, code_of, offset};

/// What the translator needs to know of the module around a function.
pub struct ModuleEnv {
    /// Every function type of the type section, by type index.
    pub types: Vec<wasmparser::FuncType>,
    /// The type index of every function, imported ones first.
    pub func_types: Vec<u32>,
    /// How many functions are imported.
    pub imported_funcs: u32,
    /// The type of every global, imported ones first.
    pub globals: Vec<wasmparser::ValType>,
    /// Whether each imported global is mutable, by global index: a
    /// mutable one is reached through `vmctx.global_ptrs` (two imports of
    /// one store global share a cell), every other global at its fixed
    /// place in `vmctx.globals`.
    pub imported_globals: Vec<bool>,
    /// Every memory's type, imported ones first.
    pub memories: Vec<wasmparser::MemoryType>,
    /// Every table, imported ones first: whether it is a 64-bit one.
    pub tables64: Vec<bool>,
    /// The type index of every tag, imported ones first.
    pub tags: Vec<u32>,
    /// Whether the code counts fuel (`fuel.rs`).
    pub fuel: bool,
}

impl ModuleEnv {
    /// Whether global `index` is reached through `vmctx.global_ptrs`: a
    /// mutable import, which another import may name too.
    pub fn global_through_ptr(&self, index: u32) -> bool {
        self.imported_globals
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    fn func_type(&self, func: u32) -> &wasmparser::FuncType {
        &self.types[self.func_types[func as usize] as usize]
    }

    /// How many slots every `vals` area has: enough for the arguments
    /// and the results of any function type of the module, so that a
    /// function can tail-call any other through its own `vals`.
    pub fn vals_slots(&self) -> usize {
        self.types
            .iter()
            .map(|t| t.params().len().max(t.results().len()))
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// The Cranelift type of a wasm value type, or an error for those this tier
/// does not translate yet (references other than `funcref`/`externref`).
/// A `v128` is always an `I8X16` between instructions (on the operand
/// stack, in locals, block parameters, slots): `simd.rs` bitcasts it to the
/// lane shape an instruction needs and back.
pub fn ir_type(ty: wasmparser::ValType) -> Result<ir::Type, Error> {
    Ok(match ty {
        wasmparser::ValType::I32 => types::I32,
        wasmparser::ValType::I64 => types::I64,
        wasmparser::ValType::F32 => types::F32,
        wasmparser::ValType::F64 => types::F64,
        wasmparser::ValType::V128 => types::I8X16,
        // A reference is a slot: 0 for null (see `instance/mod.rs`).
        wasmparser::ValType::Ref(r) if ref_supported(r) => types::I64,
        other => return Err(Error::Unsupported(format!("values of type {other}"))),
    })
}

/// Whether this tier translates references of type `r`: to functions
/// (any, of a function type, none), to host values and to exceptions,
/// nullable or not.
pub fn ref_supported(r: wasmparser::RefType) -> bool {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    match r.heap_type() {
        H::Abstract { shared: false, ty } => {
            matches!(
                ty,
                A::Func | A::Extern | A::NoFunc | A::NoExtern | A::Exn | A::NoExn
            )
        }
        H::Concrete(wasmparser::UnpackedIndex::Module(_)) => true,
        _ => false,
    }
}

/// Translates the body of defined function `func` into `out`.
pub fn translate_function(
    env: &ModuleEnv,
    func: u32,
    body: &FunctionBody<'_>,
    isa: &dyn TargetIsa,
    out: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), Error> {
    let abi = Abi::of(isa);
    let ptr = abi.ptr;
    out.signature = abi.func_signature(env.func_type(func))?;
    let (heap, vm) = alias_regions(out);
    let builder = FunctionBuilder::new(out, fctx);
    let mut t = Translator {
        env,
        builder,
        ptr,
        abi,
        stack: Vec::new(),
        frames: Vec::new(),
        locals: Vec::new(),
        reachable: true,
        dead_depth: 0,
        vmctx: Value::from_u32(0),
        heap,
        vm,
        memory_facts: Vec::new(),
        checked: Vec::new(),
        checks: Vec::new(),
        depth_on_entry: Value::from_u32(0),
        depth_left: Value::from_u32(0),
        helper_depth: Value::from_u32(0),
        trap_blocks: Vec::new(),
        propagate: None,
        handlers: Vec::new(),
        call_slot: None,
        sig_ref: None,
        vals: None,
        regs: false,
        ret_types: Vec::new(),
        sigs: Vec::new(),
        fuel: fuel::Fuel::default(),
        simd: has_simd(isa),
    };
    t.prologue(func, body)?;
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        let op = reader.read()?;
        t.fuel.ops += 1;
        t.operator(op)?;
    }
    t.close_fuel();
    t.finish_traps();
    t.builder.seal_all_blocks();
    let emitted = core::mem::take(&mut t.checks);
    t.builder.finalize(isa.frontend_config());
    checks::drop_dominated(out, &emitted);
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Block,
    Loop,
    /// An `if`: its else block, and whether `else` was seen.
    If {
        else_block: Block,
        has_else: bool,
    },
    /// The function body: its end returns.
    Function,
    /// A `try_table` (its handler in `Frame::exn`).
    TryTable,
    /// A legacy `try` (its handler and catches in `Frame::exn`).
    Try,
}

struct Frame {
    kind: FrameKind,
    /// Where `end` continues (its parameters: the results).
    next: Block,
    /// A loop's header (its parameters: the loop's parameters).
    header: Option<Block>,
    params: Vec<ir::Type>,
    results: Vec<ir::Type>,
    /// Operand stack height below the frame's parameters.
    height: usize,
    /// Whether the code before the frame was reachable.
    entered_reachable: bool,
    /// How many exception handlers cover the frame's code now
    /// (`Translator::handlers`).
    handlers: usize,
    /// A `try_table`'s or `try`'s handler.
    exn: Option<exn::TryState>,
}

pub(crate) struct Translator<'a, 'f> {
    env: &'a ModuleEnv,
    builder: FunctionBuilder<'f>,
    ptr: ir::Type,
    abi: Abi,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    locals: Vec<(Variable, ir::Type)>,
    /// Whether the code being translated can run.
    reachable: bool,
    /// Blocks opened in unreachable code, not yet ended.
    dead_depth: u32,
    vmctx: Value,
    /// The alias regions of linear memory and of the vmctx
    /// ([`alias_regions`]).
    heap: ir::AliasRegion,
    vm: ir::AliasRegion,
    /// Each memory's fields (base, length, memory 0's limits) as loaded
    /// in the straight-line code being translated, and the 32-bit
    /// accesses checked there (memory, wasm address value, offset +
    /// size): reused until an operator outside
    /// `memory::keeps_memory_facts` clears them.
    memory_facts: Vec<(u32, memory::Field, Value)>,
    checked: Vec<memory::Checked>,
    /// Every check of a 32-bit access emitted, for
    /// [`checks::drop_dominated`] once the function is built.
    checks: Vec<checks::Check>,
    /// The calls left before "call stack exhausted", as the caller passed
    /// it (`abi::Abi::native_signature`): what a tail call passes on.
    depth_on_entry: Value,
    /// One less: what a call passes on.
    depth_left: Value,
    /// What a call of a helper leaves in the vmctx for native code the
    /// runtime may call from it (`depth_left`; `depth_on_entry` for the
    /// helper a tail call goes through).
    helper_depth: Value,
    /// One block per trap code returning that code, made on first use.
    trap_blocks: Vec<(TrapCode, Block)>,
    /// A block returning its parameter (a callee's trap code).
    propagate: Option<Block>,
    /// The handlers of the `try_table`s and `try`s around the code, the
    /// innermost last: a nonzero code goes to the last (`exn.rs`).
    handlers: Vec<Block>,
    /// Argument and result space for calls, sized for the largest.
    call_slot: Option<ir::StackSlot>,
    sig_ref: Option<ir::SigRef>,
    /// The variable holding `vals`, where the results go (when the
    /// function's type is not of the register convention).
    vals: Option<Variable>,
    /// Whether this function takes its arguments and gives its result
    /// in registers (`abi::uses_regs`).
    regs: bool,
    /// The function's result types.
    ret_types: Vec<ir::Type>,
    /// Imported signatures of the register convention, by type index.
    sigs: Vec<(u32, ir::SigRef)>,
    fuel: fuel::Fuel,
    /// Whether the target has 128-bit vectors ([`has_simd`]).
    simd: bool,
}

/// Flags for an access to linear memory, the vmctx or a stack slot: never
/// trapping (the bounds were checked), little-endian.
/// The function's two alias regions, so that Cranelift's alias analysis
/// may reuse a load across stores it knows cannot reach it: linear
/// memory (every plain load and store of a memory access) and the vmctx
/// (its fields and the memories' records). A store outside both (a
/// global's cell, a `vals` area) and every call count as writing both.
/// Tag an access only if it touches nothing but its region.
fn alias_regions(func: &mut ir::Function) -> (ir::AliasRegion, ir::AliasRegion) {
    let mut region = |user_id, description: &'static str| {
        func.dfg.alias_regions.insert(ir::AliasRegionData {
            user_id,
            description: description.into(),
        })
    };
    (region(0, "linear memory"), region(1, "vmctx"))
}

fn flags() -> MemFlagsData {
    let mut f = MemFlagsData::new();
    f.set_notrap();
    f.set_endianness(ir::Endianness::Little);
    f
}

fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}

impl<'a, 'f> Translator<'a, 'f> {
    fn prologue(&mut self, func: u32, body: &FunctionBody<'_>) -> Result<(), Error> {
        let ty = self.env.func_type(func).clone();
        let entry = self.builder.create_block();
        self.builder.append_block_params_for_function_params(entry);
        self.builder.switch_to_block(entry);
        let vmctx = self.builder.block_params(entry)[0];
        let depth = self.builder.block_params(entry)[1];
        let params = self.builder.block_params(entry)[2..].to_vec();
        self.regs = abi::uses_regs(&ty);
        self.vmctx = vmctx;

        // The call-depth limit: a clean trap before the native stack runs out.
        let vm = self.vm_flags();
        self.depth_on_entry = depth;
        let exhausted = self.builder.ins().icmp_imm_s(IntCC::Equal, depth, 0);
        self.trap_if(exhausted, TrapCode::StackOverflow);
        // And the native stack: a function with a large frame reaches the
        // limit in fewer calls than the depth counter allows.
        let sp = self.builder.ins().get_stack_pointer(self.ptr);
        let limit = (self.builder.ins()).load(self.ptr, vm, vmctx, offset::STACK_LIMIT);
        let low = self.builder.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.trap_if(low, TrapCode::StackOverflow);
        self.depth_left = self.builder.ins().iadd_imm_s(depth, -1);
        self.helper_depth = self.depth_left;
        self.fuel_point();

        for (i, p) in ty.params().iter().enumerate() {
            let t = ir_type(*p)?;
            let v = if self.regs {
                params[i]
            } else {
                self.builder
                    .ins()
                    .load(t, flags(), params[0], i as i32 * SLOT)
            };
            let var = self.builder.declare_var(t);
            self.builder.def_var(var, v);
            self.locals.push((var, t));
        }
        let mut locals = body.get_locals_reader()?;
        for _ in 0..locals.get_count() {
            let (count, ty) = locals.read()?;
            let t = ir_type(ty)?;
            if t.is_vector() && !self.simd {
                return Err(no_simd());
            }
            for _ in 0..count {
                let var = self.builder.declare_var(t);
                let zero = self.zero(t);
                self.builder.def_var(var, zero);
                self.locals.push((var, t));
            }
        }
        let results = ty
            .results()
            .iter()
            .map(|t| ir_type(*t))
            .collect::<Result<Vec<_>, _>>()?;
        let ret = self.builder.create_block();
        for t in &results {
            self.builder.append_block_param(ret, *t);
        }
        self.ret_types = results.clone();
        self.frames.push(Frame {
            kind: FrameKind::Function,
            next: ret,
            header: None,
            params: Vec::new(),
            results,
            height: 0,
            entered_reachable: true,
            handlers: 0,
            exn: None,
        });
        if !self.regs {
            // Keep `vals` for the return block.
            let var = self.builder.declare_var(self.ptr);
            self.builder.def_var(var, params[0]);
            self.vals = Some(var);
        }
        Ok(())
    }

    fn zero(&mut self, t: ir::Type) -> Value {
        match t {
            types::F32 => self.builder.ins().f32const(0.0),
            types::F64 => self.builder.ins().f64const(0.0),
            types::I8X16 => self.v128_const(0),
            _ => self.builder.ins().iconst(t, 0),
        }
    }

    /// Opens a block, loop or if whose parameters are on top of the
    /// stack (entered from reachable code).
    fn open(
        &mut self,
        kind: FrameKind,
        next: Block,
        header: Option<Block>,
        params: Vec<ir::Type>,
        results: Vec<ir::Type>,
    ) {
        let height = self.stack.len() - params.len();
        self.frames.push(Frame {
            kind,
            next,
            header,
            params,
            results,
            height,
            entered_reachable: true,
            handlers: self.handlers.len(),
            exn: None,
        });
    }

    pub(crate) fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated: operand stack underflow")
    }

    pub(crate) fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    pub(crate) fn pop_operands(&mut self, n: usize) -> Vec<Value> {
        self.pop_n(n)
    }

    fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    fn peek_n(&self, n: usize) -> &[Value] {
        &self.stack[self.stack.len() - n..]
    }

    /// Branches to a block returning `code` when `cond` is nonzero.
    /// Traps with `code` if `cond`; returns the branch.
    pub(crate) fn trap_if(&mut self, cond: Value, code: TrapCode) -> ir::Inst {
        let trap = self.trap_block(code);
        let cont = self.builder.create_block();
        let branch = self.builder.ins().brif(cond, trap, &[], cont, &[]);
        // Its one predecessor is known: sealed now, a local read after
        // the check is the value read before it (not a block parameter
        // resolved at the end), so accesses of one local's address are
        // seen as one address (`memory::Checked`).
        self.builder.seal_block(cont);
        self.builder.switch_to_block(cont);
        branch
    }

    /// The block returning `code`; filled by [`Self::finish_traps`].
    fn trap_block(&mut self, code: TrapCode) -> Block {
        if let Some((_, b)) = self.trap_blocks.iter().find(|(c, _)| *c == code) {
            return *b;
        }
        let b = self.builder.create_block();
        self.builder.set_cold_block(b);
        self.trap_blocks.push((code, b));
        b
    }

    /// The block returning its parameter, a callee's trap code.
    fn propagate_block(&mut self) -> Block {
        match self.propagate {
            Some(b) => b,
            None => {
                let b = self.builder.create_block();
                self.builder.set_cold_block(b);
                self.builder.append_block_param(b, types::I32);
                self.propagate = Some(b);
                b
            }
        }
    }

    /// Where a nonzero code goes: the innermost exception handler, or
    /// the block returning it.
    fn handler_block(&mut self) -> Block {
        match self.handlers.last() {
            Some(b) => *b,
            None => self.propagate_block(),
        }
    }

    /// Returns `code` (a callee's) from this function when it is nonzero,
    /// or hands it to the innermost exception handler.
    fn propagate_trap(&mut self, code: Value) {
        let b = self.handler_block();
        let cont = self.builder.create_block();
        self.builder
            .ins()
            .brif(code, b, &[BlockArg::Value(code)], cont, &[]);
        self.builder.switch_to_block(cont);
    }

    /// Fills the trap blocks, after the body.
    fn finish_traps(&mut self) {
        for (code, b) in core::mem::take(&mut self.trap_blocks) {
            self.builder.switch_to_block(b);
            let v = self.builder.ins().iconst(types::I32, code_of(code) as i64);
            self.return_code(v);
        }
        if let Some(b) = self.propagate {
            self.builder.switch_to_block(b);
            let p = self.builder.block_params(b)[0];
            self.return_code(p);
        }
    }

    fn operator(&mut self, op: Operator<'_>) -> Result<(), Error> {
        let keeps = memory::keeps_memory_facts(&op);
        if !keeps {
            self.memory_facts.clear();
            self.checked.clear();
        }
        let stores = !keeps || memory::is_store(&op);
        let translated = self.translate_operator(op);
        if stores {
            self.close_checks();
        }
        translated
    }

    fn translate_operator(&mut self, op: Operator<'_>) -> Result<(), Error> {
        if self.control(&op)? {
            return Ok(());
        }
        if self.variable(&op)?
            || self.exn(&op)?
            || self.call(&op)?
            || self.typed_ref(&op)?
            || self.memory(&op)?
            || self.atomic(&op)?
            || self.numeric(&op)?
        {
            return Ok(());
        }
        // The IR is the same for every target; a target without vectors
        // is refused before Cranelift would have to lower it.
        if self.simd(&op)? {
            return if self.simd { Ok(()) } else { Err(no_simd()) };
        }
        Err(Error::Unsupported(format!("the instruction {op:?}")))
    }

    /// Calls the `table` helper: `args` (i32 indices widened) after `op`, `x`.
    fn table_op(&mut self, op: TableOp, x: u32, args: &[Value]) -> Value {
        let mut all = vec![
            self.builder.ins().iconst(types::I32, op as u32 as i64),
            self.builder.ins().iconst(types::I32, x as i64),
        ];
        for a in args {
            let a = if self.builder.func.dfg.value_type(*a) == types::I32 {
                self.builder.ins().uextend(types::I64, *a)
            } else {
                *a
            };
            all.push(a);
        }
        while all.len() < 5 {
            all.push(self.builder.ins().iconst(types::I64, 0));
        }
        self.helper_returning(offset::TABLE, &all, types::I64)
    }

    /// "out of bounds table access" when `v` is all ones.
    fn trap_if_all_ones(&mut self, v: Value) {
        let bad = self.builder.ins().icmp_imm_s(IntCC::Equal, v, -1);
        self.trap_if(bad, TrapCode::TableOutOfBounds);
    }

    fn vm_load(&mut self, t: ir::Type, at: i32) -> Value {
        let f = self.vm_flags();
        self.builder.ins().load(t, f, self.vmctx, at)
    }

    /// The flags of an access to a vmctx field or a memory's record.
    fn vm_flags(&self) -> MemFlagsData {
        flags().with_alias_region(Some(self.vm))
    }

    /// The flags of a plain load or store of linear memory.
    fn heap_flags(&self) -> MemFlagsData {
        flags().with_alias_region(Some(self.heap))
    }
}

mod memory;
