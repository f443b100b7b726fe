/*
 * request_curl.c: a full Partner API call from C. libpeeker builds the request
 * (validated before anything is sent) and parses the response; libcurl, your
 * transport, sends it. Retries follow the API's advice (429: wait the given
 * seconds; 5xx and transport failures: exponential backoff), and --all-pages
 * follows links.next through every page of a list.
 *
 *   PEEKER_API_KEY=pk_test_... request_curl [--all-pages] BASE_URL OPERATION [PARAMS_JSON]
 *
 *   BASE_URL     "" for https://api.peeker.ai/partner/v1, or the sandbox / a stub
 *   OPERATION    me, create_order, list_orders, ... (peeker_operation_name)
 *   PARAMS_JSON  e.g. '{"id":"ord_01HZX..."}' or '{"body":{...order...}}'
 *
 * Prints "> METHOD URL" per request sent, "< STATUS REQUEST_ID" per response,
 * "data: JSON" per successful page, "error: ..." for an API error. Never prints
 * the API key. Exit status: 0 success, 1 API error, 2 usage or a request refused
 * by validation, 3 transport failure or an unexpected response.
 *
 * Build (see bindings/c/Makefile, target request_curl):
 *   gcc -std=c11 -I ffi/include request_curl.c -o request_curl \
 *       target/release/libpeeker.a -lcurl -lpthread -ldl -lm -lrt -lutil -lgcc_s
 */
#include <peeker.h>

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ATTEMPTS 4
#define MAX_WAIT_MS 60000u     /* a 429 asking for longer is reported, not slept */
#define ATTEMPT_TIMEOUT_S 30L  /* per attempt */
#define USER_AGENT_SUFFIX "request-curl-example/1.0"

/* ------------------------------------------------------------------ a response as received */

struct response {
    char *body;
    size_t body_len;
    /* Header names and values, copied as received (the last header block only). */
    char **names, **values;
    size_t count, cap;
};

static void response_reset(struct response *r) {
    free(r->body);
    for (size_t i = 0; i < r->count; i++) {
        free(r->names[i]);
        free(r->values[i]);
    }
    free(r->names);
    free(r->values);
    memset(r, 0, sizeof *r);
}

static size_t on_body(char *data, size_t size, size_t n, void *userp) {
    struct response *r = userp;
    size_t len = size * n;
    char *grown = realloc(r->body, r->body_len + len + 1);
    if (grown == NULL) return 0; /* makes curl fail the transfer */
    memcpy(grown + r->body_len, data, len);
    r->body = grown;
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return len;
}

static char *dup_trimmed(const char *p, size_t len) {
    while (len > 0 && (*p == ' ' || *p == '\t')) p++, len--;
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\n')) len--;
    char *s = malloc(len + 1);
    if (s != NULL) {
        memcpy(s, p, len);
        s[len] = '\0';
    }
    return s;
}

static size_t on_header(char *line, size_t size, size_t n, void *userp) {
    struct response *r = userp;
    size_t len = size * n;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) { /* a new block (after a 100 Continue): start over */
        for (size_t i = 0; i < r->count; i++) {
            free(r->names[i]);
            free(r->values[i]);
        }
        r->count = 0;
        return len;
    }
    const char *colon = memchr(line, ':', len);
    if (colon == NULL) return len; /* the blank line at the end */
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **nn = realloc(r->names, cap * sizeof *nn);
        if (nn == NULL) return 0;
        r->names = nn;
        char **vv = realloc(r->values, cap * sizeof *vv);
        if (vv == NULL) return 0;
        r->values = vv;
        r->cap = cap;
    }
    char *name = dup_trimmed(line, (size_t)(colon - line));
    char *value = dup_trimmed(colon + 1, len - (size_t)(colon - line) - 1);
    if (name == NULL || value == NULL) {
        free(name);
        free(value);
        return 0;
    }
    r->names[r->count] = name;
    r->values[r->count] = value;
    r->count++;
    return len;
}

/* ------------------------------------------------------------------ sending */

/* Sends `req` with libcurl, within a per-attempt timeout. Returns the HTTP status, or 0 on a
   transport failure with *net set to how it failed: PEEKER_NETWORK_ERROR_CONNECT (nothing was
   sent), PEEKER_NETWORK_ERROR_TIMEOUT (the request may have been carried out), or
   PEEKER_NETWORK_ERROR_NONE for a failure no retry cures (TLS, a bad URL). */
static long send_request(CURL *curl, const PeekerRequest *req, struct response *resp, uint32_t *net) {
    *net = PEEKER_NETWORK_ERROR_NONE;
    curl_easy_reset(curl);
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < peeker_request_header_count(req); i++) {
        char line[1024];
        snprintf(line, sizeof line, "%s: %s", peeker_request_header_name(req, i, NULL),
                 peeker_request_header_value(req, i, NULL));
        struct curl_slist *h = curl_slist_append(headers, line);
        if (h == NULL) {
            curl_slist_free_all(headers);
            return 0;
        }
        headers = h;
    }
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    const char *method = peeker_request_method(req, NULL);
    size_t body_len = 0;
    const char *body = peeker_request_body(req, &body_len);

    curl_easy_setopt(curl, CURLOPT_URL, peeker_request_url(req, NULL));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (strcmp(method, "GET") != 0) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* never carry the key to another place */
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, ATTEMPT_TIMEOUT_S); /* one attempt, not the retry loop */
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    printf("> %s %s\n", method, peeker_request_url(req, NULL));
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        printf("transport error: %s\n", curl_easy_strerror(rc));
        double connected = 0; /* seconds until the connection was up; 0 if it never was */
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME, &connected);
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
            (rc == CURLE_OPERATION_TIMEDOUT && connected == 0))
            *net = PEEKER_NETWORK_ERROR_CONNECT;
        else if (rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
                 rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE)
            *net = PEEKER_NETWORK_ERROR_TIMEOUT;
        return 0;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static void sleep_ms(uint64_t ms) {
    struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static double jitter(void) { /* in [0, 1) */
    return (double)rand() / ((double)RAND_MAX + 1.0);
}

/* Sends `req` and parses the response of `op`, retrying as libpeeker decides (peeker_retry_decide:
   a 429 waits retry_after_seconds, a 5xx or a timeout is retried only for a retry-safe request, a
   connection that never opened is retried, nothing else is). Returns 0 with *out set, or the exit
   status of a failure. */
static int call(CURL *curl, const PeekerClient *client, const char *op, const PeekerRequest *req,
                PeekerResponse **out) {
    const bool retry_safe = peeker_request_retry_safe(req);
    for (uint32_t attempt = 1;; attempt++) {
        struct response resp = {0};
        uint32_t net = PEEKER_NETWORK_ERROR_NONE;
        long status = send_request(curl, req, &resp, &net);
        PeekerResponse *res = NULL;
        if (status > 0) {
            PeekerHeader *hs = calloc(resp.count + 1, sizeof *hs);
            for (size_t i = 0; hs != NULL && i < resp.count; i++)
                hs[i] = (PeekerHeader){(const uint8_t *)resp.names[i], strlen(resp.names[i]),
                                       (const uint8_t *)resp.values[i], strlen(resp.values[i])};
            PeekerStatus st = peeker_client_parse(client, (const uint8_t *)op, strlen(op), (uint16_t)status, hs,
                                                  hs ? resp.count : 0, (const uint8_t *)resp.body, resp.body_len, &res);
            free(hs);
            response_reset(&resp);
            if (st != PEEKER_OK) { /* a 2xx that is not the documented shape */
                printf("< %ld\nunexpected response: %s: %s\n", status, peeker_last_error_code(),
                       peeker_last_error_message());
                return 3;
            }
            const char *rid = peeker_response_request_id(res, NULL);
            printf("< %u %s\n", (unsigned)peeker_response_status(res), rid ? rid : "-");
            if (peeker_response_ok(res)) {
                *out = res;
                return 0;
            }
        } else {
            response_reset(&resp);
            if (net == PEEKER_NETWORK_ERROR_NONE) return 3; /* no retry cures it */
        }
        uint64_t ms = 0;
        if (!peeker_retry_decide(retry_safe, attempt, MAX_ATTEMPTS, res, net, jitter(), MAX_WAIT_MS, &ms)) {
            if (res == NULL) return 3;
            *out = res; /* the caller reports the API's error */
            return 0;
        }
        printf("retry: %s, waiting %llu ms\n", res ? peeker_response_retry_name(res) : "network",
               (unsigned long long)ms);
        peeker_response_free(res);
        sleep_ms(ms);
    }
}

static void print_api_error(const PeekerResponse *res) {
    const char *code = peeker_response_error_code(res, NULL), *msg = peeker_response_error_message(res, NULL),
               *field = peeker_response_error_field(res, NULL), *rid = peeker_response_request_id(res, NULL);
    printf("error: %u %s: %s", (unsigned)peeker_response_status(res), code ? code : "(no API error body)",
           msg ? msg : "");
    if (field) printf(" (field %s)", field);
    printf(" [retry: %s; request id %s]\n", peeker_response_retry_name(res), rid ? rid : "-");
}

int main(int argc, char **argv) {
    int all_pages = 0, a = 1;
    if (a < argc && strcmp(argv[a], "--all-pages") == 0) all_pages = 1, a++;
    const char *key = getenv("PEEKER_API_KEY");
    if (key == NULL || argc - a < 2 || argc - a > 3) {
        fprintf(stderr, "usage: PEEKER_API_KEY=pk_test_... %s [--all-pages] BASE_URL OPERATION [PARAMS_JSON]\n",
                argv[0]);
        return 2;
    }
    const char *base = argv[a], *op = argv[a + 1], *params = argc - a == 3 ? argv[a + 2] : "";
    srand((unsigned)time(NULL));

    PeekerClient *client = NULL;
    if (peeker_client_new((const uint8_t *)key, strlen(key), (const uint8_t *)base, strlen(base),
                          (const uint8_t *)USER_AGENT_SUFFIX, strlen(USER_AGENT_SUFFIX), &client) != PEEKER_OK) {
        /* Never the key itself: libpeeker's messages do not contain it. */
        fprintf(stderr, "%s: %s\n", peeker_last_error_code(), peeker_last_error_message());
        return 2;
    }
    PeekerRequest *request = NULL;
    if (peeker_client_build(client, (const uint8_t *)op, strlen(op), (const uint8_t *)params, strlen(params),
                            &request) != PEEKER_OK) {
        /* Refused before anything was sent; the field is a path like "domains[1]". */
        const char *field = peeker_last_error_field();
        printf("invalid: %s: %s%s%s\n", peeker_last_error_code(), peeker_last_error_message(),
               field ? " field " : "", field ? field : "");
        peeker_client_free(client);
        return 2;
    }

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 3;
    CURL *curl = curl_easy_init();
    int exit_status = curl ? 0 : 3;

    /* Paging: the next request is borrowed from the previous page's result, which is
       freed only once the next page has been received. */
    const PeekerRequest *req = request;
    PeekerResponse *previous = NULL;
    while (exit_status == 0) {
        PeekerResponse *res = NULL;
        exit_status = call(curl, client, op, req, &res);
        peeker_response_free(previous);
        previous = NULL;
        if (exit_status != 0) break;
        if (!peeker_response_ok(res)) {
            print_api_error(res);
            peeker_response_free(res);
            exit_status = 1;
            break;
        }
        printf("data: %s\n", peeker_response_data_json(res, NULL));
        const PeekerRequest *next = peeker_response_next(res);
        if (!all_pages || next == NULL) {
            peeker_response_free(res);
            break;
        }
        previous = res;
        req = next;
    }

    curl_easy_cleanup(curl);
    curl_global_cleanup();
    peeker_request_free(request);
    peeker_client_free(client);
    return exit_status;
}
