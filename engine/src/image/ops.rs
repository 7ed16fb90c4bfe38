//! What the check reads of each op, worked out from the op list at
//! compile time.
//!
//! The list describes an op's fields by name and kind (`OpCode::fields`)
//! and its semantics by name (`OpCode::semantics`, `OpCode::built`). The
//! check needs to know, for each field, what it is (a slot, a target, an
//! index into which table of the module) and, for each op, a few facts
//! (its slot range, whether it uses memory 0, whether this engine runs
//! it). Deriving these from the names while checking would link every
//! op's name, field names and semantics into the runner (about 15 KB of
//! thumbv7em `.rodata`); [`PACKED`] derives them once, in a `const`, packed
//! in a `u64` per op, and a runner carries each distinct `u64` once
//! ([`SHAPES`]) and a byte per op naming its shape ([`SHAPE_OF`]).

use crate::ir::{FieldKind, OpCode};

/// What one field of an op is, to the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Role {
    /// A frame slot (one word).
    Slot,
    /// A branch target relative to the op (two words).
    Target,
    /// A 32-bit constant (two words), not checked.
    Imm32,
    /// A 64-bit constant (four words), not checked.
    Imm64,
    /// A number (an offset, a count checked with the op's slot range).
    Number,
    /// A fuel charge: never zero.
    Amount,
    /// A function index, imported or defined.
    Func,
    /// A defined function's index (`call`, `return_call`).
    DefinedFunc,
    /// An imported function's index (`call_import`).
    ImportedFunc,
    /// A global's index.
    Global,
    /// A global's index, written (`global.set`): a mutable one.
    GlobalSet,
    /// A table's index.
    Table,
    /// The table of a `call_indirect`: a table of functions.
    CallTable,
    /// A memory's index.
    Memory,
    /// An element segment's index.
    Elem,
    /// A data segment's index.
    Data,
    /// A type's index.
    Type,
    /// A tag's index.
    Tag,
    /// A `U32` field whose name the check does not know: refused.
    Unknown,
    /// A 128-bit constant (eight words), not checked.
    Imm128,
    /// The first of a `v128`'s two frame slots (one word): both in the
    /// frame.
    Slot2,
    /// A lane index (two words), below the op's lane count
    /// ([`OpInfo::lanes`]).
    Lane,
    /// The 16 lane indices of an `i8x16.shuffle` (eight words), each
    /// below 32.
    Shuffle,
}

impl Role {
    /// The words a field of this role takes.
    pub(super) const fn words(self) -> usize {
        match self {
            Role::Slot | Role::Slot2 => 1,
            Role::Imm64 => 4,
            Role::Imm128 | Role::Shuffle => 8,
            _ => 2,
        }
    }
}

/// The most fields an op has (a test checks the list against it).
pub(super) const MAX_FIELDS: usize = 8;

/// What the check reads of one op.
#[derive(Debug, Clone, Copy)]
pub(super) struct OpInfo {
    /// The op's fields in encoding order; `len` of them are used.
    pub roles: [Role; MAX_FIELDS],
    pub len: u8,
    /// Which field, if any, is the first slot of a range of slots
    /// (`args`, `values`, `first`; `check::args_extent` gives its length).
    pub range: Option<u8>,
    /// The op reads or writes memory 0 without naming it.
    pub memory0: bool,
    /// This engine runs the op (its feature is built in).
    pub runs: bool,
    /// How many lanes the op's `lane` field, if any, may name (the
    /// lanes of the shape in its semantics' name); 0 for none.
    pub lanes: u8,
}

/// Every op's [`OpInfo`], by op code, packed: five bits per role (bits
/// 0..40), `len` (40..44), `range` plus one, 0 for none (44..48),
/// `memory0` (bit 48), `runs` (bit 49), `lanes` (50..55). Evaluated at
/// compile time only: the runner carries [`SHAPES`] and [`SHAPE_OF`].
const PACKED: [u64; OpCode::ALL.len()] = {
    let mut info = [0; OpCode::ALL.len()];
    let mut i = 0;
    while i < OpCode::ALL.len() {
        info[i] = pack(op_info(OpCode::ALL[i]));
        i += 1;
    }
    info
};

/// How many distinct packed [`OpInfo`]s the list has: ops of one shape
/// (every binary operator of slots, every load, ...) share one.
const N_SHAPES: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < PACKED.len() {
        if first_of_its_shape(i) {
            n += 1;
        }
        i += 1;
    }
    n
};

/// Whether no op before op code `i` has its packed [`OpInfo`].
const fn first_of_its_shape(i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if PACKED[j] == PACKED[i] {
            return false;
        }
        j += 1;
    }
    true
}

/// The distinct packed [`OpInfo`]s, in the order of their first op.
static SHAPES: [u64; N_SHAPES] = {
    let mut shapes = [0; N_SHAPES];
    let (mut i, mut n) = (0, 0);
    while i < PACKED.len() {
        if first_of_its_shape(i) {
            shapes[n] = PACKED[i];
            n += 1;
        }
        i += 1;
    }
    shapes
};

/// Each op code's index in [`SHAPES`]: one byte per op instead of the
/// eight of its packed [`OpInfo`] (the list's ~700 ops have fewer than
/// 256 shapes; the build fails if that stops holding).
static SHAPE_OF: [u8; OpCode::ALL.len()] = {
    assert!(N_SHAPES <= 256, "op shapes no longer fit a byte");
    let mut of = [0; OpCode::ALL.len()];
    let mut i = 0;
    while i < PACKED.len() {
        let mut s = 0;
        while SHAPES[s] != PACKED[i] {
            s += 1;
        }
        of[i] = s as u8;
        i += 1;
    }
    of
};

/// Roles by their number (`Role as u8`).
const ROLES: [Role; 23] = [
    Role::Slot,
    Role::Target,
    Role::Imm32,
    Role::Imm64,
    Role::Number,
    Role::Amount,
    Role::Func,
    Role::DefinedFunc,
    Role::ImportedFunc,
    Role::Global,
    Role::GlobalSet,
    Role::Table,
    Role::CallTable,
    Role::Memory,
    Role::Elem,
    Role::Data,
    Role::Type,
    Role::Tag,
    Role::Unknown,
    Role::Imm128,
    Role::Slot2,
    Role::Lane,
    Role::Shuffle,
];

const fn pack(i: OpInfo) -> u64 {
    let mut bits = 0u64;
    let mut n = 0;
    while n < MAX_FIELDS {
        // `ROLES` lists every role in order: a role missing there fails
        // the build here.
        assert!(ROLES[i.roles[n] as usize] as u8 == i.roles[n] as u8);
        bits |= (i.roles[n] as u64) << (5 * n);
        n += 1;
    }
    bits |= (i.len as u64) << 40;
    if let Some(r) = i.range {
        bits |= (r as u64 + 1) << 44;
    }
    bits |= (i.memory0 as u64) << 48;
    bits |= (i.runs as u64) << 49;
    assert!(i.lanes < 32);
    bits | ((i.lanes as u64) << 50)
}

/// The [`OpInfo`] of `op`.
pub(super) fn info(op: OpCode) -> OpInfo {
    // `OpCode::ALL` lists every op in code order, so every code indexes
    // `SHAPE_OF`, and every shape index `SHAPES`; were one missing, its 0
    // would be an op that does not run.
    let bits = SHAPE_OF
        .get(op as usize)
        .and_then(|&s| SHAPES.get(usize::from(s)))
        .copied()
        .unwrap_or(0);
    let mut roles = [Role::Unknown; MAX_FIELDS];
    for (n, role) in roles.iter_mut().enumerate() {
        let r = (bits >> (5 * n)) & 31;
        *role = ROLES.get(r as usize).copied().unwrap_or(Role::Unknown);
    }
    let range = ((bits >> 44) & 15) as u8;
    OpInfo {
        roles,
        len: ((bits >> 40) & 15) as u8,
        range: range.checked_sub(1),
        memory0: bits & (1 << 48) != 0,
        runs: bits & (1 << 49) != 0,
        lanes: ((bits >> 50) & 31) as u8,
    }
}

const fn op_info(op: OpCode) -> OpInfo {
    let (family, sem) = op.semantics();
    let fields = op.fields();
    let mut roles = [Role::Unknown; MAX_FIELDS];
    let mut range = None;
    let mut names_memory = false;
    let mut n = 0;
    while n < fields.len() && n < MAX_FIELDS {
        let (name, kind) = fields[n];
        roles[n] = match kind {
            FieldKind::Slot => Role::Slot,
            FieldKind::Slot2 => Role::Slot2,
            FieldKind::Target => Role::Target,
            FieldKind::I32 | FieldKind::S32 => Role::Imm32,
            FieldKind::U64 => Role::Imm64,
            FieldKind::V128 if eq(sem, "i8x16_shuffle") => Role::Shuffle,
            FieldKind::V128 => Role::Imm128,
            FieldKind::U32 => index_role(name, sem),
        };
        // Evaluated at compile time: a role that disagrees with its
        // kind about the words it takes fails the build.
        assert!(roles[n].words() == kind.words());
        if range.is_none() && (eq(name, "args") || eq(name, "values") || eq(name, "first")) {
            range = Some(n as u8);
        }
        if eq(name, "memory") {
            names_memory = true;
        }
        n += 1;
    }
    let memory0 = (starts_with(family, "load")
        || starts_with(family, "store")
        || starts_with(family, "atomic")
        || starts_with(family, "v128_load")
        || starts_with(family, "v128_store")
        || (starts_with(sem, "memory_") && !ends_with(sem, "_mem")))
        && !names_memory;
    let runs = op.built();
    // An op with more fields than the record holds is refused (a test
    // fails first).
    let fits = fields.len() <= MAX_FIELDS;
    OpInfo {
        roles,
        len: n as u8,
        range,
        memory0,
        runs: runs && fits,
        lanes: lanes(sem),
    }
}

/// The lanes of the shape a SIMD semantics name starts with (`i8x16_…`:
/// 16) or, for a lane load or store, of the width it names
/// (`v128_load32_lane`: 4); 0 for other names.
const fn lanes(sem: &str) -> u8 {
    const SHAPES: [(&str, u8); 6] = [
        ("i8x16_", 16),
        ("i16x8_", 8),
        ("i32x4_", 4),
        ("i64x2_", 2),
        ("f32x4_", 4),
        ("f64x2_", 2),
    ];
    const WIDTHS: [(&str, u8); 4] = [
        ("8_lane", 16),
        ("16_lane", 8),
        ("32_lane", 4),
        ("64_lane", 2),
    ];
    let mut i = 0;
    while i < SHAPES.len() {
        if starts_with(sem, SHAPES[i].0) {
            return SHAPES[i].1;
        }
        i += 1;
    }
    let mut i = 0;
    while i < WIDTHS.len() {
        if starts_with(sem, "v128_") && ends_with(sem, WIDTHS[i].0) {
            return WIDTHS[i].1;
        }
        i += 1;
    }
    0
}

/// The role of a `U32` field `name` of an op of semantics `sem`.
const fn index_role(name: &str, sem: &str) -> Role {
    if eq(name, "func") {
        if eq(sem, "call") || eq(sem, "return_call") || eq(sem, "copy_call") {
            Role::DefinedFunc
        } else if eq(sem, "call_import") || eq(sem, "return_call_import") {
            Role::ImportedFunc
        } else {
            Role::Func
        }
    } else if eq(name, "global") {
        if eq(sem, "global_set") || eq(sem, "v128_global_set") {
            Role::GlobalSet
        } else {
            Role::Global
        }
    } else if eq(name, "table") {
        if eq(sem, "call_indirect") || eq(sem, "return_call_indirect") {
            Role::CallTable
        } else {
            Role::Table
        }
    } else if eq(name, "dst_table") || eq(name, "src_table") {
        Role::Table
    } else if eq(name, "memory") || eq(name, "dst_memory") || eq(name, "src_memory") {
        Role::Memory
    } else if eq(name, "segment") {
        if eq(sem, "elem_drop") || eq(sem, "table_init") {
            Role::Elem
        } else {
            Role::Data
        }
    } else if eq(name, "type_index") {
        Role::Type
    } else if eq(name, "tag") {
        Role::Tag
    } else if eq(name, "offset")
        || eq(name, "addr")
        || eq(name, "op")
        || eq(name, "count")
        || eq(name, "len")
    {
        Role::Number
    } else if eq(name, "lane") {
        Role::Lane
    } else if eq(name, "amount") {
        Role::Amount
    } else {
        Role::Unknown
    }
}

const fn eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && starts_with(a, b)
}

const fn starts_with(s: &str, prefix: &str) -> bool {
    let (s, p) = (s.as_bytes(), prefix.as_bytes());
    if p.len() > s.len() {
        return false;
    }
    let mut i = 0;
    while i < p.len() {
        if s[i] != p[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn ends_with(s: &str, suffix: &str) -> bool {
    let (s, x) = (s.as_bytes(), suffix.as_bytes());
    if x.len() > s.len() {
        return false;
    }
    let mut i = 0;
    while i < x.len() {
        if s[s.len() - x.len() + i] != x[i] {
            return false;
        }
        i += 1;
    }
    true
}
