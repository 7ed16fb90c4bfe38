/*
 * wasm3-runner: runs a WASI command module (`_start`) on wasm3.
 *
 *     wasm3-runner app.wasm [ARGS...]
 *     wasm3-runner --version
 *
 * The wasm3 sources come from PyPI's pywasm3 sdist, which ships the core
 * interpreter but not wasm3's WASI layer (m3_api_wasi.c), so this file
 * implements the few wasi_snapshot_preview1 calls that the benchmark
 * workloads and tests/wasi/hello.wasm import: args_*, environ_* (always
 * empty), fd_write / fd_fdstat_get / fd_seek / fd_close on stdio,
 * clock_time_get and proc_exit. Anything else the module imports is left
 * unlinked, and wasm3 fails when the module calls it.
 *
 * `_start` is looked up in the export section here, not with
 * m3_FindFunction: wasm3 0.5.0 matches names from the "name" section too,
 * and in clang's commands the internal `_start` (which the exported
 * `_start.command_export` wraps before running the destructors that flush
 * stdout) has a lower index than the export, so m3_FindFunction returns the
 * wrong one and buffered output is lost.
 *
 * The exit code is the guest's proc_exit code (0 when `_start` returns); a
 * trap or load error prints a message and exits 134, like `mote run`.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm3.h"
/* wasm3 internals, for Module_GetFunction and CompileFunction. */
#include "m3_compile.h"
#include "m3_env.h"

/* wasi errno values */
#define WASI_ESUCCESS 0
#define WASI_EBADF 8
#define WASI_EINVAL 28
#define WASI_EIO 29
#define WASI_ESPIPE 70

/* The guest's argv, set once in main. */
static int guest_argc;
static char **guest_argv;

static int is_stdio(uint32_t fd) { return fd <= 2; }

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get_u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

m3ApiRawFunction(wasi_args_sizes_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArgMem(uint8_t *, argc_out);
    m3ApiGetArgMem(uint8_t *, buf_size_out);
    m3ApiCheckMem(argc_out, 4);
    m3ApiCheckMem(buf_size_out, 4);
    uint32_t size = 0;
    for (int i = 0; i < guest_argc; i++) size += (uint32_t)strlen(guest_argv[i]) + 1;
    put_u32(argc_out, (uint32_t)guest_argc);
    put_u32(buf_size_out, size);
    m3ApiReturn(WASI_ESUCCESS);
}

m3ApiRawFunction(wasi_args_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArgMem(uint8_t *, argv_out);
    m3ApiGetArgMem(uint8_t *, buf_out);
    m3ApiCheckMem(argv_out, (uint64_t)guest_argc * 4);
    uint32_t buf_offset = (uint32_t)(buf_out - (uint8_t *)_mem);
    for (int i = 0; i < guest_argc; i++) {
        size_t len = strlen(guest_argv[i]) + 1;
        m3ApiCheckMem(buf_out, len);
        memcpy(buf_out, guest_argv[i], len);
        put_u32(argv_out + 4 * i, buf_offset);
        buf_out += len;
        buf_offset += (uint32_t)len;
    }
    m3ApiReturn(WASI_ESUCCESS);
}

/* No environment is passed to the guest, the same as the other runtimes
 * do by default. */
m3ApiRawFunction(wasi_environ_sizes_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArgMem(uint8_t *, count_out);
    m3ApiGetArgMem(uint8_t *, buf_size_out);
    m3ApiCheckMem(count_out, 4);
    m3ApiCheckMem(buf_size_out, 4);
    put_u32(count_out, 0);
    put_u32(buf_size_out, 0);
    m3ApiReturn(WASI_ESUCCESS);
}

m3ApiRawFunction(wasi_environ_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, environ_ptr);
    m3ApiGetArg(uint32_t, buf_ptr);
    (void)environ_ptr;
    (void)buf_ptr;
    m3ApiReturn(WASI_ESUCCESS);
}

m3ApiRawFunction(wasi_fd_write) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, fd);
    m3ApiGetArgMem(uint8_t *, iovs);
    m3ApiGetArg(uint32_t, iovs_len);
    m3ApiGetArgMem(uint8_t *, nwritten_out);
    m3ApiCheckMem(iovs, (uint64_t)iovs_len * 8);
    m3ApiCheckMem(nwritten_out, 4);
    if (fd != 1 && fd != 2) m3ApiReturn(WASI_EBADF);
    uint32_t total = 0;
    for (uint32_t i = 0; i < iovs_len; i++) {
        uint8_t *buf = m3ApiOffsetToPtr(get_u32(iovs + 8 * i));
        uint32_t len = get_u32(iovs + 8 * i + 4);
        if (len == 0) continue;
        m3ApiCheckMem(buf, len);
        while (len > 0) {
            ssize_t n = write((int)fd, buf, len);
            if (n < 0) {
                if (errno == EINTR) continue;
                m3ApiReturn(WASI_EIO);
            }
            buf += n;
            len -= (uint32_t)n;
            total += (uint32_t)n;
        }
    }
    put_u32(nwritten_out, total);
    m3ApiReturn(WASI_ESUCCESS);
}

m3ApiRawFunction(wasi_fd_fdstat_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, fd);
    m3ApiGetArgMem(uint8_t *, stat_out);
    m3ApiCheckMem(stat_out, 24);
    if (!is_stdio(fd)) m3ApiReturn(WASI_EBADF);
    /* struct fdstat { u8 filetype; u16 flags; u64 rights_base; u64 rights_inheriting; } */
    memset(stat_out, 0, 24);
    stat_out[0] = 2; /* character device */
    uint64_t all_rights = ~(uint64_t)0;
    memcpy(stat_out + 8, &all_rights, 8);
    memcpy(stat_out + 16, &all_rights, 8);
    m3ApiReturn(WASI_ESUCCESS);
}

m3ApiRawFunction(wasi_fd_seek) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, fd);
    m3ApiGetArg(int64_t, offset);
    m3ApiGetArg(uint32_t, whence);
    m3ApiGetArgMem(uint8_t *, pos_out);
    (void)offset;
    (void)whence;
    (void)pos_out;
    m3ApiReturn(is_stdio(fd) ? WASI_ESPIPE : WASI_EBADF);
}

m3ApiRawFunction(wasi_fd_close) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, fd);
    m3ApiReturn(is_stdio(fd) ? WASI_ESUCCESS : WASI_EBADF);
}

m3ApiRawFunction(wasi_clock_time_get) {
    m3ApiReturnType(uint32_t);
    m3ApiGetArg(uint32_t, clock_id);
    m3ApiGetArg(uint64_t, precision);
    m3ApiGetArgMem(uint8_t *, time_out);
    (void)precision;
    m3ApiCheckMem(time_out, 8);
    static const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                       CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
    if (clock_id >= sizeof clocks / sizeof clocks[0]) m3ApiReturn(WASI_EINVAL);
    struct timespec ts;
    if (clock_gettime(clocks[clock_id], &ts) != 0) m3ApiReturn(WASI_EIO);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    memcpy(time_out, &ns, 8);
    m3ApiReturn(WASI_ESUCCESS);
}

/* Nothing is buffered on the host side (fd_write calls write(2)), so the
 * process can end right here with the guest's code. */
m3ApiRawFunction(wasi_proc_exit) {
    m3ApiGetArg(uint32_t, code);
    _exit((int)code);
}

static const struct {
    const char *name;
    const char *signature;
    M3RawCall function;
} wasi_functions[] = {
    {"args_sizes_get", "i(**)", wasi_args_sizes_get},
    {"args_get", "i(**)", wasi_args_get},
    {"environ_sizes_get", "i(**)", wasi_environ_sizes_get},
    {"environ_get", "i(ii)", wasi_environ_get},
    {"fd_write", "i(i*i*)", wasi_fd_write},
    {"fd_fdstat_get", "i(i*)", wasi_fd_fdstat_get},
    {"fd_seek", "i(iIi*)", wasi_fd_seek},
    {"fd_close", "i(i)", wasi_fd_close},
    {"clock_time_get", "i(iI*)", wasi_clock_time_get},
    {"proc_exit", "v(i)", wasi_proc_exit},
};

static int read_leb_u32(const uint8_t **p, const uint8_t *end, uint32_t *out) {
    uint32_t value = 0;
    for (int shift = 0; shift < 35 && *p < end; shift += 7) {
        uint8_t byte = *(*p)++;
        value |= (uint32_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *out = value;
            return 1;
        }
    }
    return 0;
}

/* The function index of the export `name`, or -1. The module has already
 * been parsed by wasm3, so a malformed one never gets here. */
static int64_t find_func_export(const uint8_t *bytes, uint32_t size, const char *name) {
    const uint8_t *p = bytes + 8, *end = bytes + size;
    while (p < end) {
        uint8_t id = *p++;
        uint32_t len;
        if (!read_leb_u32(&p, end, &len) || len > (size_t)(end - p)) return -1;
        const uint8_t *section_end = p + len;
        if (id != 7) { /* not the export section */
            p = section_end;
            continue;
        }
        uint32_t count;
        if (!read_leb_u32(&p, section_end, &count)) return -1;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t name_len, index;
            if (!read_leb_u32(&p, section_end, &name_len) ||
                name_len > (size_t)(section_end - p))
                return -1;
            const uint8_t *export_name = p;
            p += name_len;
            if (p >= section_end) return -1;
            uint8_t kind = *p++;
            if (!read_leb_u32(&p, section_end, &index)) return -1;
            if (kind == 0 && name_len == strlen(name) && memcmp(export_name, name, name_len) == 0)
                return index;
        }
        return -1;
    }
    return -1;
}

static int fail(const char *what, M3Result result, IM3Runtime runtime) {
    fprintf(stderr, "wasm3-runner: %s: %s", what, result);
    if (runtime) {
        M3ErrorInfo info;
        m3_GetErrorInfo(runtime, &info);
        if (info.message && *info.message) fprintf(stderr, " (%s)", info.message);
    }
    fputc('\n', stderr);
    return 134;
}

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
        printf("wasm3 %s (pywasm3 sdist sources)\n", M3_VERSION);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s app.wasm [ARGS...]\n", argv[0]);
        return 2;
    }
    guest_argc = argc - 1;
    guest_argv = argv + 1;

    uint32_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        fprintf(stderr, "wasm3-runner: cannot read %s\n", argv[1]);
        return 134;
    }

    IM3Environment env = m3_NewEnvironment();
    if (!env) return fail("init", "out of memory", NULL);
    /* 1 MiB of value stack, enough for the deepest workload recursion. */
    IM3Runtime runtime = m3_NewRuntime(env, 1 << 20, NULL);
    if (!runtime) return fail("init", "out of memory", NULL);

    IM3Module module;
    M3Result result = m3_ParseModule(env, &module, bytes, size);
    if (result) return fail("parse", result, runtime);
    result = m3_LoadModule(runtime, module);
    if (result) return fail("load", result, runtime);

    for (size_t i = 0; i < sizeof wasi_functions / sizeof wasi_functions[0]; i++) {
        result = m3_LinkRawFunction(module, "wasi_snapshot_preview1", wasi_functions[i].name,
                                    wasi_functions[i].signature, wasi_functions[i].function);
        /* A function the module does not import is not an error. */
        if (result && result != m3Err_functionLookupFailed)
            return fail(wasi_functions[i].name, result, runtime);
    }

    int64_t start_index = find_func_export(bytes, size, "_start");
    IM3Function start = start_index < 0 ? NULL : Module_GetFunction(module, (u32)start_index);
    if (!start) return fail("_start", "no exported function _start", runtime);
    if (!start->compiled && (result = CompileFunction(start))) return fail("compile", result, runtime);
    result = m3_RunStart(module);
    if (result) return fail("start function", result, runtime);
    result = m3_CallArgv(start, 0, NULL);
    if (result) return fail("run", result, runtime);
    return 0;
}
