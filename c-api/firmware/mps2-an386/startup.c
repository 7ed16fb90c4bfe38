// Start-up for the MPS2 AN386 (Cortex-M4F) under qemu: the vector table,
// the reset handler (FPU on, .data copied, .bss zeroed, main), and output
// and exit through Arm semihosting.
#include <stdint.h>

#include "board.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start__, __bss_end__, __stack_top;
int main(void);

static int semihost(int op, const void* arg) {
  register int r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void board_puts(const char* s) { semihost(0x04 /* SYS_WRITE0 */, s); }

void board_put_int(long v) {
  char buf[24];
  char* p = buf + sizeof buf - 1;
  *p = 0;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  board_puts(p);
}

void board_exit(int status) {
  // SYS_EXIT_EXTENDED: ADP_Stopped_ApplicationExit with the status.
  uint32_t block[2] = {0x20026, (uint32_t)status};
  semihost(0x20, block);
  for (;;) {
  }
}

// Called by the C library's abort() (a Rust panic in the library ends there).
void _exit(int status) { board_exit(status ? status : 134); }

static void fault(void) {
  board_puts("hard fault\n");
  board_exit(1);
}

void Reset_Handler(void) {
  // CPACR: full access to CP10 and CP11 (the FPU) before any float code.
  *(volatile uint32_t*)0xE000ED88 |= 0xFu << 20;
  __asm__ volatile("dsb\n isb");
  for (uint32_t *src = &__data_load, *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t* p = &__bss_start__; p < &__bss_end__;) *p++ = 0;
  board_exit(main());
}

__attribute__((section(".vectors"), used)) static const void* const vectors[16] = {
    &__stack_top, Reset_Handler, fault, fault, fault, fault, fault,
};
