#include "cinterrupt.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

// Atomic: the signal handler sets it and worker threads (the CSV reader's stretches) read it.
// A lock-free atomic int is async-signal-safe, as sig_atomic_t is, and free of data races.
static atomic_int requested = 0;
static pthread_t main_thread;

static void on_interrupt(int signal) {
  atomic_store_explicit(&requested, 1, memory_order_relaxed);
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

int cjnb_interrupt_requested(void) { return atomic_load_explicit(&requested, memory_order_relaxed) != 0; }
void cjnb_interrupt_clear(void) { atomic_store_explicit(&requested, 0, memory_order_relaxed); }
void cjnb_interrupt_request(void) { atomic_store_explicit(&requested, 1, memory_order_relaxed); }
