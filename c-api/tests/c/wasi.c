// mote.h: WASI grants (arguments, environment, a preopened directory,
// inherited stdout), the imports of a WASI program, and its exit status.
#include "common.h"

int main(void) {
  // The guest writes to fd 1 itself: keep C's output in order with it.
  setvbuf(stdout, NULL, _IONBF, 0);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  read_file("wasi.wasm", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);

  // Without grants there are no WASI imports.
  wasm_extern_vec_t imports;
  printf("imports before grants: %s\n", mote_wasi_imports(store, module, &imports) ? "true" : "false");
  CHECK(imports.size == 0);

  // A directory that does not exist is refused.
  mote_wasi_config_t* bad = mote_wasi_config_new();
  CHECK(mote_wasi_config_preopen_dir(bad, "./no-such-directory", "/x"));
  printf("set_wasi with a missing directory: %s\n", mote_store_set_wasi(store, bad) ? "true" : "false");

  mote_wasi_config_t* wasi = mote_wasi_config_new();
  CHECK(mote_wasi_config_arg(wasi, "wasi.wasm"));
  CHECK(mote_wasi_config_arg(wasi, "hello"));
  CHECK(mote_wasi_config_env(wasi, "GREETING", "hi"));
  CHECK(mote_wasi_config_preopen_dir(wasi, ".", "/sandbox"));
  CHECK(!mote_wasi_config_arg(wasi, NULL));
  mote_wasi_config_inherit_stdout(wasi);
  CHECK(mote_store_set_wasi(store, wasi));

  CHECK(mote_wasi_imports(store, module, &imports));
  printf("imports: %zu, all defined: ", imports.size);
  bool all = true;
  for (size_t i = 0; i < imports.size; i++) all = all && imports.data[i] != NULL;
  printf("%s\n", all ? "yes" : "no");

  own wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* start = wasm_extern_as_func(export_named(module, &exports, "_start"));
  CHECK(start != NULL);

  printf("running _start:\n");
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
  trap = wasm_func_call(start, &none, &results);
  CHECK(trap != NULL);
  int32_t status = -1;
  CHECK(mote_trap_exit_status(trap, &status));
  printf("exit status %d (trap code %d)\n", status, (int)mote_trap_code(trap));
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_extern_vec_delete(&imports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
