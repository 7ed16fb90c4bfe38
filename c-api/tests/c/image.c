// mote.h: module images. The test harness compiled image.wat to
// image.wasm and, with the engine's defaults, to the image image.mote,
// signed it with the key in image.pub (33 bytes) into image.signed.mote.
#include "common.h"

static wasm_engine_t* engine;
static wasm_store_t* store;

// Prints fac(5) and the byte at 16 + 1 of an instance of `module`, made
// in a store of its own (a store keeps its instances' memories until it
// is deleted).
static void run(const char* what, wasm_module_t* module) {
  CHECK(module != NULL);
  wasm_store_t* own_store = wasm_store_new(engine);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(own_store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  int32_t got[2];
  const char* names[2] = {"fac", "load"};
  int32_t in[2] = {5, 1};
  for (int i = 0; i < 2; i++) {
    wasm_func_t* f = wasm_extern_as_func(export_named(module, &exports, names[i]));
    CHECK(f != NULL);
    wasm_val_t a[1] = {WASM_I32_VAL(in[i])}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(f, &args, &results) == NULL);
    got[i] = r[0].of.i32;
  }
  printf("%s: fac(5) = %d, load(1) = '%c', code in place: %s\n", what, got[0], (char)got[1],
         mote_module_code_in_place(module) ? "yes" : "no");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_store_delete(own_store);
}

static bool loads(const wasm_byte_vec_t* bytes) {
  wasm_module_t* m = wasm_module_deserialize(store, bytes);
  bool ok = m != NULL;
  wasm_module_delete(m);
  return ok;
}

// Images in memory that lasts as long as the program, as in flash: one
// aligned, and one at an odd address (buffer + 1).
static _Alignas(8) uint8_t flash[4096];
static _Alignas(8) uint8_t flash_odd[4097];

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  wasm_byte_vec_t wasm, image, signed_image, key;
  read_file("image.wasm", &wasm);
  read_file("image.mote", &image);
  read_file("image.signed.mote", &signed_image);
  read_file("image.pub", &key);
  CHECK(key.size == 33);
  const uint8_t* k = (const uint8_t*)key.data;

  // wasm_module_serialize writes what `mote compile` writes.
  wasm_module_t* from_wasm = wasm_module_new(store, &wasm);
  run("from .wasm", from_wasm);
  wasm_byte_vec_t written;
  wasm_module_serialize(from_wasm, &written);
  printf("serialized: %s\n", written.size == image.size &&
         memcmp(written.data, image.data, image.size) == 0 ? "the same bytes as image.mote" : "other bytes");
  wasm_byte_vec_delete(&written);
  wasm_module_delete(from_wasm);

  // Loaded copied: wasm_module_deserialize. wasm_module_new takes .wasm
  // only in a library built with `wasm` (this one), images only without.
  wasm_module_t* m = wasm_module_deserialize(store, &image);
  run("deserialized", m);
  wasm_module_delete(m);
  m = wasm_module_new(store, &image);
  printf("wasm_module_new(image): %s\n", m == NULL ? "NULL" : "a module");
  wasm_module_delete(m);

  // In place.
  CHECK(image.size <= sizeof flash);
  memcpy(flash, image.data, image.size);
  m = mote_module_from_static_image(store, flash, image.size);
  run("in place, aligned", m);
  wasm_module_delete(m);
  memcpy(flash_odd + 1, image.data, image.size);
  m = mote_module_from_static_image(store, flash_odd + 1, image.size);
  run("in place, odd address", m);
  wasm_module_delete(m);

  // Signatures: only the signed image with the right key verifies.
  printf("signed image: %s\n", mote_image_verify_signature(&signed_image, k) ? "verified" : "refused");
  printf("unsigned image: %s\n", mote_image_verify_signature(&image, k) ? "verified" : "refused");
  uint8_t other[33];
  memcpy(other, k, 33);
  other[5] ^= 1;
  printf("another key: %s\n", mote_image_verify_signature(&signed_image, other) ? "verified" : "refused");
  size_t tampered = 0, flips = 0;
  for (size_t i = 0; i < signed_image.size; i++) {
    signed_image.data[i] ^= 0x10;
    flips++;
    tampered += mote_image_verify_signature(&signed_image, k) ? 0 : 1;
    signed_image.data[i] ^= 0x10;
  }
  printf("tampered images refused: %s\n", tampered == flips ? "all" : "not all");
  printf("a module's check on an image: %s\n", mote_module_verify_signature(&signed_image, k) ? "verified" : "refused");
  printf("null arguments: %s\n", mote_image_verify_signature(NULL, k) || mote_image_verify_signature(&signed_image, NULL) ? "verified" : "refused");
  // A signed image loads (the engine skips its trailer).
  CHECK(signed_image.size <= sizeof flash);
  memcpy(flash, signed_image.data, signed_image.size);
  CHECK(mote_image_verify_signature(&(wasm_byte_vec_t){signed_image.size, (wasm_byte_t*)flash}, k));
  m = mote_module_from_static_image(store, flash, signed_image.size);
  run("signed, in place", m);
  wasm_module_delete(m);

  // Any bytes: a module or NULL. Every cut image is refused, every
  // flipped byte of the body too (its hash no longer matches).
  size_t cut_loaded = 0;
  for (size_t n = 0; n < image.size; n++) {
    wasm_byte_vec_t cut = {n, image.data};
    cut_loaded += loads(&cut) ? 1 : 0;
  }
  printf("cut images loaded: %zu\n", cut_loaded);
  size_t flip_loaded = 0;
  for (size_t i = 32; i < image.size; i++) {
    image.data[i] ^= 0x01;
    flip_loaded += loads(&image) ? 1 : 0;
    memcpy(flash, image.data, image.size);
    wasm_module_t* x = mote_module_from_static_image(store, flash, image.size);
    flip_loaded += x != NULL ? 1 : 0;
    wasm_module_delete(x);
    image.data[i] ^= 0x01;
  }
  printf("images with a byte of the body flipped loaded: %zu\n", flip_loaded);
  printf("null and empty: %s\n",
         wasm_module_deserialize(NULL, &image) == NULL && wasm_module_deserialize(store, NULL) == NULL &&
         mote_module_from_static_image(NULL, flash, image.size) == NULL &&
         mote_module_from_static_image(store, NULL, 100) == NULL &&
         mote_module_from_static_image(store, flash, 0) == NULL && !mote_module_code_in_place(NULL)
         ? "NULL" : "a module");
  wasm_byte_vec_t none;
  wasm_module_serialize(NULL, &none);
  printf("serialize(NULL): %zu bytes\n", none.size);
  wasm_byte_vec_delete(&none);

  // An engine that meters fuel runs only images compiled for fuel.
  wasm_config_t* config = wasm_config_new();
  mote_config_consume_fuel(config, true);
  wasm_engine_t* fuel_engine = wasm_engine_new_with_config(config);
  wasm_store_t* fuel_store = wasm_store_new(fuel_engine);
  m = wasm_module_deserialize(fuel_store, &image);
  printf("image without fuel on a fuel engine: %s\n", m == NULL ? "refused" : "loaded");
  wasm_module_delete(m);
  wasm_store_delete(fuel_store);
  wasm_engine_delete(fuel_engine);

  wasm_byte_vec_delete(&wasm);
  wasm_byte_vec_delete(&image);
  wasm_byte_vec_delete(&signed_image);
  wasm_byte_vec_delete(&key);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
