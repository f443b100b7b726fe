/*
 * The C test suite, part 2: the API model (client, requests by operation, parsed
 * results with typed errors, retry advice and paging, backoff), the webhook
 * verify variants (_ex, ignoring_timestamp) and the order tracker. Calls only the
 * public C API (peeker.h); run from test_peeker.c's main via run_api_tests().
 *
 * Every failing call goes through EXPECT_FAIL, which also searches every
 * last-error string (code, message, suggestion, field) for the secrets used here.
 */
#include "check.h"

#include <math.h>
#include <pthread.h>

/* ------------------------------------------------------------------ fixtures */

#define BASE "http://127.0.0.1:8080/partner/v1"
#define TEN_MB_API ((size_t)10 * 1024 * 1024)
static const char API_KEY[] = "pk_test_SECRETKEY123";
static const char LIVE_KEY[] = "pk_live_LIVESECRET987";
static const char PASSWORD[] = "their-smartlead-password";
static const char HOOK_SECRET[] = "whsec_TOPSECRET_api";

/* What must never appear in a last-error string (distinctive parts of the secrets). */
static const char *const SECRET_PARTS[] = {"SECRETKEY123", "LIVESECRET987", "smartlead-password", "TOPSECRET_api"};

/* A field argument meaning "do not check the field". */
static const char ANY_FIELD[] = "<any>";

static void no_secrets_at(int line) {
    const char *strs[] = {peeker_last_error_code(), peeker_last_error_message(), peeker_last_error_suggestion(),
                          peeker_last_error_field()};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        for (size_t j = 0; j < sizeof SECRET_PARTS / sizeof SECRET_PARTS[0]; j++) {
            int clean = strs[i] == NULL || strstr(strs[i], SECRET_PARTS[j]) == NULL;
            check_at(clean, "no secret in the last error", __FILE__, line);
            if (!clean) fprintf(stderr, "     \"%s\" found in \"%s\"\n", SECRET_PARTS[j], strs[i]);
        }
    }
}

static void expect_fail(PeekerStatus got, PeekerStatus want, const char *field, const char *what, int line) {
    check_at(got == want, what, __FILE__, line);
    if (got != want)
        fprintf(stderr, "     got %u (%s), want %u (%s)\n", (unsigned)got,
                peeker_status_code(got) ? peeker_status_code(got) : "?", (unsigned)want,
                peeker_status_code(want) ? peeker_status_code(want) : "?");
    check_at(peeker_last_error_status() == want && str_eq(peeker_last_error_code(), peeker_status_code(want)),
             "last error matches the status", __FILE__, line);
    const char *m = peeker_last_error_message();
    check_at(m != NULL && *m != '\0', "last error has a message", __FILE__, line);
    if (field != ANY_FIELD) {
        int ok = str_eq(peeker_last_error_field(), field);
        check_at(ok, "last error field", __FILE__, line);
        if (!ok)
            fprintf(stderr, "     field %s, want %s (message: %s)\n",
                    peeker_last_error_field() ? peeker_last_error_field() : "NULL", field ? field : "NULL",
                    m ? m : "NULL");
    }
    no_secrets_at(line);
}
#define EXPECT_FAIL(call, want, field) expect_fail((call), (want), (field), #call, __LINE__)

/* Invalid UTF-8 (a lone continuation byte). */
#define BAD_UTF8 (const uint8_t *)"ab\x80", 3

static PeekerClient *client_with(const char *key, const char *base, const char *suffix) {
    PeekerClient *c = NULL;
    PeekerStatus st = peeker_client_new(CS(key), base ? (const uint8_t *)base : NULL, base ? strlen(base) : 0,
                                        suffix ? (const uint8_t *)suffix : NULL, suffix ? strlen(suffix) : 0, &c);
    CHECK_STATUS(st, PEEKER_OK);
    return c;
}

/* The seed guide's order (with the Smartlead password), with replaceable parts. */
static void order_params(char *buf, size_t n, const char *user, const char *sequencer, const char *domains,
                         const char *personas, const char *extra) {
    snprintf(buf, n,
             "{\"body\":{\"user\":\"%s\",\"bundle_id\":\"bun_01HZX0BU\",\"sequencer\":%s,"
             "\"forwarding_url\":\"https://acme.com\",\"domains\":%s,\"personas\":%s%s}}",
             user ? user : "alex@acme.com",
             sequencer ? sequencer
                       : "{\"provider\":\"smartlead\",\"client_id\":366903,\"login_email\":\"ops@acme.com\","
                         "\"login_password\":\"their-smartlead-password\"}",
             domains ? domains : "[\"acme-mail.com\",\"team-acme.com\"]",
             personas ? personas
                      : "[{\"first_name\":\"Alex\",\"last_name\":\"Rivera\",\"profile_picture_url\":"
                        "\"https://cdn.acme.com/alex.jpg\"},{\"first_name\":\"Sam\",\"last_name\":\"Lee\","
                        "\"profile_picture_url\":\"https://cdn.acme.com/sam.jpg\"}]",
             extra ? extra : "");
}

/* The header value of `name` in a request, or NULL. */
static const char *req_header(const PeekerRequest *r, const char *name) {
    for (size_t i = 0; i < peeker_request_header_count(r); i++)
        if (str_eq(peeker_request_header_name(r, i, NULL), name)) return peeker_request_header_value(r, i, NULL);
    return NULL;
}

/* ------------------------------------------------------------------ operations, client */

static void test_operations(void) {
    static const char *const expected[] = {
        "me", "check_availability", "import_domains", "get_import", "find_imports", "create_import_job",
        "get_import_job", "list_domains", "update_forwarding", "get_forwarding_job", "create_bundle",
        "list_bundles", "get_bundle", "update_bundle", "delete_bundle", "create_order", "get_order",
        "list_orders", "list_pending_actions", "cancel_order", "create_swap", "list_swaps", "get_swap",
        "swap_user_names", "next_page"};
    size_t n = sizeof expected / sizeof expected[0];
    CHECK(peeker_operation_count() == n);
    for (size_t i = 0; i < n; i++) CHECK_STR(peeker_operation_name(i), expected[i]);
    CHECK(peeker_operation_name(peeker_operation_count()) == NULL);
    CHECK(peeker_operation_name(SIZE_MAX) == NULL);
}

static void test_client(void) {
    char ua[128];
    snprintf(ua, sizeof ua, "peeker-sdk/%s c", peeker_version());

    PeekerClient *c = client_with(API_KEY, NULL, NULL);
    CHECK_NO_LAST();
    size_t len = 0;
    CHECK_STR(peeker_client_base_url(c, &len), "https://api.peeker.ai/partner/v1");
    CHECK(len == strlen("https://api.peeker.ai/partner/v1"));
    CHECK_STR(peeker_client_user_agent(c, NULL), ua);
    CHECK(peeker_client_environment(c) == PEEKER_ENVIRONMENT_TEST);
    CHECK_STR(peeker_client_environment_name(c), "test");
    peeker_client_free(c);

    /* "" is the default too; a suffix names the caller instead of the default "c". */
    c = NULL;
    CHECK_STATUS(peeker_client_new(CS(LIVE_KEY), LIT(""), LIT("acme-portal/2.1"), &c), PEEKER_OK);
    CHECK(peeker_client_environment(c) == PEEKER_ENVIRONMENT_LIVE);
    CHECK_STR(peeker_client_environment_name(c), "live");
    CHECK_STR(peeker_client_base_url(c, NULL), "https://api.peeker.ai/partner/v1");
    char ua2[160];
    snprintf(ua2, sizeof ua2, "peeker-sdk/%s acme-portal/2.1", peeker_version());
    CHECK_STR(peeker_client_user_agent(c, NULL), ua2);
    peeker_client_free(c);

    c = client_with(API_KEY, BASE "/", NULL);
    CHECK_STR(peeker_client_base_url(c, NULL), BASE);
    peeker_client_free(c);

    /* Bad keys and base URLs: typed, and the key is never quoted. */
    static const char *const bad_keys[] = {"", "   ", "sk_live_SECRETKEY123", "pk_test_", "pk_prod_SECRETKEY123",
                                           "pk_test_SECRETKEY123 with space", "Bearer pk_test_SECRETKEY123"};
    for (size_t i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; i++) {
        c = SENTINEL;
        EXPECT_FAIL(peeker_client_new(CS(bad_keys[i]), NULL, 0, NULL, 0, &c), PEEKER_STATUS_INVALID_API_KEY, NULL);
        CHECK(c == SENTINEL);
    }
    static const char *const bad_bases[] = {"ftp://x", "not a url", "http://", "https://api.peeker.ai/v1?x=1",
                                            "api.peeker.ai/partner/v1"};
    for (size_t i = 0; i < sizeof bad_bases / sizeof bad_bases[0]; i++) {
        c = SENTINEL;
        EXPECT_FAIL(peeker_client_new(CS(API_KEY), CS(bad_bases[i]), NULL, 0, &c), PEEKER_STATUS_INVALID_BASE_URL,
                    NULL);
        CHECK(c == SENTINEL);
    }

    /* NULL and invalid UTF-8, every pointer argument. */
    c = SENTINEL;
    EXPECT_FAIL(peeker_client_new(NULL, 5, NULL, 0, NULL, 0, &c), PEEKER_STATUS_NULL_ARGUMENT, "api_key");
    EXPECT_FAIL(peeker_client_new(NULL, 0, NULL, 0, NULL, 0, &c), PEEKER_STATUS_INVALID_API_KEY, NULL);
    EXPECT_FAIL(peeker_client_new(CS(API_KEY), NULL, 3, NULL, 0, &c), PEEKER_STATUS_NULL_ARGUMENT, "base_url");
    EXPECT_FAIL(peeker_client_new(CS(API_KEY), NULL, 0, NULL, 3, &c), PEEKER_STATUS_NULL_ARGUMENT,
                "user_agent_suffix");
    EXPECT_FAIL(peeker_client_new(CS(API_KEY), NULL, 0, NULL, 0, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_client_new((const uint8_t *)"pk_test_SECRETKEY123\xff", 21, NULL, 0, NULL, 0, &c),
                PEEKER_STATUS_INVALID_UTF8, "api_key");
    EXPECT_FAIL(peeker_client_new(CS(API_KEY), BAD_UTF8, NULL, 0, &c), PEEKER_STATUS_INVALID_UTF8, "base_url");
    EXPECT_FAIL(peeker_client_new(CS(API_KEY), NULL, 0, BAD_UTF8, &c), PEEKER_STATUS_INVALID_UTF8,
                "user_agent_suffix");
    CHECK(c == SENTINEL);

    /* NULL handles. */
    len = 77;
    CHECK(peeker_client_environment(NULL) == PEEKER_ENVIRONMENT_UNKNOWN);
    CHECK(peeker_client_environment_name(NULL) == NULL);
    CHECK(peeker_client_base_url(NULL, &len) == NULL);
    CHECK(peeker_client_user_agent(NULL, &len) == NULL);
    CHECK(len == 77);
    peeker_client_free(NULL);
}

/* ------------------------------------------------------------------ requests */

static void test_build_every_operation(void) {
    char order[1024];
    order_params(order, sizeof order, NULL, NULL, NULL, NULL, NULL);
    static const char FWD[] = "{\"body\":{\"domains\":[\"dom_1\",\"Acme.com\"],\"forwarding_url\":\"https://acme.com/x\"}}";
    const struct {
        const char *op, *params, *method, *path;
        const char *body; /* NULL: none; "*": any body; else the exact bytes */
    } cases[] = {
        {"me", NULL, "GET", "/me", NULL},
        {"check_availability", "{\"domains\":[\"Acme.com\",\"B\\u00fccher.de\"]}", "POST", "/domains/availability",
         "{\"domains\":[\"acme.com\",\"xn--bcher-kva.de\"]}"},
        {"import_domains", "{\"domains\":[\"Team-Acme.com\",\"acme-mail.com\",\"team-acme.com.\"]}", "POST",
         "/domains/import", "{\"domains\":[\"acme-mail.com\",\"team-acme.com\"]}"},
        {"get_import", "{\"id\":\"imp_01HZX0IM1A2B3C4D5E6F7G8H\"}", "GET",
         "/domains/import/imp_01HZX0IM1A2B3C4D5E6F7G8H", NULL},
        {"find_imports", "{\"domains\":[\"b.com\",\"a.com\"]}", "GET", "/domains/import?domains=a.com%2Cb.com",
         NULL},
        {"create_import_job", "{\"domains\":[\"b.com\",\"a.com\"]}", "POST", "/domains/import/jobs",
         "{\"domains\":[\"a.com\",\"b.com\"]}"},
        {"get_import_job", "{\"id\":\"imp_1\"}", "GET", "/domains/import/jobs/imp_1", NULL},
        {"list_domains", "{\"filters\":{\"category\":\"inventory\"},\"per_page\":10}", "GET",
         "/domains?category=inventory&per_page=10", NULL},
        {"update_forwarding", FWD, "POST", "/domains/forwarding", "*"},
        {"get_forwarding_job", "{\"id\":\"fwj_1\"}", "GET", "/domains/forwarding/fwj_1", NULL},
        {"create_bundle", "{\"body\":{\"name\":\"25k\",\"monthly_sending_volume\":25000}}", "POST", "/bundles", "*"},
        {"list_bundles", "{\"filters\":{\"status\":\"active\"}}", "GET", "/bundles?status=active", NULL},
        {"get_bundle", "{\"id\":\"bun_1\"}", "GET", "/bundles/bun_1", NULL},
        {"update_bundle", "{\"id\":\"bun_1\",\"body\":{\"name\":\"m\"}}", "PATCH", "/bundles/bun_1",
         "{\"name\":\"m\"}"},
        {"delete_bundle", "{\"id\":\"bun_1\"}", "DELETE", "/bundles/bun_1", NULL},
        {"create_order", order, "POST", "/orders", "*"},
        {"get_order", "{\"id\":\"ord_01HZX0OR1A2B3C4D5E6F7G8H\"}", "GET", "/orders/ord_01HZX0OR1A2B3C4D5E6F7G8H",
         NULL},
        {"list_orders", "{\"filters\":{\"user_email\":\"a+b@acme.com\"},\"per_page\":50}", "GET",
         "/orders?user_email=a%2Bb%40acme.com&per_page=50", NULL},
        {"list_pending_actions", "{\"filters\":{\"order_id\":\"ord_1\"}}", "GET", "/orders/pending?order_id=ord_1",
         NULL},
        {"cancel_order", "{\"id\":\"ord_1\",\"domains\":[\"dom_1\",\"Acme.com\"]}", "POST", "/orders/ord_1/cancel",
         "{\"domains\":[\"dom_1\",\"acme.com\"]}"},
        {"create_swap", "{\"body\":{\"type\":\"premium\",\"domain_id\":\"dom_1\",\"replacement_domain\":\"New-Acme.com\"}}",
         "POST", "/swaps", "*"},
        {"list_swaps", "{\"per_page\":5}", "GET", "/swaps?per_page=5", NULL},
        {"get_swap", "{\"id\":\"swp_1\"}", "GET", "/swaps/swp_1", NULL},
        {"swap_user_names",
         "{\"body\":{\"domain_id\":\"dom_1\",\"personas\":[{\"first_name\":\"A\",\"last_name\":\"B\","
         "\"profile_picture_url\":\"\"}]}}",
         "POST", "/swaps/user_names", "*"},
        {"next_page", "{\"next\":\"" BASE "/orders?per_page=25&page_token=eyJj\"}", "GET",
         "/orders?per_page=25&page_token=eyJj", NULL},
    };
    size_t ncases = sizeof cases / sizeof cases[0];
    CHECK(ncases == peeker_operation_count());

    char ua[128];
    snprintf(ua, sizeof ua, "peeker-sdk/%s c", peeker_version());
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    for (size_t i = 0; i < peeker_operation_count(); i++) {
        const char *op = peeker_operation_name(i);
        size_t k = 0;
        while (k < ncases && !str_eq(cases[k].op, op)) k++;
        check_at(k < ncases, "every operation has a build case", __FILE__, __LINE__);
        if (k == ncases) {
            fprintf(stderr, "     no case for %s\n", op);
            continue;
        }
        PeekerRequest *r = NULL;
        const char *p = cases[k].params;
        PeekerStatus st = peeker_client_build(c, CS(op), p ? (const uint8_t *)p : NULL, p ? strlen(p) : 0, &r);
        CHECK_STATUS(st, PEEKER_OK);
        if (st != PEEKER_OK) {
            fprintf(stderr, "     operation %s\n", op);
            continue;
        }
        CHECK_NO_LAST();
        char url[256];
        snprintf(url, sizeof url, "%s%s", BASE, cases[k].path);
        size_t len = 0;
        CHECK_STR(peeker_request_method(r, &len), cases[k].method);
        CHECK(len == strlen(cases[k].method));
        CHECK_STR(peeker_request_url(r, &len), url);
        CHECK(len == strlen(url));
        char bearer[64];
        snprintf(bearer, sizeof bearer, "Bearer %s", API_KEY);
        CHECK_STR(req_header(r, "Authorization"), bearer);
        CHECK_STR(req_header(r, "Accept"), "application/json");
        CHECK_STR(req_header(r, "User-Agent"), ua);
        size_t blen = 12345;
        const char *body = peeker_request_body(r, &blen);
        if (cases[k].body == NULL) {
            CHECK(body == NULL && blen == 12345);
            CHECK(peeker_request_header_count(r) == 3);
            CHECK_STR(req_header(r, "Content-Type"), NULL);
        } else {
            CHECK(body != NULL && blen == strlen(body) && blen > 2 && body[0] == '{');
            CHECK(peeker_request_header_count(r) == 4);
            CHECK_STR(req_header(r, "Content-Type"), "application/json");
            if (strcmp(cases[k].body, "*") != 0) CHECK_STR(body, cases[k].body);
        }
        CHECK(peeker_request_header_name(r, peeker_request_header_count(r), NULL) == NULL);
        CHECK(peeker_request_header_value(r, 99, NULL) == NULL);
        const char *json = peeker_request_json(r, &len);
        char want_method[32];
        snprintf(want_method, sizeof want_method, "\"method\":\"%s\"", cases[k].method);
        CHECK(json != NULL && len == strlen(json) && strstr(json, want_method) != NULL);
        CHECK(json != NULL && strstr(json, cases[k].body ? "\"body\":\"{" : "\"body\":null") != NULL);
        peeker_request_free(r);
    }

    /* A whole-order cancel has no body. */
    PeekerRequest *r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("cancel_order"), LIT("{\"id\":\"ord_1\"}"), &r), PEEKER_OK);
    CHECK(peeker_request_body(r, NULL) == NULL);
    CHECK_STR(peeker_request_method(r, NULL), "POST");
    peeker_request_free(r);

    /* Empty params are {}; JSON null params too. */
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("me"), LIT("  "), &r), PEEKER_OK);
    peeker_request_free(r);
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("list_orders"), LIT("null"), &r), PEEKER_OK);
    CHECK_STR(peeker_request_url(r, NULL), BASE "/orders");
    CHECK(peeker_request_retry_safe(r)); /* a GET */
    peeker_request_free(r);
    CHECK(!peeker_request_retry_safe(NULL));

    /* The order: the body sent is the seed order, password included (it is what Peeker needs), and its
       dedupe key is the one of the body as given (canonical JSON: key order and spaces do not matter). */
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("create_order"), CS(order), &r), PEEKER_OK);
    CHECK(peeker_request_retry_safe(r)); /* the API deduplicates orders */
    size_t blen = 0;
    const char *body = peeker_request_body(r, &blen);
    CHECK(body != NULL && strstr(body, PASSWORD) != NULL && strstr(body, "\"bundle_id\":\"bun_01HZX0BU\"") != NULL);
    char *key = NULL, *want = NULL;
    CHECK_STATUS(peeker_request_dedupe_key(c, r, &key), PEEKER_OK);
    const char *inner = strstr(order, "{\"user\"");
    size_t inner_len = strlen(inner) - 1; /* drop the closing brace of {"body": ...} */
    CHECK_STATUS(peeker_order_dedupe_key(CS(API_KEY), (const uint8_t *)inner, inner_len, &want), PEEKER_OK);
    CHECK(key != NULL && want != NULL && strlen(key) == 64);
    CHECK_STR(key, want);
    peeker_string_free(key);
    /* Another API key, another dedupe key. */
    PeekerClient *live = client_with(LIVE_KEY, BASE, NULL);
    key = NULL;
    CHECK_STATUS(peeker_request_dedupe_key(live, r, &key), PEEKER_OK);
    CHECK(key != NULL && want != NULL && strlen(key) == 64 && strcmp(key, want) != 0);
    peeker_string_free(key);
    peeker_string_free(want);
    peeker_client_free(live);
    peeker_request_free(r);

    /* No body, no dedupe key. */
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("me"), NULL, 0, &r), PEEKER_OK);
    key = SENTINEL;
    CHECK_STATUS(peeker_request_dedupe_key(c, r, &key), PEEKER_OK);
    CHECK(key == NULL);
    peeker_request_free(r);

    /* A request outlives its client. */
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("get_order"), LIT("{\"id\":\"ord_9\"}"), &r), PEEKER_OK);
    peeker_client_free(c);
    CHECK_STR(peeker_request_url(r, NULL), BASE "/orders/ord_9");
    peeker_request_free(r);
}

static void test_build_validation(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    char p[2048];
    const char *ok_persona = "{\"first_name\":\"A\",\"last_name\":\"B\",\"profile_picture_url\":null}";
    struct {
        const char *op;
        char params[2048];
        PeekerStatus status;
        const char *field;
        const char *suggestion;
    } cases[40];
    size_t n = 0;
#define CASE_OP(o, prm, st, f, sg)                                        \
    do {                                                                  \
        cases[n].op = (o);                                                \
        snprintf(cases[n].params, sizeof cases[n].params, "%s", (prm));   \
        cases[n].status = (st);                                           \
        cases[n].field = (f);                                             \
        cases[n].suggestion = (sg);                                       \
        n++;                                                              \
    } while (0)
#define CASE_ORDER(user, seq, doms, pers, extra, st, f, sg)                           \
    do {                                                                              \
        order_params(p, sizeof p, (user), (seq), (doms), (pers), (extra));            \
        CASE_OP("create_order", p, (st), (f), (sg));                                  \
    } while (0)

    /* The order rules of the docs, each with the API-style path of the culprit. */
    CASE_ORDER(NULL,
               "{\"provider\":\"smartlead\",\"client_id\":1,\"login_email\":\"ops@acme.com\"}", NULL, NULL, NULL,
               PEEKER_STATUS_INVALID_REQUEST, "sequencer.login_password", NULL);
    CASE_ORDER(NULL,
               "{\"provider\":\"smartlead\",\"login_email\":\"ops@acme.com\",\"login_password\":\"\"}", NULL, NULL,
               NULL, PEEKER_STATUS_INVALID_REQUEST, "sequencer.login_password", NULL);
    CASE_ORDER(NULL, "{\"provider\":\"smartlead\",\"login_password\":\"their-smartlead-password\"}", NULL, NULL,
               NULL, PEEKER_STATUS_INVALID_REQUEST, "sequencer.login_email", NULL);
    CASE_ORDER(NULL, NULL, "[\"acme-mail.com\",\"mail.acme.com\"]", NULL, NULL, PEEKER_STATUS_SUBDOMAIN,
               "domains[1]", "acme.com");
    CASE_ORDER(NULL, NULL, "[\"acme-mail.com\",\"ACME-mail.com\"]", NULL, NULL, PEEKER_STATUS_INVALID_REQUEST,
               "domains[1]", NULL);
    CASE_ORDER(NULL, NULL, "[\"acme-mail.com\",{\"domain\":\"team-acme.com\",\"forwarding_url\":\"javascript:x\"}]",
               NULL, NULL, PEEKER_STATUS_INVALID_REQUEST, "domains[1].forwarding_url", NULL);
    CASE_ORDER(NULL, NULL, "[]", NULL, NULL, PEEKER_STATUS_INVALID_REQUEST, "domains", NULL);
    CASE_ORDER(NULL, NULL, NULL, "[{\"first_name\":\"A\",\"last_name\":\"B\"}]", NULL, PEEKER_STATUS_INVALID_REQUEST,
               "personas[0].profile_picture_url", NULL);
    {
        char pers[512];
        snprintf(pers, sizeof pers,
                 "[%s,{\"first_name\":\"A\",\"last_name\":\"B\",\"profile_picture_url\":\"ftp://x/y.jpg\"}]",
                 ok_persona);
        CASE_ORDER(NULL, NULL, NULL, pers, NULL, PEEKER_STATUS_INVALID_REQUEST, "personas[1].profile_picture_url",
                   NULL);
        char eleven[1024] = "[";
        for (int i = 0; i < 11; i++) {
            strcat(eleven, ok_persona);
            strcat(eleven, i < 10 ? "," : "]");
        }
        CASE_ORDER(NULL, NULL, NULL, eleven, NULL, PEEKER_STATUS_INVALID_REQUEST, "personas", NULL);
    }
    CASE_ORDER("alex", NULL, NULL, NULL, NULL, PEEKER_STATUS_INVALID_REQUEST, "user", NULL);
    CASE_ORDER(NULL, NULL, NULL, NULL, ",\"google_licenses\":4", PEEKER_STATUS_INVALID_REQUEST, "google_licenses",
               NULL);
    CASE_ORDER(NULL, NULL, NULL, NULL, ",\"forwarding_url\":\"acme.com\"", PEEKER_STATUS_INVALID_REQUEST,
               "forwarding_url", NULL);
    CASE_ORDER(NULL, NULL, NULL, NULL, ",\"note\":{\"x\":[1, 2.5]}", PEEKER_STATUS_UNSUPPORTED_NUMBER,
               "note.x[1]", NULL);
    /* Other operations. */
    CASE_OP("check_availability", "{\"domains\":[\"acme.com\",\"mail.acme.com\"]}", PEEKER_STATUS_INVALID_DOMAINS,
            "domains[1]", "acme.com");
    CASE_OP("check_availability", "{\"domains\":[\"acme.com\",7]}", PEEKER_STATUS_INVALID_REQUEST, "domains[1]",
            NULL);
    CASE_OP("check_availability", "{\"domains\":[]}", PEEKER_STATUS_NO_DOMAINS, "domains", NULL);
    CASE_OP("check_availability", "{}", PEEKER_STATUS_INVALID_REQUEST, "domains", NULL);
    CASE_OP("get_order", "{}", PEEKER_STATUS_INVALID_ARGUMENT, "id", NULL);
    CASE_OP("get_order", "{\"id\":\"../me\"}", PEEKER_STATUS_INVALID_REQUEST, "id", NULL);
    CASE_OP("get_order", "{\"id\":7}", PEEKER_STATUS_INVALID_ARGUMENT, "id", NULL);
    CASE_OP("list_orders", "{\"filters\":{\"nope\":\"x\"}}", PEEKER_STATUS_INVALID_REQUEST, "nope", NULL);
    CASE_OP("list_orders", "{\"per_page\":101}", PEEKER_STATUS_INVALID_REQUEST, "per_page", NULL);
    CASE_OP("list_orders", "{\"per_page\":0}", PEEKER_STATUS_INVALID_REQUEST, "per_page", NULL);
    CASE_OP("update_forwarding", "{\"body\":{\"domains\":[\"acme.com\"],\"forwarding_url\":\"ftp://x\"}}",
            PEEKER_STATUS_INVALID_REQUEST, "forwarding_url", NULL);
    CASE_OP("update_forwarding", "{\"body\":{\"domains\":[\"www.acme.com\"],\"forwarding_url\":\"https://x.com\"}}",
            PEEKER_STATUS_SUBDOMAIN, "domains[0]", "acme.com");
    CASE_OP("create_swap", "{\"body\":{\"type\":\"gold\",\"domain_id\":\"dom_1\",\"replacement_domain\":\"x.com\"}}",
            PEEKER_STATUS_INVALID_REQUEST, "type", NULL);
    CASE_OP("update_bundle", "{\"id\":\"bun_1\",\"body\":{\"google_percent\":60}}", PEEKER_STATUS_INVALID_REQUEST,
            "microsoft_percent", NULL);
    CASE_OP("swap_user_names",
            "{\"body\":{\"domain_id\":\"dom_1\",\"personas\":[{\"first_name\":\"A\",\"last_name\":\"B\"}]}}",
            PEEKER_STATUS_INVALID_REQUEST, "personas[0].profile_picture_url", NULL);
    CASE_OP("create_order", "{}", PEEKER_STATUS_INVALID_ARGUMENT, "body", NULL);
    CASE_OP("next_page", "{\"next\":\"https://evil.example/partner/v1/orders?page_token=x\"}",
            PEEKER_STATUS_UNEXPECTED_RESPONSE, NULL, NULL);
    CASE_OP("next_page", "{\"next\":\"\"}", PEEKER_STATUS_INVALID_ARGUMENT, "next", NULL);
    CASE_OP("no_such_operation", "{}", PEEKER_STATUS_INVALID_ARGUMENT, "operation", NULL);
    CASE_OP("get_order", "{\"id\":", PEEKER_STATUS_INVALID_JSON, "params_json", NULL);
    CASE_OP("get_order", "[\"ord_1\"]", PEEKER_STATUS_INVALID_ARGUMENT, NULL, NULL);
    CASE_OP("create_order", "{\"body\":{\"login_password\":\"their-smartlead-password\"", PEEKER_STATUS_INVALID_JSON,
            "params_json", NULL);
#undef CASE_OP
#undef CASE_ORDER

    {
        /* 26 domains: over the synchronous import's limit, within the job's. */
        char many[1024] = "{\"domains\":[";
        for (int i = 0; i < 26; i++) {
            char d[32];
            snprintf(d, sizeof d, "\"acme%d.com\"%s", i, i < 25 ? "," : "]}");
            strcat(many, d);
        }
        PeekerRequest *r = SENTINEL;
        EXPECT_FAIL(peeker_client_build(c, LIT("import_domains"), CS(many), &r), PEEKER_STATUS_TOO_MANY_DOMAINS,
                    "domains");
        CHECK(r == SENTINEL);
        r = NULL;
        CHECK_STATUS(peeker_client_build(c, LIT("create_import_job"), CS(many), &r), PEEKER_OK);
        peeker_request_free(r);
    }

    for (size_t i = 0; i < n; i++) {
        PeekerRequest *r = SENTINEL;
        PeekerStatus st = peeker_client_build(c, CS(cases[i].op), CS(cases[i].params), &r);
        char what[96];
        snprintf(what, sizeof what, "validation case %zu (%s)", i, cases[i].op);
        expect_fail(st, cases[i].status, cases[i].field, what, __LINE__);
        if (st != cases[i].status) fprintf(stderr, "     params %s\n", cases[i].params);
        if (cases[i].suggestion) CHECK_STR(peeker_last_error_suggestion(), cases[i].suggestion);
        CHECK(r == SENTINEL);
    }

    /* A message about the password names the field, never the value. */
    order_params(p, sizeof p, NULL, "{\"provider\":\"smartlead\",\"login_email\":\"ops@acme.com\",\"login_password\":7}",
                 NULL, NULL, NULL);
    PeekerRequest *r = SENTINEL;
    EXPECT_FAIL(peeker_client_build(c, LIT("create_order"), CS(p), &r), PEEKER_STATUS_INVALID_REQUEST,
                "sequencer.login_password");
    CHECK(strstr(peeker_last_error_message(), "login_password") != NULL);

    /* NULL and invalid UTF-8, every pointer argument. */
    EXPECT_FAIL(peeker_client_build(NULL, LIT("me"), NULL, 0, &r), PEEKER_STATUS_NULL_ARGUMENT, "client");
    EXPECT_FAIL(peeker_client_build(c, NULL, 2, NULL, 0, &r), PEEKER_STATUS_NULL_ARGUMENT, "operation");
    EXPECT_FAIL(peeker_client_build(c, NULL, 0, NULL, 0, &r), PEEKER_STATUS_INVALID_ARGUMENT, "operation");
    EXPECT_FAIL(peeker_client_build(c, LIT("me"), NULL, 2, &r), PEEKER_STATUS_NULL_ARGUMENT, "params_json");
    EXPECT_FAIL(peeker_client_build(c, LIT("me"), NULL, 0, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    EXPECT_FAIL(peeker_client_build(c, BAD_UTF8, NULL, 0, &r), PEEKER_STATUS_INVALID_UTF8, "operation");
    EXPECT_FAIL(peeker_client_build(c, LIT("get_order"), LIT("{\"id\":\"ord_\xff\"}"), &r),
                PEEKER_STATUS_INVALID_UTF8, "params_json");
    EXPECT_FAIL(peeker_client_build(c, LIT("me\0"), NULL, 0, &r), PEEKER_STATUS_INVALID_ARGUMENT, "operation");
    CHECK(r == SENTINEL);

    /* 10 MB of parameters that are not JSON: refused, typed. */
    char *big = malloc(TEN_MB_API);
    memset(big, '[', TEN_MB_API);
    EXPECT_FAIL(peeker_client_build(c, LIT("get_order"), (const uint8_t *)big, TEN_MB_API, &r),
                PEEKER_STATUS_INVALID_JSON, "params_json");
    free(big);
    CHECK(r == SENTINEL);

    /* Request accessors and the dedupe key with NULL. */
    size_t len = 77;
    CHECK(peeker_request_method(NULL, &len) == NULL);
    CHECK(peeker_request_url(NULL, &len) == NULL);
    CHECK(peeker_request_header_count(NULL) == 0);
    CHECK(peeker_request_header_name(NULL, 0, &len) == NULL);
    CHECK(peeker_request_header_value(NULL, 0, &len) == NULL);
    CHECK(peeker_request_body(NULL, &len) == NULL);
    CHECK(peeker_request_json(NULL, &len) == NULL);
    CHECK(len == 77);
    PeekerRequest *me = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("me"), NULL, 0, &me), PEEKER_OK);
    char *key = SENTINEL;
    EXPECT_FAIL(peeker_request_dedupe_key(NULL, me, &key), PEEKER_STATUS_NULL_ARGUMENT, "client");
    EXPECT_FAIL(peeker_request_dedupe_key(c, NULL, &key), PEEKER_STATUS_NULL_ARGUMENT, "request");
    EXPECT_FAIL(peeker_request_dedupe_key(c, me, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    CHECK(key == SENTINEL);
    peeker_request_free(me);
    peeker_request_free(NULL);
    peeker_client_free(c);
}

/* ------------------------------------------------------------------ results */

/* The seed guide's POST /domains/import response (200, nameserver groups). */
static const char IMPORT_200[] =
    "{\"data\":{\"id\":\"imp_01HZX0IM1A2B3C4D5E6F7G8H\",\"status\":\"completed\",\"submitted_count\":2,"
    "\"completed_count\":2,\"failed_count\":0,\"nameserver_groups\":[{\"nameserver_one\":\"helena.ns.cloudflare.com\","
    "\"nameserver_two\":\"idris.ns.cloudflare.com\",\"domains\":[\"acme-mail.com\",\"team-acme.com\"]}],"
    "\"failed\":[],\"created_at\":\"2026-05-08T12:00:00Z\",\"completed_at\":\"2026-05-08T12:00:04Z\","
    "\"some_future_field\":{\"x\":1}}}";
/* The seed guide's lean order receipt. */
static const char ORDER_200[] =
    "{\"data\":{\"id\":\"ord_01HZX0OR1A2B3C4D5E6F7G8H\",\"user_id\":\"usr_01HZX0C6Z3K4M5N6P7Q8R9S0\","
    "\"email\":\"alex@acme.com\",\"bundle_id\":\"bun_01HZX0BU\",\"status\":\"in_progress\",\"domain_count\":2,"
    "\"costs\":{\"total_cents\":6800,\"currency\":\"usd\"},\"created_at\":\"2026-05-08T12:00:00Z\"}}";

static PeekerResponse *parse_ok(PeekerClient *c, const char *op, uint16_t status, const PeekerHeader *h, size_t hn,
                              const char *body, size_t body_len, int line) {
    PeekerResponse *res = NULL;
    PeekerStatus st = peeker_client_parse(c, CS(op), status, h, hn, (const uint8_t *)body, body_len, &res);
    check_at(st == PEEKER_OK && res != NULL, "peeker_client_parse succeeds", __FILE__, line);
    check_no_last_error(line);
    return res;
}
#define PARSE_OK(c, op, status, h, hn, body) parse_ok((c), (op), (status), (h), (hn), (body), strlen(body), __LINE__)

static void check_no_error_side(const PeekerResponse *res, int line) {
    uint64_t secs = 42;
    check_at(peeker_response_error_code(res, NULL) == NULL && peeker_response_error_message(res, NULL) == NULL &&
                 peeker_response_error_field(res, NULL) == NULL && peeker_response_error_details_json(res, NULL) == NULL &&
                 peeker_response_retry(res) == PEEKER_RETRY_NEVER && str_eq(peeker_response_retry_name(res), "never") &&
                 !peeker_response_retry_after_seconds(res, &secs) && secs == 42,
             "a success has no error side", __FILE__, line);
}

static void test_parse_success(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    PeekerHeader rid[] = {{LIT("Content-Type"), LIT("application/json")},
                          {LIT("peeker-request-id"), LIT("req_01HZX0E5K7N9P2Q4R6S8T0U1V3")}};

    /* A documented body: checked against the typed model, handed over as sent (unknown fields kept), with the request id. */
    PeekerResponse *res = PARSE_OK(c, "import_domains", 200, rid, 2, IMPORT_200);
    CHECK(peeker_response_ok(res));
    CHECK(peeker_response_status(res) == 200);
    size_t len = 0;
    CHECK_STR(peeker_response_request_id(res, &len), "req_01HZX0E5K7N9P2Q4R6S8T0U1V3");
    CHECK(len == 30);
    const char *data = peeker_response_data_json(res, &len);
    CHECK(data != NULL && len == strlen(data) && data[0] == '{');
    CHECK(data && strstr(data, "\"id\":\"imp_01HZX0IM1A2B3C4D5E6F7G8H\"") != NULL);
    CHECK(data && strstr(data, "\"nameserver_one\":\"helena.ns.cloudflare.com\"") != NULL);
    CHECK(data && strstr(data, "\"domains\":[\"acme-mail.com\",\"team-acme.com\"]") != NULL);
    CHECK(data && strstr(data, "some_future_field") != NULL);
    CHECK(peeker_response_next(res) == NULL); /* not a list */
    check_no_error_side(res, __LINE__);
    CHECK(peeker_response_error_summary(res, NULL) == NULL && peeker_response_error_summary(NULL, NULL) == NULL);
    /* The header's compile-time version is the library's. */
    char ver[64];
    snprintf(ver, sizeof ver, "%d.%d.%d", PEEKER_VERSION_MAJOR, PEEKER_VERSION_MINOR, PEEKER_VERSION_PATCH);
    CHECK(strncmp(peeker_version(), ver, strlen(ver)) == 0);
    /* Code numbers grouped by area, also for numbers this header does not name. */
    CHECK(peeker_status_area(PEEKER_STATUS_SUBDOMAIN) == PEEKER_ERROR_AREA_DOMAIN);
    CHECK(peeker_status_area(PEEKER_STATUS_SIGNATURE_MISMATCH) == PEEKER_ERROR_AREA_WEBHOOK);
    CHECK(peeker_status_area(PEEKER_STATUS_INVALID_JSON) == PEEKER_ERROR_AREA_REQUEST);
    CHECK(peeker_status_area(4759) == PEEKER_ERROR_AREA_RESPONSE);
    CHECK(peeker_status_area(PEEKER_STATUS_NULL_ARGUMENT) == PEEKER_ERROR_AREA_ARGUMENT);
    CHECK(peeker_status_area(PEEKER_STATUS_INTERNAL) == PEEKER_ERROR_AREA_OTHER);
    CHECK(peeker_status_area(PEEKER_STATUS_OK) == PEEKER_ERROR_AREA_OTHER);
    const char *json = peeker_response_json(res, &len);
    CHECK(json != NULL && len == strlen(json) && strstr(json, "\"ok\":true") != NULL);
    CHECK(json && strstr(json, "\"next\"") == NULL);
    peeker_response_free(res);

    res = PARSE_OK(c, "create_order", 200, NULL, 0, ORDER_200);
    data = peeker_response_data_json(res, NULL);
    CHECK(data && strstr(data, "\"total_cents\":6800") != NULL && strstr(data, "\"status\":\"in_progress\"") != NULL);
    CHECK(peeker_response_request_id(res, NULL) == NULL);
    peeker_response_free(res);

    /* Unknown enum values are kept as sent. */
    res = PARSE_OK(c, "get_order", 200, NULL, 0,
                   "{\"data\":{\"id\":\"ord_1\",\"status\":\"brand_new_status\",\"domain_count\":1}}");
    data = peeker_response_data_json(res, NULL);
    CHECK(data && strstr(data, "\"status\":\"brand_new_status\"") != NULL);
    peeker_response_free(res);

    /* A 2xx that is not the documented shape is a typed failure of the call. */
    PeekerResponse *bad = SENTINEL;
    EXPECT_FAIL(peeker_client_parse(c, LIT("get_order"), 200, NULL, 0, LIT("<html>ok</html>"), &bad),
                PEEKER_STATUS_UNEXPECTED_RESPONSE, ANY_FIELD);
    EXPECT_FAIL(peeker_client_parse(c, LIT("get_order"), 200, NULL, 0, NULL, 0, &bad),
                PEEKER_STATUS_UNEXPECTED_RESPONSE, ANY_FIELD);
    EXPECT_FAIL(peeker_client_parse(c, LIT("list_orders"), 200, NULL, 0, LIT("{\"data\":{}}"), &bad),
                PEEKER_STATUS_UNEXPECTED_RESPONSE, ANY_FIELD);
    EXPECT_FAIL(peeker_client_parse(c, LIT("nope"), 200, NULL, 0, LIT("{}"), &bad), PEEKER_STATUS_INVALID_ARGUMENT,
                "operation");
    CHECK(bad == SENTINEL);
    peeker_client_free(c);
}

static void test_parse_errors(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    PeekerHeader rid[] = {{LIT("Peeker-Request-Id"), LIT("req_429")}};

    /* 429 with retry_after_seconds (the documented body). */
    PeekerResponse *res = PARSE_OK(c, "create_order", 429, rid, 1,
                                 "{\"error\":{\"code\":\"rate_limited\",\"message\":\"API rate limit exceeded\","
                                 "\"details\":{\"retry_after_seconds\":12}}}");
    CHECK(!peeker_response_ok(res));
    CHECK(peeker_response_status(res) == 429);
    CHECK_STR(peeker_response_error_code(res, NULL), "rate_limited");
    CHECK_STR(peeker_response_error_message(res, NULL), "API rate limit exceeded");
    CHECK_STR(peeker_response_error_field(res, NULL), NULL);
    CHECK_STR(peeker_response_error_details_json(res, NULL), "{\"retry_after_seconds\":12}");
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_AFTER);
    CHECK_STR(peeker_response_retry_name(res), "after");
    uint64_t secs = 0;
    CHECK(peeker_response_retry_after_seconds(res, &secs) && secs == 12);
    CHECK(!peeker_response_retry_after_seconds(res, NULL));
    CHECK_STR(peeker_response_request_id(res, NULL), "req_429");
    /* The one ApiError message of every binding, worded by the core. */
    CHECK_STR(peeker_response_error_summary(res, NULL),
              "HTTP 429 rate_limited: API rate limit exceeded (request id req_429); retry after 12 s");
    CHECK(peeker_response_data_json(res, NULL) == NULL);
    CHECK(peeker_response_next(res) == NULL);
    const char *json = peeker_response_json(res, NULL);
    CHECK(json && strstr(json, "\"ok\":false") && strstr(json, "\"retry_after_seconds\":12"));
    /* The shared retry decision: 12 s plus the caller's jitter; not past the cap or the last attempt. */
    uint64_t wait = 0;
    CHECK(peeker_retry_decide(false, 1, 4, res, PEEKER_NETWORK_ERROR_NONE, 0.5, 60000, &wait) && wait == 12500);
    CHECK(!peeker_retry_decide(false, 4, 4, res, PEEKER_NETWORK_ERROR_NONE, 0.5, 60000, &wait));
    CHECK(!peeker_retry_decide(false, 1, 4, res, PEEKER_NETWORK_ERROR_NONE, 0.5, 10000, NULL));
    CHECK(!peeker_retry_decide(false, 1, 4, NULL, PEEKER_NETWORK_ERROR_NONE, 0.5, 60000, &wait));
    peeker_response_free(res);

    /* Classify is a parse without an operation: the same handle and accessors, no data. */
    PeekerResponse *cl = NULL;
    const char body429[] = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"API rate limit exceeded\","
                           "\"details\":{\"retry_after_seconds\":12}}}";
    CHECK(peeker_response_classify(429, rid, 1, (const uint8_t *)body429, strlen(body429), &cl) == PEEKER_OK);
    CHECK_STR(peeker_response_error_summary(cl, NULL),
              "HTTP 429 rate_limited: API rate limit exceeded (request id req_429); retry after 12 s");
    CHECK(peeker_retry_decide(false, 1, 4, cl, PEEKER_NETWORK_ERROR_NONE, 0.5, 60000, &wait) && wait == 12500);
    CHECK(peeker_response_data_json(cl, NULL) == NULL && peeker_response_next(cl) == NULL);
    peeker_response_free(cl);
    CHECK(peeker_response_classify(204, NULL, 0, NULL, 0, &cl) == PEEKER_OK);
    CHECK(peeker_response_ok(cl) && peeker_response_data_json(cl, NULL) == NULL);
    CHECK(!peeker_retry_decide(false, 1, 4, cl, PEEKER_NETWORK_ERROR_NONE, 0.5, 60000, &wait));
    CHECK(strstr(peeker_response_json(cl, NULL), "\"retry\":\"never\"") != NULL);
    peeker_response_free(cl);

    /* 429 for Cloudflare capacity: a retry does not cure it (use import jobs). */
    res = PARSE_OK(c, "import_domains", 429, NULL, 0,
                   "{\"error\":{\"code\":\"rate_limited\",\"message\":\"m\",\"details\":{\"reason\":"
                   "\"cloudflare_account_capacity\",\"retry_after_seconds\":3}}}");
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_AFTER);
    CHECK(!peeker_retry_decide(false, 1, 4, res, PEEKER_NETWORK_ERROR_NONE, 0.0, 60000, &wait));
    peeker_response_free(res);

    /* No response at all: refused connections retry; a POST that timed out does not. */
    CHECK(peeker_retry_decide(false, 1, 4, NULL, PEEKER_NETWORK_ERROR_CONNECT, 1.0, 60000, &wait) && wait == 500);
    CHECK(!peeker_retry_decide(false, 1, 4, NULL, PEEKER_NETWORK_ERROR_TIMEOUT, 1.0, 60000, &wait));
    CHECK(peeker_retry_decide(true, 2, 4, NULL, PEEKER_NETWORK_ERROR_TIMEOUT, 1.0, 60000, NULL));
    CHECK(!peeker_retry_decide(true, 4, 4, NULL, PEEKER_NETWORK_ERROR_CONNECT, 1.0, 60000, &wait));
    CHECK(!peeker_retry_decide(true, 1, 4, NULL, 7, 1.0, 60000, &wait));
    CHECK(peeker_retry_decide(true, 1, 0, NULL, PEEKER_NETWORK_ERROR_CONNECT, 0.0, UINT64_MAX, &wait) && wait == 250);

    /* 429 without details: the documented default wait. */
    res = PARSE_OK(c, "get_order", 429, NULL, 0, "");
    secs = 0;
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_AFTER && peeker_response_retry_after_seconds(res, &secs) && secs == 5);
    CHECK_STR(peeker_response_error_code(res, NULL), NULL);
    peeker_response_free(res);

    /* A proxy's HTML 502: no API code, backoff, the request id still read. */
    PeekerHeader prox[] = {{LIT("peeker-request-id"), LIT("req_502")}, {LIT("X-Bin"), (const uint8_t *)"\xff\xfe", 2}};
    res = PARSE_OK(c, "list_orders", 502, prox, 2, "<html><body>502 Bad Gateway</body></html>");
    CHECK(!peeker_response_ok(res) && peeker_response_status(res) == 502);
    CHECK_STR(peeker_response_error_code(res, NULL), NULL);
    CHECK_STR(peeker_response_error_message(res, NULL), NULL);
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_BACKOFF);
    CHECK_STR(peeker_response_retry_name(res), "backoff");
    CHECK(peeker_retry_decide(true, 2, 4, res, PEEKER_NETWORK_ERROR_NONE, 1.0, 60000, &wait) && wait == 1000);
    CHECK(!peeker_retry_decide(false, 2, 4, res, PEEKER_NETWORK_ERROR_NONE, 1.0, 60000, &wait));
    secs = 9;
    CHECK(!peeker_response_retry_after_seconds(res, &secs) && secs == 9);
    CHECK_STR(peeker_response_request_id(res, NULL), "req_502");
    CHECK(peeker_response_next(res) == NULL);
    peeker_response_free(res);
    /* Truncated JSON from a 503: same. */
    res = PARSE_OK(c, "get_order", 503, NULL, 0, "{\"error\":{\"code\":\"unav");
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_BACKOFF);
    peeker_response_free(res);

    /* The backoff curve: equal jitter over 0.5 s doubling, capped at 30 s; jitter is the caller's. */
    CHECK(peeker_backoff_delay_ms(1, 0.0) == 250);
    CHECK(peeker_backoff_delay_ms(1, 1.0) == 500);
    CHECK(peeker_backoff_delay_ms(2, 1.0) == 1000);
    CHECK(peeker_backoff_delay_ms(3, 0.5) == 1500);
    CHECK(peeker_backoff_delay_ms(50, 1.0) == 30000);
    CHECK(peeker_backoff_delay_ms(UINT32_MAX, 1.0) == 30000);
    CHECK(peeker_backoff_delay_ms(0, 1.0) == 500);
    CHECK(peeker_backoff_delay_ms(3, NAN) == 1000);
    CHECK(peeker_backoff_delay_ms(3, -5.0) == 1000 && peeker_backoff_delay_ms(3, 7.0) == 2000);
    CHECK(peeker_backoff_delay_ms(3, INFINITY) == 1000);
    for (uint32_t a = 1; a < 12; a++) CHECK(peeker_backoff_delay_ms(a + 1, 1.0) >= peeker_backoff_delay_ms(a, 1.0));

    /* A validation error of the API: the field, never retried. */
    res = PARSE_OK(c, "create_order", 400, NULL, 0,
                   "{\"error\":{\"code\":\"domain_count_mismatch\",\"message\":\"Submitted domain count does not "
                   "match the order plan\",\"field\":\"domains\",\"details\":{\"required_count\":4}}}");
    CHECK_STR(peeker_response_error_code(res, NULL), "domain_count_mismatch");
    CHECK_STR(peeker_response_error_field(res, NULL), "domains");
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_NEVER);
    peeker_response_free(res);

    /* 10 MB of HTML from a 500: classified, not a failure. */
    char *big = malloc(TEN_MB_API);
    memset(big, '<', TEN_MB_API);
    res = parse_ok(c, "get_order", 500, NULL, 0, big, TEN_MB_API, __LINE__);
    CHECK(peeker_response_retry(res) == PEEKER_RETRY_BACKOFF);
    peeker_response_free(res);
    free(big);
    peeker_client_free(c);
}

static void test_parse_paging(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    const char page1[] =
        "{\"data\":[{\"id\":\"ord_1\",\"status\":\"completed\",\"domain_count\":2},{\"id\":\"ord_2\",\"status\":"
        "\"in_progress\",\"domain_count\":1}],\"links\":{\"first\":\"" BASE "/orders?per_page=2\",\"next\":\"" BASE
        "/orders?per_page=2&page_token=eyJjdXJzb3IiOiJ4eXoifQ\"},\"meta\":{\"path\":\"" BASE
        "/orders\",\"per_page\":2,\"returned\":2}}";
    PeekerResponse *res = PARSE_OK(c, "list_orders", 200, NULL, 0, page1);
    const char *data = peeker_response_data_json(res, NULL);
    CHECK(data && data[0] == '[' && strstr(data, "\"ord_1\"") && strstr(data, "\"ord_2\""));
    const PeekerRequest *next = peeker_response_next(res);
    CHECK(next != NULL);
    CHECK_STR(peeker_request_method(next, NULL), "GET");
    CHECK_STR(peeker_request_url(next, NULL), BASE "/orders?per_page=2&page_token=eyJjdXJzb3IiOiJ4eXoifQ");
    char bearer[64];
    snprintf(bearer, sizeof bearer, "Bearer %s", API_KEY);
    CHECK_STR(req_header(next, "Authorization"), bearer);
    CHECK(peeker_request_body(next, NULL) == NULL);
    CHECK(peeker_response_next(res) == next); /* the same borrowed request every time */
    /* The result's JSON is safe to log: the next request's key is redacted there. */
    const char *json = peeker_response_json(res, NULL);
    CHECK(json && strstr(json, "SECRETKEY123") == NULL && strstr(json, "<redacted>") != NULL);
    CHECK(json && strstr(json, "page_token=eyJjdXJzb3IiOiJ4eXoifQ") != NULL);

    /* Its response parses as the same list; the last page has no next. */
    const char page2[] =
        "{\"data\":[{\"id\":\"ord_3\",\"status\":\"failed\"}],\"links\":{\"first\":\"x\",\"next\":null},\"meta\":{}}";
    PeekerResponse *res2 = PARSE_OK(c, "list_orders", 200, NULL, 0, page2);
    CHECK(peeker_response_next(res2) == NULL);
    CHECK(strstr(peeker_response_data_json(res2, NULL), "\"ord_3\"") != NULL);
    json = peeker_response_json(res2, NULL);
    CHECK(json && strstr(json, "\"next\":null") != NULL);
    peeker_response_free(res2);
    /* Or as "next_page", rows kept as sent. */
    res2 = PARSE_OK(c, "next_page", 200, NULL, 0, page2);
    CHECK(peeker_response_next(res2) == NULL && strstr(peeker_response_data_json(res2, NULL), "\"ord_3\""));
    peeker_response_free(res2);
    peeker_response_free(res);

    /* Every list operation exposes its next page. */
    static const char *const lists[] = {"list_domains", "list_bundles", "list_orders", "list_pending_actions",
                                        "list_swaps", "next_page", "find_imports"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        res = PARSE_OK(c, lists[i], 200, NULL, 0,
                       "{\"data\":[],\"links\":{\"next\":\"/partner/v1/anything?page_token=abc\"}}");
        CHECK_STR(peeker_request_url(peeker_response_next(res), NULL), "http://127.0.0.1:8080/partner/v1/anything?page_token=abc");
        peeker_response_free(res);
    }

    /* A links.next on another host would carry the key elsewhere: refused. */
    PeekerResponse *bad = SENTINEL;
    EXPECT_FAIL(peeker_client_parse(c, LIT("list_orders"), 200, NULL, 0,
                                    LIT("{\"data\":[],\"links\":{\"next\":\"https://evil.example/orders?page_token=x\"}}"),
                                    &bad),
                PEEKER_STATUS_UNEXPECTED_RESPONSE, ANY_FIELD);
    CHECK(bad == SENTINEL);

    /* A result outlives its client; its next request outlives nothing but the result. */
    res = PARSE_OK(c, "list_orders", 200, NULL, 0, page1);
    peeker_client_free(c);
    CHECK_STR(peeker_request_url(peeker_response_next(res), NULL),
              BASE "/orders?per_page=2&page_token=eyJjdXJzb3IiOiJ4eXoifQ");
    peeker_response_free(res);
}

static void test_parse_arguments(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    PeekerResponse *res = SENTINEL;
    PeekerHeader hnull_name[] = {{NULL, 3, LIT("x")}};
    PeekerHeader hnull_value[] = {{LIT("x"), NULL, 3}};
    EXPECT_FAIL(peeker_client_parse(NULL, LIT("me"), 200, NULL, 0, LIT("{}"), &res), PEEKER_STATUS_NULL_ARGUMENT,
                "client");
    EXPECT_FAIL(peeker_client_parse(c, NULL, 2, 200, NULL, 0, LIT("{}"), &res), PEEKER_STATUS_NULL_ARGUMENT,
                "operation");
    EXPECT_FAIL(peeker_client_parse(c, BAD_UTF8, 200, NULL, 0, LIT("{}"), &res), PEEKER_STATUS_INVALID_UTF8,
                "operation");
    EXPECT_FAIL(peeker_client_parse(c, LIT("me"), 200, NULL, 1, LIT("{}"), &res), PEEKER_STATUS_NULL_ARGUMENT,
                "headers");
    EXPECT_FAIL(peeker_client_parse(c, LIT("me"), 200, hnull_name, 1, LIT("{}"), &res), PEEKER_STATUS_NULL_ARGUMENT,
                "headers[0].name");
    EXPECT_FAIL(peeker_client_parse(c, LIT("me"), 200, hnull_value, 1, LIT("{}"), &res), PEEKER_STATUS_NULL_ARGUMENT,
                "headers[0].value");
    EXPECT_FAIL(peeker_client_parse(c, LIT("me"), 200, NULL, 0, NULL, 2, &res), PEEKER_STATUS_NULL_ARGUMENT, "body");
    EXPECT_FAIL(peeker_client_parse(c, LIT("me"), 200, NULL, 0, LIT("{}"), NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    CHECK(res == SENTINEL);

    /* NULL handles. */
    size_t len = 77;
    uint64_t secs = 5;
    CHECK(!peeker_response_ok(NULL));
    CHECK(peeker_response_status(NULL) == 0);
    CHECK(peeker_response_request_id(NULL, &len) == NULL);
    CHECK(peeker_response_data_json(NULL, &len) == NULL);
    CHECK(peeker_response_next(NULL) == NULL);
    CHECK(peeker_response_error_code(NULL, &len) == NULL);
    CHECK(peeker_response_error_message(NULL, &len) == NULL);
    CHECK(peeker_response_error_field(NULL, &len) == NULL);
    CHECK(peeker_response_error_details_json(NULL, &len) == NULL);
    CHECK(peeker_response_retry(NULL) == PEEKER_RETRY_NEVER);
    CHECK(peeker_response_retry_name(NULL) == NULL);
    CHECK(!peeker_response_retry_after_seconds(NULL, &secs));
    CHECK(peeker_response_json(NULL, &len) == NULL);
    CHECK(len == 77 && secs == 5);
    peeker_response_free(NULL);
    peeker_client_free(c);
}

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
    peeker_tracker_free(t);
    peeker_tracker_free(NULL);
}

void run_api_tests(void) {
    test_operations();
    test_client();
    test_build_every_operation();
    test_build_validation();
    test_parse_success();
    test_parse_errors();
    test_parse_paging();
    test_parse_arguments();
    test_webhook_variants();
    test_tracker();
    test_tracker_threads();
    test_tracker_arguments();
    for (int i = 0; i < N_EVENTS; i++) peeker_event_free(g_events[i]);
    peeker_string_free(g_reference_state);
    g_reference_state = NULL;
    peeker_last_error_clear();
}
