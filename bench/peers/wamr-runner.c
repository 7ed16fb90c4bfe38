/*
 * wamr-runner: runs a WASI command module on WAMR's interpreter.
 *
 *     wamr-runner app.wasm [ARGS...]
 *     wamr-runner --version
 *
 * The crates.io crate wamrx-sys ships WAMR's core and build scripts but not
 * product-mini (the `iwasm` command), so this is the part of iwasm's
 * main.c that the benchmark needs, against the public wasm_export.h:
 * system allocator, WASI with the given argv, no preopens and no
 * environment, `_start` through wasm_application_execute_main. Whether it
 * is the fast or the classic interpreter is decided when libiwasm.a is
 * built (WAMR_BUILD_FAST_INTERP); `--version` says which.
 *
 * The exit code is the guest's proc_exit code; a trap or load error prints
 * WAMR's message and exits 134, like `mote run`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

#ifndef WAMR_RUNNER_MODE
#define WAMR_RUNNER_MODE "interpreter"
#endif

/* The wasm operand/call stack WAMR allocates for the main thread; iwasm's
 * default is 64 KiB, a quarter MiB leaves room for deep recursion. */
#define STACK_SIZE (256 * 1024)

static uint8_t *read_file(const char *path, uint32_t *size_out) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *bytes = NULL;
    size_t size = 0, cap = 0, n;
    do {
        if (size == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            uint8_t *grown = realloc(bytes, cap);
            if (!grown) break;
            bytes = grown;
        }
        n = fread(bytes + size, 1, cap - size, f);
        size += n;
    } while (n > 0);
    int error = ferror(f);
    fclose(f);
    if (error || size > UINT32_MAX) {
        free(bytes);
        return NULL;
    }
    *size_out = (uint32_t)size;
    return bytes;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        uint32_t major, minor, patch;
        wasm_runtime_get_version(&major, &minor, &patch);
        printf("WAMR %u.%u.%u (%s, wamrx-sys crate sources)\n", major, minor, patch,
               WAMR_RUNNER_MODE);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s app.wasm [ARGS...]\n", argv[0]);
        return 2;
    }

    RuntimeInitArgs init_args;
    memset(&init_args, 0, sizeof init_args);
    init_args.mem_alloc_type = Alloc_With_System_Allocator;
    if (!wasm_runtime_full_init(&init_args)) {
        fprintf(stderr, "wamr-runner: runtime init failed\n");
        return 134;
    }

    uint32_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        fprintf(stderr, "wamr-runner: cannot read %s\n", argv[1]);
        return 134;
    }

    char error[256];
    wasm_module_t module = wasm_runtime_load(bytes, size, error, sizeof error);
    if (!module) {
        fprintf(stderr, "wamr-runner: load: %s\n", error);
        return 134;
    }
    /* The guest's argv is the module path and the arguments after it. */
    wasm_runtime_set_wasi_args(module, NULL, 0, NULL, 0, NULL, 0, argv + 1, argc - 1);

    wasm_module_inst_t instance = wasm_runtime_instantiate(module, STACK_SIZE, 0, error,
                                                           sizeof error);
    if (!instance) {
        fprintf(stderr, "wamr-runner: instantiate: %s\n", error);
        return 134;
    }

    /* proc_exit ends the call without an exception left behind; its code is
     * the WASI exit code. */
    if (!wasm_application_execute_main(instance, 0, NULL)) {
        const char *exception = wasm_runtime_get_exception(instance);
        fprintf(stderr, "wamr-runner: %s\n", exception ? exception : "execution failed");
        return 134;
    }
    int code = (int)wasm_runtime_get_wasi_exit_code(instance);

    wasm_runtime_deinstantiate(instance);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    free(bytes);
    return code;
}
