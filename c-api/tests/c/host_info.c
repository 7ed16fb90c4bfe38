// Host info of modules and traps, which are not a store's objects: every
// copy refers to the same object, shares its info, and the finalizer runs
// once, when the last copy is deleted; wasm_trap_same and
// wasm_module_same tell copies apart from other objects.
#include "common.h"

static int finalized[4];
static void finalize(void* env) { finalized[*(int*)env]++; }
static int ids[4] = {0, 1, 2, 3};

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  // (module)
  static const char empty[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof empty, empty);
  own wasm_module_t* module = wasm_module_new(store, &binary);
  own wasm_module_t* other = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module && other);

  CHECK(wasm_module_get_host_info(module) == NULL);
  wasm_module_set_host_info_with_finalizer(module, &ids[0], finalize);
  own wasm_module_t* copy = wasm_module_copy(module);
  printf("module copy shares the info: %s\n",
         wasm_module_get_host_info(copy) == &ids[0] ? "yes" : "no");
  printf("another module has none: %s\n", wasm_module_get_host_info(other) == NULL ? "yes" : "no");
  wasm_module_set_host_info_with_finalizer(copy, &ids[1], finalize);
  printf("replaced info finalized: %d\n", finalized[0]);
  wasm_module_delete(module);
  printf("after deleting one of two copies: %d\n", finalized[1]);
  wasm_module_delete(copy);
  printf("after deleting the last copy: %d\n", finalized[1]);
  wasm_module_delete(other);

  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "boom");
  own wasm_trap_t* trap = wasm_trap_new(store, &msg);
  own wasm_trap_t* trap2 = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  own wasm_trap_t* trap_copy = wasm_trap_copy(trap);
  printf("trap same as its copy: %s, as another: %s\n",
         wasm_trap_same(trap, trap_copy) ? "yes" : "no",
         wasm_trap_same(trap, trap2) ? "yes" : "no");
  wasm_trap_set_host_info_with_finalizer(trap_copy, &ids[2], finalize);
  printf("trap info through the other copy: %s\n",
         wasm_trap_get_host_info(trap) == &ids[2] ? "yes" : "no");
  wasm_trap_set_host_info(trap2, &ids[3]);
  wasm_trap_delete(trap_copy);
  wasm_trap_delete(trap);
  wasm_trap_delete(trap2);
  printf("trap finalizers: %d (none set for the other: %d)\n", finalized[2], finalized[3]);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
