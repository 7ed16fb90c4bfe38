// C++ exceptions compiled to WebAssembly exception handling
// (-fwasm-exceptions): throws that cross many frames, destructors run
// while unwinding, catch by base class, catch (...) and rethrow, nested
// handlers, exceptions from constructors and a function-try-block, and a
// throw that nothing catches (std::terminate, then abort) when asked to.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

static int live = 0;
static bool verbose = true;

struct Guard {
    const char *name;
    explicit Guard(const char *n) : name(n) { ++live; }
    ~Guard() {
        --live;
        if (verbose) std::printf("  ~Guard(%s)\n", name);
    }
};

struct Bottom : std::runtime_error {
    int depth;
    Bottom(int d) : std::runtime_error("bottom reached"), depth(d) {}
};

static int descend(int n, int at) {
    Guard g(n % 2 ? "odd" : "even");
    if (n == at) throw Bottom(n);
    return descend(n + 1, at) + 1;
}

struct Fragile {
    Guard member{"member"};
    explicit Fragile(int v) {
        if (v < 0) throw std::invalid_argument("negative: " + std::to_string(v));
    }
};

static int checked(int v) try {
    Fragile f(v);
    return v * 2;
} catch (const std::invalid_argument &e) {
    std::printf("  function-try-block caught: %s\n", e.what());
    return -1;
}

static void rethrow_after_cleanup() {
    try {
        Guard g("inner");
        throw 42;
    } catch (...) {
        std::printf("  catch (...), rethrowing\n");
        throw;
    }
}

static std::string nested(int rounds) {
    std::string log;
    for (int i = 0; i < rounds; i++) {
        try {
            try {
                if (i % 3 == 0) throw std::out_of_range("range " + std::to_string(i));
                if (i % 3 == 1) throw i;
                log += "ok ";
            } catch (const std::logic_error &e) {
                log += "logic(";
                log += e.what();
                log += ") ";
                throw std::runtime_error("converted " + std::to_string(i));
            }
        } catch (const std::runtime_error &e) {
            log += "runtime(";
            log += e.what();
            log += ") ";
        } catch (int v) {
            log += "int(" + std::to_string(v) + ") ";
        }
    }
    return log;
}

int main(int argc, char **argv) {
    std::printf("1. a throw across frames\n");
    try {
        descend(0, 5);
    } catch (const std::exception &e) {
        const Bottom *b = dynamic_cast<const Bottom *>(&e);
        std::printf("  caught std::exception: %s (depth %d), live guards %d\n", e.what(),
                    b ? b->depth : -1, live);
    }

    std::printf("2. constructors and a function-try-block\n");
    std::printf("  checked(21) = %d\n", checked(21));
    std::printf("  checked(-3) = %d\n", checked(-3));

    std::printf("3. catch (...) and rethrow\n");
    try {
        rethrow_after_cleanup();
    } catch (int v) {
        std::printf("  caught int %d\n", v);
    }

    std::printf("4. nested handlers\n  %s\n", nested(7).c_str());

    std::printf("5. std::exception_ptr\n");
    std::exception_ptr saved;
    try {
        throw std::length_error("kept for later");
    } catch (...) {
        saved = std::current_exception();
    }
    try {
        std::rethrow_exception(saved);
    } catch (const std::length_error &e) {
        std::printf("  rethrown: %s\n", e.what());
    }

    std::printf("6. many throws\n");
    verbose = false;
    long sum = 0;
    for (int i = 0; i < 10000; i++) {
        try {
            descend(0, i % 8);
        } catch (const Bottom &b) {
            sum += b.depth;
        }
    }
    std::printf("  sum of depths %ld, live guards %d\n", sum, live);

    if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0) {
        std::printf("7. a throw nothing catches\n");
        std::fflush(stdout);
        throw std::runtime_error("nobody catches this");
    }
    return 0;
}
