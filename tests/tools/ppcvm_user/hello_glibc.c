/* A glibc program linked with Debian's `gcc -static`: glibc's static start-up applies its
 * relocations and mprotects the RELRO segment before main. Prints the greeting run_test.sh
 * expects and exits with 40 + argc. */
#include <stdio.h>

int main(int argc, char** argv) {
    (void)argv;
    printf("hello from ppcvm-user\n");
    return 40 + argc;
}
