// The size probe of the C API on a microcontroller: the smallest C
// program that loads a module, instantiates it and calls an export
// through wasm.h. scripts/c-api-size.sh links it against the thumbv7em
// libmote_c_api.a and reports its size, less that of an empty program.
#include "wasm.h"

// (module (func (export "add") (param i32 i32) (result i32)
//   (i32.add (local.get 0) (local.get 1))))
static const unsigned char add_wasm[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary = {sizeof add_wasm, (wasm_byte_t*)add_wasm};
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) return 1;
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 2;
  wasm_instance_exports(instance, &exports);
  wasm_val_t a[2] = {WASM_I32_VAL(2), WASM_I32_VAL(40)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
  int status = trap ? 3 : (r[0].of.i32 == 42 ? 0 : 4);
  if (trap) wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
