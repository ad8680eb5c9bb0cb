/*
 * answer_heap.h — keep a backend that answers large pages out of glibc's
 * trim-and-regrow cycle (answer_heap.c says how and why).
 */
#ifndef ICL_ANSWER_HEAP_H
#define ICL_ANSWER_HEAP_H

#include "postgres.h"

/* An answer of `bytes` was built in this backend. */
extern void answer_heap_note(Size bytes);

#endif
