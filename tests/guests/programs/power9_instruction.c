// Guest program: executes instructions that ISA 3.0 (POWER9) added (modsw, cnttzd, darn) and
// prints their results. Under a POWER9 it runs to the end; under a POWER9 in POWER8
// compatibility mode (-M pseries,max-cpu-compat=power8) the PCR makes them illegal in problem
// state (Power ISA 3.1 Book III 2.2.3), and the process must die of SIGILL at the first one.
#include <stdio.h>
int main(void) {
    long a = -7, b = 3, r;
    __asm__ volatile(".machine push\n.machine power9\nmodsw %0,%1,%2\n.machine pop" : "=r"(r) : "r"(a), "r"(b));
    printf("power9_instruction modsw -7,3 = %ld\n", r);
    fflush(stdout);
    unsigned long x = 0x100;
    __asm__ volatile(".machine push\n.machine power9\ncnttzd %0,%1\n.machine pop" : "=r"(r) : "r"(x));
    printf("power9_instruction cnttzd 0x100 = %ld\n", r);
    unsigned long d;
    __asm__ volatile(".machine push\n.machine power9\ndarn %0,1\n.machine pop" : "=r"(d));
    printf("power9_instruction darn ran\n");
    return 0;
}
