/*
 * The C test suite, part 3: parsed results (typed errors, retry advice, paging,
 * backoff, argument checks). Calls only the public C API (peeker.h); run from
 * test_peeker.c's main via run_response_tests(). Fixtures: check.h, test_api.c.
 */
#include "check.h"

#include <math.h>

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
    CHECK(peeker_response_first(res, NULL) == NULL && peeker_response_meta_json(res, NULL) == NULL);
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
    /* The page's links.first and meta, as sent. */
    size_t flen = 0;
    CHECK_STR(peeker_response_first(res, &flen), BASE "/orders?per_page=2");
    CHECK(flen == strlen(BASE "/orders?per_page=2"));
    CHECK_STR(peeker_response_meta_json(res, NULL), "{\"path\":\"" BASE "/orders\",\"per_page\":2,\"returned\":2}");
    CHECK(peeker_response_first(NULL, NULL) == NULL && peeker_response_meta_json(NULL, NULL) == NULL);
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
    CHECK_STR(peeker_response_first(res2, NULL), "x");
    CHECK_STR(peeker_response_meta_json(res2, NULL), "{}");
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


/* ------------------------------------------------------------------ pollers */

static void test_poller(void) {
    PeekerClient *c = client_with(API_KEY, BASE, NULL);
    PeekerPoller *p = NULL;
    CHECK(peeker_poller_new(LIT("order"), 0, 0, 0, &p) == PEEKER_STATUS_OK && p != NULL);
    CHECK_STR(peeker_poller_operation(p), "get_order");
    CHECK(peeker_poller_status(p, NULL) == NULL && peeker_poller_polls(p) == 0);
    PeekerPollDecision d = PEEKER_POLL_DECISION_DONE;
    uint64_t wait = 1;
    PeekerResponse *res = PARSE_OK(c, "get_order", 200, NULL, 0, "{\"data\":{\"id\":\"ord_1\",\"status\":\"in_progress\"}}");
    CHECK(peeker_poller_next(p, 1000, res, &d, &wait) == PEEKER_STATUS_OK);
    CHECK(d == PEEKER_POLL_DECISION_WAIT && wait == 60000); /* the documented cadence */
    CHECK_STR(peeker_poller_status(p, NULL), "in_progress");
    peeker_response_free(res);
    res = PARSE_OK(c, "get_order", 200, NULL, 0, "{\"data\":{\"id\":\"ord_1\",\"status\":\"action_required\"}}");
    CHECK(peeker_poller_next(p, 61000, res, &d, &wait) == PEEKER_STATUS_OK);
    CHECK(d == PEEKER_POLL_DECISION_DONE && wait == 0 && peeker_poller_polls(p) == 2);
    CHECK_STR(peeker_poller_status(p, NULL), "action_required");
    peeker_response_free(res);
    /* An error answer, and a response of another operation. */
    res = PARSE_OK(c, "get_order", 404, NULL, 0, "{\"error\":{\"code\":\"not_found\",\"message\":\"m\"}}");
    CHECK(peeker_poller_next(p, 0, res, &d, NULL) == PEEKER_STATUS_API_ERROR);
    peeker_response_free(res);
    res = PARSE_OK(c, "get_import", 200, NULL, 0, "{\"data\":{\"id\":\"imp_1\",\"status\":\"completed\"}}");
    EXPECT_FAIL(peeker_poller_next(p, 0, res, &d, NULL), PEEKER_STATUS_INVALID_ARGUMENT, "response");
    peeker_response_free(res);
    EXPECT_FAIL(peeker_poller_next(NULL, 0, NULL, NULL, NULL), PEEKER_STATUS_NULL_ARGUMENT, "poller");
    peeker_poller_free(p);

    /* The caller's interval, a timeout, the most polls, the status variant. */
    CHECK(peeker_poller_new(LIT("import_job"), 1000, 2500, 0, &p) == PEEKER_STATUS_OK);
    CHECK_STR(peeker_poller_operation(p), "get_import_job");
    CHECK(peeker_poller_next_status(p, 0, LIT("in_progress"), &d, &wait) == PEEKER_STATUS_OK && wait == 1000);
    CHECK(peeker_poller_next_status(p, 2000, LIT("in_progress"), &d, &wait) == PEEKER_STATUS_OK && wait == 500);
    CHECK(peeker_poller_next_status(p, 2500, LIT("in_progress"), &d, &wait) == PEEKER_STATUS_OK);
    CHECK(d == PEEKER_POLL_DECISION_TIMED_OUT);
    peeker_poller_free(p);
    CHECK(peeker_poller_new(LIT("import"), 0, 0, 1, &p) == PEEKER_STATUS_OK);
    CHECK(peeker_poller_next_status(p, 0, LIT("in_progress"), &d, NULL) == PEEKER_STATUS_OK);
    CHECK(d == PEEKER_POLL_DECISION_TIMED_OUT);
    peeker_poller_free(p);
    EXPECT_FAIL(peeker_poller_new(LIT("swap"), 0, 0, 0, &p), PEEKER_STATUS_INVALID_ARGUMENT, "kind");
    EXPECT_FAIL(peeker_poller_new(LIT("order"), 0, 0, 0, NULL), PEEKER_STATUS_NULL_ARGUMENT, "out");
    CHECK(peeker_poller_operation(NULL) == NULL && peeker_poller_polls(NULL) == 0);
    peeker_poller_free(NULL);
    peeker_client_free(c);
}

void run_response_tests(void) {
    test_poller();
    test_parse_success();
    test_parse_errors();
    test_parse_paging();
    test_parse_arguments();
}
