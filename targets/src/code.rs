//! Executable memory: machine code copied into fresh pages while they are
//! read-write, then made read-only + executable. Never writable and
//! executable at once. On AArch64 and RISC-V the instruction caches are
//! then made to see the new code (`icache.rs`).

use crate::Error;

/// A read-only, executable mapping holding a module's code.
pub struct CodeMemory {
    ptr: *mut u8,
    len: usize,
    /// The bytes of code (the rest of the last page is zeros).
    code_len: usize,
}

// SAFETY: the mapping is immutable once made and owned by this value alone;
// sharing read-only executable bytes between threads is sound.
unsafe impl Send for CodeMemory {}
// SAFETY: as above, nothing mutates the mapping after `new`.
unsafe impl Sync for CodeMemory {}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 { p as usize } else { 4096 }
}

impl CodeMemory {
    /// Maps `code` read-only + executable.
    pub fn new(code: &[u8]) -> Result<Self, Error> {
        let page = page_size();
        let len = code.len().max(1).div_ceil(page) * page;
        // SAFETY: an anonymous private mapping of `len` bytes at an address
        // the kernel chooses; no existing memory is affected.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(Error::Map);
        }
        let ptr = ptr.cast::<u8>();
        // SAFETY: `ptr` is a fresh writable mapping of `len >= code.len()`
        // bytes that does not overlap `code`.
        unsafe { core::ptr::copy_nonoverlapping(code.as_ptr(), ptr, code.len()) };
        let mem = CodeMemory {
            ptr,
            len,
            code_len: code.len(),
        };
        // SAFETY: `ptr..ptr+len` is exactly our mapping; after this call it
        // is no longer writable.
        let r = unsafe { libc::mprotect(ptr.cast(), len, libc::PROT_READ | libc::PROT_EXEC) };
        if r != 0 {
            return Err(Error::Map);
        }
        crate::icache::make_executable(ptr, code.len())?;
        Ok(mem)
    }

    /// The code, as it was copied in.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the mapping is readable, `code_len <= len` bytes of it
        // were written by `new`, and nothing writes it after.
        unsafe { core::slice::from_raw_parts(self.ptr, self.code_len) }
    }

    /// The address of byte `offset` of the code.
    pub fn at(&self, offset: usize) -> *const u8 {
        debug_assert!(offset < self.len);
        self.ptr.wrapping_add(offset)
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping `new` made; no function of it
        // can run any more (every instance holding code holds this value).
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}
