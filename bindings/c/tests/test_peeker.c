/*
 * The C test suite of libpeeker: calls only the public C API (peeker.h).
 * Prints one line per failed check and, last, "N passed, N failed".
 * Exit status: 0 when nothing failed, 1 otherwise.
 */
#include <peeker.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ------------------------------------------------------------------ harness state */

atomic_int g_passed;
atomic_int g_failed;

/* ------------------------------------------------------------------ fixtures */

static const char WH_SECRET[] = "whsec_example_secret";
static const char WH_BODY[] =
    "{\"id\":\"evt_01HZX0EV2A2B3C4D5E6F7G8H\",\"type\":\"order.completed\",\"created_at\":"
    "\"2026-05-08T12:14:33Z\",\"data\":{\"id\":\"ord_01HZX0OR1A2B3C4D5E6F7G8H\",\"status\":\"completed\"}}";
static const char WH_SIG[] = "v1=f5d7662d380501ff096dc701e82bcc605334d557cbb1d58a191b5db39557f342";
static const char WH_TS[] = "1778242473";
static const int64_t WH_NOW = 1778242483;

static const char ORDER_BODY[] =
    "{\"user\":\"alex@acme.com\",\"bundle_id\":\"bun_01HZX0BU\",\"sequencer\":{\"provider\":\"smartlead\","
    "\"client_id\":366903,\"login_email\":\"ops@acme.com\",\"login_password\":\"their-smartlead-password\"},"
    "\"forwarding_url\":\"https://acme.com\",\"domains\":[\"acme-mail.com\",\"team-acme.com\"],"
    "\"personas\":[{\"first_name\":\"Alex\",\"last_name\":\"Rivera\",\"profile_picture_url\":"
    "\"https://cdn.acme.com/alex.jpg\"}]}";
static const char ORDER_KEY[] = "dd30578785fb1b125022da91e09fa6c7cf998bbc0461b7239ee323043050d3f9";

static char *big_buffer(size_t n, char fill) {
    char *b = malloc(n);
    if (!b) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memset(b, fill, n);
    return b;
}
#define TEN_MB ((size_t)10 * 1024 * 1024)

/* ------------------------------------------------------------------ tests */

static void test_versions(void) {
    CHECK(peeker_version() != NULL && strlen(peeker_version()) >= 5);
    CHECK(peeker_psl_version() != NULL && strncmp(peeker_psl_version(), "20", 2) == 0);
    CHECK(peeker_psl_commit() != NULL);
    CHECK_STR(peeker_status_code(PEEKER_OK), "ok");
    CHECK(PEEKER_OK == PEEKER_STATUS_OK && PEEKER_OK == 0);
    CHECK_STR(peeker_status_code(PEEKER_STATUS_SUBDOMAIN), "subdomain");
    CHECK(PEEKER_STATUS_SUBDOMAIN == 4717);
    CHECK_STR(peeker_status_code(PEEKER_STATUS_INTERNAL), "internal");
    CHECK_STR(peeker_status_code(12345), NULL);
    CHECK(sizeof(PeekerStatus) == 4);
}

static void test_root_domain_valid(void) {
    PeekerDomain *d = NULL;
    CHECK_STATUS(peeker_root_domain(LIT(" B\xc3\xbc" "cher.DE. "), &d), PEEKER_OK);
    CHECK_NO_LAST();
    size_t len = 0;
    CHECK_STR(peeker_domain_ascii(d, &len), "xn--bcher-kva.de");
    CHECK(len == 16);
    CHECK_STR(peeker_domain_unicode(d, &len), "b\xc3\xbc" "cher.de");
    CHECK(len == 10);
    CHECK_STR(peeker_domain_ascii(d, NULL), "xn--bcher-kva.de");
    peeker_domain_free(d);

    const char *ok[][2] = {
        {"acme.com", "acme.com"},       {"  Team-Acme.COM ", "team-acme.com"},
        {"acme.co.uk", "acme.co.uk"},   {"acme.github.io", "acme.github.io"},
        {"example.uk.com", "example.uk.com"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        d = NULL;
        CHECK_STATUS(peeker_root_domain(CS(ok[i][0]), &d), PEEKER_OK);
        CHECK_STR(peeker_domain_ascii(d, NULL), ok[i][1]);
        peeker_domain_free(d);
    }
}

static void test_root_domain_invalid(void) {
    static const struct {
        const char *input;
        PeekerStatus status;
        const char *code;
        const char *suggestion;
    } cases[] = {
        {"   ", PEEKER_STATUS_EMPTY, "empty", NULL},
        {"", PEEKER_STATUS_EMPTY, "empty", NULL},
        {"co.uk", PEEKER_STATUS_PUBLIC_SUFFIX, "public_suffix", NULL},
        {"com", PEEKER_STATUS_PUBLIC_SUFFIX, "public_suffix", NULL},
        {"192.0.2.1", PEEKER_STATUS_IP_ADDRESS, "ip_address", NULL},
        {"[2001:db8::1]", PEEKER_STATUS_IP_ADDRESS, "ip_address", NULL},
        {"acme.notarealtld", PEEKER_STATUS_UNKNOWN_TLD, "unknown_tld", NULL},
        {"-acme.com", PEEKER_STATUS_INVALID_IDNA, "invalid_idna", NULL},
        {"a..com", PEEKER_STATUS_INVALID_IDNA, "invalid_idna", NULL},
        {"acme .com", PEEKER_STATUS_NOT_A_DOMAIN, "not_a_domain", NULL},
        {"mail.acme.co.uk", PEEKER_STATUS_SUBDOMAIN, "subdomain", "acme.co.uk"},
        {"www.b\xc3\xbc" "cher.de", PEEKER_STATUS_SUBDOMAIN, "subdomain", "b\xc3\xbc" "cher.de"},
        {"https://www.acme.co.uk/x", PEEKER_STATUS_NOT_A_DOMAIN, "not_a_domain", "acme.co.uk"},
        {"alex@acme.com", PEEKER_STATUS_NOT_A_DOMAIN, "not_a_domain", "acme.com"},
        {"acme.com:8080", PEEKER_STATUS_NOT_A_DOMAIN, "not_a_domain", "acme.com"},
        {"https://192.0.2.1/", PEEKER_STATUS_NOT_A_DOMAIN, "not_a_domain", NULL},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", PEEKER_STATUS_TOO_LONG,
         "too_long", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PeekerDomain *d = SENTINEL;
        PeekerStatus st = peeker_root_domain(CS(cases[i].input), &d);
        CHECK_STATUS(st, cases[i].status);
        CHECK(d == SENTINEL); /* out untouched on failure */
        CHECK_LAST(st, cases[i].code, cases[i].suggestion, NULL);
    }
    /* The message of a subdomain names the root. */
    PeekerDomain *d = NULL;
    peeker_root_domain(LIT("mail.acme.co.uk"), &d);
    CHECK_STR(peeker_last_error_message(), "mail.acme.co.uk is a subdomain; enter acme.co.uk.");

    /* Success clears the last error. */
    CHECK_STATUS(peeker_root_domain(LIT("acme.com"), &d), PEEKER_OK);
    CHECK_NO_LAST();
    peeker_domain_free(d);

    /* So does peeker_last_error_clear. */
    CHECK_STATUS(peeker_root_domain(LIT("co.uk"), &d), PEEKER_STATUS_PUBLIC_SUFFIX);
    CHECK(peeker_last_error_code() != NULL);
    peeker_last_error_clear();
    CHECK_NO_LAST();
}

static void test_registrable_and_suffix(void) {
    char *s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain(LIT("www.Example.COM"), &s), PEEKER_OK);
    CHECK_STR(s, "example.com");
    peeker_string_free(s);
    s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain(LIT("a.b.example.co.uk"), &s), PEEKER_OK);
    CHECK_STR(s, "example.co.uk");
    peeker_string_free(s);
    s = SENTINEL; /* "none" is PEEKER_OK with *out == NULL */
    CHECK_STATUS(peeker_registrable_domain(LIT("co.uk"), &s), PEEKER_OK);
    CHECK(s == NULL);
    s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain(NULL, 0, &s), PEEKER_OK);
    CHECK(s == NULL);
    s = SENTINEL;
    CHECK_STATUS(peeker_public_suffix(LIT("a.example.co.uk"), &s), PEEKER_OK);
    CHECK_STR(s, "co.uk");
    peeker_string_free(s);
    s = SENTINEL;
    CHECK_STATUS(peeker_public_suffix(LIT("a..b"), &s), PEEKER_OK);
    CHECK(s == NULL);
}

static void test_domain_set(void) {
    PeekerStr in[] = {{LIT("Team-Acme.com")}, {LIT("acme-mail.com")}, {LIT("team-acme.com.")}};
    PeekerDomainSet *set = NULL;
    CHECK_STATUS(peeker_domain_set(in, 3, &set), PEEKER_OK);
    CHECK(peeker_domain_set_count(set) == 2);
    CHECK_STR(peeker_domain_set_ascii(set, 0, NULL), "acme-mail.com");
    CHECK_STR(peeker_domain_set_ascii(set, 1, NULL), "team-acme.com");
    CHECK_STR(peeker_domain_set_unicode(set, 1, NULL), "team-acme.com");
    CHECK_STR(peeker_domain_set_ascii(set, 2, NULL), NULL);
    CHECK_STR(peeker_domain_set_unicode(set, 99, NULL), NULL);
    CHECK(peeker_domain_set_error_count(set) == 0);
    size_t len = 0;
    CHECK_STR(peeker_domain_set_key(set, &len), "e422e2d1de62b8a771bc7b8a8ca8641a31af93fc7f112d0ca2a696a8b94e5c9c");
    CHECK(len == 64);
    CHECK_STATUS(peeker_domain_set_check(set, LIT("import")), PEEKER_OK);
    CHECK_NO_LAST();
    CHECK_STATUS(peeker_domain_set_check(set, LIT("bogus")), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK_LAST(PEEKER_STATUS_INVALID_ARGUMENT, "invalid_argument", NULL, "limit_name");
    CHECK_STATUS(peeker_domain_set_check(set, NULL, 0), PEEKER_STATUS_INVALID_ARGUMENT);
    peeker_domain_set_free(set);

    PeekerStr bad[] = {{LIT("acme-mail.com")}, {LIT("mail.acme.com")}, {LIT("co.uk")}};
    set = NULL;
    CHECK_STATUS(peeker_domain_set(bad, 3, &set), PEEKER_OK); /* per-entry errors do not fail the call */
    CHECK(peeker_domain_set_count(set) == 1);
    CHECK(peeker_domain_set_error_count(set) == 2);
    CHECK(peeker_domain_set_error_index(set, 0) == 1);
    CHECK(peeker_domain_set_error_index(set, 1) == 2);
    CHECK(peeker_domain_set_error_index(set, 2) == SIZE_MAX);
    CHECK_STR(peeker_domain_set_error_code(set, 0), "subdomain");
    CHECK_STR(peeker_domain_set_error_code(set, 1), "public_suffix");
    CHECK_STR(peeker_domain_set_error_code(set, 2), NULL);
    CHECK(peeker_domain_set_error_status(set, 0) == PEEKER_STATUS_SUBDOMAIN);
    CHECK(peeker_domain_set_error_status(set, 1) == PEEKER_STATUS_PUBLIC_SUFFIX);
    CHECK(peeker_domain_set_error_status(set, 2) == PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK_STR(peeker_domain_set_error_suggestion(set, 0, NULL), "acme.com");
    CHECK_STR(peeker_domain_set_error_suggestion(set, 1, NULL), NULL);
    CHECK_STR(peeker_domain_set_error_field(set, 0, NULL), "domains[1]");
    CHECK_STR(peeker_domain_set_error_message(set, 0, NULL), "mail.acme.com is a subdomain; enter acme.com.");
    CHECK_STR(peeker_domain_set_error_message(set, 5, NULL), NULL);
    CHECK_STR(peeker_domain_set_key(set, NULL), NULL);
    PeekerStatus st = peeker_domain_set_check(set, LIT("import"));
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_DOMAINS);
    CHECK_LAST(st, "invalid_domains", "acme.com", "domains[1]");
    peeker_domain_set_free(set);

    /* Empty set: NULL, 0 is allowed; check says no_domains. */
    set = NULL;
    CHECK_STATUS(peeker_domain_set(NULL, 0, &set), PEEKER_OK);
    CHECK(peeker_domain_set_count(set) == 0);
    st = peeker_domain_set_check(set, LIT("import"));
    CHECK_STATUS(st, PEEKER_STATUS_NO_DOMAINS);
    CHECK_LAST(st, "no_domains", NULL, "domains");
    peeker_domain_set_free(set);

    /* Limits per endpoint. */
    enum { N = 26 };
    char names[N][24];
    PeekerStr many[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "acme%d.com", i);
        many[i].ptr = (const uint8_t *)names[i];
        many[i].len = strlen(names[i]);
    }
    set = NULL;
    CHECK_STATUS(peeker_domain_set(many, N, &set), PEEKER_OK);
    CHECK(peeker_domain_set_count(set) == N);
    CHECK_STATUS(peeker_domain_set_check(set, LIT("import")), PEEKER_STATUS_TOO_MANY_DOMAINS);
    CHECK_STATUS(peeker_domain_set_check(set, LIT("forwarding")), PEEKER_STATUS_TOO_MANY_DOMAINS);
    CHECK_STATUS(peeker_domain_set_check(set, LIT("availability")), PEEKER_OK);
    CHECK_STATUS(peeker_domain_set_check(set, LIT("import_job")), PEEKER_OK);
    peeker_domain_set_free(set);

    /* More entries than the core examines. */
    size_t huge = 10001;
    PeekerStr *lots = calloc(huge, sizeof *lots);
    for (size_t i = 0; i < huge; i++) lots[i] = (PeekerStr){LIT("a.com")};
    set = SENTINEL;
    CHECK_STATUS(peeker_domain_set(lots, huge, &set), PEEKER_STATUS_TOO_MANY_DOMAINS);
    CHECK(set == SENTINEL);
    free(lots);
}

/* The verify functions at WH_NOW with the default tolerance. */
static PeekerStatus VERIFY(const PeekerStr *secs, size_t n, const uint8_t *b, size_t bl, const uint8_t *sg,
                           size_t sgl, const uint8_t *t, size_t tl, const uint8_t *id, size_t idl, PeekerEvent **o) {
    return WH_VALUES(secs, n, b, bl, sg, sgl, t, tl, id, idl, WH_NOW,
                                 PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, o);
}
static PeekerStatus VERIFY_H(const PeekerStr *secs, size_t n, const PeekerHeader *h, size_t hn, const uint8_t *b,
                             size_t bl, PeekerEvent **o) {
    return WH_HEADERS(secs, n, h, hn, b, bl, WH_NOW, PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, o);
}

static void test_null_arguments(void) {
    PeekerDomain *d = SENTINEL;
    PeekerStatus st;
    st = peeker_root_domain(NULL, 3, &d);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "input");
    st = peeker_root_domain(LIT("acme.com"), NULL);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "out");
    CHECK(d == SENTINEL);

    char *s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain(NULL, 1, &s), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_registrable_domain(LIT("a.com"), NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_public_suffix(NULL, 1, &s), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_public_suffix(LIT("a.com"), NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK(s == SENTINEL);

    PeekerDomainSet *set = SENTINEL;
    PeekerStr in[] = {{LIT("a.com")}, {NULL, 4}};
    st = peeker_domain_set(NULL, 2, &set);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "inputs");
    st = peeker_domain_set(in, 2, &set);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "inputs[1]");
    CHECK_STATUS(peeker_domain_set(in, 1, NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK(set == SENTINEL);
    st = peeker_domain_set_check(NULL, LIT("import"));
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "set");
    set = NULL;
    CHECK_STATUS(peeker_domain_set(in, 1, &set), PEEKER_OK);
    st = peeker_domain_set_check(set, NULL, 6);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "limit_name");
    peeker_domain_set_free(set);

    /* Webhooks: every pointer argument. */
    PeekerStr sec[] = {{LIT(WH_SECRET)}};
    PeekerStr nullsec[] = {{NULL, 3}};
    PeekerEvent *e = SENTINEL;
    st = VERIFY(NULL, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, &e);
    CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(st, "null_argument", NULL, "options.secrets");
    st = VERIFY(nullsec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, &e);
    CHECK_LAST(st, "null_argument", NULL, "options.secrets[0]");
    st = VERIFY(sec, 1, NULL, 10, LIT(WH_SIG), LIT(WH_TS), NULL, 0, &e);
    CHECK_LAST(st, "null_argument", NULL, "body");
    st = VERIFY(sec, 1, LIT(WH_BODY), NULL, 5, LIT(WH_TS), NULL, 0, &e);
    CHECK_LAST(st, "null_argument", NULL, "headers[0].value");
    st = VERIFY(sec, 1, LIT(WH_BODY), LIT(WH_SIG), NULL, 5, NULL, 0, &e);
    CHECK_LAST(st, "null_argument", NULL, "headers[1].value");
    st = VERIFY(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 5, &e);
    CHECK_LAST(st, "null_argument", NULL, "headers[2].value");
    st = VERIFY(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, NULL);
    CHECK_LAST(st, "null_argument", NULL, "out");
    /* NULL, 0 headers mean "absent". */
    st = VERIFY(sec, 1, LIT(WH_BODY), NULL, 0, LIT(WH_TS), NULL, 0, &e);
    CHECK_STATUS(st, PEEKER_STATUS_MISSING_HEADER);
    st = VERIFY(sec, 1, LIT(WH_BODY), LIT(WH_SIG), NULL, 0, NULL, 0, &e);
    CHECK_STATUS(st, PEEKER_STATUS_MISSING_HEADER);
    CHECK(e == SENTINEL);

    PeekerHeader hs[] = {{LIT("Peeker-Signature"), LIT(WH_SIG)}, {LIT("Peeker-Timestamp"), LIT(WH_TS)}};
    PeekerHeader hnull_name[] = {{NULL, 3, LIT("x")}};
    PeekerHeader hnull_value[] = {{LIT("x"), NULL, 3}};
    CHECK_LAST(VERIFY_H(NULL, 1, hs, 2, LIT(WH_BODY), &e), "null_argument", NULL, "options.secrets");
    CHECK_LAST(VERIFY_H(sec, 1, NULL, 2, LIT(WH_BODY), &e), "null_argument", NULL, "headers");
    CHECK_LAST(VERIFY_H(sec, 1, hnull_name, 1, LIT(WH_BODY), &e), "null_argument", NULL, "headers[0].name");
    CHECK_LAST(VERIFY_H(sec, 1, hnull_value, 1, LIT(WH_BODY), &e), "null_argument", NULL, "headers[0].value");
    CHECK_LAST(VERIFY_H(sec, 1, hs, 2, NULL, 1, &e), "null_argument", NULL, "body");
    CHECK_LAST(VERIFY_H(sec, 1, hs, 2, LIT(WH_BODY), NULL), "null_argument", NULL, "out");
    CHECK_STATUS(VERIFY_H(sec, 1, NULL, 0, LIT(WH_BODY), &e), PEEKER_STATUS_MISSING_HEADER);
    CHECK(e == SENTINEL);

    CHECK_LAST(peeker_webhook_sign(NULL, 1, LIT("s"), 1, &s), "null_argument", NULL, "body");
    CHECK_LAST(peeker_webhook_sign(LIT("b"), NULL, 1, 1, &s), "null_argument", NULL, "secret");
    CHECK_LAST(peeker_webhook_sign(LIT("b"), LIT("s"), 1, NULL), "null_argument", NULL, "out");
    CHECK(s == SENTINEL);

    PeekerResponse *r = SENTINEL;
    CHECK_LAST(peeker_response_classify(200, NULL, 1, LIT("{}"), &r), "null_argument", NULL, "headers");
    CHECK_LAST(peeker_response_classify(200, hnull_name, 1, LIT("{}"), &r), "null_argument", NULL,
               "headers[0].name");
    CHECK_LAST(peeker_response_classify(200, NULL, 0, NULL, 2, &r), "null_argument", NULL, "body");
    CHECK_LAST(peeker_response_classify(200, NULL, 0, LIT("{}"), NULL), "null_argument", NULL, "out");
    CHECK(r == SENTINEL);

    CHECK_LAST(peeker_order_dedupe_key(NULL, 3, LIT("{}"), &s), "null_argument", NULL, "api_key");
    CHECK_LAST(peeker_order_dedupe_key(LIT("pk_test_x"), NULL, 3, &s), "null_argument", NULL, "body_json");
    CHECK_LAST(peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{}"), NULL), "null_argument", NULL, "out");
    CHECK(s == SENTINEL);

    /* Accessors with NULL handles: NULL / 0 / false / SIZE_MAX, never a crash. */
    size_t len = 77;
    CHECK(peeker_domain_ascii(NULL, &len) == NULL);
    CHECK(peeker_domain_unicode(NULL, &len) == NULL);
    CHECK(peeker_domain_set_count(NULL) == 0);
    CHECK(peeker_domain_set_ascii(NULL, 0, &len) == NULL);
    CHECK(peeker_domain_set_unicode(NULL, 0, &len) == NULL);
    CHECK(peeker_domain_set_error_count(NULL) == 0);
    CHECK(peeker_domain_set_error_index(NULL, 0) == SIZE_MAX);
    CHECK(peeker_domain_set_error_code(NULL, 0) == NULL);
    CHECK(peeker_domain_set_error_status(NULL, 0) == PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK(peeker_domain_set_error_message(NULL, 0, &len) == NULL);
    CHECK(peeker_domain_set_error_suggestion(NULL, 0, &len) == NULL);
    CHECK(peeker_domain_set_error_field(NULL, 0, &len) == NULL);
    CHECK(peeker_domain_set_key(NULL, &len) == NULL);
    CHECK(peeker_event_id(NULL, &len) == NULL);
    CHECK(peeker_event_type(NULL, &len) == NULL);
    CHECK(peeker_event_created_at(NULL, &len) == NULL);
    CHECK(peeker_event_data_json(NULL, &len) == NULL);
    CHECK(peeker_event_json(NULL, &len) == NULL);
    CHECK(peeker_response_ok(NULL) == false);
    CHECK(peeker_response_status(NULL) == 0);
    CHECK(peeker_response_error_code(NULL, &len) == NULL);
    CHECK(peeker_response_error_message(NULL, &len) == NULL);
    CHECK(peeker_response_error_field(NULL, &len) == NULL);
    CHECK(peeker_response_error_details_json(NULL, &len) == NULL);
    CHECK(peeker_response_retry(NULL) == PEEKER_RETRY_NEVER);
    CHECK(peeker_response_retry_name(NULL) == NULL);
    uint64_t secs = 5;
    CHECK(peeker_response_retry_after_seconds(NULL, &secs) == false);
    CHECK(peeker_response_request_id(NULL, &len) == NULL);
    CHECK(peeker_response_json(NULL, &len) == NULL);
    CHECK(len == 77 && secs == 5); /* len_out untouched when the result is NULL */
    CHECK(peeker_status_code(0) != NULL);
}

static void test_free_null(void) {
    /* Every free function accepts NULL (a crash here fails the whole run). */
    peeker_domain_free(NULL);
    peeker_domain_set_free(NULL);
    peeker_event_free(NULL);
    peeker_response_free(NULL);
    peeker_string_free(NULL);
    CHECK(1);
}

static void test_invalid_utf8(void) {
    static const struct {
        const char *bytes;
        size_t len;
    } bad[] = {
        {"\xff", 1},                 /* never valid */
        {"acme\xc3", 5},             /* truncated sequence */
        {"\xc0\xaf" "a.com", 7},     /* overlong encoding */
        {"\xed\xa0\x80.com", 7},     /* UTF-16 surrogate */
        {"a\xf4\x90\x80\x80.com", 9} /* beyond U+10FFFF */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        PeekerDomain *d = SENTINEL;
        PeekerStatus st = peeker_root_domain((const uint8_t *)bad[i].bytes, bad[i].len, &d);
        CHECK_STATUS(st, PEEKER_STATUS_INVALID_UTF8);
        CHECK_LAST(st, "invalid_utf8", NULL, "input");
        CHECK(d == SENTINEL);
        char *s = SENTINEL;
        CHECK_STATUS(peeker_registrable_domain((const uint8_t *)bad[i].bytes, bad[i].len, &s),
                     PEEKER_STATUS_INVALID_UTF8);
        CHECK(s == SENTINEL);
    }
    PeekerStr in[] = {{LIT("a.com")}, {LIT("b\xff.com")}};
    PeekerDomainSet *set = SENTINEL;
    PeekerStatus st = peeker_domain_set(in, 2, &set);
    CHECK_LAST(st, "invalid_utf8", NULL, "inputs[1]");
    CHECK_STATUS(peeker_domain_set_check(NULL, LIT("import")), PEEKER_STATUS_NULL_ARGUMENT);

    PeekerStr sec[] = {{LIT("whsec_\xff")}};
    PeekerEvent *e = SENTINEL;
    st = WH_VALUES(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e);
    CHECK_LAST(st, "invalid_utf8", NULL, "options.secrets[0]");
    PeekerStr good[] = {{LIT(WH_SECRET)}};
    /* Header values are decoded lossily: a signature that is not UTF-8 never matches. */
    st = WH_VALUES(good, 1, LIT(WH_BODY), LIT("v1=\xff"), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e);
    CHECK_LAST(st, "signature_mismatch", NULL, NULL);
    CHECK(e == SENTINEL);

    /* API key: typed error, and the key is never echoed. */
    char *k = SENTINEL;
    st = peeker_order_dedupe_key(LIT("pk_test_SECRETKEY\xff"), LIT("{}"), &k);
    CHECK_LAST(st, "invalid_utf8", NULL, "api_key");
    CHECK(strstr(peeker_last_error_message(), "SECRETKEY") == NULL);
    /* A body that is not UTF-8 is not JSON. */
    st = peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{\"a\":\"\xff\"}"), &k);
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_JSON);
    CHECK(k == SENTINEL);

    /* Response headers: bytes that are not UTF-8 are decoded lossily, never fatal. */
    PeekerHeader hs[] = {{LIT("X-Weird"), LIT("caf\xe9")}, {LIT("peeker-request-id"), LIT("req_1")}};
    PeekerResponse *r = NULL;
    CHECK_STATUS(peeker_response_classify(200, hs, 2, LIT("{}"), &r), PEEKER_OK);
    CHECK_STR(peeker_response_request_id(r, NULL), "req_1");
    peeker_response_free(r);
}

static void test_interior_nul(void) {
    PeekerDomain *d = SENTINEL;
    PeekerStatus st = peeker_root_domain(LIT("acme\0.com"), &d);
    CHECK_STATUS(st, PEEKER_STATUS_NOT_A_DOMAIN);
    CHECK(d == SENTINEL);
    /* The message quotes the input with the NUL replaced (U+FFFD), so it is not cut short. */
    const char *m = peeker_last_error_message();
    CHECK(m != NULL && strstr(m, "acme\xef\xbf\xbd.com") != NULL);
    st = peeker_root_domain(LIT("acme.com\0"), &d);
    CHECK_STATUS(st, PEEKER_STATUS_NOT_A_DOMAIN);
    st = peeker_root_domain(LIT("\0"), &d);
    CHECK(st != PEEKER_OK);
    CHECK(d == SENTINEL);
    char *s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain(LIT("www.acme\0.com"), &s), PEEKER_OK);
    CHECK(s == NULL);

    /* An event whose id holds a NUL (JSON \u0000): len_out gives the full length. */
    const char body[] = "{\"id\":\"evt_a\\u0000b\",\"type\":\"order.completed\",\"data\":{}}";
    char *sig = NULL;
    CHECK_STATUS(peeker_webhook_sign(LIT(body), LIT("s3cret"), 1000, &sig), PEEKER_OK);
    PeekerStr sec[] = {{LIT("s3cret")}};
    PeekerEvent *e = NULL;
    CHECK_STATUS(WH_VALUES(sec, 1, LIT(body), CS(sig), LIT("1000"), NULL, 0, 1000, 300, &e), PEEKER_OK);
    size_t len = 0;
    const char *id = peeker_event_id(e, &len);
    CHECK(id != NULL && len == 7 && memcmp(id, "evt_a\0b", 7) == 0 && strlen(id) == 5);
    CHECK_STR(peeker_event_created_at(e, NULL), NULL);
    peeker_event_free(e);
    peeker_string_free(sig);

    /* A signed body of raw bytes with NULs: signature checks out, then the payload is refused. */
    const char raw[] = "\0\0not json\0";
    sig = NULL;
    CHECK_STATUS(peeker_webhook_sign(LIT(raw), LIT("s3cret"), 1000, &sig), PEEKER_OK);
    e = SENTINEL;
    st = WH_VALUES(sec, 1, LIT(raw), CS(sig), LIT("1000"), NULL, 0, 1000, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_PAYLOAD);
    CHECK(e == SENTINEL);
    peeker_string_free(sig);
}

static void test_sizes(void) {
    /* Zero-length input everywhere. */
    PeekerDomain *d = SENTINEL;
    CHECK_STATUS(peeker_root_domain(LIT(""), &d), PEEKER_STATUS_EMPTY);
    CHECK_STATUS(peeker_root_domain(NULL, 0, &d), PEEKER_STATUS_EMPTY);
    CHECK(d == SENTINEL);
    char *s = NULL;
    CHECK_STATUS(peeker_order_dedupe_key(NULL, 0, LIT("{}"), &s), PEEKER_STATUS_INVALID_API_KEY);
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), NULL, 0, &s), PEEKER_STATUS_INVALID_JSON);
    PeekerResponse *r = NULL;
    CHECK_STATUS(peeker_response_classify(503, NULL, 0, NULL, 0, &r), PEEKER_OK);
    CHECK(peeker_response_retry(r) == PEEKER_RETRY_BACKOFF);
    peeker_response_free(r);

    /* 10 MB inputs: refused quickly with typed errors, or handled. */
    char *big = big_buffer(TEN_MB, 'a');
    CHECK_STATUS(peeker_root_domain((const uint8_t *)big, TEN_MB, &d), PEEKER_STATUS_TOO_LONG);
    CHECK(d == SENTINEL);
    s = SENTINEL;
    CHECK_STATUS(peeker_registrable_domain((const uint8_t *)big, TEN_MB, &s), PEEKER_OK);
    CHECK(s == NULL);
    PeekerStr one[] = {{(const uint8_t *)big, TEN_MB}};
    PeekerDomainSet *set = NULL;
    CHECK_STATUS(peeker_domain_set(one, 1, &set), PEEKER_OK);
    CHECK(peeker_domain_set_error_status(set, 0) == PEEKER_STATUS_TOO_LONG);
    peeker_domain_set_free(set);

    PeekerStr sec[] = {{LIT(WH_SECRET)}};
    PeekerEvent *e = SENTINEL;
    PeekerStatus st = WH_VALUES(sec, 1, (const uint8_t *)big, TEN_MB, LIT(WH_SIG), LIT(WH_TS), NULL, 0,
                                            WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_PAYLOAD_TOO_LARGE);
    CHECK(e == SENTINEL);
    char *sig = NULL;
    CHECK_STATUS(peeker_webhook_sign((const uint8_t *)big, TEN_MB, LIT("s"), 1, &sig), PEEKER_OK);
    CHECK(sig != NULL && strlen(sig) == 67 && strncmp(sig, "v1=", 3) == 0);
    peeker_string_free(sig);

    r = NULL;
    CHECK_STATUS(peeker_response_classify(500, NULL, 0, (const uint8_t *)big, TEN_MB, &r), PEEKER_OK);
    CHECK(!peeker_response_ok(r) && peeker_response_retry(r) == PEEKER_RETRY_BACKOFF);
    CHECK_STR(peeker_response_error_code(r, NULL), NULL);
    peeker_response_free(r);

    CHECK_STATUS(peeker_order_dedupe_key((const uint8_t *)big, TEN_MB, LIT("{}"), &s), PEEKER_OK);
    peeker_string_free(s);
    s = SENTINEL;
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), (const uint8_t *)big, TEN_MB, &s),
                 PEEKER_STATUS_INVALID_JSON);
    CHECK(s == SENTINEL);
    /* A 10 MB JSON string value is valid JSON: the key is computed. */
    big[0] = '"';
    big[TEN_MB - 1] = '"';
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), (const uint8_t *)big, TEN_MB, &s), PEEKER_OK);
    CHECK(s != SENTINEL && s != NULL && strlen(s) == 64);
    peeker_string_free(s);

    /* 10 MB that is not UTF-8. */
    memset(big, 0xff, TEN_MB);
    CHECK_STATUS(peeker_root_domain((const uint8_t *)big, TEN_MB, &d), PEEKER_STATUS_INVALID_UTF8);
    free(big);
}

static void test_webhook(void) {
    PeekerStr sec[] = {{LIT(WH_SECRET)}};
    PeekerEvent *e = NULL;
    PeekerStatus st = WH_VALUES(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW,
                                            PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, &e);
    CHECK_STATUS(st, PEEKER_OK);
    CHECK_NO_LAST();
    size_t len = 0;
    CHECK_STR(peeker_event_id(e, &len), "evt_01HZX0EV2A2B3C4D5E6F7G8H");
    CHECK(len == 28);
    CHECK_STR(peeker_event_type(e, NULL), "order.completed");
    CHECK_STR(peeker_event_created_at(e, NULL), "2026-05-08T12:14:33Z");
    CHECK_STR(peeker_event_data_json(e, NULL), "{\"id\":\"ord_01HZX0OR1A2B3C4D5E6F7G8H\",\"status\":\"completed\"}");
    const char *json = peeker_event_json(e, NULL);
    CHECK(json != NULL && strstr(json, "\"type\":\"order.completed\"") != NULL);
    peeker_event_free(e);

    /* Rotation: one of several secrets is enough. */
    PeekerStr two[] = {{LIT("whsec_old")}, {LIT(WH_SECRET)}};
    e = NULL;
    CHECK_STATUS(WH_VALUES(two, 2, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e),
                 PEEKER_OK);
    peeker_event_free(e);

    /* Failures. */
    e = SENTINEL;
    char tampered[sizeof WH_BODY];
    memcpy(tampered, WH_BODY, sizeof WH_BODY);
    tampered[40] ^= 1;
    st = WH_VALUES(sec, 1, (const uint8_t *)tampered, sizeof WH_BODY - 1, LIT(WH_SIG), LIT(WH_TS), NULL,
                               0, WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_SIGNATURE_MISMATCH);
    st = WH_VALUES(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW + 400, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE);
    st = WH_VALUES(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW + 400, 1000, &e);
    CHECK_STATUS(st, PEEKER_OK);
    peeker_event_free(e);
    e = SENTINEL;
    st = WH_VALUES(sec, 1, LIT(WH_BODY), LIT(WH_SIG), LIT("12x"), NULL, 0, WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_MALFORMED_HEADER);
    st = WH_VALUES(NULL, 0, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_SECRET);
    PeekerStr empty[] = {{NULL, 0}};
    st = WH_VALUES(empty, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_SECRET);
    CHECK(e == SENTINEL);

    /* The secret never appears in a message. */
    PeekerStr topsecret[] = {{LIT("whsec_TOPSECRET ")}};
    st = WH_VALUES(topsecret, 1, LIT(WH_BODY), LIT(WH_SIG), LIT(WH_TS), NULL, 0, WH_NOW, 300, &e);
    CHECK_STATUS(st, PEEKER_STATUS_SIGNATURE_MISMATCH);
    CHECK(strstr(peeker_last_error_message(), "TOPSECRET") == NULL);

    /* Sign, then verify with header pairs (names case-insensitive), id from the header. */
    const char body[] = "{\"type\":\"swap.created\",\"data\":{\"x\":1}}";
    char *sig = NULL;
    CHECK_STATUS(peeker_webhook_sign(LIT(body), LIT("s3cret"), 1700000000, &sig), PEEKER_OK);
    PeekerStr s3[] = {{LIT("s3cret")}};
    PeekerHeader hs[] = {
        {LIT("content-type"), LIT("application/json")},
        {LIT("PEEKER-SIGNATURE"), CS(sig)},
        {LIT("peeker-timestamp"), LIT("1700000000")},
        {LIT("Peeker-Event-Id"), LIT("evt_from_header")},
    };
    e = NULL;
    CHECK_STATUS(WH_HEADERS(s3, 1, hs, 4, LIT(body), 1700000001, 300, &e), PEEKER_OK);
    CHECK_STR(peeker_event_id(e, NULL), "evt_from_header");
    CHECK_STR(peeker_event_type(e, NULL), PEEKER_EVENT_SWAP_CREATED);
    peeker_event_free(e);
    peeker_string_free(sig);
    CHECK_STATUS(peeker_webhook_sign(LIT(body), NULL, 0, 1, &sig), PEEKER_STATUS_INVALID_SECRET);
}

/* The verifier API itself: one PeekerVerifier made from its options (copied:
 * the options may go away), used for many deliveries; out-params untouched on failure. */
static void test_verifier(void) {
    CHECK(strcmp(WH_SECRET, "whsec_example_secret") == 0);
    PeekerVerifier *v = SENTINEL;
    {
        PeekerStr secrets[] = {{LIT("whsec_old")}, {LIT(WH_SECRET)}};
        PeekerVerifierOptions o = {secrets, 2, PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, 0};
        CHECK_STATUS(peeker_verifier_new(&o, &v), PEEKER_OK);
        CHECK_NO_LAST();
        memset(secrets, 0, sizeof secrets); /* copied by peeker_verifier_new */
    }
    PeekerHeader h[] = {{LIT("content-type"), LIT("application/json")},
                        {LIT(" peeker-SIGNATURE "), LIT(WH_SIG)},
                        {LIT("Peeker-Timestamp"), LIT(WH_TS)}};
    for (int i = 0; i < 3; i++) {
        PeekerEvent *e = NULL;
        CHECK_STATUS(peeker_verifier_verify(v, h, 3, LIT(WH_BODY), WH_NOW + i, &e), PEEKER_OK);
        size_t n = 0;
        CHECK_STR(peeker_event_id(e, &n), "evt_01HZX0EV2A2B3C4D5E6F7G8H");
        CHECK(n == 28);
        CHECK_STR(peeker_event_type(e, NULL), "order.completed");
        CHECK_STR(peeker_event_data_json(e, NULL), "{\"id\":\"ord_01HZX0OR1A2B3C4D5E6F7G8H\",\"status\":\"completed\"}");
        peeker_event_free(e);
    }

    /* No created_at; the event id from its header; data compact in the sender's order. */
    const char body[] = "{\"type\":\"swap.created\", \"data\": {\"z\": 1, \"a\": [2, \"x y\"]}}";
    char *sig = NULL;
    CHECK_STATUS(peeker_webhook_sign(LIT(body), LIT(WH_SECRET), 1700000000, &sig), PEEKER_OK);
    PeekerHeader h2[] = {{LIT("Peeker-Signature"), CS(sig)},
                         {LIT("peeker-timestamp"), LIT("1700000000")},
                         {LIT("Peeker-Event-Id"), LIT("evt_h")}};
    PeekerEvent *e = NULL;
    CHECK_STATUS(peeker_verifier_verify(v, h2, 3, LIT(body), 1700000001, &e), PEEKER_OK);
    CHECK_STR(peeker_event_id(e, NULL), "evt_h");
    CHECK(peeker_event_created_at(e, NULL) == NULL);
    CHECK_STR(peeker_event_data_json(e, NULL), "{\"z\":1,\"a\":[2,\"x y\"]}");
    CHECK_STR(peeker_event_json(e, NULL),
              "{\"id\":\"evt_h\",\"type\":\"swap.created\",\"created_at\":null,\"data\":{\"z\":1,\"a\":[2,\"x y\"]}}");
    peeker_event_free(e);

    /* Errors: the core's codes; *out untouched. */
    e = SENTINEL;
    CHECK_STATUS(peeker_verifier_verify(v, h2, 3, LIT(body), 1700000400, &e), PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE);
    CHECK_STATUS(peeker_verifier_verify(v, h2, 1, LIT(body), 1700000001, &e), PEEKER_STATUS_MISSING_HEADER);
    CHECK_STATUS(peeker_verifier_verify(v, h2, 3, LIT("{}"), 1700000001, &e), PEEKER_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(peeker_verifier_verify(v, NULL, 0, LIT(body), 1700000001, &e), PEEKER_STATUS_MISSING_HEADER);
    CHECK_STATUS(peeker_verifier_verify(v, NULL, 5, LIT(body), 1700000001, &e), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_verifier_verify(NULL, h2, 3, LIT(body), 1700000001, &e), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(PEEKER_STATUS_NULL_ARGUMENT, "null_argument", NULL, "verifier");
    CHECK_STATUS(peeker_verifier_verify(v, h2, 3, LIT(body), 1700000001, NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_verifier_verify_ignoring_timestamp(v, h2, 3, LIT(body), NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK(e == SENTINEL);
    /* Replays: no time check, everything else. */
    e = NULL;
    CHECK_STATUS(peeker_verifier_verify_ignoring_timestamp(v, h2, 3, LIT(body), &e), PEEKER_OK);
    peeker_event_free(e);
    peeker_verifier_free(v);
    peeker_verifier_free(NULL);

    /* Bad options: *out untouched. */
    v = SENTINEL;
    PeekerStr empty[] = {{NULL, 0}};
    PeekerVerifierOptions none = {NULL, 0, 300, 0}, blank = {empty, 1, 300, 0}, nulls = {NULL, 2, 300, 0};
    CHECK_STATUS(peeker_verifier_new(&none, &v), PEEKER_STATUS_INVALID_SECRET);
    CHECK_STATUS(peeker_verifier_new(&blank, &v), PEEKER_STATUS_INVALID_SECRET);
    CHECK_STATUS(peeker_verifier_new(&nulls, &v), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_LAST(PEEKER_STATUS_NULL_ARGUMENT, "null_argument", NULL, "options.secrets");
    CHECK_STATUS(peeker_verifier_new(NULL, &v), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_verifier_new(&none, NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK(v == SENTINEL);
    peeker_string_free(sig);
}

static void test_response(void) {
    PeekerHeader hs[] = {{LIT("peeker-request-id"), LIT("req_01HZX0E5K7N9P2Q4R6S8T0U1V3")}};
    const char body429[] =
        "{\"error\":{\"code\":\"rate_limited\",\"message\":\"API rate limit exceeded\",\"details\":"
        "{\"retry_after_seconds\":12}}}";
    PeekerResponse *r = NULL;
    CHECK_STATUS(peeker_response_classify(429, hs, 1, LIT(body429), &r), PEEKER_OK);
    CHECK(!peeker_response_ok(r));
    CHECK(peeker_response_status(r) == 429);
    CHECK_STR(peeker_response_error_code(r, NULL), "rate_limited");
    CHECK_STR(peeker_response_error_message(r, NULL), "API rate limit exceeded");
    CHECK_STR(peeker_response_error_field(r, NULL), NULL);
    CHECK_STR(peeker_response_error_details_json(r, NULL), "{\"retry_after_seconds\":12}");
    CHECK(peeker_response_retry(r) == PEEKER_RETRY_AFTER);
    CHECK_STR(peeker_response_retry_name(r), "after");
    uint64_t secs = 0;
    CHECK(peeker_response_retry_after_seconds(r, &secs) && secs == 12);
    CHECK(!peeker_response_retry_after_seconds(r, NULL));
    CHECK_STR(peeker_response_request_id(r, NULL), "req_01HZX0E5K7N9P2Q4R6S8T0U1V3");
    const char *json = peeker_response_json(r, NULL);
    CHECK(json != NULL && strstr(json, "\"retry\":\"after\"") != NULL);
    peeker_response_free(r);

    r = NULL;
    CHECK_STATUS(peeker_response_classify(200, NULL, 0, LIT("{\"data\":{}}"), &r), PEEKER_OK);
    CHECK(peeker_response_ok(r));
    CHECK(peeker_response_retry(r) == PEEKER_RETRY_NEVER);
    CHECK_STR(peeker_response_retry_name(r), "never");
    secs = 99;
    CHECK(!peeker_response_retry_after_seconds(r, &secs) && secs == 99);
    CHECK_STR(peeker_response_request_id(r, NULL), NULL);
    peeker_response_free(r);

    r = NULL;
    CHECK_STATUS(peeker_response_classify(400, NULL, 0,
                                          LIT("{\"error\":{\"code\":\"invalid_request\",\"message\":\"m\","
                                              "\"field\":\"domains[1]\"}}"),
                                          &r),
                 PEEKER_OK);
    CHECK_STR(peeker_response_error_field(r, NULL), "domains[1]");
    CHECK(peeker_response_retry(r) == PEEKER_RETRY_NEVER);
    peeker_response_free(r);

    r = NULL;
    CHECK_STATUS(peeker_response_classify(502, NULL, 0, LIT("<html>Bad Gateway</html>"), &r), PEEKER_OK);
    CHECK_STR(peeker_response_error_code(r, NULL), NULL);
    CHECK_STR(peeker_response_retry_name(r), "backoff");
    peeker_response_free(r);
}

static void test_dedupe_key(void) {
    char *k = NULL;
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_example"), LIT(ORDER_BODY), &k), PEEKER_OK);
    CHECK_STR(k, ORDER_KEY);
    peeker_string_free(k);
    /* Key order and white space do not matter. */
    k = NULL;
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{\"a\": 1, \"b\": [true, null]}"), &k), PEEKER_OK);
    char *k2 = NULL;
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{\"b\":[true,null],\"a\":1}"), &k2), PEEKER_OK);
    CHECK(k && k2 && strcmp(k, k2) == 0);
    peeker_string_free(k2);
    /* Another API key, another key. */
    k2 = NULL;
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_y"), LIT("{\"b\":[true,null],\"a\":1}"), &k2), PEEKER_OK);
    CHECK(k && k2 && strcmp(k, k2) != 0);
    peeker_string_free(k2);
    peeker_string_free(k);

    k = SENTINEL;
    PeekerStatus st = peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{\"a\":1.5}"), &k);
    CHECK_STATUS(st, PEEKER_STATUS_UNSUPPORTED_NUMBER);
    CHECK_LAST(st, "unsupported_number", NULL, "a");
    CHECK_STATUS(peeker_order_dedupe_key(LIT("pk_test_x"), LIT("{\"a\":"), &k), PEEKER_STATUS_INVALID_JSON);
    st = peeker_order_dedupe_key(LIT(""), LIT("{}"), &k);
    CHECK_STATUS(st, PEEKER_STATUS_INVALID_API_KEY);
    CHECK(k == SENTINEL);
}

/* ------------------------------------------------------------------ threads */

enum { THREADS = 8, ROUNDS = 300 };
static pthread_barrier_t g_barrier;

static void *thread_main(void *arg) {
    int id = (int)(intptr_t)arg;
    char input[96], root[64];
    snprintf(root, sizeof root, "acme%d.com", id);
    snprintf(input, sizeof input, "mail.%s", root);
    pthread_barrier_wait(&g_barrier);
    /* A fresh thread starts without a last error, whatever other threads did. */
    CHECK_NO_LAST();
    for (int i = 0; i < ROUNDS; i++) {
        PeekerDomain *d = NULL;
        if ((id + i) % 3 == 0) {
            CHECK_STATUS(peeker_root_domain(CS(root), &d), PEEKER_OK);
            CHECK_NO_LAST();
            CHECK_STR(peeker_domain_ascii(d, NULL), root);
            peeker_domain_free(d);
        } else if ((id + i) % 3 == 1) {
            PeekerStatus st = peeker_root_domain(CS(input), &d);
            CHECK_STATUS(st, PEEKER_STATUS_SUBDOMAIN);
            /* This thread's suggestion, not another's. */
            CHECK_STR(peeker_last_error_suggestion(), root);
            CHECK_STR(peeker_last_error_code(), "subdomain");
        } else {
            PeekerStatus st = peeker_root_domain(NULL, (size_t)id + 1, &d);
            CHECK_STATUS(st, PEEKER_STATUS_NULL_ARGUMENT);
            CHECK_STR(peeker_last_error_field(), "input");
            CHECK_STR(peeker_last_error_suggestion(), NULL);
        }
    }
    return NULL;
}

static void test_threads(void) {
    /* An error on this thread survives the other threads' activity. */
    PeekerDomain *d = NULL;
    CHECK_STATUS(peeker_root_domain(LIT("www.main-thread.org"), &d), PEEKER_STATUS_SUBDOMAIN);
    pthread_t t[THREADS];
    pthread_barrier_init(&g_barrier, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&t[i], NULL, thread_main, (void *)(intptr_t)i) == 0);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&g_barrier);
    CHECK_STR(peeker_last_error_suggestion(), "main-thread.org");
    CHECK(peeker_last_error_status() == PEEKER_STATUS_SUBDOMAIN);

    /* One handle read by several threads at once. */
    peeker_last_error_clear();
}

static PeekerDomainSet *g_shared_set;
static void *reader_main(void *arg) {
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        CHECK(peeker_domain_set_count(g_shared_set) == 2);
        CHECK_STR(peeker_domain_set_ascii(g_shared_set, 0, NULL), "acme-mail.com");
        CHECK_STATUS(peeker_domain_set_check(g_shared_set, LIT("import")), PEEKER_OK);
    }
    return NULL;
}

static void test_shared_handle(void) {
    PeekerStr in[] = {{LIT("team-acme.com")}, {LIT("acme-mail.com")}};
    CHECK_STATUS(peeker_domain_set(in, 2, &g_shared_set), PEEKER_OK);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, reader_main, NULL) == 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    peeker_domain_set_free(g_shared_set);
}

int main(void) {
    test_versions();
    test_root_domain_valid();
    test_root_domain_invalid();
    test_registrable_and_suffix();
    test_domain_set();
    test_null_arguments();
    test_free_null();
    test_invalid_utf8();
    test_interior_nul();
    test_sizes();
    test_webhook();
    test_verifier();
    test_response();
    test_dedupe_key();
    test_threads();
    test_shared_handle();
    run_api_tests();
    run_response_tests();
    run_webhook_tracker_tests();
    run_batch_tests();
    peeker_last_error_clear();
    int passed = atomic_load(&g_passed), failed = atomic_load(&g_failed);
    printf("c: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
