#include "cinterrupt.h"
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t requested = 0;

static void on_interrupt(int signal) {
  (void)signal;
  requested = 1;
}

void cjnb_interrupt_install(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, 0);
}

int cjnb_interrupt_requested(void) { return requested != 0; }
void cjnb_interrupt_clear(void) { requested = 0; }
void cjnb_interrupt_request(void) { requested = 1; }
