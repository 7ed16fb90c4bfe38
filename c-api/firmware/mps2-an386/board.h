// What the firmware's start-up gives main: output and exit (semihosting).
#ifndef BOARD_H
#define BOARD_H
void board_puts(const char* s);
void board_put_int(long v);
void board_exit(int status);
#endif
