// Thread stack bounds need pthread_getattr_np, a GNU extension Swift cannot import directly.
#define _GNU_SOURCE
#include "stack_bounds.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static uintptr_t stack_low_address(void);

// A thread's stack does not move: asked once per thread, not once per parse (the question
// costs system calls: pthread_getattr_np asks for the thread's CPU affinity).
uintptr_t seep_stack_low_address(void) {
    static __thread int known = 0;
    static __thread uintptr_t low = 0;
    if (!known) {
        low = stack_low_address();
        known = 1;
    }
    return low;
}

static uintptr_t stack_low_address(void) {
#if defined(__linux__)
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return 0;
    void *base = 0;
    size_t size = 0;
    int status = pthread_attr_getstack(&attributes, &base, &size);
    pthread_attr_destroy(&attributes);
    if (status != 0) return 0;
    uintptr_t low = (uintptr_t)base;
    // The main thread's reported stack can be larger than its rlimit lets it grow.
    char marker;
    uintptr_t here = (uintptr_t)&marker;
    struct rlimit limit;
    int is_main_thread = syscall(SYS_gettid) == getpid();
    if (is_main_thread && getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && here > limit.rlim_cur) {
        uintptr_t floor = here - (uintptr_t)limit.rlim_cur;
        if (floor > low) low = floor;
    }
    return low;
#elif defined(__APPLE__)
    pthread_t self = pthread_self();
    return (uintptr_t)pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
#else
    return 0;
#endif
}

struct seep_job {
    void (*body)(void *);
    void *context;
};

static void *seep_thread_main(void *argument) {
    struct seep_job *job = argument;
    job->body(job->context);
    return 0;
}

int seep_run_on_new_stack(uintptr_t size, void (*body)(void *), void *context) {
    pthread_attr_t attributes;
    int status = pthread_attr_init(&attributes);
    if (status != 0) return status;
    status = pthread_attr_setstacksize(&attributes, size);
    if (status == 0) {
        struct seep_job job = { body, context };
        pthread_t thread;
        status = pthread_create(&thread, &attributes, seep_thread_main, &job);
        if (status == 0) pthread_join(thread, 0);
    }
    pthread_attr_destroy(&attributes);
    return status;
}
