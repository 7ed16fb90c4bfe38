// The size probe of the C API's runner (built without the `wasm`
// feature: no wasmparser): probe.c's program with the module as an image
// compiled on the host, loaded in place. scripts/c-api-size.sh --runner
// writes probe_image.h (`add_image`, the image `mote compile` makes of
// probe.c's module), links this against the runner's libmote_c_api.a and
// reports its size, less that of an empty program.
#include "mote.h"
#include "probe_image.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = mote_module_from_static_image(store, add_image, sizeof add_image);
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
