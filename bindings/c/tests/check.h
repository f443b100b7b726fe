/*
 * The harness shared by the C test suite's files (test_peeker.c, test_api.c):
 * CHECK macros that count passes and failures and print each failure.
 */
#ifndef PEEKER_TEST_CHECK_H
#define PEEKER_TEST_CHECK_H

#include <peeker.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ harness */

extern atomic_int g_passed;
extern atomic_int g_failed;

static inline void check_at(int ok, const char *what, const char *file, int line) {
    if (ok) {
        atomic_fetch_add(&g_passed, 1);
    } else {
        atomic_fetch_add(&g_failed, 1);
        fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
        const char *m = peeker_last_error_message();
        if (m) fprintf(stderr, "     (last error on this thread: %s: %s)\n", peeker_last_error_code(), m);
    }
}
#define CHECK(cond) check_at((cond) ? 1 : 0, #cond, __FILE__, __LINE__)

/* Compares a possibly-NULL C string with an expected possibly-NULL one. */
static inline int str_eq(const char *got, const char *want) {
    if (got == NULL || want == NULL) return got == want;
    return strcmp(got, want) == 0;
}
#define CHECK_STR(got, want)                                                              \
    do {                                                                                  \
        const char *g_ = (got), *w_ = (want);                                             \
        int ok_ = str_eq(g_, w_);                                                         \
        check_at(ok_, #got " == " #want, __FILE__, __LINE__);                             \
        if (!ok_) fprintf(stderr, "     got %s%s%s, want %s%s%s\n", g_ ? "\"" : "",      \
                          g_ ? g_ : "NULL", g_ ? "\"" : "", w_ ? "\"" : "",               \
                          w_ ? w_ : "NULL", w_ ? "\"" : "");                              \
    } while (0)
#define CHECK_STATUS(got, want)                                                           \
    do {                                                                                  \
        PeekerStatus g_ = (got), w_ = (want);                                             \
        check_at(g_ == w_, #got " == " #want, __FILE__, __LINE__);                        \
        if (g_ != w_) fprintf(stderr, "     got %u (%s), want %u (%s)\n", (unsigned)g_,   \
                              peeker_status_code(g_) ? peeker_status_code(g_) : "?",      \
                              (unsigned)w_, peeker_status_code(w_) ? peeker_status_code(w_) : "?"); \
    } while (0)

/* A string literal as pointer + length (embedded NULs included). */
#define LIT(s) (const uint8_t *)(s), (sizeof(s) - 1)
/* A C string as pointer + length. */
#define CS(s) (const uint8_t *)(s), strlen(s)

/* A sentinel that out-parameters must still hold after a failed call. */
#define SENTINEL ((void *)(uintptr_t)0x5EE4)

/* The last error must agree with the status just returned. */
static inline void check_last_error(PeekerStatus st, const char *code, const char *suggestion, const char *field,
                             int line) {
    char what[64];
    snprintf(what, sizeof what, "last error consistent (test line %d)", line);
    check_at(peeker_last_error_status() == st, what, __FILE__, line);
    check_at(str_eq(peeker_last_error_code(), code), what, __FILE__, line);
    check_at(str_eq(peeker_status_code(st), code), what, __FILE__, line);
    check_at(str_eq(peeker_last_error_suggestion(), suggestion), what, __FILE__, line);
    check_at(str_eq(peeker_last_error_field(), field), what, __FILE__, line);
    const char *m = peeker_last_error_message();
    check_at(m != NULL && strlen(m) > 0, what, __FILE__, line);
    if (!str_eq(peeker_last_error_code(), code) || !str_eq(peeker_last_error_suggestion(), suggestion) ||
        !str_eq(peeker_last_error_field(), field))
        fprintf(stderr, "     got code=%s suggestion=%s field=%s\n",
                peeker_last_error_code() ? peeker_last_error_code() : "NULL",
                peeker_last_error_suggestion() ? peeker_last_error_suggestion() : "NULL",
                peeker_last_error_field() ? peeker_last_error_field() : "NULL");
}
#define CHECK_LAST(st, code, sugg, field) check_last_error((st), (code), (sugg), (field), __LINE__)

static inline void check_no_last_error(int line) {
    check_at(peeker_last_error_status() == PEEKER_OK && peeker_last_error_code() == NULL &&
                 peeker_last_error_message() == NULL && peeker_last_error_suggestion() == NULL &&
                 peeker_last_error_field() == NULL,
             "no last error", __FILE__, line);
}
#define CHECK_NO_LAST() check_no_last_error(__LINE__)

/* The tests of test_api.c (client, requests, results, webhooks _ex, tracker). */
void run_api_tests(void);
void run_batch_tests(void); /* test_batch.c */

#endif /* PEEKER_TEST_CHECK_H */
