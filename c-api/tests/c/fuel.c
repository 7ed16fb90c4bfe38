// mote.h: fuel, out-of-fuel traps, and resumable calls.
#include "common.h"

static wasm_func_t* count;

static own wasm_trap_t* call_count(int32_t n, int32_t* result) {
  wasm_val_t a[1] = {WASM_I32_VAL(n)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  own wasm_trap_t* trap = wasm_func_call(count, &args, &results);
  *result = r[0].of.i32;
  return trap;
}

int main(void) {
  wasm_config_t* config = wasm_config_new();
  mote_config_consume_fuel(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  read_file("fuel.wasm", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  count = wasm_extern_as_func(exports.data[0]);
  CHECK(count != NULL);

  // Enough fuel: the call returns, and spends some.
  int32_t result = 0;
  uint64_t fuel = 0;
  CHECK(mote_store_set_fuel(store, 1000000));
  CHECK(call_count(10, &result) == NULL);
  CHECK(mote_store_get_fuel(store, &fuel));
  printf("count(10) = %d, fuel spent: %s\n", result, fuel < 1000000 ? "yes" : "no");

  // Too little: an out-of-fuel trap, and the store is left with none.
  CHECK(mote_store_set_fuel(store, 100));
  own wasm_trap_t* trap = call_count(1000, &result);
  CHECK(trap != NULL);
  CHECK(mote_trap_code(trap) == MOTE_TRAP_OUT_OF_FUEL);
  print_trap("count(1000) with 100 fuel", trap);
  CHECK(mote_store_get_fuel(store, &fuel));
  printf("fuel left: %llu\n", (unsigned long long)fuel);

  // Resumable: the call stops when fuel runs out and resumes with more.
  CHECK(mote_store_set_fuel(store, 100));
  wasm_val_t a[1] = {WASM_I32_VAL(1000)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  mote_call_t* call = NULL;
  CHECK(mote_func_call_resumable(count, &args, &results, &call) == NULL);
  CHECK(call != NULL);
  int stops = 1;
  bool finished = false;
  while (!finished) {
    CHECK(mote_store_set_fuel(store, 100));
    CHECK(mote_call_resume(call, &results, &finished) == NULL);
    if (!finished) stops++;
    CHECK(stops < 1000000);
  }
  printf("resumable count(1000) = %d, stopped more than once: %s\n", r[0].of.i32,
         stops > 1 ? "yes" : "no");
  // A finished call cannot be resumed again.
  own wasm_trap_t* again = mote_call_resume(call, &results, &finished);
  CHECK(again != NULL && finished);
  print_trap("resuming a finished call", again);
  mote_call_delete(call);

  // A resumable call with enough fuel finishes at once.
  CHECK(mote_store_set_fuel(store, 1000000));
  CHECK(mote_func_call_resumable(count, &args, &results, &call) == NULL);
  printf("with enough fuel: call %s, result %d\n", call == NULL ? "finished" : "stopped", r[0].of.i32);

  // Without consume_fuel, fuel is not counted.
  wasm_engine_t* free_engine = wasm_engine_new();
  wasm_store_t* free_store = wasm_store_new(free_engine);
  CHECK(mote_store_set_fuel(free_store, 5));
  CHECK(mote_store_get_fuel(free_store, &fuel) && fuel == 5);
  wasm_store_delete(free_store);
  wasm_engine_delete(free_engine);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
