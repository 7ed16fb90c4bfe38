//! Mote's internal instruction set: the one list every part expands.
//!
//! A function is translated once into a `Vec<Op>`. Operands are *slots*:
//! indices into the current frame, which holds the locals followed by the
//! temporaries of the wasm operand stack. Branch targets are indices into the
//! module's code. Nothing here is a pointer, so code is position-independent.
//!
//! [`for_each_op!`] is the source of truth. Its families:
//! - `control`: ops with their own fields and a handler in `exec`;
//! - `unary` / `unary_trap`: `dst = f(src)`, semantics in `exec::numeric`;
//! - `binary` / `binary_trap`: `dst = f(a, b)`;
//! - `binary_imm`: `dst = f(a, imm)` for a binary op whose right operand is
//!   a constant that fits the op's 32-bit `imm` field, sign-extended (the
//!   translator folds `i32.const`/`i64.const` into the op that consumes it);
//! - `branch_cmp`: jump to `target` if the integer comparison `f(a, b)` holds
//!   (a comparison fused with the `br_if` or `if` that consumes it);
//! - `branch_cmp_imm`: the same with a constant right operand;
//! - `load` / `store`: memory access of `N` bytes at `addr + offset`;
//! - `load_add` / `load_add_imm`: a load at `a + b` (or `a + imm`), the
//!   32-bit sum wrapping as `i32.add`'s does, for a load with offset 0 of an
//!   address just computed by an `i32.add`.
//!
//! An immediate family's entry `NameImm(Name: ty) => f` names the op it
//! stands for and the wasm type of its constant.

/// A frame-relative operand index.
pub type Slot = u32;
/// An index into a module's code.
pub type Pc = u32;

/// Calls `$m!` with the whole instruction set. (Reinterpretations are not ops:
/// slots are untyped, so the translator emits nothing for them.)
macro_rules! for_each_op {
    ($m:ident $($prefix:tt)*) => {
        $m! {
            $($prefix)*
            control {
                /// Traps with `unreachable`.
                Unreachable {}
                /// Charges `amount` fuel; stops if the store has too little.
                ConsumeFuel { amount: u32 }
                /// Jumps to `target`.
                Br { target: Pc }
                /// Jumps to `target` if `cond` (an i32) is not zero.
                BrIfNez { cond: Slot, target: Pc }
                /// Jumps to `target` if `cond` (an i32) is zero.
                BrIfEqz { cond: Slot, target: Pc }
                /// Jumps to the `Br` at `pc + 1 + min(index, len)`; `len + 1` `Br`s follow.
                BrTable { index: Slot, len: u32 }
                /// Returns the `count` values at `values..` to the caller.
                Return { values: Slot, count: u32 }
                /// Calls function `func` of this instance, defined here (not imported).
                /// Arguments are at `args..`; the callee's frame starts there.
                Call { func: u32, args: Slot }
                /// Calls imported function `func` of this instance.
                CallImport { func: u32, args: Slot }
                /// Calls through `table`; the arguments are at `args..` and the
                /// element index right after them.
                CallIndirect { type_index: u32, table: u32, args: Slot }
                /// Tail call of a defined function.
                ReturnCall { func: u32, args: Slot }
                /// Tail call of an imported function.
                ReturnCallImport { func: u32, args: Slot }
                /// Tail call through a table.
                ReturnCallIndirect { type_index: u32, table: u32, args: Slot }
                /// `dst = if cond { a } else { b }` with `a, b, cond` at `args..`.
                Select { dst: Slot, args: Slot }
                /// `dst = src`.
                Copy { dst: Slot, src: Slot }
                /// `dst = value` (a 32-bit pattern).
                Const32 { dst: Slot, value: u32 }
                /// `dst = value`.
                Const64 { dst: Slot, value: u64 }
                /// Reads global `global` of this instance.
                GlobalGet { dst: Slot, global: u32 }
                /// Writes global `global` of this instance.
                GlobalSet { global: u32, src: Slot }
                /// A reference to function `func` of this instance.
                RefFunc { dst: Slot, func: u32 }
                /// Memory size in pages.
                MemorySize { dst: Slot }
                /// Grows memory by `delta` pages; old size or -1.
                MemoryGrow { dst: Slot, delta: Slot }
                /// `memory.copy` with `dst, src, len` at `args..`.
                MemoryCopy { args: Slot }
                /// `memory.fill` with `dst, value, len` at `args..`.
                MemoryFill { args: Slot }
                /// `memory.init` of data segment `segment` with `dst, src, len` at `args..`.
                MemoryInit { segment: u32, args: Slot }
                /// `data.drop`.
                DataDrop { segment: u32 }
                /// `table.get`.
                TableGet { dst: Slot, table: u32, index: Slot }
                /// `table.set` with `index, value` at `args..`.
                TableSet { table: u32, args: Slot }
                /// `table.size`.
                TableSize { dst: Slot, table: u32 }
                /// `table.grow` with `init, delta` at `args..`; result in `args`.
                TableGrow { table: u32, args: Slot }
                /// `table.fill` with `index, value, len` at `args..`.
                TableFill { table: u32, args: Slot }
                /// `table.copy` with `dst, src, len` at `args..`.
                TableCopy { dst_table: u32, src_table: u32, args: Slot }
                /// `table.init` with `dst, src, len` at `args..`.
                TableInit { table: u32, segment: u32, args: Slot }
                /// `elem.drop`.
                ElemDrop { segment: u32 }
            }
            unary {
                I32Eqz => i32_eqz, I64Eqz => i64_eqz,
                I32Clz => i32_clz, I32Ctz => i32_ctz, I32Popcnt => i32_popcnt,
                I64Clz => i64_clz, I64Ctz => i64_ctz, I64Popcnt => i64_popcnt,
                F32Abs => f32_abs, F32Neg => f32_neg, F32Ceil => f32_ceil, F32Floor => f32_floor,
                F32Trunc => f32_trunc, F32Nearest => f32_nearest, F32Sqrt => f32_sqrt,
                F64Abs => f64_abs, F64Neg => f64_neg, F64Ceil => f64_ceil, F64Floor => f64_floor,
                F64Trunc => f64_trunc, F64Nearest => f64_nearest, F64Sqrt => f64_sqrt,
                I32WrapI64 => i32_wrap_i64,
                I64ExtendI32S => i64_extend_i32_s, I64ExtendI32U => i64_extend_i32_u,
                I32TruncSatF32S => i32_trunc_sat_f32_s, I32TruncSatF32U => i32_trunc_sat_f32_u,
                I32TruncSatF64S => i32_trunc_sat_f64_s, I32TruncSatF64U => i32_trunc_sat_f64_u,
                I64TruncSatF32S => i64_trunc_sat_f32_s, I64TruncSatF32U => i64_trunc_sat_f32_u,
                I64TruncSatF64S => i64_trunc_sat_f64_s, I64TruncSatF64U => i64_trunc_sat_f64_u,
                F32ConvertI32S => f32_convert_i32_s, F32ConvertI32U => f32_convert_i32_u,
                F32ConvertI64S => f32_convert_i64_s, F32ConvertI64U => f32_convert_i64_u,
                F64ConvertI32S => f64_convert_i32_s, F64ConvertI32U => f64_convert_i32_u,
                F64ConvertI64S => f64_convert_i64_s, F64ConvertI64U => f64_convert_i64_u,
                F32DemoteF64 => f32_demote_f64, F64PromoteF32 => f64_promote_f32,
                I32Extend8S => i32_extend8_s, I32Extend16S => i32_extend16_s,
                I64Extend8S => i64_extend8_s, I64Extend16S => i64_extend16_s,
                I64Extend32S => i64_extend32_s,
                RefIsNull => ref_is_null,
            }
            unary_trap {
                I32TruncF32S => i32_trunc_f32_s, I32TruncF32U => i32_trunc_f32_u,
                I32TruncF64S => i32_trunc_f64_s, I32TruncF64U => i32_trunc_f64_u,
                I64TruncF32S => i64_trunc_f32_s, I64TruncF32U => i64_trunc_f32_u,
                I64TruncF64S => i64_trunc_f64_s, I64TruncF64U => i64_trunc_f64_u,
            }
            binary {
                I32Eq => i32_eq, I32Ne => i32_ne, I32LtS => i32_lt_s, I32LtU => i32_lt_u,
                I32GtS => i32_gt_s, I32GtU => i32_gt_u, I32LeS => i32_le_s, I32LeU => i32_le_u,
                I32GeS => i32_ge_s, I32GeU => i32_ge_u,
                I64Eq => i64_eq, I64Ne => i64_ne, I64LtS => i64_lt_s, I64LtU => i64_lt_u,
                I64GtS => i64_gt_s, I64GtU => i64_gt_u, I64LeS => i64_le_s, I64LeU => i64_le_u,
                I64GeS => i64_ge_s, I64GeU => i64_ge_u,
                F32Eq => f32_eq, F32Ne => f32_ne, F32Lt => f32_lt, F32Gt => f32_gt,
                F32Le => f32_le, F32Ge => f32_ge,
                F64Eq => f64_eq, F64Ne => f64_ne, F64Lt => f64_lt, F64Gt => f64_gt,
                F64Le => f64_le, F64Ge => f64_ge,
                I32Add => i32_add, I32Sub => i32_sub, I32Mul => i32_mul,
                I32And => i32_and, I32Or => i32_or, I32Xor => i32_xor,
                I32Shl => i32_shl, I32ShrS => i32_shr_s, I32ShrU => i32_shr_u,
                I32Rotl => i32_rotl, I32Rotr => i32_rotr,
                I64Add => i64_add, I64Sub => i64_sub, I64Mul => i64_mul,
                I64And => i64_and, I64Or => i64_or, I64Xor => i64_xor,
                I64Shl => i64_shl, I64ShrS => i64_shr_s, I64ShrU => i64_shr_u,
                I64Rotl => i64_rotl, I64Rotr => i64_rotr,
                F32Add => f32_add, F32Sub => f32_sub, F32Mul => f32_mul, F32Div => f32_div,
                F32Min => f32_min, F32Max => f32_max, F32Copysign => f32_copysign,
                F64Add => f64_add, F64Sub => f64_sub, F64Mul => f64_mul, F64Div => f64_div,
                F64Min => f64_min, F64Max => f64_max, F64Copysign => f64_copysign,
            }
            binary_trap {
                I32DivS => i32_div_s, I32DivU => i32_div_u, I32RemS => i32_rem_s, I32RemU => i32_rem_u,
                I64DivS => i64_div_s, I64DivU => i64_div_u, I64RemS => i64_rem_s, I64RemU => i64_rem_u,
            }
            binary_imm {
                I32AddImm(I32Add: i32) => i32_add, I32MulImm(I32Mul: i32) => i32_mul,
                I32AndImm(I32And: i32) => i32_and, I32OrImm(I32Or: i32) => i32_or,
                I32XorImm(I32Xor: i32) => i32_xor, I32ShlImm(I32Shl: i32) => i32_shl,
                I32ShrSImm(I32ShrS: i32) => i32_shr_s, I32ShrUImm(I32ShrU: i32) => i32_shr_u,
                I32RotlImm(I32Rotl: i32) => i32_rotl, I32RotrImm(I32Rotr: i32) => i32_rotr,
                I32EqImm(I32Eq: i32) => i32_eq, I32NeImm(I32Ne: i32) => i32_ne,
                I32LtSImm(I32LtS: i32) => i32_lt_s, I32LtUImm(I32LtU: i32) => i32_lt_u,
                I32GtSImm(I32GtS: i32) => i32_gt_s, I32GtUImm(I32GtU: i32) => i32_gt_u,
                I32LeSImm(I32LeS: i32) => i32_le_s, I32LeUImm(I32LeU: i32) => i32_le_u,
                I32GeSImm(I32GeS: i32) => i32_ge_s, I32GeUImm(I32GeU: i32) => i32_ge_u,
                I64AddImm(I64Add: i64) => i64_add, I64MulImm(I64Mul: i64) => i64_mul,
                I64AndImm(I64And: i64) => i64_and, I64OrImm(I64Or: i64) => i64_or,
                I64XorImm(I64Xor: i64) => i64_xor, I64ShlImm(I64Shl: i64) => i64_shl,
                I64ShrSImm(I64ShrS: i64) => i64_shr_s, I64ShrUImm(I64ShrU: i64) => i64_shr_u,
                I64RotlImm(I64Rotl: i64) => i64_rotl, I64RotrImm(I64Rotr: i64) => i64_rotr,
                I64EqImm(I64Eq: i64) => i64_eq, I64NeImm(I64Ne: i64) => i64_ne,
                I64LtSImm(I64LtS: i64) => i64_lt_s, I64LtUImm(I64LtU: i64) => i64_lt_u,
                I64GtSImm(I64GtS: i64) => i64_gt_s, I64GtUImm(I64GtU: i64) => i64_gt_u,
                I64LeSImm(I64LeS: i64) => i64_le_s, I64LeUImm(I64LeU: i64) => i64_le_u,
                I64GeSImm(I64GeS: i64) => i64_ge_s, I64GeUImm(I64GeU: i64) => i64_ge_u,
            }
            branch_cmp {
                BrIfI32Eq => i32_eq, BrIfI32Ne => i32_ne,
                BrIfI32LtS => i32_lt_s, BrIfI32LtU => i32_lt_u, BrIfI32GtS => i32_gt_s, BrIfI32GtU => i32_gt_u,
                BrIfI32LeS => i32_le_s, BrIfI32LeU => i32_le_u, BrIfI32GeS => i32_ge_s, BrIfI32GeU => i32_ge_u,
                BrIfI64Eq => i64_eq, BrIfI64Ne => i64_ne,
                BrIfI64LtS => i64_lt_s, BrIfI64LtU => i64_lt_u, BrIfI64GtS => i64_gt_s, BrIfI64GtU => i64_gt_u,
                BrIfI64LeS => i64_le_s, BrIfI64LeU => i64_le_u, BrIfI64GeS => i64_ge_s, BrIfI64GeU => i64_ge_u,
            }
            branch_cmp_imm {
                BrIfI32EqImm(BrIfI32Eq: i32) => i32_eq, BrIfI32NeImm(BrIfI32Ne: i32) => i32_ne,
                BrIfI32LtSImm(BrIfI32LtS: i32) => i32_lt_s, BrIfI32LtUImm(BrIfI32LtU: i32) => i32_lt_u,
                BrIfI32GtSImm(BrIfI32GtS: i32) => i32_gt_s, BrIfI32GtUImm(BrIfI32GtU: i32) => i32_gt_u,
                BrIfI32LeSImm(BrIfI32LeS: i32) => i32_le_s, BrIfI32LeUImm(BrIfI32LeU: i32) => i32_le_u,
                BrIfI32GeSImm(BrIfI32GeS: i32) => i32_ge_s, BrIfI32GeUImm(BrIfI32GeU: i32) => i32_ge_u,
                BrIfI64EqImm(BrIfI64Eq: i64) => i64_eq, BrIfI64NeImm(BrIfI64Ne: i64) => i64_ne,
                BrIfI64LtSImm(BrIfI64LtS: i64) => i64_lt_s, BrIfI64LtUImm(BrIfI64LtU: i64) => i64_lt_u,
                BrIfI64GtSImm(BrIfI64GtS: i64) => i64_gt_s, BrIfI64GtUImm(BrIfI64GtU: i64) => i64_gt_u,
                BrIfI64LeSImm(BrIfI64LeS: i64) => i64_le_s, BrIfI64LeUImm(BrIfI64LeU: i64) => i64_le_u,
                BrIfI64GeSImm(BrIfI64GeS: i64) => i64_ge_s, BrIfI64GeUImm(BrIfI64GeU: i64) => i64_ge_u,
            }
            load {
                I32Load => i32_load, I64Load => i64_load, F32Load => f32_load, F64Load => f64_load,
                I32Load8S => i32_load8_s, I32Load8U => i32_load8_u,
                I32Load16S => i32_load16_s, I32Load16U => i32_load16_u,
                I64Load8S => i64_load8_s, I64Load8U => i64_load8_u,
                I64Load16S => i64_load16_s, I64Load16U => i64_load16_u,
                I64Load32S => i64_load32_s, I64Load32U => i64_load32_u,
            }
            load_add {
                I32LoadAdd(I32Load) => i32_load, I64LoadAdd(I64Load) => i64_load,
                F32LoadAdd(F32Load) => f32_load, F64LoadAdd(F64Load) => f64_load,
                I32Load8SAdd(I32Load8S) => i32_load8_s, I32Load8UAdd(I32Load8U) => i32_load8_u,
                I32Load16SAdd(I32Load16S) => i32_load16_s, I32Load16UAdd(I32Load16U) => i32_load16_u,
            }
            load_add_imm {
                I32LoadAddImm(I32Load) => i32_load, I64LoadAddImm(I64Load) => i64_load,
                F32LoadAddImm(F32Load) => f32_load, F64LoadAddImm(F64Load) => f64_load,
                I32Load8SAddImm(I32Load8S) => i32_load8_s, I32Load8UAddImm(I32Load8U) => i32_load8_u,
                I32Load16SAddImm(I32Load16S) => i32_load16_s, I32Load16UAddImm(I32Load16U) => i32_load16_u,
            }
            store {
                I32Store => i32_store, I64Store => i64_store, F32Store => f32_store, F64Store => f64_store,
                I32Store8 => i32_store8, I32Store16 => i32_store16,
                I64Store8 => i64_store8, I64Store16 => i64_store16, I64Store32 => i64_store32,
            }
        }
    };
}
pub(crate) use for_each_op;

/// Whether the slot value `v` survives the trip through an immediate op's
/// field: `i32` ops read only the low 32 bits; `i64` ops sign-extend.
macro_rules! imm_fits {
    (i32, $v:expr) => {
        true
    };
    (i64, $v:expr) => {
        $v as i64 == $v as u32 as i32 as i64
    };
}

/// An immediate's value as a slot: sign-extended (an `i32` op ignores the
/// upper half).
#[inline(always)]
pub(crate) fn imm_value(imm: u32) -> u64 {
    imm as i32 as i64 as u64
}

macro_rules! define_op_enum {
    (
        control { $( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* } )* }
        unary { $($un:ident => $unf:ident),* $(,)? }
        unary_trap { $($ut:ident => $utf:ident),* $(,)? }
        binary { $($bin:ident => $binf:ident),* $(,)? }
        binary_trap { $($bt:ident => $btf:ident),* $(,)? }
        binary_imm { $($bi:ident($bib:ident: $bit:ident) => $bif:ident),* $(,)? }
        branch_cmp { $($bc:ident => $bcf:ident),* $(,)? }
        branch_cmp_imm { $($bci:ident($bcib:ident: $bcit:ident) => $bcif:ident),* $(,)? }
        load { $($ld:ident => $ldf:ident),* $(,)? }
        load_add { $($la:ident($lab:ident) => $laf:ident),* $(,)? }
        load_add_imm { $($lai:ident($laib:ident) => $laif:ident),* $(,)? }
        store { $($st:ident => $stf:ident),* $(,)? }
    ) => {
        /// One internal instruction. See the module docs for the families.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Op {
            $( $(#[$doc])* $name { $($field: $ty),* }, )*
            $( $un { dst: Slot, src: Slot }, )*
            $( $ut { dst: Slot, src: Slot }, )*
            $( $bin { dst: Slot, a: Slot, b: Slot }, )*
            $( $bt { dst: Slot, a: Slot, b: Slot }, )*
            $( $bi { dst: Slot, a: Slot, imm: u32 }, )*
            $( $bc { a: Slot, b: Slot, target: Pc }, )*
            $( $bci { a: Slot, imm: u32, target: Pc }, )*
            $( $ld { dst: Slot, addr: Slot, offset: u32 }, )*
            $( $la { dst: Slot, a: Slot, b: Slot }, )*
            $( $lai { dst: Slot, a: Slot, imm: u32 }, )*
            $( $st { addr: Slot, value: Slot, offset: u32 }, )*
        }

        impl Op {
            /// The instruction's name, for disassembly and traces.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Op::$name { .. } => stringify!($name), )*
                    $( Op::$un { .. } => stringify!($unf), )*
                    $( Op::$ut { .. } => stringify!($utf), )*
                    $( Op::$bin { .. } => stringify!($binf), )*
                    $( Op::$bt { .. } => stringify!($btf), )*
                    $( Op::$bi { .. } => stringify!($bi), )*
                    $( Op::$bc { .. } => stringify!($bc), )*
                    $( Op::$bci { .. } => stringify!($bci), )*
                    $( Op::$ld { .. } => stringify!($ldf), )*
                    $( Op::$la { .. } => stringify!($la), )*
                    $( Op::$lai { .. } => stringify!($lai), )*
                    $( Op::$st { .. } => stringify!($stf), )*
                }
            }

            /// The branch target of a jump op, to patch forward branches.
            pub(crate) fn target_mut(&mut self) -> Option<&mut Pc> {
                match self {
                    Op::Br { target } | Op::BrIfNez { target, .. } | Op::BrIfEqz { target, .. } => Some(target),
                    $( Op::$bc { target, .. } )|* => Some(target),
                    $( Op::$bci { target, .. } )|* => Some(target),
                    _ => None,
                }
            }

            /// The immediate form of a binary or compare-and-branch op whose
            /// right operand is the constant `value` (a slot's bits), if the
            /// op has one and `value` fits its sign-extended 32-bit field.
            pub(crate) fn with_imm(self, value: u64) -> Option<Op> {
                let imm = value as u32;
                Some(match self {
                    $( Op::$bib { dst, a, .. } if imm_fits!($bit, value) => Op::$bi { dst, a, imm }, )*
                    $( Op::$bcib { a, target, .. } if imm_fits!($bcit, value) => Op::$bci { a, imm, target }, )*
                    _ => return None,
                })
            }

            /// The inverse of [`Op::with_imm`]: an immediate op as the op it
            /// stands for (its right operand slot left 0) and its constant.
            pub(crate) fn split_imm(self) -> Option<(Op, u32)> {
                Some(match self {
                    $( Op::$bi { dst, a, imm } => (Op::$bib { dst, a, b: 0 }, imm), )*
                    $( Op::$bci { a, imm, target } => (Op::$bcib { a, b: 0, target }, imm), )*
                    _ => return None,
                })
            }

            /// A load at offset 0 (`self`) of the address the `i32.add` (or
            /// its immediate form) `add` computes, as one op.
            pub(crate) fn with_address(self, add: Op) -> Option<Op> {
                Some(match (self, add) {
                    $( (Op::$lab { dst, offset: 0, .. }, Op::I32Add { a, b, .. }) => Op::$la { dst, a, b }, )*
                    $( (Op::$laib { dst, offset: 0, .. }, Op::I32AddImm { a, imm, .. }) => Op::$lai { dst, a, imm }, )*
                    _ => return None,
                })
            }

            /// Makes an op that writes exactly one slot, `from`, write `to`
            /// instead. Returns false (and changes nothing) for any other op,
            /// including one that writes a slot other than `from`.
            pub(crate) fn retarget(&mut self, from: Slot, to: Slot) -> bool {
                match self {
                    $( Op::$un { dst, .. } )|*
                    | $( Op::$ut { dst, .. } )|*
                    | $( Op::$bin { dst, .. } )|*
                    | $( Op::$bt { dst, .. } )|*
                    | $( Op::$bi { dst, .. } )|*
                    | $( Op::$ld { dst, .. } )|*
                    | $( Op::$la { dst, .. } )|*
                    | $( Op::$lai { dst, .. } )|*
                    | Op::Copy { dst, .. } | Op::Const32 { dst, .. } | Op::Const64 { dst, .. }
                    | Op::GlobalGet { dst, .. } | Op::RefFunc { dst, .. } | Op::MemorySize { dst }
                    | Op::MemoryGrow { dst, .. } | Op::TableGet { dst, .. } | Op::TableSize { dst, .. }
                    | Op::Select { dst, .. } if *dst == from => {
                        *dst = to;
                        true
                    }
                    _ => false,
                }
            }
        }
    };
}
for_each_op!(define_op_enum);

impl core::fmt::Display for Op {
    /// The op's name followed by its operands, as in a disassembly.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let fields = alloc::format!("{self:?}");
        let operands = fields.find(['{', '(']).map_or("", |i| &fields[i..]);
        write!(f, "{} {}", self.name(), operands)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_ops() {
        let op = Op::I32Add { dst: 3, a: 1, b: 2 };
        assert_eq!(alloc::format!("{op}"), "i32_add { dst: 3, a: 1, b: 2 }");
        assert_eq!(Op::Br { target: 7 }.name(), "Br");
    }

    #[test]
    fn op_is_compact() {
        assert_eq!(core::mem::size_of::<Op>(), 16);
    }
}
