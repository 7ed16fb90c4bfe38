// The baseline of the size probe: the C library's start-up and exit alone.
int main(void) { return 0; }
