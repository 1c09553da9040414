#ifndef SEEP_STACK_BOUNDS_H
#define SEEP_STACK_BOUNDS_H

#include <stdint.h>

/// The lowest address of the calling thread's stack (stacks grow down), or 0 if unknown.
uintptr_t seep_stack_low_address(void);



/// Runs `body(context)` on a new thread with a stack of `size` bytes and waits for it.
/// Returns 0, or an error number when no such thread could be made (then nothing ran).
int seep_run_on_new_stack(uintptr_t size, void (*body)(void *), void *context);
#endif
