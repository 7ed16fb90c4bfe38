/*
 * Reset for a C program on the mps2-an386 board (Cortex-M4F) with newlib's
 * rdimon (semihosting) start-up, as scripts/bench-mcu.sh builds the
 * workloads of bench/workloads/src natively (see link.ld):
 *
 *   arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
 *       -mfpu=fpv4-sp-d16 --specs=rdimon.specs -T link.ld startup.c prog.c
 *
 * The core reads the initial stack pointer and the reset vector from the
 * table at 0. `reset` enables the FPU, which is off out of reset and which
 * hard-float code (newlib included) may use anywhere, then jumps to rdimon's
 * `_start`: it sets the stack and heap limits, zeroes .bss, reads argv from
 * semihosting's command line (qemu's -kernel path, then -append's words),
 * runs main and exits with its status through semihosting.
 */
#include <stdint.h>

extern char __stack[];
extern void _start(void);

/* Cortex-M4 Coprocessor Access Control Register. */
#define CPACR (*(volatile uint32_t *)0xE000ED88u)
/* Full access to CP10 and CP11, the single-precision FPU. */
#define CPACR_FPU_FULL (0xFu << 20)

__attribute__((noreturn)) void reset(void)
{
    CPACR |= CPACR_FPU_FULL;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    _start();
    __builtin_unreachable();
}

/* A fault ends the run through semihosting (SYS_EXIT, "run-time error")
 * rather than spinning until the script's timeout. */
__attribute__((noreturn)) static void fault(void)
{
    register uint32_t op __asm__("r0") = 0x18;         /* SYS_EXIT */
    register uint32_t reason __asm__("r1") = 0x20023; /* ADP_Stopped_RunTimeErrorUnknown */
    for (;;)
        __asm__ volatile("bkpt 0xab" : : "r"(op), "r"(reason) : "memory");
}

/* Initial SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault. */
__attribute__((section(".vectors"), used)) static const void *const vectors[] = {
    __stack, (const void *)reset, (const void *)fault, (const void *)fault,
    (const void *)fault, (const void *)fault, (const void *)fault,
};
