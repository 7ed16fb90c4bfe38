// mote.h: 64-bit and shared memory types, 64-bit tables; atomics on a
// shared memory.
#include "common.h"

static void show(const char* what, const wasm_memorytype_t* t) {
  uint64_t max = mote_memorytype_maximum(t);
  printf("%s: 64-bit %d, shared %d, min %llu, max ", what, mote_memorytype_is_64(t),
         mote_memorytype_is_shared(t), (unsigned long long)mote_memorytype_minimum(t));
  if (max == UINT64_MAX) {
    printf("none\n");
  } else {
    printf("%llu\n", (unsigned long long)max);
  }
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  // Made by the host.
  wasm_memorytype_t* t64 = mote_memorytype_new(1, 5000000000ull, true, false);
  CHECK(t64 != NULL);
  show("host 64-bit", t64);
  printf("its wasm.h limits: max %u\n", wasm_memorytype_limits(t64)->max);
  wasm_memorytype_t* ts = mote_memorytype_new(1, 2, false, true);
  CHECK(ts != NULL);
  show("host shared", ts);
  printf("shared without a maximum: %s\n",
         mote_memorytype_new(1, UINT64_MAX, false, true) ? "made" : "refused");
  printf("maximum below the minimum: %s\n",
         mote_memorytype_new(3, 2, true, false) ? "made" : "refused");
  printf("32-bit limits past 32 bits: %s\n",
         mote_memorytype_new(1, 1ull << 33, false, false) ? "made" : "refused");
  wasm_memory_t* m = wasm_memory_new(store, ts);
  CHECK(m != NULL);
  wasm_memorytype_t* back = wasm_memory_type(m);
  show("a shared memory's type", back);
  wasm_memorytype_delete(back);
  wasm_memory_delete(m);
  wasm_memorytype_delete(ts);
  wasm_memorytype_delete(t64);

  // Declared by a module.
  wasm_byte_vec_t binary;
  read_file("types64.wasm", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  for (size_t i = 0; i < exports.size; i++) {
    const wasm_externtype_t* e = wasm_exporttype_type(exports.data[i]);
    const wasm_name_t* name = wasm_exporttype_name(exports.data[i]);
    char label[64];
    snprintf(label, sizeof label, "export %.*s", (int)name->size, name->data);
    if (wasm_externtype_kind(e) == WASM_EXTERN_MEMORY) {
      show(label, wasm_externtype_as_memorytype_const(e));
    } else if (wasm_externtype_kind(e) == WASM_EXTERN_TABLE) {
      printf("%s: 64-bit %d\n", label,
             mote_tabletype_is_64(wasm_externtype_as_tabletype_const(e)));
    }
  }
  wasm_exporttype_vec_delete(&exports);

  // Atomics on the shared memory, from C.
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t instance_exports;
  wasm_instance_exports(instance, &instance_exports);
  wasm_extern_t* add = export_named(module, &instance_exports, "add");
  CHECK(add != NULL);
  for (int i = 0; i < 2; i++) {
    wasm_val_t arg[1] = {WASM_I32_VAL(5)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg);
    wasm_val_vec_t results = WASM_ARRAY_VEC(res);
    CHECK(wasm_func_call(wasm_extern_as_func(add), &args, &results) == NULL);
    printf("atomic add 5: was %d\n", res[0].of.i32);
  }
  wasm_extern_vec_delete(&instance_exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
