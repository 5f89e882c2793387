// Ctrl-C for cjnb: a SIGINT handler that only sets a flag, which long-running work polls.
#ifndef CJNB_INTERRUPT_H
#define CJNB_INTERRUPT_H

/// Installs the handler (without SA_RESTART, so that a blocking read returns EINTR); call it
/// from the main thread, which is the one a Ctrl-C must reach.
void cjnb_interrupt_install(void);
/// Whether Ctrl-C was pressed since the flag was last cleared.
int cjnb_interrupt_requested(void);
void cjnb_interrupt_clear(void);
/// Sets the flag as Ctrl-C would (for tests).
void cjnb_interrupt_request(void);

#endif
