/*
 * answer_heap.c — the C library's heap around large answers (issue 21).
 *
 * A page of 100 call logs with every field and relation is about 120 kB of
 * JSON.  Building and sending it takes several buffers of that size (the
 * body as it doubles, the output function's copy, the protocol message),
 * each a malloc of its own, all freed when the call ends.  glibc serves
 * them from the heap once its dynamic mmap threshold has risen past them,
 * and gives the top of the heap back to the kernel whenever more than its
 * trim threshold (twice that) is free: a backend whose calls need a little
 * more than that then shrinks and regrows its heap on every call, and
 * takes a page fault for every 4 kB it touches again (doc/benchmark.md:
 * W2 ran at a third of its speed in the runs that fell into it, and the
 * same commit ran fast in others, depending on where a backend's heap
 * happened to end).  The server's environment (MALLOC_TRIM_THRESHOLD_)
 * fixes it, but a DBA has no reason to know that.
 *
 * So the first time a backend builds a large answer (ANSWER_HEAP_LARGE),
 * the thresholds are fixed for that backend with mallopt: buffers up to
 * ANSWER_HEAP_MMAP_THRESHOLD come from the heap, and up to
 * ANSWER_HEAP_TRIM_THRESHOLD of freed heap is kept for the next call
 * (bounds.h says why those values).  Backends that never answer a large
 * page are left as they are; thresholds the DBA set (the MALLOC_*_
 * variables or glibc.malloc tunables) are left alone; elsewhere than glibc
 * this does nothing.
 */
#include "postgres.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "answer_heap.h"
#include "bounds.h"

#if defined(__GLIBC__)
static bool answer_heap_settled = false;

/* The DBA chose the allocator's thresholds (environment or tunables). */
static bool
thresholds_chosen(void)
{
	const char *tunables = getenv("GLIBC_TUNABLES");

	return getenv("MALLOC_TRIM_THRESHOLD_") != NULL || getenv("MALLOC_MMAP_THRESHOLD_") != NULL ||
		(tunables != NULL && (strstr(tunables, "glibc.malloc.trim_threshold") != NULL ||
							  strstr(tunables, "glibc.malloc.mmap_threshold") != NULL));
}
#endif

void
answer_heap_note(Size bytes)
{
#if defined(__GLIBC__)
	if (answer_heap_settled || bytes < ANSWER_HEAP_LARGE)
		return;
	answer_heap_settled = true;
	if (thresholds_chosen())
		return;
	/* both, or glibc keeps its 128 kB mmap threshold (setting one stops the dynamic rule) */
	if (mallopt(M_MMAP_THRESHOLD, ANSWER_HEAP_MMAP_THRESHOLD) != 1 ||
		mallopt(M_TRIM_THRESHOLD, ANSWER_HEAP_TRIM_THRESHOLD) != 1)
		elog(DEBUG1, "incoming_call_log: mallopt refused the answer heap thresholds");
#else
	(void) bytes;
#endif
}
