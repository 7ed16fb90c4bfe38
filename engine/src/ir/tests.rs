//! The encoding round trip and the side tables, over every op.

use super::*;
use alloc::format;
use alloc::vec::Vec;

/// One op of each code this build runs, with fields that exercise every
/// word.
fn samples() -> Vec<Op> {
    let mut ops = Vec::new();
    for &code in OpCode::ALL.iter().filter(|c| c.built()) {
        // Decode a made-up op of this code: the code, then patterned words.
        let mut words = alloc::vec![code as u16];
        for i in 1..code.len() {
            words.push(0x1111u16.wrapping_mul(i as u16));
        }
        // A target must land inside the code: keep the words small (a
        // target is then at most 0xf_000f words ahead).
        for w in &mut words[1..] {
            *w &= 0x000f;
        }
        words.resize(words.len() + 0x10_0000, 0);
        match Op::decode(&words, 0) {
            Ok(op) => ops.push(op),
            Err(e) => panic!("{code:?}: {e:?}"),
        }
    }
    ops
}

#[test]
fn every_op_encodes_and_decodes_to_itself() {
    let mut seen = 0;
    for op in samples() {
        let mut out = Vec::new();
        op.encode(&mut out, &|t| t);
        assert_eq!(out.len(), op.code().len(), "{op}");
        assert_eq!(out[0], op.code() as u16);
        // Targets were encoded relative to word 0, and read back absolute.
        let mut padded = out.clone();
        padded.resize(0x10_0000 + 16, 0);
        assert_eq!(Op::decode(&padded, 0), Ok(op), "{op}");
        seen += 1;
    }
    assert_eq!(seen, OpCode::ALL.iter().filter(|c| c.built()).count());
}

#[test]
fn ops_of_a_feature_left_out_keep_their_code_and_length() {
    // The gates map to the cargo features that build their ops in.
    assert!(OpCode::I32Add.built());
    assert_eq!(OpCode::V128Const.built(), cfg!(feature = "simd"));
    assert_eq!(OpCode::I32AtomicLoad.built(), cfg!(feature = "atomics"));
    assert_eq!(OpCode::Throw.built(), cfg!(feature = "exceptions"));
    for &code in OpCode::ALL.iter().filter(|c| !c.built()) {
        // Not decoded: the code is not one this build runs.
        let mut words = alloc::vec![code as u16];
        words.resize(code.len(), 0);
        assert_eq!(
            Op::decode(&words, 0),
            Err(DecodeOpError::UnknownOpCode(code as u16)),
            "{code:?}"
        );
    }
    // Were one made (validation refuses its instruction), it would keep
    // its code and length, its fields zeros.
    let op = Op::V128Const { out: 3, value: 7 };
    let mut out = alloc::vec![9];
    op.encode(&mut out, &|t| t);
    if OpCode::V128Const.built() {
        assert_eq!(out[1..3], [OpCode::V128Const as u16, 3]);
        assert_eq!(out[3], 7);
    } else {
        let mut expected = alloc::vec![9, OpCode::V128Const as u16];
        expected.resize(1 + OpCode::V128Const.len(), 0);
        assert_eq!(out, expected);
    }
    assert_eq!(out.len(), 1 + OpCode::V128Const.len());
}

#[test]
fn decoding_refuses_what_is_not_an_op() {
    let unknown = OpCode::ALL.len() as u16;
    assert_eq!(
        Op::decode(&[unknown], 0),
        Err(DecodeOpError::UnknownOpCode(unknown))
    );
    assert_eq!(
        Op::decode(&[OpCode::I32Add as u16, 1], 0),
        Err(DecodeOpError::Truncated)
    );
    assert_eq!(Op::decode(&[], 0), Err(DecodeOpError::Truncated));
    // A branch 100 words ahead in 3 words of code.
    assert_eq!(
        Op::decode(&[OpCode::Br as u16, 100, 0], 0),
        Err(DecodeOpError::BadTarget)
    );
    // A branch before the start.
    assert_eq!(
        Op::decode(&[OpCode::Br as u16, 0xffff, 0xffff], 0),
        Err(DecodeOpError::BadTarget)
    );
}

#[test]
fn disassembly_names_ops_and_fields() {
    let op = Op::I32Add { dst: 3, a: 1, b: 2 };
    assert_eq!(format!("{op}"), "I32Add dst=s3 a=s1 b=s2");
    let op = Op::I32AddImm {
        dst: 3,
        a: 1,
        imm: -5i32 as u32,
    };
    assert_eq!(format!("{op}"), "I32AddImm dst=s3 a=s1 imm=-5");
    assert_eq!(format!("{}", Op::Br { target: 7 }), "Br target=@7");
    assert_eq!(format!("{}", Op::Unreachable {}), "Unreachable");
}

#[test]
fn side_tables_follow_the_list() {
    let add = Op::I32Add { dst: 3, a: 1, b: 2 };
    assert_eq!(add.dst(), Some(3));
    assert_eq!(
        Op::I32Store {
            addr: 1,
            value: 2,
            offset: 0
        }
        .dst(),
        None
    );
    let mut moved = add;
    assert!(moved.retarget(3, 9));
    assert_eq!(moved, Op::I32Add { dst: 9, a: 1, b: 2 });
    assert!(!moved.retarget(3, 4), "writes s9, not s3");
    // Immediate forms: any i32, only sign-extendable i64 constants.
    assert_eq!(
        add.with_imm(7),
        Some(Op::I32AddImm {
            dst: 3,
            a: 1,
            imm: 7
        })
    );
    let add64 = Op::I64Add { dst: 3, a: 1, b: 2 };
    assert_eq!(add64.with_imm(1 << 40), None);
    assert_eq!(
        add64.with_imm(-2i64 as u64),
        Some(Op::I64AddImm {
            dst: 3,
            a: 1,
            imm: -2i32 as u32
        })
    );
    assert_eq!(
        Op::I64AddImm {
            dst: 3,
            a: 1,
            imm: -2i32 as u32
        }
        .split_imm(),
        Some((Op::I64Add { dst: 3, a: 1, b: 0 }, -2i64 as u64))
    );
    // Fused branches and their negations.
    let lt = Op::I32LtS { dst: 3, a: 1, b: 2 };
    assert_eq!(
        lt.fuse_branch(true, 5),
        Some(Op::BrIfI32LtS {
            a: 1,
            b: 2,
            target: 5
        })
    );
    assert_eq!(
        lt.fuse_branch(false, 5),
        Some(Op::BrIfI32GeS {
            a: 1,
            b: 2,
            target: 5
        })
    );
    assert_eq!(add.fuse_branch(true, 5), None);
    let br = Op::BrIfI32LtS {
        a: 1,
        b: 2,
        target: 5,
    };
    assert_eq!(
        br.with_imm(9),
        Some(Op::BrIfI32LtSImm {
            a: 1,
            imm: 9,
            target: 5
        })
    );
    // A load of an address an i32.add computed.
    let load = Op::I32Load {
        dst: 4,
        addr: 3,
        offset: 0,
    };
    assert_eq!(
        load.with_address(add),
        Some(Op::I32LoadAdd { dst: 4, a: 1, b: 2 })
    );
    let far = Op::I32Load {
        dst: 4,
        addr: 3,
        offset: 8,
    };
    assert_eq!(far.with_address(add), None, "only at offset 0");
    let mut br = Op::BrIfNez { cond: 1, target: 0 };
    *br.target_mut().unwrap() = 12;
    assert_eq!(
        br,
        Op::BrIfNez {
            cond: 1,
            target: 12
        }
    );
}

#[test]
fn op_codes_are_dense_and_named() {
    for (i, code) in OpCode::ALL.iter().enumerate() {
        assert_eq!(*code as usize, i);
        assert_eq!(OpCode::from_word(i as u16), Some(*code));
        assert!(!code.name().is_empty());
    }
    assert_eq!(OpCode::I32Add.gate(), "core");
    assert_eq!(OpCode::ReturnCall.gate(), "tail_call");
}

/// Which op may read the op before's result from an accumulator, and which
/// operand: the slot must match, and so must the accumulator's type.
#[test]
fn accumulator_forms_follow_their_operand() {
    let words = |op: Op| {
        let mut out = Vec::new();
        op.encode(&mut out, &|p| p);
        out
    };
    let add = words(Op::I32Add { dst: 2, a: 0, b: 1 });
    let fadd = words(Op::F64Add { dst: 2, a: 0, b: 1 });
    // `a` is the slot: ACC_A; `b` is: ACC_B; both: `a` preferred.
    assert_eq!(
        acc_flag(
            &add,
            &words(Op::I32AddImm {
                dst: 3,
                a: 2,
                imm: 1
            })
        ),
        ACC_A
    );
    assert_eq!(
        acc_flag(&add, &words(Op::I32Sub { dst: 3, a: 0, b: 2 })),
        ACC_B
    );
    assert_eq!(
        acc_flag(&add, &words(Op::I32Mul { dst: 3, a: 2, b: 2 })),
        ACC_A
    );
    assert_eq!(acc_flag(&add, &words(Op::I32Sub { dst: 3, a: 0, b: 1 })), 0);
    // A compare-and-branch reads its `a` at word 1.
    let br = words(Op::BrIfI32EqImm {
        a: 2,
        imm: 0,
        target: 0,
    });
    assert_eq!(acc_flag(&add, &br), ACC_A);
    // An integer result does not feed a float operand, nor the reverse.
    assert_eq!(
        acc_flag(&add, &words(Op::F64ConvertI32S { dst: 3, src: 2 })),
        ACC_A
    );
    assert_eq!(
        acc_flag(&fadd, &words(Op::I32TruncSatF64S { dst: 3, src: 2 })),
        ACC_A
    );
    assert_eq!(
        acc_flag(&fadd, &words(Op::I64ExtendI32S { dst: 3, src: 2 })),
        0
    );
    assert_eq!(acc_flag(&add, &words(Op::F64Sqrt { dst: 3, src: 2 })), 0);
    // A load's address is an integer; a comparison of floats gives one.
    assert_eq!(
        acc_flag(
            &add,
            &words(Op::F64Load {
                dst: 3,
                addr: 2,
                offset: 0
            })
        ),
        ACC_A
    );
    let feq = words(Op::F64Eq { dst: 2, a: 0, b: 1 });
    assert_eq!(acc_flag(&feq, &words(Op::I32Eqz { dst: 3, src: 2 })), ACC_A);
    // Ops that pass nothing on, or have no form, take no part.
    let copy = words(Op::Copy { dst: 2, src: 0 });
    assert_eq!(acc_flag(&copy, &words(Op::I32Eqz { dst: 3, src: 2 })), 0);
    assert_eq!(acc_flag(&add, &words(Op::Copy { dst: 3, src: 2 })), 0);
    assert_eq!(acc_flag(&add, &words(Op::ReturnValue { value: 2 })), 0);
    // A store reads its value (word 2, `b`), not its address, from the
    // accumulator of the value's type.
    let store = |addr, value| {
        words(Op::I32Store {
            addr,
            value,
            offset: 0,
        })
    };
    assert_eq!(acc_flag(&add, &store(0, 2)), ACC_B);
    assert_eq!(acc_flag(&add, &store(2, 0)), 0);
    let fstore = words(Op::F64Store {
        addr: 0,
        value: 2,
        offset: 0,
    });
    assert_eq!(acc_flag(&fadd, &fstore), ACC_B);
    assert_eq!(acc_flag(&add, &fstore), 0);
    // A select reads its condition (word 4, `b`), and passes its result
    // on as an integer whatever its type.
    let select = |a, b, cond| words(Op::Select { dst: 5, a, b, cond });
    assert_eq!(acc_flag(&add, &select(0, 1, 2)), ACC_B);
    assert_eq!(acc_flag(&add, &select(2, 1, 0)), 0);
    assert_eq!(acc_flag(&feq, &select(0, 1, 2)), ACC_B);
    let after_select = words(Op::I64AddImm {
        dst: 6,
        a: 5,
        imm: 1,
    });
    assert_eq!(acc_flag(&select(0, 1, 2), &after_select), ACC_A);
    let fneg = words(Op::F64Neg { dst: 6, src: 5 });
    assert_eq!(acc_flag(&select(0, 1, 2), &fneg), 0);
    // A select on a bit test reads either value it picks between (not its
    // condition), as an integer, and passes its result on as `select`.
    let select_and = |a, b, cond| {
        words(Op::SelectAndImm {
            dst: 5,
            a,
            b,
            cond,
            imm: 1,
        })
    };
    assert_eq!(acc_flag(&add, &select_and(2, 1, 0)), ACC_A);
    assert_eq!(acc_flag(&add, &select_and(0, 2, 1)), ACC_B);
    assert_eq!(acc_flag(&add, &select_and(0, 1, 2)), 0);
    assert_eq!(acc_flag(&fadd, &select_and(2, 1, 0)), 0);
    assert_eq!(acc_flag(&select_and(0, 1, 2), &after_select), ACC_A);
    assert_eq!(acc_flag(&select_and(0, 1, 2), &fneg), 0);

    // Stored code: a flag holds only after its operand's op.
    let mut marked = words(Op::I32AddImm {
        dst: 3,
        a: 2,
        imm: 1,
    });
    assert!(acc_flag_holds(None, &marked));
    marked[0] |= ACC_A;
    assert!(acc_flag_holds(Some(&add), &marked));
    assert!(!acc_flag_holds(None, &marked));
    assert!(!acc_flag_holds(Some(&copy), &marked));
    assert!(!acc_flag_holds(Some(&fadd), &marked));
    // I32AddImm has no `b` form; no op has both flags; Br has no form.
    marked[0] ^= ACC_A | ACC_B;
    assert!(!acc_flag_holds(Some(&add), &marked));
    marked[0] |= ACC_A;
    assert!(!acc_flag_holds(Some(&add), &marked));
    assert_eq!(OpCode::from_word_acc(OpCode::Br as u16 | ACC_A), None);
    assert_eq!(
        Op::decode(&[OpCode::Br as u16 | ACC_B, 0, 0], 0),
        Err(DecodeOpError::UnknownOpCode(OpCode::Br as u16 | ACC_B))
    );
}
