// A C firmware for the MPS2 AN386 (Cortex-M4F) that embeds Mote through
// the standard WebAssembly C API (wasm.h) and mote.h, linked against the
// thumbv7em libmote_c_api.a (feature bare-metal). It runs a module whose
// export calls back into C, under a fuel budget, resuming the call each
// time the fuel runs out. scripts/c-api-firmware.sh builds it and runs it
// under qemu.
#include <stdint.h>

#include "board.h"
#include "mote.h"

#define own

// The module (wat2wasm of this text):
// (module
//   (import "env" "print" (func $print (param i32)))
//   (func (export "run") (param $n i32) (result i32)
//     (local $i i32) (local $sum i32)
//     (call $print (local.get $n))
//     (block $done
//       (loop $next
//         (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
//         (local.set $sum (i32.add (local.get $sum) (local.get $i)))
//         (local.set $i (i32.add (local.get $i) (i32.const 1)))
//         (br $next)))
//     (local.get $sum)))

static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60,
    0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x03,
    0x65, 0x6e, 0x76, 0x05, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x00, 0x00, 0x03,
    0x02, 0x01, 0x01, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01,
    0x0a, 0x29, 0x01, 0x27, 0x01, 0x02, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x02,
    0x40, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x4b, 0x0d, 0x01, 0x20, 0x02,
    0x20, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01,
    0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b};

static own wasm_trap_t* print(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  board_puts("wasm says: ");
  board_put_int(args->data[0].of.i32);
  board_puts("\n");
  return NULL;
}

#define CHECK(cond, what) \
  if (!(cond)) {          \
    board_puts(what);     \
    board_puts("\n");     \
    return 1;             \
  }

int main(void) {
  board_puts("Mote through wasm.h on a Cortex-M4F\n");
  wasm_config_t* config = wasm_config_new();
  mote_config_consume_fuel(config, true);
  mote_config_max_memory_pages(config, 1);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary = {sizeof module_wasm, (wasm_byte_t*)module_wasm};
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module, "module refused");

  wasm_functype_t* print_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* print_func = wasm_func_new(store, print_type, print);
  wasm_functype_delete(print_type);
  wasm_extern_t* import[1] = {wasm_func_as_extern(print_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance, "instantiation failed");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  CHECK(run, "no run export");

  // run(1000) needs a few thousand units of fuel: give 1000 at a time.
  wasm_val_t a[1] = {WASM_I32_VAL(1000)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  mote_store_set_fuel(store, 1000);
  mote_call_t* call = NULL;
  wasm_trap_t* trap = mote_func_call_resumable(run, &args, &results, &call);
  CHECK(!trap, "run trapped");
  int stops = 0;
  bool finished = call == NULL;
  while (!finished) {
    stops++;
    mote_store_set_fuel(store, 1000);
    trap = mote_call_resume(call, &results, &finished);
    CHECK(!trap, "run trapped on resumption");
  }
  mote_call_delete(call);
  board_puts("run(1000) = ");
  board_put_int(r[0].of.i32);
  board_puts(", resumed ");
  board_put_int(stops);
  board_puts(" times\n");
  CHECK(r[0].of.i32 == 500500 && stops > 1, "wrong result");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(print_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  board_puts("Done.\n");
  return 0;
}
