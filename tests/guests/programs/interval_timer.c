// Guest program: an interval timer (setitimer, 10 ms) must interrupt a busy user loop and a
// busy clock_gettime loop with SIGALRM, and pause() must return on each signal. Catches a
// decrementer that stops firing (the guest then hangs in pause or counts no alarms).
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
static volatile int got;
static void h(int s){ got++; }
static double now(){ struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec*1e-9; }
int main(){
  struct sigaction sa; memset(&sa,0,sizeof sa); sa.sa_handler=h; sigaction(SIGALRM,&sa,0);
  struct itimerval it={{0,10000},{0,10000}}; setitimer(ITIMER_REAL,&it,0);
  double t0=now(); double a=1.0;
  for(long i=0;i<10000000;i++){ a=a*1.0000001+0.5; }
  double t1=now();
  printf("interval_timer loop %.3f s, alarms %d (expect ~%.0f) a=%g\n", t1-t0, got, (t1-t0)*100, a);
  if (got < (t1-t0)*100/2) puts("interval_timer: TOO FEW ALARMS");
  got=0; t0=now(); while(now()-t0<0.5){} printf("interval_timer spin 0.5s: alarms %d\n", got);
  if (got < 25) puts("interval_timer: TOO FEW ALARMS");
  got=0; for(int i=0;i<5;i++) pause(); printf("interval_timer pause x5 ok %.3f s\n", now()-t0);
  return 0;
}
