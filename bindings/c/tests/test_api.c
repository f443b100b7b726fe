/*
 * The C test suite, part 2: the API model's client and requests (the operations
 * table, the client's options, a request for every operation, validation by
 * field), and the fixtures the API test files share (declared in check.h).
 * Calls only the public C API (peeker.h); run from test_peeker.c's main via
 * run_api_tests(). Parts 3 and 4: test_response.c, test_webhook_tracker.c.
 *
 * Every failing call goes through EXPECT_FAIL, which also searches every
 * last-error string (code, message, suggestion, field) for the secrets used here.
 */
#include "check.h"

/* ------------------------------------------------------------------ fixtures */

/* API_KEY, HOOK_SECRET, ANY_FIELD, expect_fail, client_with and req_header are
 * shared with the other API test files (declared in check.h). */
const char API_KEY[] = "pk_test_SECRETKEY123";
static const char LIVE_KEY[] = "pk_live_LIVESECRET987";
static const char PASSWORD[] = "their-smartlead-password";
const char HOOK_SECRET[] = "whsec_TOPSECRET_api";

/* What must never appear in a last-error string (distinctive parts of the secrets). */
static const char *const SECRET_PARTS[] = {"SECRETKEY123", "LIVESECRET987", "smartlead-password", "TOPSECRET_api"};

const char ANY_FIELD[] = "<any>";

static void no_secrets_at(const char *file, int line) {
    const char *strs[] = {peeker_last_error_code(), peeker_last_error_message(), peeker_last_error_suggestion(),
                          peeker_last_error_field()};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        for (size_t j = 0; j < sizeof SECRET_PARTS / sizeof SECRET_PARTS[0]; j++) {
            int clean = strs[i] == NULL || strstr(strs[i], SECRET_PARTS[j]) == NULL;
            check_at(clean, "no secret in the last error", file, line);
            if (!clean) fprintf(stderr, "     \"%s\" found in \"%s\"\n", SECRET_PARTS[j], strs[i]);
        }
    }
}

void expect_fail(PeekerStatus got, PeekerStatus want, const char *field, const char *what, const char *file,
                 int line) {
    check_at(got == want, what, file, line);
    if (got != want)
        fprintf(stderr, "     got %u (%s), want %u (%s)\n", (unsigned)got,
                peeker_status_code(got) ? peeker_status_code(got) : "?", (unsigned)want,
                peeker_status_code(want) ? peeker_status_code(want) : "?");
    check_at(peeker_last_error_status() == want && str_eq(peeker_last_error_code(), peeker_status_code(want)),
             "last error matches the status", file, line);
    const char *m = peeker_last_error_message();
    check_at(m != NULL && *m != '\0', "last error has a message", file, line);
    if (field != ANY_FIELD) {
        int ok = str_eq(peeker_last_error_field(), field);
        check_at(ok, "last error field", file, line);
        if (!ok)
            fprintf(stderr, "     field %s, want %s (message: %s)\n",
                    peeker_last_error_field() ? peeker_last_error_field() : "NULL", field ? field : "NULL",
                    m ? m : "NULL");
    }
    no_secrets_at(file, line);
}

PeekerClient *client_with(const char *key, const char *base, const char *suffix) {
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

const char *req_header(const PeekerRequest *r, const char *name) {
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
    peeker_request_free(r);

    /* The order: the body sent is the seed order, password included (it is what Peeker needs), and its
       dedupe key is the one of the body as given (canonical JSON: key order and spaces do not matter). */
    r = NULL;
    CHECK_STATUS(peeker_client_build(c, LIT("create_order"), CS(order), &r), PEEKER_OK);
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
        expect_fail(st, cases[i].status, cases[i].field, what, __FILE__, __LINE__);
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

void run_api_tests(void) {
    test_operations();
    test_client();
    test_build_every_operation();
    test_build_validation();
}
