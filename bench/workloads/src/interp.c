/*
 * interp: a bytecode interpreter inside the guest, the branchy
 * switch-dispatch loop that scripting engines run. A small stack machine
 * (registers, a value stack, a return stack, 20 opcodes) runs a fixed
 * program: an outer loop with a linear congruential generator, a
 * data-dependent branch, a short inner loop of varying length and a
 * subroutine call. A unit of scale is 1,000 outer iterations, about 80,000
 * dispatched instructions.
 */
#include "common.h"

#define DEFAULT_SCALE 200

enum op {
    OP_HALT,
    OP_PUSH, /* imm */
    OP_LOAD, /* reg */
    OP_STORE, /* reg */
    OP_INC, /* reg */
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_AND,
    OP_XOR,
    OP_SHL,
    OP_SHR,
    OP_LT,
    OP_DUP,
    OP_DROP,
    OP_JMP, /* target */
    OP_JZ, /* target */
    OP_JNZ, /* target */
    OP_CALL, /* target */
    OP_RET,
};

enum reg { R_N, R_X, R_ACC, R_I, R_J, NREGS };

enum label { L_OUTER, L_ODD, L_INNER_SETUP, L_INNER, L_INNER_DONE, L_DONE, L_MIX, NLABELS };

/* A tiny assembler: labels are defined by position and patched afterwards. */
struct assembler {
    int32_t code[256];
    int len;
    int label_at[NLABELS];
    int fixup_at[32], fixup_label[32], nfixups;
};

static void emit(struct assembler *as, int32_t word)
{
    as->code[as->len++] = word;
}

static void emit1(struct assembler *as, enum op op, int32_t arg)
{
    emit(as, op);
    emit(as, arg);
}

static void emit_jump(struct assembler *as, enum op op, enum label target)
{
    emit(as, op);
    as->fixup_at[as->nfixups] = as->len;
    as->fixup_label[as->nfixups++] = target;
    emit(as, -1);
}

static void place(struct assembler *as, enum label l)
{
    as->label_at[l] = as->len;
}

static void resolve_labels(struct assembler *as)
{
    for (int i = 0; i < as->nfixups; i++)
        as->code[as->fixup_at[i]] = as->label_at[as->fixup_label[i]];
}

static void assemble(struct assembler *as)
{
    memset(as, 0, sizeof *as);
    emit1(as, OP_PUSH, 0);
    emit1(as, OP_STORE, R_I);
    place(as, L_OUTER);
    /* while (i < n) */
    emit1(as, OP_LOAD, R_I);
    emit1(as, OP_LOAD, R_N);
    emit(as, OP_LT);
    emit_jump(as, OP_JZ, L_DONE);
    /* x = x * 1103515245 + 12345 */
    emit1(as, OP_LOAD, R_X);
    emit1(as, OP_PUSH, 1103515245);
    emit(as, OP_MUL);
    emit1(as, OP_PUSH, 12345);
    emit(as, OP_ADD);
    emit1(as, OP_STORE, R_X);
    /* if ((x >> 16) & 1) goto odd */
    emit1(as, OP_LOAD, R_X);
    emit1(as, OP_PUSH, 16);
    emit(as, OP_SHR);
    emit1(as, OP_PUSH, 1);
    emit(as, OP_AND);
    emit_jump(as, OP_JNZ, L_ODD);
    /* acc += x >> 8 */
    emit1(as, OP_LOAD, R_ACC);
    emit1(as, OP_LOAD, R_X);
    emit1(as, OP_PUSH, 8);
    emit(as, OP_SHR);
    emit(as, OP_ADD);
    emit1(as, OP_STORE, R_ACC);
    emit_jump(as, OP_JMP, L_INNER_SETUP);
    place(as, L_ODD);
    /* acc ^= i * 3 */
    emit1(as, OP_LOAD, R_ACC);
    emit1(as, OP_LOAD, R_I);
    emit1(as, OP_PUSH, 3);
    emit(as, OP_MUL);
    emit(as, OP_XOR);
    emit1(as, OP_STORE, R_ACC);
    place(as, L_INNER_SETUP);
    /* j = (x >> 24) & 7 */
    emit1(as, OP_LOAD, R_X);
    emit1(as, OP_PUSH, 24);
    emit(as, OP_SHR);
    emit1(as, OP_PUSH, 7);
    emit(as, OP_AND);
    emit1(as, OP_STORE, R_J);
    place(as, L_INNER);
    /* while (j != 0) { acc += j; j -= 1; } */
    emit1(as, OP_LOAD, R_J);
    emit(as, OP_DUP);
    emit_jump(as, OP_JZ, L_INNER_DONE);
    emit1(as, OP_LOAD, R_ACC);
    emit(as, OP_ADD);
    emit1(as, OP_STORE, R_ACC);
    emit1(as, OP_LOAD, R_J);
    emit1(as, OP_PUSH, 1);
    emit(as, OP_SUB);
    emit1(as, OP_STORE, R_J);
    emit_jump(as, OP_JMP, L_INNER);
    place(as, L_INNER_DONE);
    emit(as, OP_DROP);
    emit_jump(as, OP_CALL, L_MIX);
    emit1(as, OP_INC, R_I);
    emit_jump(as, OP_JMP, L_OUTER);
    place(as, L_DONE);
    emit(as, OP_HALT);
    place(as, L_MIX);
    /* acc = (acc << 5) ^ (acc >> 27) ^ x */
    emit1(as, OP_LOAD, R_ACC);
    emit1(as, OP_PUSH, 5);
    emit(as, OP_SHL);
    emit1(as, OP_LOAD, R_ACC);
    emit1(as, OP_PUSH, 27);
    emit(as, OP_SHR);
    emit(as, OP_XOR);
    emit1(as, OP_LOAD, R_X);
    emit(as, OP_XOR);
    emit1(as, OP_STORE, R_ACC);
    emit(as, OP_RET);
    resolve_labels(as);
}

/* Runs the program to OP_HALT; returns the number of instructions executed. */
static uint32_t run(const int32_t *code, uint32_t *reg)
{
    uint32_t stack[16], rstack[8];
    int sp = 0, rsp = 0, pc = 0;
    uint32_t executed = 0;
    for (;;) {
        executed++;
        switch ((enum op)code[pc++]) {
        case OP_HALT:
            return executed;
        case OP_PUSH:
            stack[sp++] = (uint32_t)code[pc++];
            break;
        case OP_LOAD:
            stack[sp++] = reg[code[pc++]];
            break;
        case OP_STORE:
            reg[code[pc++]] = stack[--sp];
            break;
        case OP_INC:
            reg[code[pc++]]++;
            break;
        case OP_ADD:
            sp--;
            stack[sp - 1] += stack[sp];
            break;
        case OP_SUB:
            sp--;
            stack[sp - 1] -= stack[sp];
            break;
        case OP_MUL:
            sp--;
            stack[sp - 1] *= stack[sp];
            break;
        case OP_AND:
            sp--;
            stack[sp - 1] &= stack[sp];
            break;
        case OP_XOR:
            sp--;
            stack[sp - 1] ^= stack[sp];
            break;
        case OP_SHL:
            sp--;
            stack[sp - 1] <<= stack[sp] & 31;
            break;
        case OP_SHR:
            sp--;
            stack[sp - 1] >>= stack[sp] & 31;
            break;
        case OP_LT:
            sp--;
            stack[sp - 1] = stack[sp - 1] < stack[sp];
            break;
        case OP_DUP:
            stack[sp] = stack[sp - 1];
            sp++;
            break;
        case OP_DROP:
            sp--;
            break;
        case OP_JMP:
            pc = code[pc];
            break;
        case OP_JZ:
            pc = stack[--sp] == 0 ? code[pc] : pc + 1;
            break;
        case OP_JNZ:
            pc = stack[--sp] != 0 ? code[pc] : pc + 1;
            break;
        case OP_CALL:
            rstack[rsp++] = (uint32_t)pc + 1;
            pc = code[pc];
            break;
        case OP_RET:
            pc = (int)rstack[--rsp];
            break;
        default:
            fprintf(stderr, "bad opcode %" PRId32 " at %d\n", code[pc - 1], pc - 1);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    static struct assembler as;
    assemble(&as);
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        uint32_t reg[NREGS] = {0};
        reg[R_N] = 1000;
        reg[R_X] = unit;
        uint32_t executed = run(as.code, reg);
        sum = mix32(mix32(sum, reg[R_ACC]), executed);
    }
    bench_report("interp", scale, sum);
    return 0;
}
