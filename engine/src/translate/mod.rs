//! Validation and translation of function bodies, in one pass (the
//! `wasm` feature), and what it leaves for the executor (`compiled`,
//! read from images too).

#[cfg(feature = "wasm")]
mod calls;
mod compiled;
#[cfg(all(feature = "wasm", feature = "exceptions"))]
mod exceptions;
#[cfg(feature = "wasm")]
mod func;
#[cfg(feature = "wasm")]
mod fuse;
#[cfg(feature = "wasm")]
mod pool;
#[cfg(all(feature = "wasm", feature = "simd"))]
mod simd;
#[cfg(feature = "wasm")]
mod stack;
#[cfg(feature = "wasm")]
mod thread;
#[cfg(feature = "wasm")]
mod typed_refs;
#[cfg(feature = "wasm")]
mod visit;

#[cfg(any(feature = "exceptions", feature = "image"))]
pub(crate) use compiled::HandlerKind;
pub(crate) use compiled::{CompiledFunc, Handler};
#[cfg(feature = "wasm")]
pub(crate) use func::{FuncTranslator, Scratch};

#[cfg(feature = "wasm")]
use crate::error::Error;
#[cfg(feature = "wasm")]
use crate::types::FuncType;
#[cfg(feature = "wasm")]
use wasmparser::{FuncValidator, FunctionBody, OperatorsReader, ValidatorResources};

#[cfg(feature = "wasm")]
impl FuncTranslator<'_> {
    /// Validates `body` with `validator` and translates it, operator by operator.
    ///
    /// Each operator is decoded once into wasmparser's `Operator` and handed
    /// to both the validator and the translator. Driving the validator as a
    /// `VisitOperator` straight from the reader (decoding each operator twice,
    /// or once per visitor) was measured larger: +7.3 KB of thumbv7em text in
    /// `scripts/size-probe`, since wasmparser then instantiates its decoder
    /// for every proposal's opcodes a second time.
    pub(crate) fn translate(
        &mut self,
        ty: &FuncType,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<CompiledFunc, Error> {
        let mut reader = body.get_binary_reader();
        validator
            .read_locals(&mut reader)
            .map_err(|e| Error::decode(&e))?;
        let locals = self.local_layout(ty, validator)?;
        let params = ty.param_slots() as u32;
        self.begin(ty, locals)?;
        let mut ops = OperatorsReader::new(reader);
        while !ops.eof() {
            let (op, offset) = ops.read_with_offset().map_err(|e| Error::decode(&e))?;
            self.wide_operand = match op {
                wasmparser::Operator::Drop => wide_operand(validator, 0),
                wasmparser::Operator::Select | wasmparser::Operator::TypedSelect { .. } => {
                    wide_operand(validator, 1)
                }
                wasmparser::Operator::GlobalSet { .. } => wide_operand(validator, 0),
                wasmparser::Operator::GlobalGet { global_index } => {
                    use wasmparser::WasmModuleResources;
                    validator
                        .resources()
                        .global_at(global_index)
                        .is_some_and(|g| g.content_type == wasmparser::ValType::V128)
                }
                _ => false,
            };
            validator.op(offset, &op).map_err(|e| Error::decode(&e))?;
            self.offset = offset as u32;
            if let Some(f) = crate::features::Features::of_operator(&op) {
                self.features.insert(f);
            }
            let blockty = match &op {
                wasmparser::Operator::Block { blockty }
                | wasmparser::Operator::Loop { blockty }
                | wasmparser::Operator::If { blockty } => Some(*blockty),
                #[cfg(feature = "exceptions")]
                wasmparser::Operator::Try { blockty } => Some(*blockty),
                #[cfg(feature = "exceptions")]
                wasmparser::Operator::TryTable { try_table } => Some(try_table.ty),
                _ => None,
            };
            if let Some(wasmparser::BlockType::FuncType(_)) = blockty {
                self.features.insert(crate::features::Features::MULTI_VALUE);
            }
            self.operator(&op, offset as usize)?;
        }
        ops.finish().map_err(|e| Error::decode(&e))?;
        self.finish(params, body.range().start as u32)
    }
}

/// Whether the operand `depth` places below the top of the validator's
/// stack is a `v128` (read before the operator that takes it).
#[cfg(feature = "wasm")]
fn wide_operand(validator: &FuncValidator<ValidatorResources>, depth: usize) -> bool {
    validator.get_operand_type(depth) == Some(Some(wasmparser::ValType::V128))
}

#[cfg(feature = "wasm")]
impl FuncTranslator<'_> {
    /// Lays out the function's locals (params included) in slots: returns
    /// how many slots they take, and leaves in `local_slots` the slot of
    /// each when some local is a `v128` (two slots).
    fn local_layout(
        &mut self,
        ty: &FuncType,
        validator: &FuncValidator<ValidatorResources>,
    ) -> Result<u32, Error> {
        let count = validator.len_locals();
        self.local_slots.clear();
        let wide = |i: u32| validator.get_local_type(i) == Some(wasmparser::ValType::V128);
        let declared_wide = (ty.params().len() as u32..count).any(wide);
        if !declared_wide && !ty.params().contains(&crate::types::ValType::V128) {
            return Ok(count);
        }
        let mut next: u32 = 0;
        for i in 0..count {
            if next > crate::ir::MAX_SLOTS {
                return Err(Error::limit(crate::error::LimitKind::FrameSize));
            }
            self.local_slots.push(next as crate::ir::Slot);
            next += if wide(i) { 2 } else { 1 };
        }
        Ok(next)
    }
}
