/*
 * The harness shared by the C test suite's files (test_peeker.c, test_api.c, ...):
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

/* The test files' entry points, run in this order by test_peeker.c's main. */
void run_api_tests(void);             /* test_api.c: operations, client, requests */
void run_response_tests(void);        /* test_response.c: parsed results */
void run_webhook_tracker_tests(void); /* test_webhook_tracker.c: verifier limits, tracker */
void run_batch_tests(void);           /* test_batch.c */

/* ------------------------------------------------------------------ API fixtures (test_api.c) */

#define BASE "http://127.0.0.1:8080/partner/v1"
#define TEN_MB_API ((size_t)10 * 1024 * 1024)
extern const char API_KEY[];     /* "pk_test_SECRETKEY123" */
extern const char HOOK_SECRET[]; /* "whsec_TOPSECRET_api" */

/* A field argument meaning "do not check the field". */
extern const char ANY_FIELD[];

/* Checks a failed call: its status, the last error agreeing with it, a message, the
 * field (unless ANY_FIELD), and no secret in any last-error string. */
void expect_fail(PeekerStatus got, PeekerStatus want, const char *field, const char *what, const char *file,
                 int line);
#define EXPECT_FAIL(call, want, field) expect_fail((call), (want), (field), #call, __FILE__, __LINE__)

/* Invalid UTF-8 (a lone continuation byte). */
#define BAD_UTF8 (const uint8_t *)"ab\x80", 3

/* A client for `key` (base URL and user-agent suffix NULL: the defaults). */
PeekerClient *client_with(const char *key, const char *base, const char *suffix);

/* The header value of `name` in a request, or NULL. */
const char *req_header(const PeekerRequest *r, const char *name);

/* ------------------------------------------------------------------ webhooks */

/* `now` for wh_verify_headers: the replay entry (no time check). */
#define WH_REPLAY INT64_MIN

/* The tests' one-call shorthand over the verifier API: a PeekerVerifier of
 * `secrets` (tolerance `tol`, body limit `max_body`, 0 = the default), one
 * verification (`now` WH_REPLAY: peeker_verifier_verify_ignoring_timestamp), the
 * verifier freed. Handlers make their verifier once; these tests vary its options. */
static inline PeekerStatus wh_verify_headers(const PeekerStr *secrets, size_t n, const PeekerHeader *h, size_t hn,
                                             const uint8_t *body, size_t bl, int64_t now, uint64_t tol,
                                             size_t max_body, PeekerEvent **out) {
    PeekerVerifierOptions o = {secrets, n, tol, max_body};
    PeekerVerifier *v = NULL;
    PeekerStatus st = peeker_verifier_new(&o, &v);
    if (st != PEEKER_OK) return st;
    st = now == WH_REPLAY ? peeker_verifier_verify_ignoring_timestamp(v, h, hn, body, bl, out)
                          : peeker_verifier_verify(v, h, hn, body, bl, now, out);
    peeker_verifier_free(v);
    return st;
}

/* The same with the three header values given one by one (NULL,0: absent). */
static inline PeekerStatus wh_verify_values(const PeekerStr *secrets, size_t n, const uint8_t *body, size_t bl,
                                            const uint8_t *sig, size_t sigl, const uint8_t *ts, size_t tsl,
                                            const uint8_t *id, size_t idl, int64_t now, uint64_t tol,
                                            size_t max_body, PeekerEvent **out) {
    PeekerHeader h[3];
    size_t k = 0;
    if (sig != NULL || sigl != 0) h[k++] = (PeekerHeader){(const uint8_t *)"Peeker-Signature", 16, sig, sigl};
    if (ts != NULL || tsl != 0) h[k++] = (PeekerHeader){(const uint8_t *)"Peeker-Timestamp", 16, ts, tsl};
    if (id != NULL || idl != 0) h[k++] = (PeekerHeader){(const uint8_t *)"Peeker-Event-Id", 15, id, idl};
    return wh_verify_headers(secrets, n, h, k, body, bl, now, tol, max_body, out);
}

/* The shapes of the removed one-call functions, kept as test shorthand. */
static inline PeekerStatus WH_VALUES(const PeekerStr *secrets, size_t n, const uint8_t *body, size_t bl,
                                     const uint8_t *sig, size_t sigl, const uint8_t *ts, size_t tsl,
                                     const uint8_t *id, size_t idl, int64_t now, uint64_t tol, PeekerEvent **out) {
    return wh_verify_values(secrets, n, body, bl, sig, sigl, ts, tsl, id, idl, now, tol, 0, out);
}
static inline PeekerStatus WH_HEADERS(const PeekerStr *secrets, size_t n, const PeekerHeader *h, size_t hn,
                                      const uint8_t *body, size_t bl, int64_t now, uint64_t tol, PeekerEvent **out) {
    return wh_verify_headers(secrets, n, h, hn, body, bl, now, tol, 0, out);
}
static inline PeekerStatus WH_REPLAY_H(const PeekerStr *secrets, size_t n, const PeekerHeader *h, size_t hn,
                                       const uint8_t *body, size_t bl, size_t max_body, PeekerEvent **out) {
    return wh_verify_headers(secrets, n, h, hn, body, bl, WH_REPLAY, PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, max_body,
                             out);
}

#endif /* PEEKER_TEST_CHECK_H */
