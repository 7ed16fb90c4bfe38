//! The instruction set, one entry per op: the source of truth that the op
//! type, its byte encoding, the decoder, the disassembler, the translator's
//! tables and the executor's dispatch are all generated from.
//!
//! An entry reads
//!
//! ```text
//! Name(field: Kind, ...) = family semantics [of Base[(Inner)]] [not Negation] [gate];
//! ```
//!
//! - **Fields** are in encoding order. Kinds: `Slot` (a frame slot, one
//!   16-bit word), `U32` (an index or offset, two words), `I32` (a 32-bit
//!   constant, two words), `U64` (a 64-bit constant, four words), `Target`
//!   (a branch target: a signed word offset from the op's own first word,
//!   two words), `S32` (a 64-bit constant that fits in 32 bits
//!   sign-extended, two words), `V128` (a 128-bit constant, eight words),
//!   `Slot2` (a `v128` operand or result: one word naming the first of its
//!   two slots, low half then high half; the image check holds both in
//!   the frame). A field named `dst` is the one slot the op writes.
//! - **Family and semantics** say how the op runs. `control` ops have a
//!   handler of their own, `exec::control::<semantics>`. The others are
//!   generated from a plain function of `exec::numeric` or `exec::memory`
//!   named by `semantics`:
//!   `unary` (`dst = f(src)`), `unary_trap` (the same, may trap),
//!   `binary` (`dst = f(a, b)`), `binary_trap`, `fused_rhs`
//!   (`dst = f(a, b, c)`: the binary op `Base` of `a` and of the binary op
//!   `Inner` of `b` and `c`, written `of Base(Inner)`), `fused_rhs_imm`
//!   (`dst = f(a, b, imm)`: the same with `Inner` an immediate op, of `b`
//!   and the constant `imm`), `fused_lhs` (`dst = f(a, b, c)`: the
//!   binary op `Base` of the binary op `Inner` of `a` and `b`, and of
//!   `c`), `fused_imm` (`dst = f(a, imm, imm2)`: the immediate op
//!   `Base` of the immediate op `Inner` of `a` and `imm`, and of `imm2`),
//!   `binary_imm`
//!   (`dst = f(a, imm)`, the constant sign-extended), `branch_cmp` (jump to
//!   `target` if `f(a, b)`), `branch_cmp_imm`, `load` (`dst` = `N` bytes at
//!   `addr + offset` of memory 0), `load_add` (at `a + b`, the sum wrapping
//!   as `i32.add`'s), `load_add_imm` (at `a + imm`), `load_idx_imm` (at
//!   `(a << scale) + imm`, where `scale` is log2 of the access's size: an
//!   array element), `load_add_idx` (at `a + (b << scale)`), `load_abs`
//!   (at the constant `addr`: a load of an `i32.const` address, its offset
//!   added in; a global variable of C), `store`, `select` (`dst = cond ?
//!   a : b`, the whole slot, any type; generated rather than written in
//!   `control` so that it has an accumulator form, `ir::acc`),
//!   `select_and` (`dst = cond & imm != 0 ? a : b`, as `select`; its
//!   accumulator forms read `a` or `b`). The
//!   address sums and shifts wrap as `i32.add`'s and `i32.shl`'s. The
//!   threads proposal's accesses are generated from `exec::atomic`:
//!   `atomic_load`, `atomic_store` (as `load` and `store`, the address
//!   checked aligned first), `atomic_rmw` (`dst = f(memory, addr + offset,
//!   value)`: the old value, the memory updated) and `atomic_cmpxchg`
//!   (`dst = f(memory, addr + offset, expected, replacement)`).
//!   The SIMD families (`v128_const`, `v128_unary`, `v128_binary`,
//!   `v128_ternary`, `v128_shift`, `v128_shuffle`, `v128_splat`,
//!   `v128_extract`, `v128_replace`, `v128_test`, `v128_load`,
//!   `v128_store`, `v128_load_lane`, `v128_store_lane`,
//!   `v128_global_get`, `v128_global_set`, and the general forms of the
//!   loads and stores, `v128_load_mem`, `v128_store_mem`,
//!   `v128_load_lane_mem`, `v128_store_lane_mem`, `of` the fast op, as
//!   `load_mem` and `store_mem` below) are generated from `exec::simd`
//!   (see their block at the end of the list).
//!   `load_mem` and `store_mem` are the general forms of `load` and
//!   `store` (`of Base` names the fast form): an access to memory
//!   `memory` of the instance, any index, 32- or 64-bit, at `addr +
//!   offset` computed in 64 bits (a 64-bit memory's address is the whole
//!   i64, a 32-bit memory's the i32 zero-extended; the offset is a `U64`
//!   field, in the op itself rather than in a side table, so the op stays
//!   self-contained; a sum past 2^64 traps, as does any byte past the
//!   memory's end: `exec::memory::Wide`). The translator emits the fast
//!   `load`/`store` forms, which read memory 0 through the executor's
//!   cached `Mem` and take a u32 offset, for memory 0 when it is 32-bit,
//!   and these for every other access, which look their memory up in the
//!   store.
//! - **`of Base`**: the op a fused or immediate op stands for (an immediate
//!   op is `Base` with its right operand a constant; a compare-and-branch is
//!   the comparison `Base` fused with the branch that consumes it; a
//!   `load_add` is the load `Base` of an address computed by `i32.add`; a
//!   `load_idx_imm` or `load_add_idx` is the `load_add_imm` or `load_add`
//!   `Base` with one summand an `i32.shl` by the access's scale; a
//!   `load_abs` is the load `Base` of a constant address).
//! - **`not Negation`**: the compare-and-branch that jumps when this one
//!   does not.
//! - **Gate**: the WebAssembly feature whose instruction the op implements
//!   (`core` for MVP instructions and Mote's own fused ops).
//!
//! The first word of an encoded op is its `OpCode`, the op's position in
//! this list; the list only grows at the end of a family's run in a new
//! `ir::VERSION`.

/// Calls `$m!` with every op of the instruction set.
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            /// Traps with `unreachable`.
            Unreachable() = control unreachable [core];
            /// Charges `amount` fuel; stops if the store has none left.
            ConsumeFuel(amount: U32) = control consume_fuel [core];
            /// Zeroes slots `first..first + count`: a function's declared
            /// locals, at its start (after its fuel charge).
            ZeroLocals(first: Slot, count: U32) = control zero_locals [core];
            /// Jumps to `target`.
            Br(target: Target) = control br [core];
            /// Jumps to `target` if `cond` (an i32) is not zero.
            BrIfNez(cond: Slot, target: Target) = control br_if_nez [core];
            /// Jumps to `target` if `cond` (an i32) is zero.
            BrIfEqz(cond: Slot, target: Target) = control br_if_eqz [core];
            /// `dst += imm` (an i32), then jumps to `target` if `dst` is not
            /// zero: a loop counter counted down to zero, in one op.
            I32AddImmBrIfNez(dst: Slot, imm: I32, target: Target) = control i32_add_imm_br_if_nez [core];
            /// Takes the branch of entry `min(index, len)` of the `len + 1`
            /// `Br` ops that follow.
            BrTable(index: Slot, len: U32) = control br_table [core];
            /// Returns the `count` values at `values..` to the caller.
            Return(values: Slot, count: U32) = control ret [core];
            /// Returns the one value at `value` to the caller.
            ReturnValue(value: Slot) = control ret_value [core];
            /// Returns to the caller, with no values.
            ReturnVoid() = control ret_void [core];
            /// Calls defined function `func` of this module; its frame starts
            /// at `args`, where the arguments are.
            Call(func: U32, args: Slot) = control call [core];
            /// Calls imported function `func` of this instance.
            CallImport(func: U32, args: Slot) = control call_import [core];
            /// Calls through table `table`; the arguments are at `args..` and
            /// the element index right after them.
            CallIndirect(type_index: U32, table: U32, args: Slot) = control call_indirect [core];
            /// Tail call of a defined function.
            ReturnCall(func: U32, args: Slot) = control return_call [tail_call];
            /// Tail call of an imported function.
            ReturnCallImport(func: U32, args: Slot) = control return_call_import [tail_call];
            /// Tail call through a table.
            ReturnCallIndirect(type_index: U32, table: U32, args: Slot) = control return_call_indirect [tail_call];
            /// `dst = if cond { a } else { b }` (`cond` an i32).
            Select(dst: Slot, a: Slot, b: Slot, cond: Slot) = select select [core];
            /// `dst = src`.
            Copy(dst: Slot, src: Slot) = control copy [core];
            /// `dst0 = src0`, then `dst1 = src1`.
            Copy2(dst0: Slot, src0: Slot, dst1: Slot, src1: Slot) = control copy2 [core];
            /// `dst = value`, a 32-bit pattern zero-extended.
            Const32(dst: Slot, value: I32) = control const32 [core];
            /// `dst = value`.
            Const64(dst: Slot, value: U64) = control const64 [core];
            /// Reads global `global` of this instance.
            GlobalGet(dst: Slot, global: U32) = control global_get [core];
            /// Writes global `global` of this instance.
            GlobalSet(global: U32, src: Slot) = control global_set [core];
            /// A reference to function `func` of this instance.
            RefFunc(dst: Slot, func: U32) = control ref_func [reference_types];
            /// Memory 0's size in pages.
            MemorySize(dst: Slot) = control memory_size [core];
            /// Grows memory 0 by `delta` pages; the old size or -1.
            MemoryGrow(dst: Slot, delta: Slot) = control memory_grow [core];
            /// `memory.copy` with `dst, src, len` at `args..`.
            MemoryCopy(args: Slot) = control memory_copy [bulk_memory];
            /// `memory.fill` with `dst, value, len` at `args..`.
            MemoryFill(args: Slot) = control memory_fill [bulk_memory];
            /// `memory.init` of data segment `segment` with `dst, src, len` at `args..`.
            MemoryInit(segment: U32, args: Slot) = control memory_init [bulk_memory];
            /// `data.drop`.
            DataDrop(segment: U32) = control data_drop [bulk_memory];
            /// Memory `memory`'s size in pages (any memory but a 32-bit
            /// memory 0, whose ops are the ones above).
            MemorySizeMem(dst: Slot, memory: U32) = control memory_size_mem [multi_memory];
            /// Grows memory `memory` by `delta` pages; the old size or -1
            /// (an i64 for a 64-bit memory).
            MemoryGrowMem(dst: Slot, delta: Slot, memory: U32) = control memory_grow_mem [multi_memory];
            /// `memory.copy` from `src_memory` to `dst_memory`, with
            /// `dst, src, len` at `args..` (each of its memory's address
            /// type; `len` an i64 only if both memories are 64-bit).
            MemoryCopyMem(dst_memory: U32, src_memory: U32, args: Slot) = control memory_copy_mem [multi_memory];
            /// `memory.fill` of memory `memory`.
            MemoryFillMem(memory: U32, args: Slot) = control memory_fill_mem [multi_memory];
            /// `memory.init` of memory `memory` from data segment `segment`.
            MemoryInitMem(memory: U32, segment: U32, args: Slot) = control memory_init_mem [multi_memory];
            /// `table.get`.
            TableGet(dst: Slot, table: U32, index: Slot) = control table_get [reference_types];
            /// `table.set` with `index, value` at `args..`.
            TableSet(table: U32, args: Slot) = control table_set [reference_types];
            /// `table.size`.
            TableSize(dst: Slot, table: U32) = control table_size [reference_types];
            /// `table.grow` with `init, delta` at `args..`; the result in `args`.
            TableGrow(table: U32, args: Slot) = control table_grow [reference_types];
            /// `table.fill` with `index, value, len` at `args..`.
            TableFill(table: U32, args: Slot) = control table_fill [reference_types];
            /// `table.copy` with `dst, src, len` at `args..`.
            TableCopy(dst_table: U32, src_table: U32, args: Slot) = control table_copy [bulk_memory];
            /// `table.init` with `dst, src, len` at `args..`.
            TableInit(table: U32, segment: U32, args: Slot) = control table_init [bulk_memory];
            /// `elem.drop`.
            ElemDrop(segment: U32) = control elem_drop [bulk_memory];
            /// Throws a new exception of tag `tag` (an index of this
            /// instance's tags) with its payload at `args..`.
            Throw(tag: U32, args: Slot) = control throw [exceptions];
            /// Throws again the exception `exn` refers to; traps if it is
            /// null. (Also the legacy `rethrow`, of the exception its
            /// `catch` arm keeps in a slot.)
            ThrowRef(exn: Slot) = control throw_ref [exceptions];
            /// Calls the function `callee` refers to, of type `type_index`,
            /// its arguments at `args..` (`callee` right after them); traps
            /// if it is null, or if it is not a function of that type
            /// (which only an image's untyped slots can give).
            CallRef(type_index: U32, args: Slot, callee: Slot) = control call_ref [function_references];
            /// Tail call of the function `callee` refers to.
            ReturnCallRef(type_index: U32, args: Slot, callee: Slot) = control return_call_ref [function_references];
            /// Jumps to `target` if the reference `value` is null.
            BrOnNull(value: Slot, target: Target) = control br_on_null [function_references];
            /// Jumps to `target` if the reference `value` is not null.
            BrOnNonNull(value: Slot, target: Target) = control br_on_non_null [function_references];
            /// `dst += imm` (an i32), then jumps to `target` if `dst` is not
            /// `limit`: a loop counter counted up to a constant bound
            /// (`i != n`), in one op.
            I32AddImmBrIfNeImm(dst: Slot, imm: I32, limit: I32, target: Target) = control i32_add_imm_br_if_ne_imm [core];
            /// `dst0 += imm0`, then `dst1 += imm1` (i32s): two adjacent
            /// in-place `I32AddImm`s in one dispatch (loop counters and
            /// pointers stepped together).
            I32AddImm2(dst0: Slot, imm0: I32, dst1: Slot, imm1: I32) = control i32_add_imm2 [core];
            /// `to = from`, then `Call`: a call whose last argument copy
            /// (a local passed on) is done by the call op itself.
            CopyCall(func: U32, args: Slot, to: Slot, from: Slot) = control copy_call [core];
            /// `dst = cond & imm != 0 ? a : b` (the whole slot, any type):
            /// a `select` on a bit test (`x & 1 ? odd : even`).
            SelectAndImm(dst: Slot, a: Slot, b: Slot, cond: Slot, imm: I32) = select_and select_and_imm [core];

            I32Eqz(dst: Slot, src: Slot) = unary i32_eqz [core];
            I64Eqz(dst: Slot, src: Slot) = unary i64_eqz [core];
            I32Clz(dst: Slot, src: Slot) = unary i32_clz [core];
            I32Ctz(dst: Slot, src: Slot) = unary i32_ctz [core];
            I32Popcnt(dst: Slot, src: Slot) = unary i32_popcnt [core];
            I64Clz(dst: Slot, src: Slot) = unary i64_clz [core];
            I64Ctz(dst: Slot, src: Slot) = unary i64_ctz [core];
            I64Popcnt(dst: Slot, src: Slot) = unary i64_popcnt [core];
            F32Abs(dst: Slot, src: Slot) = unary f32_abs [core];
            F32Neg(dst: Slot, src: Slot) = unary f32_neg [core];
            F32Ceil(dst: Slot, src: Slot) = unary f32_ceil [core];
            F32Floor(dst: Slot, src: Slot) = unary f32_floor [core];
            F32Trunc(dst: Slot, src: Slot) = unary f32_trunc [core];
            F32Nearest(dst: Slot, src: Slot) = unary f32_nearest [core];
            F32Sqrt(dst: Slot, src: Slot) = unary f32_sqrt [core];
            F64Abs(dst: Slot, src: Slot) = unary f64_abs [core];
            F64Neg(dst: Slot, src: Slot) = unary f64_neg [core];
            F64Ceil(dst: Slot, src: Slot) = unary f64_ceil [core];
            F64Floor(dst: Slot, src: Slot) = unary f64_floor [core];
            F64Trunc(dst: Slot, src: Slot) = unary f64_trunc [core];
            F64Nearest(dst: Slot, src: Slot) = unary f64_nearest [core];
            F64Sqrt(dst: Slot, src: Slot) = unary f64_sqrt [core];
            I32WrapI64(dst: Slot, src: Slot) = unary i32_wrap_i64 [core];
            I64ExtendI32S(dst: Slot, src: Slot) = unary i64_extend_i32_s [core];
            I64ExtendI32U(dst: Slot, src: Slot) = unary i64_extend_i32_u [core];
            I32TruncSatF32S(dst: Slot, src: Slot) = unary i32_trunc_sat_f32_s [saturating_float_to_int];
            I32TruncSatF32U(dst: Slot, src: Slot) = unary i32_trunc_sat_f32_u [saturating_float_to_int];
            I32TruncSatF64S(dst: Slot, src: Slot) = unary i32_trunc_sat_f64_s [saturating_float_to_int];
            I32TruncSatF64U(dst: Slot, src: Slot) = unary i32_trunc_sat_f64_u [saturating_float_to_int];
            I64TruncSatF32S(dst: Slot, src: Slot) = unary i64_trunc_sat_f32_s [saturating_float_to_int];
            I64TruncSatF32U(dst: Slot, src: Slot) = unary i64_trunc_sat_f32_u [saturating_float_to_int];
            I64TruncSatF64S(dst: Slot, src: Slot) = unary i64_trunc_sat_f64_s [saturating_float_to_int];
            I64TruncSatF64U(dst: Slot, src: Slot) = unary i64_trunc_sat_f64_u [saturating_float_to_int];
            F32ConvertI32S(dst: Slot, src: Slot) = unary f32_convert_i32_s [core];
            F32ConvertI32U(dst: Slot, src: Slot) = unary f32_convert_i32_u [core];
            F32ConvertI64S(dst: Slot, src: Slot) = unary f32_convert_i64_s [core];
            F32ConvertI64U(dst: Slot, src: Slot) = unary f32_convert_i64_u [core];
            F64ConvertI32S(dst: Slot, src: Slot) = unary f64_convert_i32_s [core];
            F64ConvertI32U(dst: Slot, src: Slot) = unary f64_convert_i32_u [core];
            F64ConvertI64S(dst: Slot, src: Slot) = unary f64_convert_i64_s [core];
            F64ConvertI64U(dst: Slot, src: Slot) = unary f64_convert_i64_u [core];
            F32DemoteF64(dst: Slot, src: Slot) = unary f32_demote_f64 [core];
            F64PromoteF32(dst: Slot, src: Slot) = unary f64_promote_f32 [core];
            I32Extend8S(dst: Slot, src: Slot) = unary i32_extend8_s [sign_extension];
            I32Extend16S(dst: Slot, src: Slot) = unary i32_extend16_s [sign_extension];
            I64Extend8S(dst: Slot, src: Slot) = unary i64_extend8_s [sign_extension];
            I64Extend16S(dst: Slot, src: Slot) = unary i64_extend16_s [sign_extension];
            I64Extend32S(dst: Slot, src: Slot) = unary i64_extend32_s [sign_extension];
            RefIsNull(dst: Slot, src: Slot) = unary ref_is_null [reference_types];

            I32TruncF32S(dst: Slot, src: Slot) = unary_trap i32_trunc_f32_s [core];
            I32TruncF32U(dst: Slot, src: Slot) = unary_trap i32_trunc_f32_u [core];
            I32TruncF64S(dst: Slot, src: Slot) = unary_trap i32_trunc_f64_s [core];
            I32TruncF64U(dst: Slot, src: Slot) = unary_trap i32_trunc_f64_u [core];
            I64TruncF32S(dst: Slot, src: Slot) = unary_trap i64_trunc_f32_s [core];
            I64TruncF32U(dst: Slot, src: Slot) = unary_trap i64_trunc_f32_u [core];
            I64TruncF64S(dst: Slot, src: Slot) = unary_trap i64_trunc_f64_s [core];
            I64TruncF64U(dst: Slot, src: Slot) = unary_trap i64_trunc_f64_u [core];
            RefAsNonNull(dst: Slot, src: Slot) = unary_trap ref_as_non_null [function_references];

            I32Eq(dst: Slot, a: Slot, b: Slot) = binary i32_eq [core];
            I32Ne(dst: Slot, a: Slot, b: Slot) = binary i32_ne [core];
            I32LtS(dst: Slot, a: Slot, b: Slot) = binary i32_lt_s [core];
            I32LtU(dst: Slot, a: Slot, b: Slot) = binary i32_lt_u [core];
            I32GtS(dst: Slot, a: Slot, b: Slot) = binary i32_gt_s [core];
            I32GtU(dst: Slot, a: Slot, b: Slot) = binary i32_gt_u [core];
            I32LeS(dst: Slot, a: Slot, b: Slot) = binary i32_le_s [core];
            I32LeU(dst: Slot, a: Slot, b: Slot) = binary i32_le_u [core];
            I32GeS(dst: Slot, a: Slot, b: Slot) = binary i32_ge_s [core];
            I32GeU(dst: Slot, a: Slot, b: Slot) = binary i32_ge_u [core];
            I64Eq(dst: Slot, a: Slot, b: Slot) = binary i64_eq [core];
            I64Ne(dst: Slot, a: Slot, b: Slot) = binary i64_ne [core];
            I64LtS(dst: Slot, a: Slot, b: Slot) = binary i64_lt_s [core];
            I64LtU(dst: Slot, a: Slot, b: Slot) = binary i64_lt_u [core];
            I64GtS(dst: Slot, a: Slot, b: Slot) = binary i64_gt_s [core];
            I64GtU(dst: Slot, a: Slot, b: Slot) = binary i64_gt_u [core];
            I64LeS(dst: Slot, a: Slot, b: Slot) = binary i64_le_s [core];
            I64LeU(dst: Slot, a: Slot, b: Slot) = binary i64_le_u [core];
            I64GeS(dst: Slot, a: Slot, b: Slot) = binary i64_ge_s [core];
            I64GeU(dst: Slot, a: Slot, b: Slot) = binary i64_ge_u [core];
            F32Eq(dst: Slot, a: Slot, b: Slot) = binary f32_eq [core];
            F32Ne(dst: Slot, a: Slot, b: Slot) = binary f32_ne [core];
            F32Lt(dst: Slot, a: Slot, b: Slot) = binary f32_lt [core];
            F32Gt(dst: Slot, a: Slot, b: Slot) = binary f32_gt [core];
            F32Le(dst: Slot, a: Slot, b: Slot) = binary f32_le [core];
            F32Ge(dst: Slot, a: Slot, b: Slot) = binary f32_ge [core];
            F64Eq(dst: Slot, a: Slot, b: Slot) = binary f64_eq [core];
            F64Ne(dst: Slot, a: Slot, b: Slot) = binary f64_ne [core];
            F64Lt(dst: Slot, a: Slot, b: Slot) = binary f64_lt [core];
            F64Gt(dst: Slot, a: Slot, b: Slot) = binary f64_gt [core];
            F64Le(dst: Slot, a: Slot, b: Slot) = binary f64_le [core];
            F64Ge(dst: Slot, a: Slot, b: Slot) = binary f64_ge [core];
            I32Add(dst: Slot, a: Slot, b: Slot) = binary i32_add [core];
            I32Sub(dst: Slot, a: Slot, b: Slot) = binary i32_sub [core];
            I32Mul(dst: Slot, a: Slot, b: Slot) = binary i32_mul [core];
            I32And(dst: Slot, a: Slot, b: Slot) = binary i32_and [core];
            I32Or(dst: Slot, a: Slot, b: Slot) = binary i32_or [core];
            I32Xor(dst: Slot, a: Slot, b: Slot) = binary i32_xor [core];
            I32Shl(dst: Slot, a: Slot, b: Slot) = binary i32_shl [core];
            I32ShrS(dst: Slot, a: Slot, b: Slot) = binary i32_shr_s [core];
            I32ShrU(dst: Slot, a: Slot, b: Slot) = binary i32_shr_u [core];
            I32Rotl(dst: Slot, a: Slot, b: Slot) = binary i32_rotl [core];
            I32Rotr(dst: Slot, a: Slot, b: Slot) = binary i32_rotr [core];
            I64Add(dst: Slot, a: Slot, b: Slot) = binary i64_add [core];
            I64Sub(dst: Slot, a: Slot, b: Slot) = binary i64_sub [core];
            I64Mul(dst: Slot, a: Slot, b: Slot) = binary i64_mul [core];
            I64And(dst: Slot, a: Slot, b: Slot) = binary i64_and [core];
            I64Or(dst: Slot, a: Slot, b: Slot) = binary i64_or [core];
            I64Xor(dst: Slot, a: Slot, b: Slot) = binary i64_xor [core];
            I64Shl(dst: Slot, a: Slot, b: Slot) = binary i64_shl [core];
            I64ShrS(dst: Slot, a: Slot, b: Slot) = binary i64_shr_s [core];
            I64ShrU(dst: Slot, a: Slot, b: Slot) = binary i64_shr_u [core];
            I64Rotl(dst: Slot, a: Slot, b: Slot) = binary i64_rotl [core];
            I64Rotr(dst: Slot, a: Slot, b: Slot) = binary i64_rotr [core];
            F32Add(dst: Slot, a: Slot, b: Slot) = binary f32_add [core];
            F32Sub(dst: Slot, a: Slot, b: Slot) = binary f32_sub [core];
            F32Mul(dst: Slot, a: Slot, b: Slot) = binary f32_mul [core];
            F32Div(dst: Slot, a: Slot, b: Slot) = binary f32_div [core];
            F32Min(dst: Slot, a: Slot, b: Slot) = binary f32_min [core];
            F32Max(dst: Slot, a: Slot, b: Slot) = binary f32_max [core];
            F32Copysign(dst: Slot, a: Slot, b: Slot) = binary f32_copysign [core];
            F64Add(dst: Slot, a: Slot, b: Slot) = binary f64_add [core];
            F64Sub(dst: Slot, a: Slot, b: Slot) = binary f64_sub [core];
            F64Mul(dst: Slot, a: Slot, b: Slot) = binary f64_mul [core];
            F64Div(dst: Slot, a: Slot, b: Slot) = binary f64_div [core];
            F64Min(dst: Slot, a: Slot, b: Slot) = binary f64_min [core];
            F64Max(dst: Slot, a: Slot, b: Slot) = binary f64_max [core];
            F64Copysign(dst: Slot, a: Slot, b: Slot) = binary f64_copysign [core];

            I32DivS(dst: Slot, a: Slot, b: Slot) = binary_trap i32_div_s [core];
            I32DivU(dst: Slot, a: Slot, b: Slot) = binary_trap i32_div_u [core];
            I32RemS(dst: Slot, a: Slot, b: Slot) = binary_trap i32_rem_s [core];
            I32RemU(dst: Slot, a: Slot, b: Slot) = binary_trap i32_rem_u [core];
            I64DivS(dst: Slot, a: Slot, b: Slot) = binary_trap i64_div_s [core];
            I64DivU(dst: Slot, a: Slot, b: Slot) = binary_trap i64_div_u [core];
            I64RemS(dst: Slot, a: Slot, b: Slot) = binary_trap i64_rem_s [core];
            I64RemU(dst: Slot, a: Slot, b: Slot) = binary_trap i64_rem_u [core];

            I32AddImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_add of I32Add [core];
            I32MulImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_mul of I32Mul [core];
            I32AndImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_and of I32And [core];
            I32OrImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_or of I32Or [core];
            I32XorImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_xor of I32Xor [core];
            I32ShlImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_shl of I32Shl [core];
            I32ShrSImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_shr_s of I32ShrS [core];
            I32ShrUImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_shr_u of I32ShrU [core];
            I32RotlImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_rotl of I32Rotl [core];
            I32RotrImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_rotr of I32Rotr [core];
            I32EqImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_eq of I32Eq [core];
            I32NeImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_ne of I32Ne [core];
            I32LtSImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_lt_s of I32LtS [core];
            I32LtUImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_lt_u of I32LtU [core];
            I32GtSImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_gt_s of I32GtS [core];
            I32GtUImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_gt_u of I32GtU [core];
            I32LeSImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_le_s of I32LeS [core];
            I32LeUImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_le_u of I32LeU [core];
            I32GeSImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_ge_s of I32GeS [core];
            I32GeUImm(dst: Slot, a: Slot, imm: I32) = binary_imm i32_ge_u of I32GeU [core];
            I64AddImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_add of I64Add [core];
            I64MulImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_mul of I64Mul [core];
            I64AndImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_and of I64And [core];
            I64OrImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_or of I64Or [core];
            I64XorImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_xor of I64Xor [core];
            I64ShlImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_shl of I64Shl [core];
            I64ShrSImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_shr_s of I64ShrS [core];
            I64ShrUImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_shr_u of I64ShrU [core];
            I64RotlImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_rotl of I64Rotl [core];
            I64RotrImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_rotr of I64Rotr [core];
            I64EqImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_eq of I64Eq [core];
            I64NeImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_ne of I64Ne [core];
            I64LtSImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_lt_s of I64LtS [core];
            I64LtUImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_lt_u of I64LtU [core];
            I64GtSImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_gt_s of I64GtS [core];
            I64GtUImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_gt_u of I64GtU [core];
            I64LeSImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_le_s of I64LeS [core];
            I64LeUImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_le_u of I64LeU [core];
            I64GeSImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_ge_s of I64GeS [core];
            I64GeUImm(dst: Slot, a: Slot, imm: S32) = binary_imm i64_ge_u of I64GeU [core];

            BrIfI32Eq(a: Slot, b: Slot, target: Target) = branch_cmp i32_eq of I32Eq not BrIfI32Ne [core];
            BrIfI32Ne(a: Slot, b: Slot, target: Target) = branch_cmp i32_ne of I32Ne not BrIfI32Eq [core];
            BrIfI32LtS(a: Slot, b: Slot, target: Target) = branch_cmp i32_lt_s of I32LtS not BrIfI32GeS [core];
            BrIfI32LtU(a: Slot, b: Slot, target: Target) = branch_cmp i32_lt_u of I32LtU not BrIfI32GeU [core];
            BrIfI32GtS(a: Slot, b: Slot, target: Target) = branch_cmp i32_gt_s of I32GtS not BrIfI32LeS [core];
            BrIfI32GtU(a: Slot, b: Slot, target: Target) = branch_cmp i32_gt_u of I32GtU not BrIfI32LeU [core];
            BrIfI32LeS(a: Slot, b: Slot, target: Target) = branch_cmp i32_le_s of I32LeS not BrIfI32GtS [core];
            BrIfI32LeU(a: Slot, b: Slot, target: Target) = branch_cmp i32_le_u of I32LeU not BrIfI32GtU [core];
            BrIfI32GeS(a: Slot, b: Slot, target: Target) = branch_cmp i32_ge_s of I32GeS not BrIfI32LtS [core];
            BrIfI32GeU(a: Slot, b: Slot, target: Target) = branch_cmp i32_ge_u of I32GeU not BrIfI32LtU [core];
            BrIfI64Eq(a: Slot, b: Slot, target: Target) = branch_cmp i64_eq of I64Eq not BrIfI64Ne [core];
            BrIfI64Ne(a: Slot, b: Slot, target: Target) = branch_cmp i64_ne of I64Ne not BrIfI64Eq [core];
            BrIfI64LtS(a: Slot, b: Slot, target: Target) = branch_cmp i64_lt_s of I64LtS not BrIfI64GeS [core];
            BrIfI64LtU(a: Slot, b: Slot, target: Target) = branch_cmp i64_lt_u of I64LtU not BrIfI64GeU [core];
            BrIfI64GtS(a: Slot, b: Slot, target: Target) = branch_cmp i64_gt_s of I64GtS not BrIfI64LeS [core];
            BrIfI64GtU(a: Slot, b: Slot, target: Target) = branch_cmp i64_gt_u of I64GtU not BrIfI64LeU [core];
            BrIfI64LeS(a: Slot, b: Slot, target: Target) = branch_cmp i64_le_s of I64LeS not BrIfI64GtS [core];
            BrIfI64LeU(a: Slot, b: Slot, target: Target) = branch_cmp i64_le_u of I64LeU not BrIfI64GtU [core];
            BrIfI64GeS(a: Slot, b: Slot, target: Target) = branch_cmp i64_ge_s of I64GeS not BrIfI64LtS [core];
            BrIfI64GeU(a: Slot, b: Slot, target: Target) = branch_cmp i64_ge_u of I64GeU not BrIfI64LtU [core];
            /// A bit test: jumps if `a & b` is not zero (`br_if` of an
            /// `i32.and`, a flag test of C).
            BrIfI32And(a: Slot, b: Slot, target: Target) = branch_cmp i32_and of I32And not BrIfI32AndEqz [core];
            /// Jumps if `a & b` is zero. Its `of` names `I32And` too, so
            /// it is only ever made as `BrIfI32And`'s negation.
            BrIfI32AndEqz(a: Slot, b: Slot, target: Target) = branch_cmp i32_and_eqz of I32And not BrIfI32And [core];

            BrIfI32EqImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_eq of BrIfI32Eq not BrIfI32NeImm [core];
            BrIfI32NeImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_ne of BrIfI32Ne not BrIfI32EqImm [core];
            BrIfI32LtSImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_lt_s of BrIfI32LtS not BrIfI32GeSImm [core];
            BrIfI32LtUImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_lt_u of BrIfI32LtU not BrIfI32GeUImm [core];
            BrIfI32GtSImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_gt_s of BrIfI32GtS not BrIfI32LeSImm [core];
            BrIfI32GtUImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_gt_u of BrIfI32GtU not BrIfI32LeUImm [core];
            BrIfI32LeSImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_le_s of BrIfI32LeS not BrIfI32GtSImm [core];
            BrIfI32LeUImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_le_u of BrIfI32LeU not BrIfI32GtUImm [core];
            BrIfI32GeSImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_ge_s of BrIfI32GeS not BrIfI32LtSImm [core];
            BrIfI32GeUImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_ge_u of BrIfI32GeU not BrIfI32LtUImm [core];
            BrIfI64EqImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_eq of BrIfI64Eq not BrIfI64NeImm [core];
            BrIfI64NeImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_ne of BrIfI64Ne not BrIfI64EqImm [core];
            BrIfI64LtSImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_lt_s of BrIfI64LtS not BrIfI64GeSImm [core];
            BrIfI64LtUImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_lt_u of BrIfI64LtU not BrIfI64GeUImm [core];
            BrIfI64GtSImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_gt_s of BrIfI64GtS not BrIfI64LeSImm [core];
            BrIfI64GtUImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_gt_u of BrIfI64GtU not BrIfI64LeUImm [core];
            BrIfI64LeSImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_le_s of BrIfI64LeS not BrIfI64GtSImm [core];
            BrIfI64LeUImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_le_u of BrIfI64LeU not BrIfI64GtUImm [core];
            BrIfI64GeSImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_ge_s of BrIfI64GeS not BrIfI64LtSImm [core];
            BrIfI64GeUImm(a: Slot, imm: S32, target: Target) = branch_cmp_imm i64_ge_u of BrIfI64GeU not BrIfI64LtUImm [core];
            BrIfI32AndImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_and of BrIfI32And not BrIfI32AndEqzImm [core];
            BrIfI32AndEqzImm(a: Slot, imm: I32, target: Target) = branch_cmp_imm i32_and_eqz of BrIfI32AndEqz not BrIfI32AndImm [core];

            I32MulAdd(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs i32_mul_add of I32Add(I32Mul) [core];
            I64MulAdd(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs i64_mul_add of I64Add(I64Mul) [core];
            F32MulAdd(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs f32_mul_add of F32Add(F32Mul) [core];
            F32MulSub(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs f32_mul_sub of F32Sub(F32Mul) [core];
            F64MulAdd(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs f64_mul_add of F64Add(F64Mul) [core];
            F64MulSub(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_rhs f64_mul_sub of F64Sub(F64Mul) [core];

            /// `a ^ (b << imm)` and `a ^ (b >> imm)`: a xorshift step.
            I32ShlXor(dst: Slot, a: Slot, b: Slot, imm: I32) = fused_rhs_imm i32_shl_xor of I32Xor(I32ShlImm) [core];
            I32ShrUXor(dst: Slot, a: Slot, b: Slot, imm: I32) = fused_rhs_imm i32_shr_u_xor of I32Xor(I32ShrUImm) [core];
            /// `a + (b + imm)`: an address two steps from two values (a
            /// field of an array element, a frame's local array indexed).
            I32AddAdd(dst: Slot, a: Slot, b: Slot, imm: I32) = fused_rhs_imm i32_add_add of I32Add(I32AddImm) [core];

            /// `(a * b) * c`, two roundings as the two wasm instructions make.
            F32MulMul(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_lhs f32_mul_mul of F32Mul(F32Mul) [core];
            F64MulMul(dst: Slot, a: Slot, b: Slot, c: Slot) = fused_lhs f64_mul_mul of F64Mul(F64Mul) [core];

            /// `(a * imm) + imm2`: a linear step (`3n + 1`, a linear
            /// congruential generator, a hash round).
            I32MulAddImm(dst: Slot, a: Slot, imm: I32, imm2: I32) = fused_imm i32_mul_add_imm of I32AddImm(I32MulImm) [core];
            I64MulAddImm(dst: Slot, a: Slot, imm: S32, imm2: S32) = fused_imm i64_mul_add_imm of I64AddImm(I64MulImm) [core];
            /// `(a + imm) >> imm2`: a rounded division by a power of two.
            I32AddShrUImm(dst: Slot, a: Slot, imm: I32, imm2: I32) = fused_imm i32_add_shr_u_imm of I32ShrUImm(I32AddImm) [core];
            /// `(a >> imm) & imm2`: a bit field.
            I32ShrUAndImm(dst: Slot, a: Slot, imm: I32, imm2: I32) = fused_imm i32_shr_u_and_imm of I32AndImm(I32ShrUImm) [core];
            /// `(a + imm) & imm2`: a character class, an aligned size.
            I32AddAndImm(dst: Slot, a: Slot, imm: I32, imm2: I32) = fused_imm i32_add_and_imm of I32AndImm(I32AddImm) [core];

            I32Load(dst: Slot, addr: Slot, offset: U32) = load i32_load [core];
            I64Load(dst: Slot, addr: Slot, offset: U32) = load i64_load [core];
            F32Load(dst: Slot, addr: Slot, offset: U32) = load f32_load [core];
            F64Load(dst: Slot, addr: Slot, offset: U32) = load f64_load [core];
            I32Load8S(dst: Slot, addr: Slot, offset: U32) = load i32_load8_s [core];
            I32Load8U(dst: Slot, addr: Slot, offset: U32) = load i32_load8_u [core];
            I32Load16S(dst: Slot, addr: Slot, offset: U32) = load i32_load16_s [core];
            I32Load16U(dst: Slot, addr: Slot, offset: U32) = load i32_load16_u [core];
            I64Load8S(dst: Slot, addr: Slot, offset: U32) = load i64_load8_s [core];
            I64Load8U(dst: Slot, addr: Slot, offset: U32) = load i64_load8_u [core];
            I64Load16S(dst: Slot, addr: Slot, offset: U32) = load i64_load16_s [core];
            I64Load16U(dst: Slot, addr: Slot, offset: U32) = load i64_load16_u [core];
            I64Load32S(dst: Slot, addr: Slot, offset: U32) = load i64_load32_s [core];
            I64Load32U(dst: Slot, addr: Slot, offset: U32) = load i64_load32_u [core];

            I32LoadAdd(dst: Slot, a: Slot, b: Slot) = load_add i32_load of I32Load [core];
            I64LoadAdd(dst: Slot, a: Slot, b: Slot) = load_add i64_load of I64Load [core];
            F32LoadAdd(dst: Slot, a: Slot, b: Slot) = load_add f32_load of F32Load [core];
            F64LoadAdd(dst: Slot, a: Slot, b: Slot) = load_add f64_load of F64Load [core];
            I32Load8SAdd(dst: Slot, a: Slot, b: Slot) = load_add i32_load8_s of I32Load8S [core];
            I32Load8UAdd(dst: Slot, a: Slot, b: Slot) = load_add i32_load8_u of I32Load8U [core];
            I32Load16SAdd(dst: Slot, a: Slot, b: Slot) = load_add i32_load16_s of I32Load16S [core];
            I32Load16UAdd(dst: Slot, a: Slot, b: Slot) = load_add i32_load16_u of I32Load16U [core];

            I32LoadAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm i32_load of I32Load [core];
            I64LoadAddImm(dst: Slot, a: Slot, imm: S32) = load_add_imm i64_load of I64Load [core];
            F32LoadAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm f32_load of F32Load [core];
            F64LoadAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm f64_load of F64Load [core];
            I32Load8SAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm i32_load8_s of I32Load8S [core];
            I32Load8UAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm i32_load8_u of I32Load8U [core];
            I32Load16SAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm i32_load16_s of I32Load16S [core];
            I32Load16UAddImm(dst: Slot, a: Slot, imm: I32) = load_add_imm i32_load16_u of I32Load16U [core];

            I32LoadIdxImm(dst: Slot, a: Slot, imm: I32) = load_idx_imm i32_load of I32LoadAddImm [core];
            I64LoadIdxImm(dst: Slot, a: Slot, imm: I32) = load_idx_imm i64_load of I64LoadAddImm [core];
            F32LoadIdxImm(dst: Slot, a: Slot, imm: I32) = load_idx_imm f32_load of F32LoadAddImm [core];
            F64LoadIdxImm(dst: Slot, a: Slot, imm: I32) = load_idx_imm f64_load of F64LoadAddImm [core];

            I32LoadAddIdx(dst: Slot, a: Slot, b: Slot) = load_add_idx i32_load of I32LoadAdd [core];
            I64LoadAddIdx(dst: Slot, a: Slot, b: Slot) = load_add_idx i64_load of I64LoadAdd [core];
            F32LoadAddIdx(dst: Slot, a: Slot, b: Slot) = load_add_idx f32_load of F32LoadAdd [core];
            F64LoadAddIdx(dst: Slot, a: Slot, b: Slot) = load_add_idx f64_load of F64LoadAdd [core];

            I32LoadAbs(dst: Slot, addr: U32) = load_abs i32_load of I32Load [core];
            I64LoadAbs(dst: Slot, addr: U32) = load_abs i64_load of I64Load [core];
            F32LoadAbs(dst: Slot, addr: U32) = load_abs f32_load of F32Load [core];
            F64LoadAbs(dst: Slot, addr: U32) = load_abs f64_load of F64Load [core];

            I32Store(addr: Slot, value: Slot, offset: U32) = store i32_store [core];
            I64Store(addr: Slot, value: Slot, offset: U32) = store i64_store [core];
            F32Store(addr: Slot, value: Slot, offset: U32) = store f32_store [core];
            F64Store(addr: Slot, value: Slot, offset: U32) = store f64_store [core];
            I32Store8(addr: Slot, value: Slot, offset: U32) = store i32_store8 [core];
            I32Store16(addr: Slot, value: Slot, offset: U32) = store i32_store16 [core];
            I64Store8(addr: Slot, value: Slot, offset: U32) = store i64_store8 [core];
            I64Store16(addr: Slot, value: Slot, offset: U32) = store i64_store16 [core];
            I64Store32(addr: Slot, value: Slot, offset: U32) = store i64_store32 [core];

            I32LoadMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i32_load of I32Load [multi_memory];
            I64LoadMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load of I64Load [multi_memory];
            F32LoadMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem f32_load of F32Load [multi_memory];
            F64LoadMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem f64_load of F64Load [multi_memory];
            I32Load8SMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i32_load8_s of I32Load8S [multi_memory];
            I32Load8UMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i32_load8_u of I32Load8U [multi_memory];
            I32Load16SMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i32_load16_s of I32Load16S [multi_memory];
            I32Load16UMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i32_load16_u of I32Load16U [multi_memory];
            I64Load8SMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load8_s of I64Load8S [multi_memory];
            I64Load8UMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load8_u of I64Load8U [multi_memory];
            I64Load16SMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load16_s of I64Load16S [multi_memory];
            I64Load16UMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load16_u of I64Load16U [multi_memory];
            I64Load32SMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load32_s of I64Load32S [multi_memory];
            I64Load32UMem(dst: Slot, addr: Slot, memory: U32, offset: U64) = load_mem i64_load32_u of I64Load32U [multi_memory];

            I32StoreMem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i32_store of I32Store [multi_memory];
            I64StoreMem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i64_store of I64Store [multi_memory];
            F32StoreMem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem f32_store of F32Store [multi_memory];
            F64StoreMem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem f64_store of F64Store [multi_memory];
            I32Store8Mem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i32_store8 of I32Store8 [multi_memory];
            I32Store16Mem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i32_store16 of I32Store16 [multi_memory];
            I64Store8Mem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i64_store8 of I64Store8 [multi_memory];
            I64Store16Mem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i64_store16 of I64Store16 [multi_memory];
            I64Store32Mem(addr: Slot, value: Slot, memory: U32, offset: U64) = store_mem i64_store32 of I64Store32 [multi_memory];

            /// `memory.atomic.wait32`: 1 ("not-equal") if the i32 at
            /// `addr + offset` is not `expected`; else, with no other thread
            /// to notify it, 2 ("timed-out") for a finite `timeout`, a trap
            /// for an infinite (negative) one (`exec::atomic`).
            MemoryAtomicWait32(dst: Slot, addr: Slot, expected: Slot, timeout: Slot, offset: U32) = control memory_atomic_wait32 [threads];
            /// `memory.atomic.wait64`: the same for an i64.
            MemoryAtomicWait64(dst: Slot, addr: Slot, expected: Slot, timeout: Slot, offset: U32) = control memory_atomic_wait64 [threads];
            /// The general form of every atomic op but the stores: the
            /// access of op `op` (the `OpCode` of its fast form: a load,
            /// read-modify-write, cmpxchg, notify or wait) to memory
            /// `memory`, 32- or 64-bit, at `addr + offset` in 64 bits; `a`
            /// and `b` are its other operands (the value; `expected` and
            /// `replacement` or `timeout`), `addr` where it has none.
            AtomicMem(dst: Slot, addr: Slot, a: Slot, b: Slot, op: U32, memory: U32, offset: U64) = control atomic_mem [threads];
            /// The general form of the atomic stores.
            AtomicStoreMem(addr: Slot, value: Slot, op: U32, memory: U32, offset: U64) = control atomic_store_mem [threads];

            I32AtomicLoad(dst: Slot, addr: Slot, offset: U32) = atomic_load i32_atomic_load [threads];
            I64AtomicLoad(dst: Slot, addr: Slot, offset: U32) = atomic_load i64_atomic_load [threads];
            I32AtomicLoad8U(dst: Slot, addr: Slot, offset: U32) = atomic_load i32_atomic_load8_u [threads];
            I32AtomicLoad16U(dst: Slot, addr: Slot, offset: U32) = atomic_load i32_atomic_load16_u [threads];
            I64AtomicLoad8U(dst: Slot, addr: Slot, offset: U32) = atomic_load i64_atomic_load8_u [threads];
            I64AtomicLoad16U(dst: Slot, addr: Slot, offset: U32) = atomic_load i64_atomic_load16_u [threads];
            I64AtomicLoad32U(dst: Slot, addr: Slot, offset: U32) = atomic_load i64_atomic_load32_u [threads];

            I32AtomicStore(addr: Slot, value: Slot, offset: U32) = atomic_store i32_atomic_store [threads];
            I64AtomicStore(addr: Slot, value: Slot, offset: U32) = atomic_store i64_atomic_store [threads];
            I32AtomicStore8(addr: Slot, value: Slot, offset: U32) = atomic_store i32_atomic_store8 [threads];
            I32AtomicStore16(addr: Slot, value: Slot, offset: U32) = atomic_store i32_atomic_store16 [threads];
            I64AtomicStore8(addr: Slot, value: Slot, offset: U32) = atomic_store i64_atomic_store8 [threads];
            I64AtomicStore16(addr: Slot, value: Slot, offset: U32) = atomic_store i64_atomic_store16 [threads];
            I64AtomicStore32(addr: Slot, value: Slot, offset: U32) = atomic_store i64_atomic_store32 [threads];

            I32AtomicRmwAdd(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_add [threads];
            I64AtomicRmwAdd(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_add [threads];
            I32AtomicRmw8AddU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_add_u [threads];
            I32AtomicRmw16AddU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_add_u [threads];
            I64AtomicRmw8AddU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_add_u [threads];
            I64AtomicRmw16AddU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_add_u [threads];
            I64AtomicRmw32AddU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_add_u [threads];
            I32AtomicRmwSub(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_sub [threads];
            I64AtomicRmwSub(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_sub [threads];
            I32AtomicRmw8SubU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_sub_u [threads];
            I32AtomicRmw16SubU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_sub_u [threads];
            I64AtomicRmw8SubU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_sub_u [threads];
            I64AtomicRmw16SubU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_sub_u [threads];
            I64AtomicRmw32SubU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_sub_u [threads];
            I32AtomicRmwAnd(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_and [threads];
            I64AtomicRmwAnd(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_and [threads];
            I32AtomicRmw8AndU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_and_u [threads];
            I32AtomicRmw16AndU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_and_u [threads];
            I64AtomicRmw8AndU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_and_u [threads];
            I64AtomicRmw16AndU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_and_u [threads];
            I64AtomicRmw32AndU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_and_u [threads];
            I32AtomicRmwOr(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_or [threads];
            I64AtomicRmwOr(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_or [threads];
            I32AtomicRmw8OrU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_or_u [threads];
            I32AtomicRmw16OrU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_or_u [threads];
            I64AtomicRmw8OrU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_or_u [threads];
            I64AtomicRmw16OrU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_or_u [threads];
            I64AtomicRmw32OrU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_or_u [threads];
            I32AtomicRmwXor(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_xor [threads];
            I64AtomicRmwXor(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_xor [threads];
            I32AtomicRmw8XorU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_xor_u [threads];
            I32AtomicRmw16XorU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_xor_u [threads];
            I64AtomicRmw8XorU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_xor_u [threads];
            I64AtomicRmw16XorU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_xor_u [threads];
            I64AtomicRmw32XorU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_xor_u [threads];
            I32AtomicRmwXchg(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw_xchg [threads];
            I64AtomicRmwXchg(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw_xchg [threads];
            I32AtomicRmw8XchgU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw8_xchg_u [threads];
            I32AtomicRmw16XchgU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i32_atomic_rmw16_xchg_u [threads];
            I64AtomicRmw8XchgU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw8_xchg_u [threads];
            I64AtomicRmw16XchgU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw16_xchg_u [threads];
            I64AtomicRmw32XchgU(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw i64_atomic_rmw32_xchg_u [threads];
            /// `memory.atomic.notify`: wakes no one (no thread waits), 0.
            MemoryAtomicNotify(dst: Slot, addr: Slot, value: Slot, offset: U32) = atomic_rmw memory_atomic_notify [threads];

            I32AtomicRmwCmpxchg(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i32_atomic_rmw_cmpxchg [threads];
            I64AtomicRmwCmpxchg(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i64_atomic_rmw_cmpxchg [threads];
            I32AtomicRmw8CmpxchgU(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i32_atomic_rmw8_cmpxchg_u [threads];
            I32AtomicRmw16CmpxchgU(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i32_atomic_rmw16_cmpxchg_u [threads];
            I64AtomicRmw8CmpxchgU(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i64_atomic_rmw8_cmpxchg_u [threads];
            I64AtomicRmw16CmpxchgU(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i64_atomic_rmw16_cmpxchg_u [threads];
            I64AtomicRmw32CmpxchgU(dst: Slot, addr: Slot, expected: Slot, replacement: Slot, offset: U32) = atomic_cmpxchg i64_atomic_rmw32_cmpxchg_u [threads];

            // SIMD (`simd`, `relaxed_simd`): a v128 operand or result
            // field is a `Slot2`, the first of its two slots (low half,
            // then high half); a field named `out` is a v128 the op writes, so no
            // pass takes it for the one slot `dst` of a scalar op. The
            // families' handlers are in `exec::simd`, their semantics plain
            // functions of `exec::simd::{int, float, mem}`.

            V128Const(out: Slot2, value: V128) = v128_const v128_const [simd];

            V128Load(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load [simd];
            V128Load8x8S(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load8x8_s [simd];
            V128Load8x8U(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load8x8_u [simd];
            V128Load16x4S(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load16x4_s [simd];
            V128Load16x4U(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load16x4_u [simd];
            V128Load32x2S(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load32x2_s [simd];
            V128Load32x2U(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load32x2_u [simd];
            V128Load8Splat(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load8_splat [simd];
            V128Load16Splat(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load16_splat [simd];
            V128Load32Splat(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load32_splat [simd];
            V128Load64Splat(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load64_splat [simd];
            V128Load32Zero(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load32_zero [simd];
            V128Load64Zero(out: Slot2, addr: Slot, offset: U32) = v128_load v128_load64_zero [simd];

            V128Store(addr: Slot, value: Slot2, offset: U32) = v128_store v128_store [simd];

            V128Load8Lane(out: Slot2, addr: Slot, a: Slot2, offset: U32, lane: U32) = v128_load_lane v128_load8_lane [simd];
            V128Load16Lane(out: Slot2, addr: Slot, a: Slot2, offset: U32, lane: U32) = v128_load_lane v128_load16_lane [simd];
            V128Load32Lane(out: Slot2, addr: Slot, a: Slot2, offset: U32, lane: U32) = v128_load_lane v128_load32_lane [simd];
            V128Load64Lane(out: Slot2, addr: Slot, a: Slot2, offset: U32, lane: U32) = v128_load_lane v128_load64_lane [simd];

            V128Store8Lane(addr: Slot, value: Slot2, offset: U32, lane: U32) = v128_store_lane v128_store8_lane [simd];
            V128Store16Lane(addr: Slot, value: Slot2, offset: U32, lane: U32) = v128_store_lane v128_store16_lane [simd];
            V128Store32Lane(addr: Slot, value: Slot2, offset: U32, lane: U32) = v128_store_lane v128_store32_lane [simd];
            V128Store64Lane(addr: Slot, value: Slot2, offset: U32, lane: U32) = v128_store_lane v128_store64_lane [simd];

            V128Not(out: Slot2, a: Slot2) = v128_unary v128_not [simd];
            V128AndNot(out: Slot2, a: Slot2, b: Slot2) = v128_binary v128_andnot [simd];
            I8x16Abs(out: Slot2, a: Slot2) = v128_unary i8x16_abs [simd];
            I8x16Neg(out: Slot2, a: Slot2) = v128_unary i8x16_neg [simd];
            I8x16Popcnt(out: Slot2, a: Slot2) = v128_unary i8x16_popcnt [simd];
            I16x8ExtAddPairwiseI8x16S(out: Slot2, a: Slot2) = v128_unary i16x8_ext_add_pairwise_i8x16_s [simd];
            I16x8ExtAddPairwiseI8x16U(out: Slot2, a: Slot2) = v128_unary i16x8_ext_add_pairwise_i8x16_u [simd];
            I16x8Abs(out: Slot2, a: Slot2) = v128_unary i16x8_abs [simd];
            I16x8Neg(out: Slot2, a: Slot2) = v128_unary i16x8_neg [simd];
            I16x8ExtendLowI8x16S(out: Slot2, a: Slot2) = v128_unary i16x8_extend_low_i8x16_s [simd];
            I16x8ExtendHighI8x16S(out: Slot2, a: Slot2) = v128_unary i16x8_extend_high_i8x16_s [simd];
            I16x8ExtendLowI8x16U(out: Slot2, a: Slot2) = v128_unary i16x8_extend_low_i8x16_u [simd];
            I16x8ExtendHighI8x16U(out: Slot2, a: Slot2) = v128_unary i16x8_extend_high_i8x16_u [simd];
            I32x4ExtAddPairwiseI16x8S(out: Slot2, a: Slot2) = v128_unary i32x4_ext_add_pairwise_i16x8_s [simd];
            I32x4ExtAddPairwiseI16x8U(out: Slot2, a: Slot2) = v128_unary i32x4_ext_add_pairwise_i16x8_u [simd];
            I32x4Abs(out: Slot2, a: Slot2) = v128_unary i32x4_abs [simd];
            I32x4Neg(out: Slot2, a: Slot2) = v128_unary i32x4_neg [simd];
            I32x4ExtendLowI16x8S(out: Slot2, a: Slot2) = v128_unary i32x4_extend_low_i16x8_s [simd];
            I32x4ExtendHighI16x8S(out: Slot2, a: Slot2) = v128_unary i32x4_extend_high_i16x8_s [simd];
            I32x4ExtendLowI16x8U(out: Slot2, a: Slot2) = v128_unary i32x4_extend_low_i16x8_u [simd];
            I32x4ExtendHighI16x8U(out: Slot2, a: Slot2) = v128_unary i32x4_extend_high_i16x8_u [simd];
            I64x2Abs(out: Slot2, a: Slot2) = v128_unary i64x2_abs [simd];
            I64x2Neg(out: Slot2, a: Slot2) = v128_unary i64x2_neg [simd];
            I64x2ExtendLowI32x4S(out: Slot2, a: Slot2) = v128_unary i64x2_extend_low_i32x4_s [simd];
            I64x2ExtendHighI32x4S(out: Slot2, a: Slot2) = v128_unary i64x2_extend_high_i32x4_s [simd];
            I64x2ExtendLowI32x4U(out: Slot2, a: Slot2) = v128_unary i64x2_extend_low_i32x4_u [simd];
            I64x2ExtendHighI32x4U(out: Slot2, a: Slot2) = v128_unary i64x2_extend_high_i32x4_u [simd];
            F32x4Ceil(out: Slot2, a: Slot2) = v128_unary f32x4_ceil [simd];
            F32x4Floor(out: Slot2, a: Slot2) = v128_unary f32x4_floor [simd];
            F32x4Trunc(out: Slot2, a: Slot2) = v128_unary f32x4_trunc [simd];
            F32x4Nearest(out: Slot2, a: Slot2) = v128_unary f32x4_nearest [simd];
            F32x4Abs(out: Slot2, a: Slot2) = v128_unary f32x4_abs [simd];
            F32x4Neg(out: Slot2, a: Slot2) = v128_unary f32x4_neg [simd];
            F32x4Sqrt(out: Slot2, a: Slot2) = v128_unary f32x4_sqrt [simd];
            F64x2Ceil(out: Slot2, a: Slot2) = v128_unary f64x2_ceil [simd];
            F64x2Floor(out: Slot2, a: Slot2) = v128_unary f64x2_floor [simd];
            F64x2Trunc(out: Slot2, a: Slot2) = v128_unary f64x2_trunc [simd];
            F64x2Nearest(out: Slot2, a: Slot2) = v128_unary f64x2_nearest [simd];
            F64x2Abs(out: Slot2, a: Slot2) = v128_unary f64x2_abs [simd];
            F64x2Neg(out: Slot2, a: Slot2) = v128_unary f64x2_neg [simd];
            F64x2Sqrt(out: Slot2, a: Slot2) = v128_unary f64x2_sqrt [simd];
            I32x4TruncSatF32x4S(out: Slot2, a: Slot2) = v128_unary i32x4_trunc_sat_f32x4_s [simd];
            I32x4TruncSatF32x4U(out: Slot2, a: Slot2) = v128_unary i32x4_trunc_sat_f32x4_u [simd];
            F32x4ConvertI32x4S(out: Slot2, a: Slot2) = v128_unary f32x4_convert_i32x4_s [simd];
            F32x4ConvertI32x4U(out: Slot2, a: Slot2) = v128_unary f32x4_convert_i32x4_u [simd];
            I32x4TruncSatF64x2SZero(out: Slot2, a: Slot2) = v128_unary i32x4_trunc_sat_f64x2_s_zero [simd];
            I32x4TruncSatF64x2UZero(out: Slot2, a: Slot2) = v128_unary i32x4_trunc_sat_f64x2_u_zero [simd];
            F64x2ConvertLowI32x4S(out: Slot2, a: Slot2) = v128_unary f64x2_convert_low_i32x4_s [simd];
            F64x2ConvertLowI32x4U(out: Slot2, a: Slot2) = v128_unary f64x2_convert_low_i32x4_u [simd];
            F32x4DemoteF64x2Zero(out: Slot2, a: Slot2) = v128_unary f32x4_demote_f64x2_zero [simd];
            F64x2PromoteLowF32x4(out: Slot2, a: Slot2) = v128_unary f64x2_promote_low_f32x4 [simd];
            I32x4RelaxedTruncF32x4S(out: Slot2, a: Slot2) = v128_unary i32x4_relaxed_trunc_f32x4_s [relaxed_simd];
            I32x4RelaxedTruncF32x4U(out: Slot2, a: Slot2) = v128_unary i32x4_relaxed_trunc_f32x4_u [relaxed_simd];
            I32x4RelaxedTruncF64x2SZero(out: Slot2, a: Slot2) = v128_unary i32x4_relaxed_trunc_f64x2_s_zero [relaxed_simd];
            I32x4RelaxedTruncF64x2UZero(out: Slot2, a: Slot2) = v128_unary i32x4_relaxed_trunc_f64x2_u_zero [relaxed_simd];

            I8x16Swizzle(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_swizzle [simd];
            I8x16Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_eq [simd];
            I8x16Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_ne [simd];
            I8x16LtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_lt_s [simd];
            I8x16LtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_lt_u [simd];
            I8x16GtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_gt_s [simd];
            I8x16GtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_gt_u [simd];
            I8x16LeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_le_s [simd];
            I8x16LeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_le_u [simd];
            I8x16GeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_ge_s [simd];
            I8x16GeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_ge_u [simd];
            I16x8Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_eq [simd];
            I16x8Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ne [simd];
            I16x8LtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_lt_s [simd];
            I16x8LtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_lt_u [simd];
            I16x8GtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_gt_s [simd];
            I16x8GtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_gt_u [simd];
            I16x8LeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_le_s [simd];
            I16x8LeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_le_u [simd];
            I16x8GeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ge_s [simd];
            I16x8GeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ge_u [simd];
            I32x4Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_eq [simd];
            I32x4Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ne [simd];
            I32x4LtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_lt_s [simd];
            I32x4LtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_lt_u [simd];
            I32x4GtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_gt_s [simd];
            I32x4GtU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_gt_u [simd];
            I32x4LeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_le_s [simd];
            I32x4LeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_le_u [simd];
            I32x4GeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ge_s [simd];
            I32x4GeU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ge_u [simd];
            I64x2Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_eq [simd];
            I64x2Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ne [simd];
            I64x2LtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_lt_s [simd];
            I64x2GtS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_gt_s [simd];
            I64x2LeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_le_s [simd];
            I64x2GeS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ge_s [simd];
            F32x4Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_eq [simd];
            F32x4Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_ne [simd];
            F32x4Lt(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_lt [simd];
            F32x4Gt(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_gt [simd];
            F32x4Le(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_le [simd];
            F32x4Ge(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_ge [simd];
            F64x2Eq(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_eq [simd];
            F64x2Ne(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_ne [simd];
            F64x2Lt(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_lt [simd];
            F64x2Gt(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_gt [simd];
            F64x2Le(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_le [simd];
            F64x2Ge(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_ge [simd];
            V128And(out: Slot2, a: Slot2, b: Slot2) = v128_binary v128_and [simd];
            V128Or(out: Slot2, a: Slot2, b: Slot2) = v128_binary v128_or [simd];
            V128Xor(out: Slot2, a: Slot2, b: Slot2) = v128_binary v128_xor [simd];
            I8x16NarrowI16x8S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_narrow_i16x8_s [simd];
            I8x16NarrowI16x8U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_narrow_i16x8_u [simd];
            I8x16Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_add [simd];
            I8x16AddSatS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_add_sat_s [simd];
            I8x16AddSatU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_add_sat_u [simd];
            I8x16Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_sub [simd];
            I8x16SubSatS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_sub_sat_s [simd];
            I8x16SubSatU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_sub_sat_u [simd];
            I8x16MinS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_min_s [simd];
            I8x16MinU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_min_u [simd];
            I8x16MaxS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_max_s [simd];
            I8x16MaxU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_max_u [simd];
            I8x16AvgrU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_avgr_u [simd];
            I16x8Q15MulrSatS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_q15_mulr_sat_s [simd];
            I16x8NarrowI32x4S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_narrow_i32x4_s [simd];
            I16x8NarrowI32x4U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_narrow_i32x4_u [simd];
            I16x8Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_add [simd];
            I16x8AddSatS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_add_sat_s [simd];
            I16x8AddSatU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_add_sat_u [simd];
            I16x8Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_sub [simd];
            I16x8SubSatS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_sub_sat_s [simd];
            I16x8SubSatU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_sub_sat_u [simd];
            I16x8Mul(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_mul [simd];
            I16x8MinS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_min_s [simd];
            I16x8MinU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_min_u [simd];
            I16x8MaxS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_max_s [simd];
            I16x8MaxU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_max_u [simd];
            I16x8AvgrU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_avgr_u [simd];
            I16x8ExtMulLowI8x16S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ext_mul_low_i8x16_s [simd];
            I16x8ExtMulHighI8x16S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ext_mul_high_i8x16_s [simd];
            I16x8ExtMulLowI8x16U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ext_mul_low_i8x16_u [simd];
            I16x8ExtMulHighI8x16U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_ext_mul_high_i8x16_u [simd];
            I32x4Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_add [simd];
            I32x4Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_sub [simd];
            I32x4Mul(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_mul [simd];
            I32x4MinS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_min_s [simd];
            I32x4MinU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_min_u [simd];
            I32x4MaxS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_max_s [simd];
            I32x4MaxU(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_max_u [simd];
            I32x4DotI16x8S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_dot_i16x8_s [simd];
            I32x4ExtMulLowI16x8S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ext_mul_low_i16x8_s [simd];
            I32x4ExtMulHighI16x8S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ext_mul_high_i16x8_s [simd];
            I32x4ExtMulLowI16x8U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ext_mul_low_i16x8_u [simd];
            I32x4ExtMulHighI16x8U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i32x4_ext_mul_high_i16x8_u [simd];
            I64x2Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_add [simd];
            I64x2Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_sub [simd];
            I64x2Mul(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_mul [simd];
            I64x2ExtMulLowI32x4S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ext_mul_low_i32x4_s [simd];
            I64x2ExtMulHighI32x4S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ext_mul_high_i32x4_s [simd];
            I64x2ExtMulLowI32x4U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ext_mul_low_i32x4_u [simd];
            I64x2ExtMulHighI32x4U(out: Slot2, a: Slot2, b: Slot2) = v128_binary i64x2_ext_mul_high_i32x4_u [simd];
            F32x4Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_add [simd];
            F32x4Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_sub [simd];
            F32x4Mul(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_mul [simd];
            F32x4Div(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_div [simd];
            F32x4Min(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_min [simd];
            F32x4Max(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_max [simd];
            F32x4PMin(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_pmin [simd];
            F32x4PMax(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_pmax [simd];
            F64x2Add(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_add [simd];
            F64x2Sub(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_sub [simd];
            F64x2Mul(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_mul [simd];
            F64x2Div(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_div [simd];
            F64x2Min(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_min [simd];
            F64x2Max(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_max [simd];
            F64x2PMin(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_pmin [simd];
            F64x2PMax(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_pmax [simd];
            I8x16RelaxedSwizzle(out: Slot2, a: Slot2, b: Slot2) = v128_binary i8x16_relaxed_swizzle [relaxed_simd];
            F32x4RelaxedMin(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_relaxed_min [relaxed_simd];
            F32x4RelaxedMax(out: Slot2, a: Slot2, b: Slot2) = v128_binary f32x4_relaxed_max [relaxed_simd];
            F64x2RelaxedMin(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_relaxed_min [relaxed_simd];
            F64x2RelaxedMax(out: Slot2, a: Slot2, b: Slot2) = v128_binary f64x2_relaxed_max [relaxed_simd];
            I16x8RelaxedQ15mulrS(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_relaxed_q15mulr_s [relaxed_simd];
            I16x8RelaxedDotI8x16I7x16S(out: Slot2, a: Slot2, b: Slot2) = v128_binary i16x8_relaxed_dot_i8x16_i7x16_s [relaxed_simd];

            V128Bitselect(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary v128_bitselect [simd];
            F32x4RelaxedMadd(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary f32x4_relaxed_madd [relaxed_simd];
            F32x4RelaxedNmadd(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary f32x4_relaxed_nmadd [relaxed_simd];
            F64x2RelaxedMadd(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary f64x2_relaxed_madd [relaxed_simd];
            F64x2RelaxedNmadd(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary f64x2_relaxed_nmadd [relaxed_simd];
            I8x16RelaxedLaneselect(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary i8x16_relaxed_laneselect [relaxed_simd];
            I16x8RelaxedLaneselect(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary i16x8_relaxed_laneselect [relaxed_simd];
            I32x4RelaxedLaneselect(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary i32x4_relaxed_laneselect [relaxed_simd];
            I64x2RelaxedLaneselect(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary i64x2_relaxed_laneselect [relaxed_simd];
            I32x4RelaxedDotI8x16I7x16AddS(out: Slot2, a: Slot2, b: Slot2, c: Slot2) = v128_ternary i32x4_relaxed_dot_i8x16_i7x16_add_s [relaxed_simd];

            I8x16Shl(out: Slot2, a: Slot2, x: Slot) = v128_shift i8x16_shl [simd];
            I8x16ShrS(out: Slot2, a: Slot2, x: Slot) = v128_shift i8x16_shr_s [simd];
            I8x16ShrU(out: Slot2, a: Slot2, x: Slot) = v128_shift i8x16_shr_u [simd];
            I16x8Shl(out: Slot2, a: Slot2, x: Slot) = v128_shift i16x8_shl [simd];
            I16x8ShrS(out: Slot2, a: Slot2, x: Slot) = v128_shift i16x8_shr_s [simd];
            I16x8ShrU(out: Slot2, a: Slot2, x: Slot) = v128_shift i16x8_shr_u [simd];
            I32x4Shl(out: Slot2, a: Slot2, x: Slot) = v128_shift i32x4_shl [simd];
            I32x4ShrS(out: Slot2, a: Slot2, x: Slot) = v128_shift i32x4_shr_s [simd];
            I32x4ShrU(out: Slot2, a: Slot2, x: Slot) = v128_shift i32x4_shr_u [simd];
            I64x2Shl(out: Slot2, a: Slot2, x: Slot) = v128_shift i64x2_shl [simd];
            I64x2ShrS(out: Slot2, a: Slot2, x: Slot) = v128_shift i64x2_shr_s [simd];
            I64x2ShrU(out: Slot2, a: Slot2, x: Slot) = v128_shift i64x2_shr_u [simd];

            I8x16Shuffle(out: Slot2, a: Slot2, b: Slot2, lanes: V128) = v128_shuffle i8x16_shuffle [simd];

            I8x16Splat(out: Slot2, x: Slot) = v128_splat i8x16_splat [simd];
            I16x8Splat(out: Slot2, x: Slot) = v128_splat i16x8_splat [simd];
            I32x4Splat(out: Slot2, x: Slot) = v128_splat i32x4_splat [simd];
            I64x2Splat(out: Slot2, x: Slot) = v128_splat i64x2_splat [simd];
            F32x4Splat(out: Slot2, x: Slot) = v128_splat f32x4_splat [simd];
            F64x2Splat(out: Slot2, x: Slot) = v128_splat f64x2_splat [simd];

            I8x16ExtractLaneS(dst: Slot, a: Slot2, lane: U32) = v128_extract i8x16_extract_lane_s [simd];
            I8x16ExtractLaneU(dst: Slot, a: Slot2, lane: U32) = v128_extract i8x16_extract_lane_u [simd];
            I16x8ExtractLaneS(dst: Slot, a: Slot2, lane: U32) = v128_extract i16x8_extract_lane_s [simd];
            I16x8ExtractLaneU(dst: Slot, a: Slot2, lane: U32) = v128_extract i16x8_extract_lane_u [simd];
            I32x4ExtractLane(dst: Slot, a: Slot2, lane: U32) = v128_extract i32x4_extract_lane [simd];
            I64x2ExtractLane(dst: Slot, a: Slot2, lane: U32) = v128_extract i64x2_extract_lane [simd];
            F32x4ExtractLane(dst: Slot, a: Slot2, lane: U32) = v128_extract f32x4_extract_lane [simd];
            F64x2ExtractLane(dst: Slot, a: Slot2, lane: U32) = v128_extract f64x2_extract_lane [simd];

            I8x16ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace i8x16_replace_lane [simd];
            I16x8ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace i16x8_replace_lane [simd];
            I32x4ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace i32x4_replace_lane [simd];
            I64x2ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace i64x2_replace_lane [simd];
            F32x4ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace f32x4_replace_lane [simd];
            F64x2ReplaceLane(out: Slot2, a: Slot2, x: Slot, lane: U32) = v128_replace f64x2_replace_lane [simd];

            V128AnyTrue(dst: Slot, a: Slot2) = v128_test v128_any_true [simd];
            I8x16AllTrue(dst: Slot, a: Slot2) = v128_test i8x16_all_true [simd];
            I8x16Bitmask(dst: Slot, a: Slot2) = v128_test i8x16_bitmask [simd];
            I16x8AllTrue(dst: Slot, a: Slot2) = v128_test i16x8_all_true [simd];
            I16x8Bitmask(dst: Slot, a: Slot2) = v128_test i16x8_bitmask [simd];
            I32x4AllTrue(dst: Slot, a: Slot2) = v128_test i32x4_all_true [simd];
            I32x4Bitmask(dst: Slot, a: Slot2) = v128_test i32x4_bitmask [simd];
            I64x2AllTrue(dst: Slot, a: Slot2) = v128_test i64x2_all_true [simd];
            I64x2Bitmask(dst: Slot, a: Slot2) = v128_test i64x2_bitmask [simd];

            V128GlobalGet(out: Slot2, global: U32) = v128_global_get v128_global_get [simd];
            V128GlobalSet(global: U32, value: Slot2) = v128_global_set v128_global_set [simd];

            V128LoadMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load of V128Load [simd];
            V128Load8x8SMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load8x8_s of V128Load8x8S [simd];
            V128Load8x8UMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load8x8_u of V128Load8x8U [simd];
            V128Load16x4SMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load16x4_s of V128Load16x4S [simd];
            V128Load16x4UMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load16x4_u of V128Load16x4U [simd];
            V128Load32x2SMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load32x2_s of V128Load32x2S [simd];
            V128Load32x2UMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load32x2_u of V128Load32x2U [simd];
            V128Load8SplatMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load8_splat of V128Load8Splat [simd];
            V128Load16SplatMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load16_splat of V128Load16Splat [simd];
            V128Load32SplatMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load32_splat of V128Load32Splat [simd];
            V128Load64SplatMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load64_splat of V128Load64Splat [simd];
            V128Load32ZeroMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load32_zero of V128Load32Zero [simd];
            V128Load64ZeroMem(out: Slot2, addr: Slot, memory: U32, offset: U64) = v128_load_mem v128_load64_zero of V128Load64Zero [simd];
            V128StoreMem(addr: Slot, value: Slot2, memory: U32, offset: U64) = v128_store_mem v128_store of V128Store [simd];
            V128Load8LaneMem(out: Slot2, addr: Slot, a: Slot2, memory: U32, offset: U64, lane: U32) = v128_load_lane_mem v128_load8_lane of V128Load8Lane [simd];
            V128Load16LaneMem(out: Slot2, addr: Slot, a: Slot2, memory: U32, offset: U64, lane: U32) = v128_load_lane_mem v128_load16_lane of V128Load16Lane [simd];
            V128Load32LaneMem(out: Slot2, addr: Slot, a: Slot2, memory: U32, offset: U64, lane: U32) = v128_load_lane_mem v128_load32_lane of V128Load32Lane [simd];
            V128Load64LaneMem(out: Slot2, addr: Slot, a: Slot2, memory: U32, offset: U64, lane: U32) = v128_load_lane_mem v128_load64_lane of V128Load64Lane [simd];
            V128Store8LaneMem(addr: Slot, value: Slot2, memory: U32, offset: U64, lane: U32) = v128_store_lane_mem v128_store8_lane of V128Store8Lane [simd];
            V128Store16LaneMem(addr: Slot, value: Slot2, memory: U32, offset: U64, lane: U32) = v128_store_lane_mem v128_store16_lane of V128Store16Lane [simd];
            V128Store32LaneMem(addr: Slot, value: Slot2, memory: U32, offset: U64, lane: U32) = v128_store_lane_mem v128_store32_lane of V128Store32Lane [simd];
            V128Store64LaneMem(addr: Slot, value: Slot2, memory: U32, offset: U64, lane: U32) = v128_store_lane_mem v128_store64_lane of V128Store64Lane [simd];
        }
    };
}
pub(crate) use for_each_op;
