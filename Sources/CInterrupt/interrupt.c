#include "cinterrupt.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t requested = 0;
static pthread_t main_thread;

static void on_interrupt(int signal) {
  requested = 1;
  // The kernel may hand the signal to any thread (Dispatch keeps workers). The main thread is
  // the one blocked reading the terminal or working: pass it on so that its read returns EINTR.
  if (!pthread_equal(pthread_self(), main_thread)) pthread_kill(main_thread, signal);
}

void cjnb_interrupt_install(void) {
  main_thread = pthread_self();
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, 0);
  // A process can start with SIGINT blocked (inherited from whatever launched it); the REPL
  // needs it.
  sigset_t interrupt;
  sigemptyset(&interrupt);
  sigaddset(&interrupt, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &interrupt, 0);
}

int cjnb_interrupt_requested(void) { return requested != 0; }
void cjnb_interrupt_clear(void) { requested = 0; }
void cjnb_interrupt_request(void) { requested = 1; }
