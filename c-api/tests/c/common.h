// Helpers shared by the tests of mote.h.
#ifndef MOTE_TEST_COMMON_H
#define MOTE_TEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mote.h"

// wasm.h marks ownership with `own` and undefines it at its end.
#define own

// Fails the test with a message (the harness reports the exit code).
#define CHECK(cond)                                               \
  do {                                                            \
    if (!(cond)) {                                                \
      printf("CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                    \
    }                                                             \
  } while (0)

// Reads a file into an owned byte vector.
static inline void read_file(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  CHECK(f != NULL);
  fseek(f, 0L, SEEK_END);
  size_t size = (size_t)ftell(f);
  fseek(f, 0L, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, size);
  CHECK(fread(out->data, size, 1, f) == 1);
  fclose(f);
}

// The export named `name` of an instance of `module` (borrowed from
// `exports`), or NULL.
static inline wasm_extern_t* export_named(
    const wasm_module_t* module, const wasm_extern_vec_t* exports, const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size && i < exports->size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) {
      found = exports->data[i];
    }
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

// Prints a trap's message and frees it.
static inline void print_trap(const char* what, own wasm_trap_t* trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  printf("%s: trap \"%s\" (code %d)\n", what, msg.data, (int)mote_trap_code(trap));
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

#endif
