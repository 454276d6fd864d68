// The crash journal: when a fatal signal is about to end the process, the items the pipeline's
// workers hold are appended to a file with write(2), so the next run knows which article took
// the process down (and quarantines it) instead of dying on it every run.
//
// Everything the handler touches is allocated once by ni_crash_journal_install and lives as
// long as the process (the handler may run at any moment, so nothing it reads is ever freed).
// Workers publish into fixed slots: the length is stored last and cleared first, with release
// and acquire ordering, so the handler reads either a whole key or none.
#include "cshims.h"

#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NI_MAX_SLOTS 256
#define NI_ALT_STACK_BYTES (64 * 1024)

static char ni_journal_path[4096];
static int ni_slot_count;
static char *ni_slot_bytes;              // ni_slot_count * NI_CRASH_SLOT_BYTES
static _Atomic size_t *ni_slot_lengths;  // ni_slot_count
static char *ni_alt_stacks;              // ni_slot_count * NI_ALT_STACK_BYTES
static atomic_int ni_next_slot;
static __thread int ni_thread_slot = -1;
static const int ni_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
#define NI_SIGNAL_COUNT ((int)(sizeof(ni_signals) / sizeof(ni_signals[0])))
static struct sigaction ni_previous[NI_SIGNAL_COUNT];

static void ni_write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n <= 0) return;
        bytes += n;
        count -= (size_t)n;
    }
}

static void ni_crash_handler(int sig, siginfo_t *info, void *context) {
    int fd = open(ni_journal_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        for (int i = 0; i < ni_slot_count; i++) {
            size_t length = atomic_load_explicit(&ni_slot_lengths[i], memory_order_acquire);
            if (length == 0 || length > NI_CRASH_SLOT_BYTES) continue;
            // The thread the signal hit holds the article that caused it; the others were
            // only in flight at the time.
            const char *label = i == ni_thread_slot ? "crashed\t" : "inflight\t";
            ni_write_all(fd, label, strlen(label));
            ni_write_all(fd, ni_slot_bytes + (size_t)i * NI_CRASH_SLOT_BYTES, length);
            ni_write_all(fd, "\n", 1);
        }
        fsync(fd);
        close(fd);
    }
    // Hand the signal on to whoever had it before (Swift's backtracer, or the default action):
    // restore that action; a fault re-occurs on return, a raised signal is raised again.
    for (int i = 0; i < NI_SIGNAL_COUNT; i++) {
        if (ni_signals[i] == sig) sigaction(sig, &ni_previous[i], NULL);
    }
    if (info == NULL || info->si_code <= 0) raise(sig);
    (void)context;
}

int ni_crash_journal_install(const char *path, int slots) {
    if (ni_slot_count > 0) return 0;  // once per process
    if (path == NULL || strlen(path) >= sizeof(ni_journal_path) || slots <= 0) return -1;
    if (slots > NI_MAX_SLOTS) slots = NI_MAX_SLOTS;
    ni_slot_bytes = calloc((size_t)slots, NI_CRASH_SLOT_BYTES);
    ni_slot_lengths = calloc((size_t)slots, sizeof(*ni_slot_lengths));
    ni_alt_stacks = calloc((size_t)slots, NI_ALT_STACK_BYTES);
    if (ni_slot_bytes == NULL || ni_slot_lengths == NULL || ni_alt_stacks == NULL) {
        free(ni_slot_bytes);
        free((void *)ni_slot_lengths);
        free(ni_alt_stacks);
        ni_slot_bytes = NULL;
        ni_slot_lengths = NULL;
        ni_alt_stacks = NULL;
        return -1;
    }
    strcpy(ni_journal_path, path);
    ni_slot_count = slots;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = ni_crash_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < NI_SIGNAL_COUNT; i++) sigaction(ni_signals[i], &action, &ni_previous[i]);
    return 0;
}

int ni_crash_slot_claim(void) {
    if (ni_slot_count == 0) return -1;
    if (ni_thread_slot >= 0) return ni_thread_slot;
    int slot = atomic_fetch_add(&ni_next_slot, 1);
    if (slot >= ni_slot_count) return -1;
    ni_thread_slot = slot;
    // A signal stack, so that a stack overflow on this thread still reaches the handler;
    // one the thread already has (AddressSanitizer gives every thread its own, and unmaps it
    // when the thread ends) is kept.
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        stack_t stack;
        stack.ss_sp = ni_alt_stacks + (size_t)slot * NI_ALT_STACK_BYTES;
        stack.ss_size = NI_ALT_STACK_BYTES;
        stack.ss_flags = 0;
        sigaltstack(&stack, NULL);
    }
    return slot;
}

void ni_crash_slot_publish(const char *bytes, size_t length) {
    int slot = ni_thread_slot;
    if (slot < 0 || bytes == NULL) return;
    if (length > NI_CRASH_SLOT_BYTES) length = NI_CRASH_SLOT_BYTES;
    atomic_store_explicit(&ni_slot_lengths[slot], 0, memory_order_release);
    memcpy(ni_slot_bytes + (size_t)slot * NI_CRASH_SLOT_BYTES, bytes, length);
    atomic_store_explicit(&ni_slot_lengths[slot], length, memory_order_release);
}

void ni_crash_slot_clear(void) {
    int slot = ni_thread_slot;
    if (slot >= 0) atomic_store_explicit(&ni_slot_lengths[slot], 0, memory_order_release);
}

void ni_crash_for_tests(void) {
    // What a bug in a C library does: a write through a bad pointer.
    volatile int *nowhere = (volatile int *)(uintptr_t)8;
    *nowhere = 1;
}
