/*
 * C tests of the batch functions (peeker_root_domains, peeker_root_domains_joined,
 * PeekerDomainBatch) and of peeker_check_root_domain: every item agrees with
 * peeker_root_domain (status, both forms), NUL bytes and invalid UTF-8 are
 * per-item results, empty batches, huge items and a batch at the limit, the
 * joined form's count check, the text layout, NULL arguments, borrowed results,
 * lazily made messages, and several threads at once. Run from test_peeker.c's
 * main via run_batch_tests() (and so under valgrind and ASan+UBSan by test.sh).
 */
#include <peeker.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Inputs as pointer + length (some hold NUL bytes or invalid UTF-8). */
typedef struct {
    const char *p;
    size_t n;
} In;
#define IN(s) {(s), sizeof(s) - 1}

static const In INPUTS[] = {
    IN("acme.com"), IN(" Bücher.de. "), IN("xn--bcher-kva.de"), IN("mail.acme.co.uk"),
    IN("https://www.acme.co.uk/pricing"), IN("alex@acme.com"), IN("192.0.2.1"), IN("[2001:db8::1]"),
    IN("co.uk"), IN("github.io"), IN("acme.notarealtld"), IN("-acme.com"), IN("a_b.com"),
    IN(""), IN("   "), IN("ACME.COM"), IN("acme.com."), IN("acme..com"), IN("例え.テスト"),
    IN("münchen.de"), IN("a\0b.com"), IN("\0"), IN("acme.com\n"), IN("\n"), IN("acme\xff.com"),
    IN("\xed\xa0\x80.com"), IN("\xc3"), IN("acme.com:8080"), IN("acme .com"), IN("xn--.com"),
    IN("faß.de"), IN("ﬁ.com"), IN("example.uk.com"), IN("mail.example.uk.com"), IN("аррӏе.com"),
    IN("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"),
};
#define N_INPUTS (sizeof INPUTS / sizeof INPUTS[0])

typedef struct {
    PeekerStatus status;
    char ascii[1024], unicode[1024];
    size_t ascii_len, unicode_len;
} Single;

static Single single(const char *p, size_t n) {
    Single s;
    memset(&s, 0, sizeof s);
    PeekerDomain *d = NULL;
    s.status = peeker_root_domain((const uint8_t *)p, n, &d);
    if (s.status == PEEKER_OK) {
        const char *a = peeker_domain_ascii(d, &s.ascii_len);
        const char *u = peeker_domain_unicode(d, &s.unicode_len);
        if (a && u && s.ascii_len < sizeof s.ascii && s.unicode_len < sizeof s.unicode) {
            memcpy(s.ascii, a, s.ascii_len + 1);
            memcpy(s.unicode, u, s.unicode_len + 1);
        }
        peeker_domain_free(d);
    }
    return s;
}

/* Every item of `b` (made from `in`) agrees with peeker_root_domain, and the
 * text buffer splits into count A-label fields then the distinct Unicode forms. */
static void check_agrees(const In *in, size_t n, const PeekerDomainBatch *b) {
    CHECK(peeker_domain_batch_count(b) == n);
    const uint32_t *statuses = peeker_domain_batch_statuses(b);
    CHECK((statuses == NULL) == (n == 0));
    size_t dn = 99;
    const uint32_t *distinct = peeker_domain_batch_distinct_unicode(b, &dn);
    CHECK((distinct == NULL) == (dn == 0));
    size_t tl = 0;
    const char *text = peeker_domain_batch_text(b, &tl);
    CHECK(text != NULL);
    size_t nuls = 0;
    for (size_t k = 0; k < tl; k++) nuls += text[k] == '\0';
    CHECK(nuls == n + dn);
    const char *field = text;      /* the A-label section */
    const char *ufield = text;     /* the Unicode section, after n fields */
    for (size_t i = 0; i < n; i++) ufield += strlen(ufield) + 1;
    size_t valid = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        Single want = single(in[i].p, in[i].n);
        PeekerStatus st = peeker_domain_batch_status(b, i);
        CHECK_STATUS(st, want.status);
        if (statuses) CHECK(statuses[i] == (uint32_t)want.status);
        size_t al = 99, ul = 99;
        const char *a = peeker_domain_batch_ascii(b, i, &al);
        const char *u = peeker_domain_batch_unicode(b, i, &ul);
        CHECK(a != NULL && u != NULL);
        const char *fa = field;
        size_t fal = strlen(fa);
        field = fa + fal + 1;
        if (want.status == PEEKER_OK) {
            valid++;
            CHECK(al == want.ascii_len && a[al] == '\0' && memcmp(a, want.ascii, al) == 0);
            CHECK(ul == want.unicode_len && u[ul] == '\0' && memcmp(u, want.unicode, ul) == 0);
            CHECK(fal == al && memcmp(fa, want.ascii, al) == 0);
            if (al == ul && memcmp(a, u, al) == 0) {
                CHECK(a == u); /* one span for equal forms */
            } else {
                CHECK(k < dn && distinct[k] == i);
                size_t ful = strlen(ufield);
                CHECK(ful == ul && memcmp(ufield, want.unicode, ul) == 0);
                CHECK(u == ufield);
                ufield += ful + 1;
                k++;
            }
        } else {
            CHECK(al == 0 && ul == 0 && a[0] == '\0' && u[0] == '\0');
            CHECK(fal == 0);
        }
    }
    CHECK(k == dn);
    CHECK(ufield == text + tl);
    CHECK(peeker_domain_batch_valid_count(b) == valid);
}

static void test_batch_agrees(void) {
    PeekerStr strs[N_INPUTS];
    for (size_t i = 0; i < N_INPUTS; i++) {
        strs[i].ptr = (const uint8_t *)INPUTS[i].p;
        strs[i].len = INPUTS[i].n;
    }
    PeekerDomainBatch *b = NULL;
    CHECK_STATUS(peeker_root_domains(strs, N_INPUTS, &b), PEEKER_OK);
    CHECK(peeker_last_error_code() == NULL);
    check_agrees(INPUTS, N_INPUTS, b);
    /* a few known answers, not only agreement */
    CHECK_STATUS(peeker_domain_batch_status(b, 3), PEEKER_STATUS_SUBDOMAIN);
    CHECK_STATUS(peeker_domain_batch_status(b, 20), PEEKER_STATUS_NOT_A_DOMAIN); /* "a\0b.com" */
    CHECK_STATUS(peeker_domain_batch_status(b, 24), PEEKER_STATUS_INVALID_UTF8);
    CHECK_STATUS(peeker_domain_batch_status(b, 25), PEEKER_STATUS_INVALID_UTF8);
    CHECK_STATUS(peeker_domain_batch_status(b, 13), PEEKER_STATUS_EMPTY);
    CHECK_STR(peeker_domain_batch_unicode(b, 1, NULL), "bücher.de");
    CHECK_STR(peeker_domain_batch_ascii(b, 1, NULL), "xn--bcher-kva.de");
    CHECK_STATUS(peeker_domain_batch_status(b, N_INPUTS), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK(peeker_domain_batch_ascii(b, N_INPUTS, NULL) == NULL);
    CHECK(peeker_domain_batch_unicode(b, (size_t)-1, NULL) == NULL);
    peeker_domain_batch_free(b);

    /* The joined form, '\n' separator: every input without a '\n'. */
    char buf[4096];
    size_t len = 0, count = 0;
    In kept[N_INPUTS];
    for (size_t i = 0; i < N_INPUTS; i++) {
        if (memchr(INPUTS[i].p, '\n', INPUTS[i].n)) continue;
        if (count) buf[len++] = '\n';
        memcpy(buf + len, INPUTS[i].p, INPUTS[i].n);
        len += INPUTS[i].n;
        kept[count++] = INPUTS[i];
    }
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined((const uint8_t *)buf, len, '\n', count, &b), PEEKER_OK);
    check_agrees(kept, count, b);
    peeker_domain_batch_free(b);
    /* With the NUL separator an item holding a NUL makes the count wrong. */
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined(LIT("acme.com\0a\0b.com"), 0, 2, &b), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK(b == NULL);
    CHECK_STR(peeker_last_error_field(), "count");
    CHECK_STATUS(peeker_root_domains_joined(LIT("acme.com\0a\0b.com"), 0, 3, &b), PEEKER_OK);
    CHECK_STATUS(peeker_domain_batch_status(b, 1), single("a", 1).status);
    CHECK_STATUS(peeker_domain_batch_status(b, 2), PEEKER_OK);
    CHECK_STR(peeker_domain_batch_ascii(b, 2, NULL), "b.com");
    peeker_domain_batch_free(b);
}

static void test_batch_edges(void) {
    PeekerDomainBatch *b = NULL;
    /* empty batches */
    CHECK_STATUS(peeker_root_domains(NULL, 0, &b), PEEKER_OK);
    CHECK(peeker_domain_batch_count(b) == 0 && peeker_domain_batch_valid_count(b) == 0);
    CHECK(peeker_domain_batch_statuses(b) == NULL);
    size_t tl = 7;
    CHECK(peeker_domain_batch_text(b, &tl) != NULL && tl == 0);
    peeker_domain_batch_free(b);
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined(NULL, 0, 0, 0, &b), PEEKER_OK);
    CHECK(peeker_domain_batch_count(b) == 0);
    peeker_domain_batch_free(b);
    /* one empty item */
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined(NULL, 0, 0, 1, &b), PEEKER_OK);
    CHECK(peeker_domain_batch_count(b) == 1);
    CHECK_STATUS(peeker_domain_batch_status(b, 0), PEEKER_STATUS_EMPTY);
    peeker_domain_batch_free(b);
    /* wrong counts, NULL arguments, the limit */
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined(LIT("a"), 0, 0, &b), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(peeker_root_domains_joined(LIT("a\nb\nc"), '\n', 2, &b), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(peeker_root_domains_joined(NULL, 3, 0, 1, &b), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_root_domains_joined(LIT("a"), 0, 1, NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_root_domains(NULL, 2, &b), PEEKER_STATUS_NULL_ARGUMENT);
    PeekerStr bad[] = {{LIT("acme.com")}, {NULL, 3}};
    CHECK_STATUS(peeker_root_domains(bad, 2, &b), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STR(peeker_last_error_field(), "inputs[1]");
    CHECK_STATUS(peeker_root_domains(bad, 1, NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_root_domains(bad, (size_t)PEEKER_DOMAIN_BATCH_MAX_ITEMS + 1, &b), PEEKER_STATUS_TOO_MANY_DOMAINS);
    CHECK_STR(peeker_last_error_code(), "too_many_domains");
    CHECK_STATUS(peeker_root_domains_joined(LIT(""), 0, SIZE_MAX, &b), PEEKER_STATUS_TOO_MANY_DOMAINS);
    CHECK(b == NULL);
    /* NULL handles */
    CHECK(peeker_domain_batch_count(NULL) == 0);
    CHECK(peeker_domain_batch_valid_count(NULL) == 0);
    CHECK_STATUS(peeker_domain_batch_status(NULL, 0), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK(peeker_domain_batch_statuses(NULL) == NULL);
    CHECK(peeker_domain_batch_ascii(NULL, 0, NULL) == NULL);
    CHECK(peeker_domain_batch_unicode(NULL, 0, NULL) == NULL);
    CHECK(peeker_domain_batch_text(NULL, NULL) == NULL);
    size_t dn = 5;
    CHECK(peeker_domain_batch_distinct_unicode(NULL, &dn) == NULL && dn == 0);
    peeker_domain_batch_free(NULL);

    /* huge items: a 10 MB one (too_long, and invalid UTF-8 when it is) */
    size_t big = (size_t)10 * 1024 * 1024;
    char *huge = malloc(big);
    CHECK(huge != NULL);
    if (!huge) return;
    memset(huge, 'a', big);
    PeekerStr hs[] = {{(const uint8_t *)huge, big}, {LIT("acme.com")}, {(const uint8_t *)huge, 64}};
    b = NULL;
    CHECK_STATUS(peeker_root_domains(hs, 3, &b), PEEKER_OK);
    CHECK_STATUS(peeker_domain_batch_status(b, 0), PEEKER_STATUS_TOO_LONG);
    CHECK_STATUS(peeker_domain_batch_status(b, 1), PEEKER_OK);
    CHECK_STATUS(peeker_domain_batch_status(b, 2), single(huge, 64).status);
    peeker_domain_batch_free(b);
    huge[big / 2] = '\xff';
    b = NULL;
    CHECK_STATUS(peeker_root_domains(hs, 2, &b), PEEKER_OK);
    CHECK_STATUS(peeker_domain_batch_status(b, 0), PEEKER_STATUS_INVALID_UTF8);
    CHECK_STATUS(peeker_domain_batch_status(b, 1), PEEKER_OK);
    peeker_domain_batch_free(b);
    free(huge);

    /* a batch at the limit: PEEKER_DOMAIN_BATCH_MAX_ITEMS items, all empty but the last */
    size_t n = (size_t)PEEKER_DOMAIN_BATCH_MAX_ITEMS;
    char *data = malloc(n + 5);
    CHECK(data != NULL);
    if (!data) return;
    memset(data, '\n', n - 1);
    memcpy(data + n - 1, "a.com", 5);
    b = NULL;
    CHECK_STATUS(peeker_root_domains_joined((const uint8_t *)data, n + 4, '\n', n, &b), PEEKER_OK);
    CHECK(peeker_domain_batch_count(b) == n && peeker_domain_batch_valid_count(b) == 1);
    CHECK_STATUS(peeker_domain_batch_status(b, n - 2), PEEKER_STATUS_EMPTY);
    CHECK_STR(peeker_domain_batch_unicode(b, n - 1, NULL), "a.com");
    peeker_domain_batch_free(b);
    free(data);
}

static void test_check_root_domain(void) {
    for (size_t i = 0; i < N_INPUTS; i++) {
        Single want = single(INPUTS[i].p, INPUTS[i].n);
        const char *want_msg = NULL, *want_sugg = NULL;
        char msg[1024] = "", sugg[1024] = "";
        if (want.status != PEEKER_OK) {
            /* peeker_root_domain's last error, copied before the next call */
            want_msg = peeker_last_error_message();
            want_sugg = peeker_last_error_suggestion();
            if (want_msg) snprintf(msg, sizeof msg, "%s", want_msg);
            if (want_sugg) snprintf(sugg, sizeof sugg, "%s", want_sugg);
        }
        PeekerDomainView v = {NULL, 77, NULL, 77};
        PeekerStatus st = peeker_check_root_domain((const uint8_t *)INPUTS[i].p, INPUTS[i].n, &v);
        CHECK_STATUS(st, want.status);
        if (st == PEEKER_OK) {
            CHECK(peeker_last_error_code() == NULL);
            CHECK(v.ascii_len == want.ascii_len && v.ascii[v.ascii_len] == '\0' && memcmp(v.ascii, want.ascii, v.ascii_len) == 0);
            CHECK(v.unicode_len == want.unicode_len && v.unicode[v.unicode_len] == '\0' &&
                  memcmp(v.unicode, want.unicode, v.unicode_len) == 0);
        } else {
            CHECK(v.ascii == NULL && v.ascii_len == 77); /* untouched */
            CHECK_STR(peeker_last_error_code(), peeker_status_code(st));
            CHECK_STR(peeker_last_error_message(), want_msg ? msg : NULL);
            CHECK_STR(peeker_last_error_suggestion(), want_sugg ? sugg : NULL);
        }
    }
    /* borrowed until the next call on this thread; equal forms share a pointer */
    PeekerDomainView a, c;
    CHECK_STATUS(peeker_check_root_domain(CS("Bücher.de"), &a), PEEKER_OK);
    CHECK_STR(a.ascii, "xn--bcher-kva.de");
    CHECK_STR(a.unicode, "bücher.de");
    CHECK_STATUS(peeker_check_root_domain(CS("ACME.com"), &c), PEEKER_OK);
    CHECK_STR(c.ascii, "acme.com");
    CHECK(c.unicode == c.ascii);
    CHECK_STATUS(peeker_check_root_domain(CS("mail.acme.co.uk"), &c), PEEKER_STATUS_SUBDOMAIN);
    CHECK_STR(peeker_last_error_suggestion(), "acme.co.uk");
    CHECK_STR(peeker_last_error_message(), "mail.acme.co.uk is a subdomain; enter acme.co.uk.");
    CHECK_STATUS(peeker_check_root_domain(CS("x"), NULL), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STR(peeker_last_error_field(), "out");
    CHECK_STATUS(peeker_check_root_domain(NULL, 4, &c), PEEKER_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(peeker_check_root_domain(NULL, 0, &c), PEEKER_STATUS_EMPTY);
    CHECK_STATUS(peeker_check_root_domain(LIT("\xff"), &c), PEEKER_STATUS_INVALID_UTF8);
    CHECK_STR(peeker_last_error_field(), "input");
}

/* Several threads: batches and borrowed checks at once. */
static void *batch_thread(void *arg) {
    (void)arg;
    for (int round = 0; round < 20; round++) {
        PeekerStr strs[N_INPUTS];
        for (size_t i = 0; i < N_INPUTS; i++) {
            strs[i].ptr = (const uint8_t *)INPUTS[i].p;
            strs[i].len = INPUTS[i].n;
        }
        PeekerDomainBatch *b = NULL;
        CHECK_STATUS(peeker_root_domains(strs, N_INPUTS, &b), PEEKER_OK);
        for (size_t i = 0; i < N_INPUTS; i++) {
            PeekerDomainView v;
            PeekerStatus st = peeker_check_root_domain(strs[i].ptr, strs[i].len, &v);
            CHECK(st == peeker_domain_batch_status(b, i));
            if (st == PEEKER_OK) CHECK_STR(v.ascii, peeker_domain_batch_ascii(b, i, NULL));
            else CHECK_STR(peeker_last_error_code(), peeker_status_code(st));
        }
        peeker_domain_batch_free(b);
    }
    return NULL;
}

static void test_batch_threads(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, batch_thread, NULL) == 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
}

void run_batch_tests(void) {
    test_batch_agrees();
    test_batch_edges();
    test_check_root_domain();
    test_batch_threads();
    peeker_last_error_clear();
}
