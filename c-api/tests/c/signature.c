// mote.h: module signatures. The test harness signed signature.wasm with
// the key in signature.pub (33 bytes) into signature.signed.wasm.
#include "common.h"

static bool verify(const char* file, const uint8_t* key) {
  wasm_byte_vec_t binary;
  read_file(file, &binary);
  bool ok = mote_module_verify_signature(&binary, key);
  wasm_byte_vec_delete(&binary);
  return ok;
}

int main(void) {
  wasm_byte_vec_t key;
  read_file("signature.pub", &key);
  CHECK(key.size == 33);
  const uint8_t* k = (const uint8_t*)key.data;
  printf("signed module: %s\n", verify("signature.signed.wasm", k) ? "verified" : "refused");
  printf("unsigned module: %s\n", verify("signature.wasm", k) ? "verified" : "refused");
  uint8_t other[33];
  memcpy(other, k, 33);
  other[5] ^= 1;
  printf("another key: %s\n", verify("signature.signed.wasm", other) ? "verified" : "refused");
  printf("null key: %s\n", mote_module_verify_signature(NULL, NULL) ? "verified" : "refused");

  // Verified, it loads and runs as any module.
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  read_file("signature.signed.wasm", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* answer = wasm_extern_as_func(exports.data[0]);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(answer, &args, &results) == NULL);
  printf("answer() = %d\n", r[0].of.i32);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  wasm_byte_vec_delete(&key);
  return 0;
}
