// mote.h: what Mote adds to the standard WebAssembly C API (wasm.h):
// limits, fuel and resumable calls, trap codes, WASI, signatures and
// module images.
//
// Include wasm.h first (this header includes it). Ownership follows
// wasm.h: `own` arguments and results pass ownership, everything else is
// borrowed.

#ifndef MOTE_H
#define MOTE_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef own
#define own
#define MOTE_H_DEFINED_OWN
#endif

// Configuration (wasm_config_t, then wasm_engine_new_with_config).

// Whether execution consumes fuel (see mote_store_set_fuel). Off by default.
void mote_config_consume_fuel(wasm_config_t*, bool on);
// Whether modules keep names and instruction offsets, for trap frames
// (wasm_frame_module_offset is then the instruction's). Costs 4 bytes per
// internal instruction. Off by default.
void mote_config_debug_info(wasm_config_t*, bool on);
// The largest any memory may grow, in 64 KiB pages (default 65536).
void mote_config_max_memory_pages(wasm_config_t*, uint32_t pages);
// The most bytes a store's memories and tables may hold together, a table
// element counting 8 bytes (default: no limit). Growing past it fails; a
// module whose minimums do not fit fails to instantiate.
void mote_config_max_store_bytes(wasm_config_t*, uint64_t bytes);
// The most elements any table may have.
void mote_config_max_table_elements(wasm_config_t*, uint32_t elements);
// The deepest nesting of wasm calls (default 10000); deeper traps.
void mote_config_max_call_depth(wasm_config_t*, uint32_t depth);
// The most 64-bit value slots of one execution (default 1 Mi).
void mote_config_max_stack_slots(wasm_config_t*, uint32_t slots);

// Fuel: about one unit per instruction, with mote_config_consume_fuel.
bool mote_store_set_fuel(wasm_store_t*, uint64_t fuel);
bool mote_store_get_fuel(const wasm_store_t*, uint64_t* fuel);

// Resumable calls. mote_func_call_resumable is wasm_func_call, except that
// when fuel runs out it returns NULL with *call set to a call to resume
// (results not yet written); otherwise *call is NULL.
typedef struct mote_call_t mote_call_t;

own wasm_trap_t* mote_func_call_resumable(
  const wasm_func_t*, const wasm_val_vec_t* args, wasm_val_vec_t* results,
  own mote_call_t** call);
// Continues after more fuel was given: NULL with *finished true when the
// call returned (results written), NULL with *finished false when fuel ran
// out again, or a trap (*finished true).
own wasm_trap_t* mote_call_resume(
  mote_call_t*, wasm_val_vec_t* results, bool* finished);
void mote_call_delete(own mote_call_t*);

// Why a trap happened: the engine's code, or MOTE_TRAP_NONE for a trap a
// host made with wasm_trap_new or one reporting a failed instantiation.
typedef uint8_t mote_trap_code_t;
enum mote_trap_code_enum {
  MOTE_TRAP_NONE = 0,
  MOTE_TRAP_UNREACHABLE,
  MOTE_TRAP_MEMORY_OUT_OF_BOUNDS,
  MOTE_TRAP_TABLE_OUT_OF_BOUNDS,
  MOTE_TRAP_UNDEFINED_ELEMENT,
  MOTE_TRAP_INDIRECT_CALL_TO_NULL,
  MOTE_TRAP_BAD_SIGNATURE,
  MOTE_TRAP_INTEGER_OVERFLOW,
  MOTE_TRAP_INTEGER_DIVISION_BY_ZERO,
  MOTE_TRAP_BAD_CONVERSION_TO_INTEGER,
  MOTE_TRAP_STACK_OVERFLOW,
  MOTE_TRAP_OUT_OF_FUEL,
  MOTE_TRAP_HOST,
  MOTE_TRAP_EXIT,
  MOTE_TRAP_NULL_EXCEPTION_REFERENCE,
  MOTE_TRAP_UNCAUGHT_EXCEPTION,
  MOTE_TRAP_OUT_OF_MEMORY,
  MOTE_TRAP_NULL_FUNCTION_REFERENCE,
  MOTE_TRAP_NULL_REFERENCE,
  MOTE_TRAP_UNALIGNED_ATOMIC,
  MOTE_TRAP_EXPECTED_SHARED_MEMORY,
  MOTE_TRAP_ATOMIC_WAIT_DEADLOCK,
};
mote_trap_code_t mote_trap_code(const wasm_trap_t*);
// True for a WASI proc_exit, with its status.
bool mote_trap_exit_status(const wasm_trap_t*, int32_t* status);

// WASI preview1 (wasi_snapshot_preview1). A guest gets only what it is
// granted: by default no arguments, variables or directories, empty
// stdin, and its output discarded.
typedef struct mote_wasi_config_t mote_wasi_config_t;

own mote_wasi_config_t* mote_wasi_config_new(void);
void mote_wasi_config_delete(own mote_wasi_config_t*);
// Strings are UTF-8; false for NULL or invalid UTF-8.
bool mote_wasi_config_arg(mote_wasi_config_t*, const char* arg);
bool mote_wasi_config_env(mote_wasi_config_t*, const char* name, const char* value);
// Grants host_path and what is below it, seen by the guest as guest_path.
bool mote_wasi_config_preopen_dir(mote_wasi_config_t*, const char* host_path, const char* guest_path);
void mote_wasi_config_inherit_stdin(mote_wasi_config_t*);
void mote_wasi_config_inherit_stdout(mote_wasi_config_t*);
void mote_wasi_config_inherit_stderr(mote_wasi_config_t*);
void mote_wasi_config_inherit_stdio(mote_wasi_config_t*);
void mote_wasi_config_inherit_env(mote_wasi_config_t*);

// Gives the store's guests these grants (opening the directories). False
// if one is refused; the store keeps its former grants.
bool mote_store_set_wasi(wasm_store_t*, own mote_wasi_config_t*);

// Makes *imports a vector with one entry per import of the module: WASI
// functions defined over the store's grants, NULL for every other import
// (fill those in, then call wasm_instance_new). False, with an empty
// vector, if the store has no grants or a WASI import does not exist.
// Run the program by calling its "_start" export; a proc_exit comes out
// as a trap (mote_trap_exit_status).
bool mote_wasi_imports(wasm_store_t*, const wasm_module_t*, own wasm_extern_vec_t* imports);

// Memory and table types beyond wasm.h's 32-bit limits. A 64-bit memory
// (memory64) is addressed by i64s, a shared memory (threads) must have a
// maximum. `max` is UINT64_MAX for none. mote_memorytype_new returns NULL
// for a maximum below the minimum, a shared memory without one, or 32-bit
// limits that do not fit 32 bits. wasm_memorytype_limits reads such limits
// cut to UINT32_MAX; these read all 64 bits.
own wasm_memorytype_t* mote_memorytype_new(uint64_t min, uint64_t max, bool is_64, bool shared);
bool mote_memorytype_is_64(const wasm_memorytype_t*);
bool mote_memorytype_is_shared(const wasm_memorytype_t*);
uint64_t mote_memorytype_minimum(const wasm_memorytype_t*);
uint64_t mote_memorytype_maximum(const wasm_memorytype_t*);
bool mote_tabletype_is_64(const wasm_tabletype_t*);

// Module signatures, in the WebAssembly tool-conventions format that
// `mote sign` and wasmsign2 write: whether `wasm` carries an Ed25519
// signature by `public_key` (33 bytes: 0x01 then the key, as `mote keygen`
// writes it) over all of the module. Check it before wasm_module_new to
// run only what its owner signed. False for NULL or malformed arguments.
bool mote_module_verify_signature(const wasm_byte_vec_t* wasm, const uint8_t* public_key);

// Module images: a module validated and translated on a host (`mote
// compile app.wasm -o app.mote`, or wasm_module_serialize), loaded with a
// linear check instead of validation and translation. wasm.h's
// wasm_module_serialize writes one; wasm_module_deserialize loads one,
// copying what it keeps. Any bytes give a module or NULL, never a crash:
// NULL also for an image made for an engine with other settings
// (mote_config_consume_fuel, the exceptions and atomics features) or by
// another version of Mote. A library built without the `wasm` feature (a
// runner, for firmware: no wasmparser) loads images only, and its
// wasm_module_new loads an image as wasm_module_deserialize does; built
// with `wasm`, wasm_module_new loads .wasm only (so that firmware that
// never loads an image does not link the image reader).
//
// Loads the image of `size` bytes at `data` in place: its code and data
// segments are used where they are, not copied into RAM (an image linked
// into flash). The bytes must stay readable and unchanged as long as the
// module, its copies and their instances are alive. The code runs in
// place if `data` is aligned to 2 bytes (align images to 4) and is copied
// otherwise. NULL for a NULL store, a NULL `data` or a `size` of 0, and as
// wasm_module_deserialize.
own wasm_module_t* mote_module_from_static_image(wasm_store_t*, const uint8_t* data, size_t size);
// Whether the module runs its code from its image, where it is. False for
// NULL.
bool mote_module_code_in_place(const wasm_module_t*);
// Whether `image` ends in a signature by `public_key` (33 bytes, as for
// mote_module_verify_signature) over all of the image before it, as
// `mote sign` signs images. Check it before loading to run only what the
// image's owner signed; for an image in flash, pass a wasm_byte_vec_t
// that points at it (only read, never freed). Allocates nothing. False
// for NULL or malformed arguments, an unsigned or a tampered image.
bool mote_image_verify_signature(const wasm_byte_vec_t* image, const uint8_t* public_key);

#ifdef MOTE_H_DEFINED_OWN
#undef own
#undef MOTE_H_DEFINED_OWN
#endif

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // MOTE_H
