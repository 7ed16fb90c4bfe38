/* The tag C++ exceptions are thrown with (`__cpp_exception`, one i32:
   the thrown object's address), as LLVM's compiler-rt defines it in
   lib/builtins/wasm/__cpp_exception.S; zig 0.17's compiler-rt lacks it. */
	.globl __cpp_exception
	.tagtype __cpp_exception i32
__cpp_exception:
