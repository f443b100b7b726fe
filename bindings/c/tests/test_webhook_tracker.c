/*
 * The C test suite, part 4: the webhook verifier's body limits and replays, and
 * the order tracker (permuted streams with duplicates, threads, arguments). Calls
 * only the public C API (peeker.h); run from test_peeker.c's main via
 * run_webhook_tracker_tests(). Fixtures: check.h, test_api.c.
 */
#include "check.h"

#include <pthread.h>

/* ------------------------------------------------------------------ webhooks: body limits, replays */

/* One verification at now = 1000, default tolerance and limit. */
static PeekerStatus VEX(const PeekerStr *secs, size_t n, const uint8_t *b, size_t bl, const uint8_t *s, size_t sl,
                        const uint8_t *t, size_t tl, const uint8_t *i, size_t il, PeekerEvent **o) {
    return wh_verify_values(secs, n, b, bl, s, sl, t, tl, i, il, 1000, 300, 0, o);
}

/* Signs `body` with HOOK_SECRET at `ts`; fills the two header pairs (sig is the caller's to free). */
static char *sign_into(const char *body, size_t len, int64_t ts, char ts_buf[24], PeekerHeader h[2]) {
    char *sig = NULL;
    CHECK_STATUS(peeker_webhook_sign((const uint8_t *)body, len, CS(HOOK_SECRET), ts, &sig), PEEKER_OK);
    snprintf(ts_buf, 24, "%lld", (long long)ts);
    h[0] = (PeekerHeader){LIT("Peeker-Signature"), (const uint8_t *)sig, sig ? strlen(sig) : 0};
    h[1] = (PeekerHeader){LIT("Peeker-Timestamp"), (const uint8_t *)ts_buf, strlen(ts_buf)};
    return sig;
}

static void test_webhook_variants(void) {
    const char body[] = "{\"id\":\"evt_replay\",\"type\":\"order.completed\",\"created_at\":\"2026-05-08T12:14:33Z\","
                        "\"data\":{\"id\":\"ord_1\",\"status\":\"completed\"}}";
    PeekerStr sec[] = {{CS(HOOK_SECRET)}};
    char ts[24];
    PeekerHeader h[2];
    char *sig = sign_into(body, strlen(body), 1000, ts, h);
    PeekerEvent *e = SENTINEL;

    /* Years later: the live check refuses it; only the explicitly named function accepts it. */
    EXPECT_FAIL(WH_HEADERS(sec, 1, h, 2, LIT(body), 1900000000, 300, &e),
                PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE, NULL);
    EXPECT_FAIL(wh_verify_headers(sec, 1, h, 2, LIT(body), 1900000000, 300, 0, &e),
                PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE, NULL);
    CHECK(e == SENTINEL);
    e = NULL;
    CHECK_STATUS(WH_REPLAY_H(sec, 1, h, 2, LIT(body), 0, &e), PEEKER_OK);
    CHECK_NO_LAST();
    CHECK_STR(peeker_event_id(e, NULL), "evt_replay");
    CHECK_STR(peeker_event_type(e, NULL), "order.completed");
    peeker_event_free(e);

    /* ...but it still checks everything else. */
    e = SENTINEL;
    char tampered[sizeof body];
    memcpy(tampered, body, sizeof body);
    tampered[10] ^= 1;
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 2, (const uint8_t *)tampered, strlen(body), 0, &e),
                PEEKER_STATUS_SIGNATURE_MISMATCH, NULL);
    PeekerHeader other_ts[2] = {h[0], {LIT("Peeker-Timestamp"), LIT("1001")}};
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, other_ts, 2, LIT(body), 0, &e),
                PEEKER_STATUS_SIGNATURE_MISMATCH, NULL);
    PeekerHeader bad_ts[2] = {h[0], {LIT("Peeker-Timestamp"), LIT("soon")}};
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, bad_ts, 2, LIT(body), 0, &e),
                PEEKER_STATUS_MALFORMED_HEADER, NULL);
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 1, LIT(body), 0, &e), PEEKER_STATUS_MISSING_HEADER,
                NULL);
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h + 1, 1, LIT(body), 0, &e),
                PEEKER_STATUS_MISSING_HEADER, NULL);
    EXPECT_FAIL(WH_REPLAY_H(NULL, 0, h, 2, LIT(body), 0, &e), PEEKER_STATUS_INVALID_SECRET,
                NULL);
    PeekerStr wrong[] = {{LIT("whsec_TOPSECRET_api ")}};
    EXPECT_FAIL(WH_REPLAY_H(wrong, 1, h, 2, LIT(body), 0, &e),
                PEEKER_STATUS_SIGNATURE_MISMATCH, NULL);
    CHECK(strstr(peeker_last_error_message(), "white space") != NULL);
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 2, LIT(body), 10, &e),
                PEEKER_STATUS_PAYLOAD_TOO_LARGE, NULL);
    CHECK(e == SENTINEL);

    /* _ex: the same checks as the plain functions, plus the size limit. */
    e = NULL;
    CHECK_STATUS(wh_verify_values(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, 1000, 300, 0, &e), PEEKER_OK);
    CHECK_STR(peeker_event_id(e, NULL), "evt_replay");
    peeker_event_free(e);
    e = NULL;
    CHECK_STATUS(wh_verify_values(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, 1300, 300, strlen(body), &e),
                 PEEKER_OK);
    peeker_event_free(e);
    e = SENTINEL;
    EXPECT_FAIL(wh_verify_values(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, 1000, 300, strlen(body) - 1, &e),
                PEEKER_STATUS_PAYLOAD_TOO_LARGE, NULL);
    EXPECT_FAIL(wh_verify_values(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, 1301, 300, 0, &e),
                PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE, NULL);
    EXPECT_FAIL(wh_verify_headers(sec, 1, h, 2, LIT(body), 1000, 300, 5, &e),
                PEEKER_STATUS_PAYLOAD_TOO_LARGE, NULL);
    CHECK(e == SENTINEL);
    e = NULL;
    CHECK_STATUS(wh_verify_headers(sec, 1, h, 2, LIT(body), 999, 300, 0, &e), PEEKER_OK);
    peeker_event_free(e);
    peeker_string_free(sig);

    /* A 2 MB delivery: over the default limit, accepted with a larger one. */
    size_t big_len = 2 * 1024 * 1024;
    char *big = malloc(big_len + 1);
    const char head[] = "{\"id\":\"evt_big\",\"type\":\"order.in_progress\",\"data\":{\"pad\":\"";
    memset(big, 'a', big_len);
    memcpy(big, head, sizeof head - 1);
    memcpy(big + big_len - 3, "\"}}", 3);
    big[big_len] = '\0';
    sig = sign_into(big, big_len, 2000, ts, h);
    e = SENTINEL;
    EXPECT_FAIL(WH_HEADERS(sec, 1, h, 2, (const uint8_t *)big, big_len, 2000, 300, &e),
                PEEKER_STATUS_PAYLOAD_TOO_LARGE, NULL);
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 2, (const uint8_t *)big, big_len, 0, &e),
                PEEKER_STATUS_PAYLOAD_TOO_LARGE, NULL);
    CHECK(e == SENTINEL);
    e = NULL;
    CHECK_STATUS(wh_verify_headers(sec, 1, h, 2, (const uint8_t *)big, big_len, 2000, 300,
                                                  4 * 1024 * 1024, &e),
                 PEEKER_OK);
    CHECK_STR(peeker_event_id(e, NULL), "evt_big");
    size_t dlen = 0;
    CHECK(peeker_event_data_json(e, &dlen) != NULL && dlen == big_len - (sizeof head - 1) + 7 /* {"pad":" + a... + "} */);
    peeker_event_free(e);
    e = NULL;
    CHECK_STATUS(wh_verify_values(sec, 1, (const uint8_t *)big, big_len, CS(sig), CS(ts), NULL, 0, 2000, 300,
                                          big_len, &e),
                 PEEKER_OK);
    peeker_event_free(e);
    e = NULL;
    CHECK_STATUS(WH_REPLAY_H(sec, 1, h, 2, (const uint8_t *)big, big_len, big_len, &e),
                 PEEKER_OK);
    peeker_event_free(e);
    peeker_string_free(sig);
    free(big);

    /* NULL and invalid UTF-8, every pointer argument of the three new functions. */
    sig = sign_into(body, strlen(body), 1000, ts, h);
    PeekerStr nullsec[] = {{NULL, 3}};
    PeekerStr badsec[] = {{BAD_UTF8}};
    PeekerHeader hnull_name[] = {{NULL, 3, LIT("x")}};
    PeekerHeader hnull_value[] = {{LIT("x"), NULL, 3}};
    e = SENTINEL;
    EXPECT_FAIL(VEX(NULL, 1, LIT(body), CS(sig), CS(ts), NULL, 0, &e), PEEKER_STATUS_NULL_ARGUMENT, "options.secrets");
    EXPECT_FAIL(VEX(nullsec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, &e), PEEKER_STATUS_NULL_ARGUMENT, "options.secrets[0]");
    EXPECT_FAIL(VEX(badsec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, &e), PEEKER_STATUS_INVALID_UTF8, "options.secrets[0]");
    EXPECT_FAIL(VEX(sec, 1, NULL, 4, CS(sig), CS(ts), NULL, 0, &e), PEEKER_STATUS_NULL_ARGUMENT, "body");
    EXPECT_FAIL(VEX(sec, 1, LIT(body), NULL, 4, CS(ts), NULL, 0, &e), PEEKER_STATUS_NULL_ARGUMENT, "headers[0].value");
    EXPECT_FAIL(VEX(sec, 1, LIT(body), BAD_UTF8, CS(ts), NULL, 0, &e), PEEKER_STATUS_MALFORMED_HEADER, NULL);
    EXPECT_FAIL(VEX(sec, 1, LIT(body), CS(sig), NULL, 4, NULL, 0, &e), PEEKER_STATUS_NULL_ARGUMENT, "headers[1].value");
    EXPECT_FAIL(VEX(sec, 1, LIT(body), CS(sig), BAD_UTF8, NULL, 0, &e), PEEKER_STATUS_MALFORMED_HEADER, NULL);
    EXPECT_FAIL(VEX(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 4, &e), PEEKER_STATUS_NULL_ARGUMENT, "headers[2].value");
    EXPECT_FAIL(VEX(sec, 1, LIT(body), CS(sig), CS(ts), NULL, 0, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(VEX(sec, 1, LIT(body), NULL, 0, CS(ts), NULL, 0, &e), PEEKER_STATUS_MISSING_HEADER, NULL);
    EXPECT_FAIL(wh_verify_headers(NULL, 1, h, 2, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "options.secrets");
    EXPECT_FAIL(wh_verify_headers(nullsec, 1, h, 2, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "options.secrets[0]");
    EXPECT_FAIL(wh_verify_headers(badsec, 1, h, 2, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_INVALID_UTF8, "options.secrets[0]");
    EXPECT_FAIL(wh_verify_headers(sec, 1, NULL, 2, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers");
    EXPECT_FAIL(wh_verify_headers(sec, 1, hnull_name, 1, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers[0].name");
    EXPECT_FAIL(wh_verify_headers(sec, 1, hnull_value, 1, LIT(body), 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers[0].value");
    EXPECT_FAIL(wh_verify_headers(sec, 1, h, 2, NULL, 3, 1000, 300, 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "body");
    EXPECT_FAIL(wh_verify_headers(sec, 1, h, 2, LIT(body), 1000, 300, 0, NULL),
                PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(WH_REPLAY_H(NULL, 1, h, 2, LIT(body), 0, &e), PEEKER_STATUS_NULL_ARGUMENT,
                "options.secrets");
    EXPECT_FAIL(WH_REPLAY_H(nullsec, 1, h, 2, LIT(body), 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "options.secrets[0]");
    EXPECT_FAIL(WH_REPLAY_H(badsec, 1, h, 2, LIT(body), 0, &e),
                PEEKER_STATUS_INVALID_UTF8, "options.secrets[0]");
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, NULL, 2, LIT(body), 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers");
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, hnull_name, 1, LIT(body), 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers[0].name");
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, hnull_value, 1, LIT(body), 0, &e),
                PEEKER_STATUS_NULL_ARGUMENT, "headers[0].value");
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 2, NULL, 3, 0, &e), PEEKER_STATUS_NULL_ARGUMENT,
                "body");
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, h, 2, LIT(body), 0, NULL), PEEKER_STATUS_NULL_ARGUMENT,
                "out");
    /* Header bytes that are not UTF-8 are decoded lossily: that header then fails its own check. */
    PeekerHeader lossy[2] = {{LIT("Peeker-Signature"), BAD_UTF8}, h[1]};
    EXPECT_FAIL(WH_REPLAY_H(sec, 1, lossy, 2, LIT(body), 0, &e),
                PEEKER_STATUS_MALFORMED_HEADER, NULL);
    CHECK(e == SENTINEL);
    peeker_string_free(sig);
}


/* ------------------------------------------------------------------ tracker */

enum { N_EVENTS = 8 };
static const char *const STREAM[N_EVENTS] = {
    "{\"id\":\"evt_1\",\"type\":\"order.in_progress\",\"created_at\":\"2026-05-08T12:00:00Z\",\"data\":{\"id\":"
    "\"ord_1\",\"status\":\"in_progress\",\"domain_count\":2}}",
    "{\"id\":\"evt_2\",\"type\":\"domain.action_required\",\"created_at\":\"2026-05-08T12:01:00Z\",\"data\":{\"id\":"
    "\"dom_a\",\"domain\":\"acme-mail.com\",\"order_id\":\"ord_1\"}}",
    "{\"id\":\"evt_3\",\"type\":\"order.action_required\",\"created_at\":\"2026-05-08T12:02:00Z\",\"data\":{\"id\":"
    "\"ord_1\",\"status\":\"action_required\",\"reason\":\"profile_picture_not_accessible\"}}",
    "{\"id\":\"evt_4\",\"type\":\"domain.connected\",\"created_at\":\"2026-05-08T12:08:00Z\",\"data\":{\"id\":"
    "\"dom_a\",\"domain\":\"acme-mail.com\",\"order_id\":\"ord_1\",\"status\":\"active\"}}",
    "{\"id\":\"evt_5\",\"type\":\"domain.connected\",\"created_at\":\"2026-05-08T12:09:00Z\",\"data\":{\"id\":"
    "\"dom_b\",\"domain\":\"team-acme.com\",\"order_id\":\"ord_1\",\"status\":\"active\"}}",
    "{\"id\":\"evt_6\",\"type\":\"order.completed\",\"created_at\":\"2026-05-08T12:14:33Z\",\"data\":{\"id\":"
    "\"ord_1\",\"status\":\"completed\",\"domain_count\":2}}",
    "{\"id\":\"evt_7\",\"type\":\"domain_import.action_required\",\"created_at\":\"2026-05-08T11:30:00Z\",\"data\":{"
    "\"id\":\"imp_1\",\"status\":\"action_required\",\"nameserver_groups\":[{\"nameserver_one\":"
    "\"helena.ns.cloudflare.com\",\"nameserver_two\":\"idris.ns.cloudflare.com\",\"domains\":[\"acme-mail.com\"]}]}}",
    "{\"id\":\"evt_8\",\"type\":\"brand.new_event\",\"created_at\":\"2026-05-08T12:00:00Z\",\"data\":{\"id\":\"x_1\"}}",
};
static PeekerEvent *g_events[N_EVENTS];
static char *g_reference_state;

static void load_events(void) {
    PeekerStr sec[] = {{CS(HOOK_SECRET)}};
    for (int i = 0; i < N_EVENTS; i++) {
        char ts[24];
        PeekerHeader h[2];
        char *sig = sign_into(STREAM[i], strlen(STREAM[i]), 1778242473 + i, ts, h);
        g_events[i] = NULL;
        CHECK_STATUS(WH_HEADERS(sec, 1, h, 2, CS(STREAM[i]), 1778242473 + i, 300, &g_events[i]),
                     PEEKER_OK);
        peeker_string_free(sig);
    }
}

static char *tracker_state(const PeekerTracker *t) {
    char *s = NULL;
    CHECK_STATUS(peeker_tracker_to_json(t, &s), PEEKER_OK);
    return s;
}

static char *order_json(const PeekerTracker *t, const char *id) {
    char *s = SENTINEL;
    CHECK_STATUS(peeker_tracker_order_json(t, CS(id), &s), PEEKER_OK);
    return s == SENTINEL ? NULL : s;
}

static uint64_t lcg(uint64_t *x) {
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

/* Applies the stream in a shuffled order with `dups` repeats; returns the state (caller frees). */
static char *permuted_state(uint64_t seed, int dups) {
    int order[N_EVENTS + 16];
    int n = 0;
    for (int i = 0; i < N_EVENTS; i++) order[n++] = i;
    uint64_t x = seed | 1;
    for (int i = 0; i < dups && n < (int)(sizeof order / sizeof order[0]); i++) order[n++] = (int)(lcg(&x) % N_EVENTS);
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(lcg(&x) % (uint64_t)(i + 1));
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
    }
    PeekerTracker *t = NULL;
    CHECK_STATUS(peeker_tracker_new(&t), PEEKER_OK);
    int seen[N_EVENTS] = {0}, applied_count = 0;
    for (int i = 0; i < n; i++) {
        bool applied = false;
        CHECK_STATUS(peeker_tracker_apply(t, g_events[order[i]], &applied), PEEKER_OK);
        CHECK(applied == !seen[order[i]]); /* true the first time, false for a duplicate */
        applied_count += applied;
        seen[order[i]] = 1;
    }
    CHECK(applied_count == N_EVENTS && peeker_tracker_events_seen(t) == N_EVENTS);
    char *s = tracker_state(t);
    peeker_tracker_free(t);
    return s;
}

static void test_tracker(void) {
    load_events();

    /* The seed progression, step by step. */
    PeekerTracker *t = NULL;
    CHECK_STATUS(peeker_tracker_new(&t), PEEKER_OK);
    CHECK_NO_LAST();
    char *s = SENTINEL;
    CHECK_STATUS(peeker_tracker_order_json(t, LIT("ord_1"), &s), PEEKER_OK);
    CHECK(s == NULL); /* unknown order */
    for (int i = 0; i < 3; i++) CHECK_STATUS(peeker_tracker_apply(t, g_events[i], NULL), PEEKER_OK);
    s = order_json(t, "ord_1");
    CHECK(s && strstr(s, "\"status\":\"action_required\"") && strstr(s, "\"domains_connected\":0") &&
          strstr(s, "\"domains_total\":2"));
    CHECK(s && strstr(s, "profile picture") && strstr(s, "\"event_type\":\"domain.action_required\"") &&
          strstr(s, "\"resource_id\":\"dom_a\""));
    peeker_string_free(s);
    for (int i = 3; i < N_EVENTS; i++) {
        bool applied = false;
        CHECK_STATUS(peeker_tracker_apply(t, g_events[i], &applied), PEEKER_OK);
        CHECK(applied);
    }
    bool applied = true;
    CHECK_STATUS(peeker_tracker_apply(t, g_events[0], &applied), PEEKER_OK);
    CHECK(!applied); /* a duplicate */
    CHECK(peeker_tracker_events_seen(t) == N_EVENTS);
    s = order_json(t, "ord_1");
    CHECK_STR(s, "{\"id\":\"ord_1\",\"status\":\"completed\",\"domains_connected\":2,\"domains_total\":2,"
                 "\"actions\":[]}");
    peeker_string_free(s);
    /* One resource's status by kind and id; NULL for one no event named. */
    s = SENTINEL;
    CHECK_STATUS(peeker_tracker_status(t, LIT("order"), LIT("ord_1"), &s), PEEKER_OK);
    CHECK_STR(s, "completed");
    peeker_string_free(s);
    s = SENTINEL;
    CHECK_STATUS(peeker_tracker_status(t, LIT("swap"), LIT("swp_none"), &s), PEEKER_OK);
    CHECK(s == NULL);
    s = SENTINEL;
    CHECK_STATUS(peeker_tracker_status(t, LIT("bundle"), LIT("ord_1"), &s), PEEKER_STATUS_INVALID_ARGUMENT);
    CHECK(s == SENTINEL);
    CHECK_STR(peeker_last_error_field(), "kind");
    peeker_last_error_clear();
    s = order_json(t, "ord_1");
    peeker_string_free(s);
    s = NULL;
    CHECK_STATUS(peeker_tracker_order_ids_json(t, &s), PEEKER_OK);
    CHECK_STR(s, "[\"ord_1\"]");
    peeker_string_free(s);
    s = NULL;
    CHECK_STATUS(peeker_tracker_import_actions_json(t, &s), PEEKER_OK);
    CHECK(s && s[0] == '[' && strstr(s, "\"resource_id\":\"imp_1\"") && strstr(s, "helena.ns.cloudflare.com") &&
          strstr(s, "Waiting on registrar"));
    peeker_string_free(s);
    s = NULL; /* every event named its resource (brand.new_event follows none) */
    CHECK_STATUS(peeker_tracker_unreadable_json(t, &s), PEEKER_OK);
    CHECK_STR(s, "[]");
    peeker_string_free(s);

    /* Stored and restored: the same state, and it keeps deduplicating. */
    g_reference_state = tracker_state(t);
    PeekerTracker *back = NULL;
    CHECK_STATUS(peeker_tracker_from_json(CS(g_reference_state), &back), PEEKER_OK);
    s = tracker_state(back);
    CHECK_STR(s, g_reference_state);
    peeker_string_free(s);
    applied = true;
    CHECK_STATUS(peeker_tracker_apply(back, g_events[5], &applied), PEEKER_OK);
    CHECK(!applied);
    peeker_tracker_free(back);
    peeker_tracker_free(t);

    /* Terminal states never regress. */
    t = NULL;
    CHECK_STATUS(peeker_tracker_new(&t), PEEKER_OK);
    CHECK_STATUS(peeker_tracker_apply(t, g_events[5], NULL), PEEKER_OK);
    CHECK_STATUS(peeker_tracker_apply(t, g_events[0], NULL), PEEKER_OK);
    CHECK_STATUS(peeker_tracker_apply(t, g_events[2], NULL), PEEKER_OK);
    s = order_json(t, "ord_1");
    CHECK(s && strstr(s, "\"status\":\"completed\""));
    peeker_string_free(s);
    peeker_tracker_free(t);

    /* Every permutation of the stream, with duplicates, reaches the same state. */
    for (uint64_t seed = 1; seed <= 200; seed++) {
        char *state = permuted_state(seed * 7919, (int)(seed % 9));
        int same = str_eq(state, g_reference_state);
        check_at(same, "permutation reaches the reference state", __FILE__, __LINE__);
        if (!same) fprintf(stderr, "     seed %llu\n", (unsigned long long)seed);
        peeker_string_free(state);
    }
}

/* Several threads, each with its own tracker, reading the same event handles at once. */
static void *tracker_thread(void *arg) {
    uint64_t seed = (uint64_t)(uintptr_t)arg;
    for (int i = 0; i < 20; i++) {
        char *state = permuted_state(seed * 1000 + (uint64_t)i, i % 5);
        CHECK_STR(state, g_reference_state);
        peeker_string_free(state);
    }
    return NULL;
}

static void test_tracker_threads(void) {
    pthread_t th[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, tracker_thread, (void *)(uintptr_t)(i + 1)) == 0);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
}

static void test_tracker_arguments(void) {
    PeekerTracker *t = SENTINEL;
    char *s = SENTINEL;
    EXPECT_FAIL(peeker_tracker_new(NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_tracker_from_json(NULL, 3, &t), PEEKER_STATUS_NULL_ARGUMENT, "json");
    EXPECT_FAIL(peeker_tracker_from_json(BAD_UTF8, &t), PEEKER_STATUS_INVALID_UTF8, "json");
    EXPECT_FAIL(peeker_tracker_from_json(NULL, 0, &t), PEEKER_STATUS_INVALID_JSON, "json");
    EXPECT_FAIL(peeker_tracker_from_json(LIT("{\"seen\":"), &t), PEEKER_STATUS_INVALID_JSON, "json");
    EXPECT_FAIL(peeker_tracker_from_json(LIT("[1,2]"), &t), PEEKER_STATUS_INVALID_JSON, "json");
    EXPECT_FAIL(peeker_tracker_from_json(CS(g_reference_state), NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    char *big = malloc(TEN_MB_API);
    memset(big, '{', TEN_MB_API);
    EXPECT_FAIL(peeker_tracker_from_json((const uint8_t *)big, TEN_MB_API, &t), PEEKER_STATUS_INVALID_JSON, "json");
    free(big);
    CHECK(t == SENTINEL);

    t = NULL;
    CHECK_STATUS(peeker_tracker_new(&t), PEEKER_OK);
    EXPECT_FAIL(peeker_tracker_apply(NULL, g_events[0], NULL), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_apply(t, NULL, NULL), PEEKER_STATUS_NULL_ARGUMENT, "event");
    CHECK(peeker_tracker_events_seen(t) == 0);
    EXPECT_FAIL(peeker_tracker_order_json(NULL, LIT("ord_1"), &s), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_order_json(t, NULL, 3, &s), PEEKER_STATUS_NULL_ARGUMENT, "order_id");
    EXPECT_FAIL(peeker_tracker_order_json(t, BAD_UTF8, &s), PEEKER_STATUS_INVALID_UTF8, "order_id");
    EXPECT_FAIL(peeker_tracker_order_json(t, LIT("ord_1"), NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_tracker_order_ids_json(NULL, &s), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_order_ids_json(t, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_tracker_import_actions_json(NULL, &s), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_import_actions_json(t, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_tracker_to_json(NULL, &s), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_to_json(t, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    CHECK(s == SENTINEL);
    s = SENTINEL;
    CHECK_STATUS(peeker_tracker_order_json(t, NULL, 0, &s), PEEKER_OK); /* "" names no order */
    CHECK(s == NULL);
    s = NULL;
    CHECK_STATUS(peeker_tracker_order_ids_json(t, &s), PEEKER_OK);
    CHECK_STR(s, "[]");
    peeker_string_free(s);
    s = NULL;
    CHECK_STATUS(peeker_tracker_import_actions_json(t, &s), PEEKER_OK);
    CHECK_STR(s, "[]");
    peeker_string_free(s);
    CHECK(peeker_tracker_events_seen(NULL) == 0);
    /* An order event whose data names no order is listed, not silently dropped. */
    EXPECT_FAIL(peeker_tracker_unreadable_json(NULL, &s), PEEKER_STATUS_NULL_ARGUMENT, "tracker");
    EXPECT_FAIL(peeker_tracker_unreadable_json(t, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    {
        const char nameless[] = "{\"id\":\"evt_u\",\"type\":\"" PEEKER_EVENT_ORDER_COMPLETED "\","
                                "\"created_at\":\"2026-05-08T12:00:00Z\",\"data\":{\"status\":\"completed\"}}";
        PeekerStr sec[] = {{CS(HOOK_SECRET)}};
        char ts[24];
        PeekerHeader h[2];
        char *sig = sign_into(nameless, strlen(nameless), 1778242473, ts, h);
        PeekerEvent *u = NULL;
        CHECK_STATUS(WH_HEADERS(sec, 1, h, 2, CS(nameless), 1778242473, 300, &u), PEEKER_OK);
        CHECK_STR(peeker_event_type(u, NULL), PEEKER_EVENT_ORDER_COMPLETED);
        bool was_new = false;
        CHECK_STATUS(peeker_tracker_apply(t, u, &was_new), PEEKER_OK);
        CHECK(was_new && peeker_tracker_events_seen(t) == 1);
        s = NULL;
        CHECK_STATUS(peeker_tracker_unreadable_json(t, &s), PEEKER_OK);
        CHECK_STR(s, "[{\"event_id\":\"evt_u\",\"event_type\":\"order.completed\"}]");
        peeker_string_free(s);
        peeker_event_free(u);
        peeker_string_free(sig);
    }
    peeker_tracker_free(t);
    peeker_tracker_free(NULL);
}

void run_webhook_tracker_tests(void) {
    test_webhook_variants();
    test_tracker();
    test_tracker_threads();
    test_tracker_arguments();
    for (int i = 0; i < N_EVENTS; i++) peeker_event_free(g_events[i]);
    peeker_string_free(g_reference_state);
    g_reference_state = NULL;
    peeker_last_error_clear();
}
