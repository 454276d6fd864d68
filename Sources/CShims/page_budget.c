// A CPU-time budget per page and thread: the stages check it at their loop heads and give up
// on a page that has used its share, so one hostile page cannot hold a run for minutes.
#include "cshims.h"

#include <time.h>

static __thread long long ni_budget_deadline;  // thread CPU nanoseconds; 0: no budget
static __thread int ni_budget_over;
static __thread unsigned ni_budget_calls;

static long long ni_thread_cpu_ns(void) {
    struct timespec now;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) return 0;
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

void ni_budget_start(double seconds) {
    ni_budget_over = 0;
    ni_budget_calls = 0;
    ni_budget_deadline = seconds > 0 ? ni_thread_cpu_ns() + (long long)(seconds * 1e9) : 0;
}

int ni_budget_stop(void) {
    int over = ni_budget_over;
    ni_budget_deadline = 0;
    ni_budget_over = 0;
    return over;
}

int ni_budget_exceeded(void) {
    if (ni_budget_deadline == 0) return 0;
    if (ni_budget_over) return 1;
    // The clock is read on every 64th call: checks sit in inner loops.
    if ((ni_budget_calls++ & 63) != 0) return 0;
    if (ni_thread_cpu_ns() >= ni_budget_deadline) ni_budget_over = 1;
    return ni_budget_over;
}
