// The C API's answers to misuse and hostile input: NULL, false or a trap,
// never a crash. Also: a host callback calling back into wasm, host traps
// through nested calls, and the limits of mote.h.
#include "common.h"

static wasm_func_t* double_fn;

// host.reenter(x): calls wasm's double(x) and adds 1; traps for x < 0.
static own wasm_trap_t* reenter(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_store_t* store = (wasm_store_t*)env;
  int32_t x = args->data[0].of.i32;
  if (x < 0) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "negative argument");
    own wasm_trap_t* trap = wasm_trap_new(store, &msg);
    wasm_name_delete(&msg);
    return trap;
  }
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t va = WASM_ARRAY_VEC(a), vr = WASM_ARRAY_VEC(r);
  own wasm_trap_t* trap = wasm_func_call(double_fn, &va, &vr);
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32 + 1;
  return NULL;
}

static int finalized = 0;
static void finalize(void* env) { finalized++; }

static own wasm_trap_t* call1(wasm_func_t* f, wasm_val_t arg, wasm_val_t* result) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {1, &arg}, results = WASM_ARRAY_VEC(r);
  own wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (result) *result = r[0];
  return trap;
}

static void limits(void) {
  // (module (memory (export "m") 1))
  static const char one_page[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 1, 7, 5, 1, 1, 'm', 2, 0};
  // (module (memory 4))
  static const char four_pages[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 4};

  wasm_config_t* config = wasm_config_new();
  mote_config_max_memory_pages(config, 2);
  mote_config_max_store_bytes(config, 3 * 65536);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary = {sizeof one_page, (wasm_byte_t*)one_page};
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  CHECK(memory != NULL);
  bool grew = wasm_memory_grow(memory, 1);
  bool past_max = wasm_memory_grow(memory, 1);
  printf("max 2 pages: grow to 2 %s, grow to 3 %s, size %u pages\n", grew ? "ok" : "refused",
         past_max ? "ok" : "refused", wasm_memory_size(memory));

  // A second module wanting 4 pages does not fit the store's 3 pages.
  wasm_byte_vec_t binary4 = {sizeof four_pages, (wasm_byte_t*)four_pages};
  wasm_module_t* module4 = wasm_module_new(store, &binary4);
  CHECK(module4 != NULL);
  own wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module4, &imports, &trap) == NULL);
  CHECK(trap != NULL);
  print_trap("instantiating 4 pages in a 3-page store", trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_module_delete(module4);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  // Malformed and hostile input.
  const char junk[] = "\0asm\x01\0\0\0\x01\xff\xff\xff\xff\x0f";
  wasm_byte_vec_t bad = {sizeof junk - 1, (wasm_byte_t*)junk};
  printf("malformed module: new %s, validate %s\n",
         wasm_module_new(store, &bad) == NULL ? "NULL" : "non-NULL",
         wasm_module_validate(store, &bad) ? "true" : "false");
  printf("null binary: %s\n", wasm_module_new(store, NULL) == NULL ? "NULL" : "non-NULL");
  printf("valtype of kind 77: %s\n", wasm_valtype_new(77) == NULL ? "NULL" : "non-NULL");
  wasm_limits_t lim = {1, 2};
  printf("table of i32: %s\n", wasm_tabletype_new(wasm_valtype_new_i32(), &lim) == NULL ? "NULL" : "non-NULL");

  wasm_byte_vec_t binary;
  read_file("errors.wasm", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);

  // Instantiation without the import, with a NULL one, with one of
  // another store.
  own wasm_trap_t* trap = NULL;
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_instance_new(store, module, &none, &trap) == NULL);
  print_trap("no imports", trap);
  wasm_extern_t* null_import[1] = {NULL};
  wasm_extern_vec_t nulls = WASM_ARRAY_VEC(null_import);
  CHECK(wasm_instance_new(store, module, &nulls, &trap) == NULL);
  print_trap("a NULL import", trap);

  wasm_functype_t* ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_store_t* other = wasm_store_new(engine);
  wasm_func_t* foreign = wasm_func_new_with_env(other, ty, reenter, other, NULL);
  wasm_extern_t* foreign_import[1] = {wasm_func_as_extern(foreign)};
  wasm_extern_vec_t foreigns = WASM_ARRAY_VEC(foreign_import);
  CHECK(wasm_instance_new(store, module, &foreigns, &trap) == NULL);
  print_trap("an import of another store", trap);
  wasm_func_delete(foreign);
  wasm_store_delete(other);

  // A wrongly typed import.
  wasm_functype_t* ty0 = wasm_functype_new_0_0();
  wasm_func_t* wrong = wasm_func_new_with_env(store, ty0, reenter, store, NULL);
  wasm_functype_delete(ty0);
  wasm_extern_t* wrong_import[1] = {wasm_func_as_extern(wrong)};
  wasm_extern_vec_t wrongs = WASM_ARRAY_VEC(wrong_import);
  CHECK(wasm_instance_new(store, module, &wrongs, &trap) == NULL);
  print_trap("an import of the wrong type", trap);
  wasm_func_delete(wrong);

  wasm_func_t* host = wasm_func_new_with_env(store, ty, reenter, store, finalize);
  wasm_functype_delete(ty);
  wasm_extern_t* import[1] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  double_fn = wasm_extern_as_func(export_named(module, &exports, "double"));
  wasm_func_t* via_host = wasm_extern_as_func(export_named(module, &exports, "via_host"));
  wasm_func_t* recurse = wasm_extern_as_func(export_named(module, &exports, "recurse"));
  wasm_func_t* div = wasm_extern_as_func(export_named(module, &exports, "div"));
  wasm_table_t* table = wasm_extern_as_table(export_named(module, &exports, "table"));
  CHECK(double_fn && via_host && recurse && div && table);

  // Wasm -> host -> wasm.
  wasm_val_t v;
  CHECK(call1(via_host, (wasm_val_t)WASM_I32_VAL(20), &v) == NULL);
  printf("via_host(20) = %d\n", v.of.i32);
  // A host trap comes out of the outer call as that trap.
  trap = call1(via_host, (wasm_val_t)WASM_I32_VAL(-1), NULL);
  CHECK(trap != NULL);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  printf("via_host(-1) origin: func %u\n", origin ? wasm_frame_func_index(origin) : 999);
  if (origin) wasm_frame_delete(origin);
  print_trap("via_host(-1)", trap);

  // Engine traps, with their codes.
  print_trap("recurse(0)", call1(recurse, (wasm_val_t)WASM_I32_VAL(0), NULL));
  wasm_val_t d[2] = {WASM_I32_VAL(1), WASM_I32_VAL(0)};
  wasm_val_t dr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t dargs = WASM_ARRAY_VEC(d), dres = WASM_ARRAY_VEC(dr);
  print_trap("div(1, 0)", wasm_func_call(div, &dargs, &dres));

  // Calls that do not fit the function's type.
  print_trap("double(i64)", call1(double_fn, (wasm_val_t)WASM_I64_VAL(1), NULL));
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  print_trap("double()", wasm_func_call(double_fn, &no_args, &dres));
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t args1 = WASM_ARRAY_VEC(one), no_results = WASM_EMPTY_VEC;
  print_trap("double(1) with no room for results", wasm_func_call(double_fn, &args1, &no_results));
  print_trap("a NULL function", wasm_func_call(NULL, &args1, &dres));

  // Tables: out of range, and a function of the table's own store.
  printf("table get 5: %s, set 5: %s\n", wasm_table_get(table, 5) == NULL ? "NULL" : "non-NULL",
         wasm_table_set(table, 5, NULL) ? "true" : "false");
  wasm_ref_t* elem = wasm_table_get(table, 0);
  CHECK(elem != NULL);
  wasm_func_t* elem_func = wasm_ref_as_func(elem);
  CHECK(elem_func != NULL && wasm_func_same(elem_func, double_fn));
  printf("table[0] is double: yes, arity %zu -> %zu\n", wasm_func_param_arity(elem_func),
         wasm_func_result_arity(elem_func));
  wasm_ref_delete(elem);

  // Globals of the wrong type are refused.
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t f = WASM_F64_VAL(1.5);
  printf("i32 global from an f64: %s\n", wasm_global_new(store, gt, &f) == NULL ? "NULL" : "non-NULL");
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_global_t* g = wasm_global_new(store, gt, &seven);
  wasm_globaltype_delete(gt);
  wasm_global_set(g, &f);  // ignored: wrong type
  wasm_val_t gv;
  wasm_global_get(g, &gv);
  printf("global after a wrongly typed set: %d\n", gv.of.i32);
  wasm_global_delete(g);

  limits();

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(host);
  wasm_module_delete(module);
  printf("finalizers run before the store goes: %d\n", finalized);
  wasm_store_delete(store);
  printf("finalizers run after: %d\n", finalized);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
