// Guest program: N processes (forked) each load all 64 VSRs with a pattern naming the process
// and the iteration, make a system call (sched_yield switches to another process; getpid does
// not), and check every VSR and its own memory afterwards. Catches lost vector state across
// context switches and memory shared between processes after fork (copy-on-write): the
// pattern lives in a static array each process writes.
// usage: fork_vsr_preserved NPROC MODE (MODE 0: sched_yield, 1: getpid). Prints "N bad".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/wait.h>
#include <sys/syscall.h>
typedef struct { unsigned long long d[2]; } v128;
static v128 in[64], out[64];
#define LD(n) "lxvd2x " #n ",0,%0\n addi %0,%0,16\n"
#define ST(n) "stxvd2x " #n ",0,%0\n addi %0,%0,16\n"
#define X8(M,b) M(b) M(b+1) M(b+2) M(b+3) M(b+4) M(b+5) M(b+6) M(b+7)
static void load_all(v128* p){ asm volatile(X8(LD,0) X8(LD,8) X8(LD,16) X8(LD,24) X8(LD,32) X8(LD,40) X8(LD,48) X8(LD,56) : "+b"(p) :: "memory",
 "vs0","vs1","vs2","vs3","vs4","vs5","vs6","vs7","vs8","vs9","vs10","vs11","vs12","vs13","vs14","vs15","vs16","vs17","vs18","vs19","vs20","vs21","vs22","vs23","vs24","vs25","vs26","vs27","vs28","vs29","vs30","vs31",
 "vs32","vs33","vs34","vs35","vs36","vs37","vs38","vs39","vs40","vs41","vs42","vs43","vs44","vs45","vs46","vs47","vs48","vs49","vs50","vs51","vs52","vs53","vs54","vs55","vs56","vs57","vs58","vs59","vs60","vs61","vs62","vs63"); }
static void store_all(v128* p){ asm volatile(X8(ST,0) X8(ST,8) X8(ST,16) X8(ST,24) X8(ST,32) X8(ST,40) X8(ST,48) X8(ST,56) : "+b"(p) :: "memory"); }
int main(int argc, char** argv){
  int nproc = argc > 1 ? atoi(argv[1]) : 2;
  int mode = argc > 2 ? atoi(argv[2]) : 0; /* 0: sched_yield, 1: spin */
  for (int k=1;k<nproc;k++) if (fork()==0) break;
  unsigned pid = getpid();
  long bad = 0;
  for (int it=0; it<3000; it++){
    for (int r=0;r<64;r++){ in[r].d[0] = ((unsigned long long)pid<<40) | ((unsigned long long)r<<32) | it; in[r].d[1] = ~in[r].d[0]; }
    /* load, syscall, store without touching VSRs in between (raw syscall) */
    register long r0 asm("r0") = mode==0 ? SYS_sched_yield : SYS_getpid;
    v128* pi = in; v128* po = out;
    asm volatile(X8(LD,0) X8(LD,8) X8(LD,16) X8(LD,24) X8(LD,32) X8(LD,40) X8(LD,48) X8(LD,56)
                 "sc\n"
                 X8(ST,0) X8(ST,8) X8(ST,16) X8(ST,24) X8(ST,32) X8(ST,40) X8(ST,48) X8(ST,56)
                 : "+b"(pi), "+b"(po), "+r"(r0) :: "memory","r3","r4","r5","r6","r7","r8","r9","r10","r11","r12","cr0","ctr","lr",
 "vs0","vs1","vs2","vs3","vs4","vs5","vs6","vs7","vs8","vs9","vs10","vs11","vs12","vs13","vs14","vs15","vs16","vs17","vs18","vs19","vs20","vs21","vs22","vs23","vs24","vs25","vs26","vs27","vs28","vs29","vs30","vs31",
 "vs32","vs33","vs34","vs35","vs36","vs37","vs38","vs39","vs40","vs41","vs42","vs43","vs44","vs45","vs46","vs47","vs48","vs49","vs50","vs51","vs52","vs53","vs54","vs55","vs56","vs57","vs58","vs59","vs60","vs61","vs62","vs63");
    for (int r=0;r<64;r++) if (memcmp(&in[r],&out[r],16)) { if (bad < 6) printf("pid %u it %d vs%d: %016llx %016llx want %016llx %016llx\n", pid, it, r, out[r].d[0], out[r].d[1], in[r].d[0], in[r].d[1]); bad++; }
  }
  printf("fork_vsr_preserved pid %u: %ld bad\n", pid, bad); fflush(stdout);
  while (wait(NULL) > 0) {}
  return 0;
}
