//! `global.get` and `global.set` of a `v128` global, whose two slots
//! (`GlobalEntity::value`, low half first) are read and written together.

use crate::exec::cx::Cx;

/// The slots of global `global` of the running instance (an index the
/// validator checked to be a `v128` global's).
fn slots<'c>(cx: &'c mut Cx<'_>, global: u32) -> &'c mut [u64; 2] {
    let instance = cx.instance as usize;
    let core = cx.core();
    let g = core.instances[instance].globals[global as usize];
    &mut core.globals[g as usize].value
}

pub fn v128_global_get(cx: &mut Cx<'_>, global: u32) -> u128 {
    let [low, high] = *slots(cx, global);
    u128::from(low) | (u128::from(high) << 64)
}

pub fn v128_global_set(cx: &mut Cx<'_>, global: u32, v: u128) {
    *slots(cx, global) = [v as u64, (v >> 64) as u64];
}
