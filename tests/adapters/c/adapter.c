/*
 * Conformance vector adapter of the C binding (tests/adapters/PROTOCOL.md, "The C
 * adapter"): reads cases as netstrings on stdin, calls only the C ABI (peeker.h),
 * and writes one JSON object per case on stdout. It never compares with expected
 * values; tests/run-vectors does.
 *
 * Built by `make -C bindings/c adapter` into target/c/peeker-vector-adapter.
 * Exit status: 0 at the end of input; 2 on a malformed stream (after saying why on
 * stderr); 3 on a kind it does not know (it prints {"unsupported": true} once, but
 * cannot know how many netstrings that case has, so it stops).
 */
#include <peeker.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ netstrings */

typedef struct {
    uint8_t *ptr; /* NUL-terminated for convenience; len excludes the NUL */
    size_t len;
} Bytes;

/* Every buffer of the current case lives in this arena and is freed at the end of
 * the case, or before exiting on malformed input (so valgrind sees no leak either way). */
static void **g_arena;
static size_t g_arena_len, g_arena_cap;

static void arena_reset(void) {
    for (size_t i = 0; i < g_arena_len; i++) free(g_arena[i]);
    g_arena_len = 0;
}

static void die(const char *why) {
    fprintf(stderr, "peeker-vector-adapter: %s\n", why);
    arena_reset();
    free(g_arena);
    peeker_last_error_clear();
    exit(2);
}

/* Zeroed memory owned by the arena. */
static void *arena_alloc(size_t n) {
    if (g_arena_len == g_arena_cap) {
        size_t cap = g_arena_cap ? g_arena_cap * 2 : 64;
        void **a = realloc(g_arena, cap * sizeof *a);
        if (a == NULL) die("out of memory");
        g_arena = a;
        g_arena_cap = cap;
    }
    void *p = calloc(1, n ? n : 1);
    if (p == NULL) die("out of memory");
    g_arena[g_arena_len++] = p;
    return p;
}

/* Reads one netstring. Returns 0 at a clean end of input (only when at_case_start),
 * 1 on success; exits on anything malformed. */
static int read_netstring(Bytes *out, int at_case_start) {
    size_t len = 0;
    int digits = 0;
    for (;;) {
        int c = getchar();
        if (c == EOF) {
            if (digits == 0 && at_case_start) return 0;
            die("unexpected end of input in a netstring length");
        }
        if (c == ':') break;
        if (c < '0' || c > '9') die("netstring length is not decimal");
        if (++digits > 12) die("netstring length is too long");
        len = len * 10 + (size_t)(c - '0');
    }
    if (digits == 0) die("empty netstring length");
    if (len > ((size_t)1 << 31)) die("netstring longer than 2 GiB");
    uint8_t *buf = arena_alloc(len + 1);
    if (len > 0 && fread(buf, 1, len, stdin) != len) die("unexpected end of input in a netstring");
    buf[len] = 0;
    if (getchar() != ',') die("netstring does not end with ','");
    out->ptr = buf;
    out->len = len;
    return 1;
}

static Bytes next(void) {
    Bytes b;
    read_netstring(&b, 0);
    return b;
}

static int bytes_is(const Bytes *b, const char *s) {
    return b->len == strlen(s) && memcmp(b->ptr, s, b->len) == 0;
}

/* Parses decimal text (optionally signed); exits on anything else. */
static int64_t to_i64(const Bytes *b) {
    if (b->len == 0) die("empty number");
    char *end = NULL;
    errno = 0;
    long long v = strtoll((const char *)b->ptr, &end, 10);
    if (errno != 0 || end != (const char *)b->ptr + b->len) die("not a decimal number");
    return (int64_t)v;
}

/* ------------------------------------------------------------------ JSON output */

/* Writes `s` (len bytes, UTF-8 from libpeeker, may contain NUL) as a JSON string. */
static void json_string(const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\b': fputs("\\b", stdout); break;
        case '\f': fputs("\\f", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                printf("\\u00%c%c", hex[c >> 4], hex[c & 15]);
            } else {
                putchar(c); /* UTF-8 passes through unchanged */
            }
        }
    }
    putchar('"');
}

/* A JSON string or null. */
static void json_opt(const char *s, size_t len) {
    if (s == NULL)
        fputs("null", stdout);
    else
        json_string(s, len);
}

static void json_cstr(const char *s) {
    json_opt(s, s ? strlen(s) : 0);
}

static void end_line(void) {
    putchar('\n');
    fflush(stdout);
}

/* A failed status: the typed error, or {"exception"} for what is not the binding's
 * typed error about the input (an internal error, or the adapter misusing the ABI). */
static void print_error(PeekerStatus st) {
    if (st == PEEKER_STATUS_INTERNAL || st == PEEKER_STATUS_NULL_ARGUMENT || peeker_status_code(st) == NULL) {
        fputs("{\"exception\": ", stdout);
        char buf[512];
        snprintf(buf, sizeof buf, "status %u (%s): %s", (unsigned)st,
                 peeker_status_code(st) ? peeker_status_code(st) : "unknown",
                 peeker_last_error_message() ? peeker_last_error_message() : "");
        json_cstr(buf);
        fputs("}", stdout);
        return;
    }
    fputs("{\"error\": ", stdout);
    json_cstr(peeker_last_error_code());
    fputs("}", stdout);
}

/* ------------------------------------------------------------------ kinds */

static void kind_root_domain(void) {
    Bytes in = next();
    /* The handle-free entry first (its view lives until the next such call on this
     * thread): it must give the same outcome as peeker_root_domain. */
    PeekerDomainView view;
    PeekerStatus fast = peeker_check_root_domain(in.ptr, in.len, &view);
    char *fast_ascii = NULL, *fast_unicode = NULL;
    size_t fast_la = 0, fast_lu = 0;
    if (fast == PEEKER_OK) {
        fast_la = view.ascii_len;
        fast_lu = view.unicode_len;
        fast_ascii = malloc(fast_la + 1);
        fast_unicode = malloc(fast_lu + 1);
        if (!fast_ascii || !fast_unicode) abort();
        memcpy(fast_ascii, view.ascii, fast_la);
        fast_ascii[fast_la] = 0;
        memcpy(fast_unicode, view.unicode, fast_lu);
        fast_unicode[fast_lu] = 0;
    }
    PeekerDomain *d = NULL;
    PeekerStatus st = peeker_root_domain(in.ptr, in.len, &d);
    int agree = fast == st;
    if (agree && st == PEEKER_OK) {
        size_t la = 0, lu = 0;
        const char *a = peeker_domain_ascii(d, &la);
        const char *u = peeker_domain_unicode(d, &lu);
        agree = la == fast_la && lu == fast_lu && memcmp(a, fast_ascii, la) == 0 && memcmp(u, fast_unicode, lu) == 0;
    }
    free(fast_ascii);
    free(fast_unicode);
    if (!agree) {
        if (st == PEEKER_OK) peeker_domain_free(d);
        fputs("{\"exception\": \"peeker_check_root_domain disagrees with peeker_root_domain\"}", stdout);
        return;
    }
    if (st == PEEKER_OK) {
        size_t la = 0, lu = 0;
        const char *a = peeker_domain_ascii(d, &la);
        const char *u = peeker_domain_unicode(d, &lu);
        fputs("{\"ascii\": ", stdout);
        json_opt(a, la);
        fputs(", \"unicode\": ", stdout);
        json_opt(u, lu);
        fputs("}", stdout);
        peeker_domain_free(d);
    } else if (st == PEEKER_STATUS_INTERNAL || st == PEEKER_STATUS_NULL_ARGUMENT) {
        print_error(st);
    } else {
        fputs("{\"error\": ", stdout);
        json_cstr(peeker_last_error_code());
        fputs(", \"suggestion\": ", stdout);
        json_cstr(peeker_last_error_suggestion());
        fputs("}", stdout);
    }
}

static void kind_registrable_domain(void) {
    Bytes in = next();
    char *r = NULL;
    PeekerStatus st = peeker_registrable_domain(in.ptr, in.len, &r);
    if (st == PEEKER_OK) {
        fputs("{\"registrable\": ", stdout);
        json_cstr(r);
        fputs("}", stdout);
        peeker_string_free(r);
    } else {
        print_error(st);
    }
}

static void kind_domain_set(void) {
    Bytes cnt = next();
    int64_t n = to_i64(&cnt);
    if (n < 0 || n > 1000000) die("implausible domain count");
    Bytes *items = arena_alloc(((size_t)n + 1) * sizeof *items);
    PeekerStr *strs = arena_alloc(((size_t)n + 1) * sizeof *strs);
    for (int64_t i = 0; i < n; i++) {
        items[i] = next();
        strs[i].ptr = items[i].ptr;
        strs[i].len = items[i].len;
    }
    PeekerDomainSet *set = NULL;
    PeekerStatus st = peeker_domain_set(strs, (size_t)n, &set);
    if (st == PEEKER_OK) {
        fputs("{\"domains\": [", stdout);
        for (size_t i = 0; i < peeker_domain_set_count(set); i++) {
            size_t len = 0;
            const char *a = peeker_domain_set_ascii(set, i, &len);
            if (i) fputs(", ", stdout);
            json_opt(a, len);
        }
        size_t klen = 0;
        const char *key = peeker_domain_set_key(set, &klen);
        fputs("], \"key\": ", stdout);
        json_opt(key, klen);
        fputs(", \"errors\": [", stdout);
        for (size_t i = 0; i < peeker_domain_set_error_count(set); i++) {
            if (i) fputs(", ", stdout);
            printf("{\"index\": %zu, \"error\": ", peeker_domain_set_error_index(set, i));
            json_cstr(peeker_domain_set_error_code(set, i));
            fputs("}", stdout);
        }
        fputs("]}", stdout);
        peeker_domain_set_free(set);
    } else {
        print_error(st);
    }
}

/* Headers as netstrings: count, then name/value pairs (arena-owned). */
static PeekerHeader *read_headers(size_t *count) {
    Bytes hc = next();
    int64_t nh = to_i64(&hc);
    if (nh < 0 || nh > 10000) die("implausible header count");
    PeekerHeader *hs = arena_alloc(((size_t)nh + 1) * sizeof *hs);
    for (int64_t i = 0; i < nh; i++) {
        Bytes n = next(), v = next();
        hs[i] = (PeekerHeader){n.ptr, n.len, v.ptr, v.len};
    }
    *count = (size_t)nh;
    return hs;
}

/* Kind webhook_diagnose: the core's JSON as it is (the runner reads scheme, key
   and age_seconds). */
static void kind_webhook_diagnose(void) {
    Bytes secret = next();
    size_t nh = 0;
    PeekerHeader *hs = read_headers(&nh);
    Bytes body = next();
    Bytes now_b = next();
    char *json = NULL;
    PeekerStatus st = peeker_webhook_diagnose(secret.ptr, secret.len, hs, nh, body.ptr, body.len,
                                              to_i64(&now_b), &json);
    if (st == PEEKER_OK) {
        fputs(json, stdout);
        peeker_string_free(json);
    } else {
        print_error(st);
    }
}

static void kind_webhook(void) {
    /* Secrets (several for rotation) arrive as a count, then one netstring each (PROTOCOL.md). */
    Bytes sc = next();
    int64_t ns = to_i64(&sc);
    if (ns < 0 || ns > 1000) die("implausible secret count");
    size_t nsec = (size_t)ns;
    PeekerStr *secs = arena_alloc((nsec + 1) * sizeof *secs);
    for (size_t k = 0; k < nsec; k++) {
        Bytes one = next();
        secs[k].ptr = one.ptr;
        secs[k].len = one.len;
    }
    size_t nh = 0;
    PeekerHeader *hs = read_headers(&nh);
    Bytes body = next();
    Bytes now_b = next();
    Bytes tol_b = next();
    int64_t now = to_i64(&now_b);
    uint64_t tol = PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS;
    if (tol_b.len > 0) {
        int64_t t = to_i64(&tol_b);
        if (t < 0) die("negative tolerance");
        tol = (uint64_t)t;
    }
    /* One verifier from its options (a handler makes it once), then the delivery. */
    PeekerVerifierOptions options = {secs, nsec, tol, 0};
    PeekerVerifier *v = NULL;
    PeekerEvent *e = NULL;
    PeekerStatus st = peeker_verifier_new(&options, &v);
    if (st == PEEKER_OK) st = peeker_verifier_verify(v, hs, nh, body.ptr, body.len, now, &e);
    peeker_verifier_free(v);
    if (st == PEEKER_OK) {
        size_t li = 0, lt = 0;
        const char *id = peeker_event_id(e, &li);
        const char *ty = peeker_event_type(e, &lt);
        fputs("{\"ok\": true, \"event_id\": ", stdout);
        json_opt(id, li);
        fputs(", \"event_type\": ", stdout);
        json_opt(ty, lt);
        printf(", \"secret_index\": %td}", (ptrdiff_t)peeker_event_secret_index(e));
        peeker_event_free(e);
    } else {
        print_error(st);
    }
}

/* The dedupe key of one body with the case's API key. */
static PeekerStatus dedupe(const Bytes *api_key, const Bytes *body, char **key_out) {
    *key_out = NULL;
    return peeker_order_dedupe_key(api_key->ptr, api_key->len, body->ptr, body->len, key_out);
}

static void kind_order_dedupe_key(void) {
    Bytes api_key = next();
    Bytes body = next();
    Bytes same = next();
    Bytes differs = next();
    char *key = NULL;
    PeekerStatus st = dedupe(&api_key, &body, &key);
    if (st != PEEKER_OK) {
        print_error(st);
    } else {
        fputs("{\"key\": ", stdout);
        json_cstr(key);
        const Bytes *extra[2] = {&same, &differs};
        const char *names[2] = {"same_as_key", "differs_from_key"};
        for (int i = 0; i < 2; i++) {
            if (extra[i]->len == 0) continue;
            char *k2 = NULL;
            PeekerStatus st2 = dedupe(&api_key, extra[i], &k2);
            printf(", \"%s\": ", names[i]);
            if (st2 == PEEKER_OK)
                json_cstr(k2);
            else
                fputs("null", stdout);
            peeker_string_free(k2);
        }
        fputs("}", stdout);
        peeker_string_free(key);
    }
}

static void kind_response(void) {
    Bytes status_b = next();
    int64_t status = to_i64(&status_b);
    size_t nh = 0;
    PeekerHeader *hs = read_headers(&nh);
    Bytes body = next();
    if (status < 0 || status > 65535) {
        fputs("{\"exception\": \"HTTP status out of range\"}", stdout);
    } else {
        PeekerResponse *r = NULL;
        PeekerStatus st = peeker_response_classify((uint16_t)status, hs, (size_t)nh, body.ptr, body.len, &r);
        if (st == PEEKER_OK) {
            size_t len = 0;
            const char *s;
            printf("{\"ok\": %s, \"error_code\": ", peeker_response_ok(r) ? "true" : "false");
            s = peeker_response_error_code(r, &len);
            json_opt(s, len);
            fputs(", \"field\": ", stdout);
            s = peeker_response_error_field(r, &len);
            json_opt(s, len);
            fputs(", \"retry\": ", stdout);
            json_cstr(peeker_response_retry_name(r));
            uint64_t secs = 0;
            if (peeker_response_retry_after_seconds(r, &secs))
                printf(", \"retry_after_seconds\": %" PRIu64, secs);
            else
                fputs(", \"retry_after_seconds\": null", stdout);
            fputs(", \"request_id\": ", stdout);
            s = peeker_response_request_id(r, &len);
            json_opt(s, len);
            fputs("}", stdout);
            peeker_response_free(r);
        } else {
            print_error(st);
        }
    }
}

/* Kind request: peeker_client_new + peeker_client_build, the one request builder. */
static void kind_request(void) {
    Bytes key = next(), base = next(), op = next(), params = next();
    PeekerClient *c = NULL;
    PeekerStatus st = peeker_client_new(key.ptr, key.len, base.len ? base.ptr : NULL, base.len, NULL, 0, &c);
    PeekerRequest *r = NULL;
    if (st == PEEKER_OK) st = peeker_client_build(c, op.ptr, op.len, params.len ? params.ptr : NULL, params.len, &r);
    if (st != PEEKER_OK) {
        if (st == PEEKER_STATUS_INTERNAL || st == PEEKER_STATUS_NULL_ARGUMENT) {
            print_error(st);
        } else {
            fputs("{\"error\": ", stdout);
            json_cstr(peeker_last_error_code());
            fputs(", \"field\": ", stdout);
            json_cstr(peeker_last_error_field());
            fputs("}", stdout);
        }
        peeker_client_free(c);
        return;
    }
    size_t len = 0;
    const char *v = peeker_request_method(r, &len);
    fputs("{\"method\": ", stdout);
    json_opt(v, len);
    fputs(", \"url\": ", stdout);
    v = peeker_request_url(r, &len);
    json_opt(v, len);
    fputs(", \"headers\": [", stdout);
    for (size_t i = 0; i < peeker_request_header_count(r); i++) {
        fputs(i ? ", [" : "[", stdout);
        v = peeker_request_header_name(r, i, &len);
        json_opt(v, len);
        fputs(", ", stdout);
        v = peeker_request_header_value(r, i, &len);
        json_opt(v, len);
        fputs("]", stdout);
    }
    fputs("], \"body_text\": ", stdout);
    v = peeker_request_body(r, &len);
    json_opt(v, len);
    fputs(peeker_request_retry_safe(r) ? ", \"retry_safe\": true}" : ", \"retry_safe\": false}", stdout);
    peeker_request_free(r);
    peeker_client_free(c);
}

/* Kind retry: peeker_retry_decide, the one retry decision (the operation's retry_safe by name). */
static void kind_retry(void) {
    Bytes op = next(), attempt_b = next(), max_b = next(), net_b = next(), status_b = next();
    size_t nh = 0;
    PeekerHeader *hs = read_headers(&nh);
    Bytes body = next(), jitter_b = next();
    int64_t attempt = to_i64(&attempt_b), status = to_i64(&status_b);
    int64_t max_attempts = max_b.len ? to_i64(&max_b) : 0; /* 0: the default */
    if (attempt < 0 || attempt > UINT32_MAX || max_attempts < 0 || max_attempts > UINT32_MAX || status < 0 ||
        status > 65535) {
        fputs("{\"exception\": \"number out of range\"}", stdout);
        return;
    }
    double jitter = jitter_b.len ? strtod((const char *)jitter_b.ptr, NULL) : 0.0; /* the caller's draw; none: 0 */
    bool safe = false;
    PeekerStatus st = peeker_operation_retry_safe(op.ptr, op.len, &safe);
    if (st != PEEKER_OK) {
        print_error(st);
        return;
    }
    uint32_t net = bytes_is(&net_b, "connect")   ? PEEKER_NETWORK_ERROR_CONNECT
                   : bytes_is(&net_b, "timeout") ? PEEKER_NETWORK_ERROR_TIMEOUT
                                                 : PEEKER_NETWORK_ERROR_NONE;
    PeekerResponse *res = NULL;
    if (net == PEEKER_NETWORK_ERROR_NONE) {
        st = peeker_response_classify((uint16_t)status, hs, nh, body.ptr, body.len, &res);
        if (st != PEEKER_OK) {
            print_error(st);
            return;
        }
    }
    uint64_t delay = 0;
    bool retry = peeker_retry_decide(safe, (uint32_t)attempt, (uint32_t)max_attempts, res, net, jitter, UINT64_MAX,
                                     &delay);
    peeker_response_free(res);
    if (retry)
        printf("{\"retry\": true, \"delay_ms\": %llu}", (unsigned long long)delay);
    else
        fputs("{\"retry\": false, \"delay_ms\": null}", stdout);
}

/* Kind api_response: peeker_client_parse, the one response parser. */
static void kind_api_response(void) {
    Bytes op = next(), status_b = next();
    int64_t status = to_i64(&status_b);
    size_t nh = 0;
    PeekerHeader *hs = read_headers(&nh);
    Bytes body = next();
    if (status < 0 || status > 65535) {
        fputs("{\"exception\": \"HTTP status out of range\"}", stdout);
        return;
    }
    static const char key[] = "pk_test_adapter";
    PeekerClient *c = NULL;
    PeekerStatus st = peeker_client_new((const uint8_t *)key, sizeof key - 1, NULL, 0, NULL, 0, &c);
    PeekerResponse *r = NULL;
    if (st == PEEKER_OK) st = peeker_client_parse(c, op.ptr, op.len, (uint16_t)status, hs, nh, body.ptr, body.len, &r);
    if (st != PEEKER_OK) {
        if (st == PEEKER_STATUS_INTERNAL || st == PEEKER_STATUS_NULL_ARGUMENT) {
            print_error(st);
        } else {
            fputs("{\"ok\": false, \"error_code\": ", stdout);
            json_cstr(peeker_last_error_code());
            fputs("}", stdout);
        }
        peeker_client_free(c);
        return;
    }
    size_t len = 0;
    const char *v;
    if (peeker_response_ok(r)) {
        fputs("{\"ok\": true, \"data\": ", stdout);
        v = peeker_response_data_json(r, &len);
        if (v) fwrite(v, 1, len, stdout); else fputs("null", stdout);
        fputs(", \"next\": ", stdout);
        const PeekerRequest *n = peeker_response_next(r);
        v = n ? peeker_request_url(n, &len) : NULL;
        json_opt(v, len);
    } else {
        fputs("{\"ok\": false, \"error_code\": ", stdout);
        v = peeker_response_error_code(r, &len);
        json_opt(v, len);
        fputs(", \"field\": ", stdout);
        v = peeker_response_error_field(r, &len);
        json_opt(v, len);
        fputs(", \"retry\": ", stdout);
        json_cstr(peeker_response_retry_name(r));
        uint64_t secs = 0;
        if (peeker_response_retry_after_seconds(r, &secs))
            printf(", \"retry_after_seconds\": %" PRIu64, secs);
        else
            fputs(", \"retry_after_seconds\": null", stdout);
    }
    fputs(", \"request_id\": ", stdout);
    v = peeker_response_request_id(r, &len);
    json_opt(v, len);
    fputs("}", stdout);
    peeker_response_free(r);
    peeker_client_free(c);
}

/* The number of elements of the array that is the value of top-level key "actions"
 * in the JSON object `j` (from peeker_tracker_order_json); -1 if there is none. */
static long count_actions(const char *j) {
    const char *p = strstr(j, "\"actions\":");
    if (p == NULL) return -1;
    p = strchr(p, '[');
    if (p == NULL) return -1;
    long n = 0;
    int depth = 0, in_str = 0, any = 0;
    for (; *p; p++) {
        char ch = *p;
        if (in_str) {
            if (ch == '\\' && p[1]) p++;
            else if (ch == '"') in_str = 0;
            continue;
        }
        if (ch == '"') { in_str = 1; if (depth == 1) any = 1; continue; }
        if (ch == '[' || ch == '{') { depth++; if (depth == 2) any = 1; continue; }
        if (ch == ']' || ch == '}') { if (--depth == 0) return any ? n + 1 : 0; continue; }
        if (ch == ',' && depth == 1) n++;
        else if (depth == 1 && ch != ' ') any = 1;
    }
    return -1;
}

/* Kind tracker: each event signed (peeker_webhook_sign) and verified (one
 * PeekerVerifier), the only way an event reaches a tracker, then applied. */
static void kind_tracker(void) {
    static const char secret[] = "whsec_adapter";
    const int64_t ts = 1778241600;
    const char *ts_text = "1778241600";
    Bytes ec = next();
    int64_t ne = to_i64(&ec);
    if (ne < 0 || ne > 100000) die("implausible event count");
    Bytes *evs = arena_alloc(((size_t)ne + 1) * sizeof *evs);
    for (int64_t i = 0; i < ne; i++) evs[i] = next();
    Bytes lists[2][64];
    int64_t counts[2];
    for (int l = 0; l < 2; l++) {
        Bytes cb = next();
        counts[l] = to_i64(&cb);
        if (counts[l] < 0 || counts[l] > 64) die("implausible status/order count");
        for (int64_t i = 0; i < counts[l]; i++) lists[l][i] = next();
    }
    PeekerTracker *t = NULL;
    PeekerStatus st = peeker_tracker_new(&t);
    long applied = 0;
    PeekerStr sec = {(const uint8_t *)secret, sizeof secret - 1};
    PeekerVerifierOptions options = {&sec, 1, PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, 0};
    PeekerVerifier *v = NULL;
    if (st == PEEKER_OK) st = peeker_verifier_new(&options, &v);
    for (int64_t i = 0; st == PEEKER_OK && i < ne; i++) {
        char *sig = NULL;
        st = peeker_webhook_sign(evs[i].ptr, evs[i].len, sec.ptr, sec.len, ts, &sig);
        if (st != PEEKER_OK) break;
        PeekerEvent *e = NULL;
        PeekerHeader h[2] = {{(const uint8_t *)"Peeker-Signature", 16, (const uint8_t *)sig, strlen(sig)},
                             {(const uint8_t *)"Peeker-Timestamp", 16, (const uint8_t *)ts_text, strlen(ts_text)}};
        st = peeker_verifier_verify(v, h, 2, evs[i].ptr, evs[i].len, ts, &e);
        peeker_string_free(sig);
        if (st != PEEKER_OK) break;
        bool fresh = false;
        st = peeker_tracker_apply(t, e, &fresh);
        applied += fresh;
        peeker_event_free(e);
    }
    fputs("{\"statuses\": {", stdout);
    for (int64_t i = 0; st == PEEKER_OK && i < counts[0]; i++) {
        const Bytes *k = &lists[0][i];
        const uint8_t *colon = memchr(k->ptr, ':', k->len);
        if (colon == NULL) die("status key is not KIND:ID");
        char *status = NULL;
        st = peeker_tracker_status(t, k->ptr, (size_t)(colon - k->ptr), colon + 1, k->len - (size_t)(colon - k->ptr) - 1,
                                   &status);
        if (st != PEEKER_OK) break;
        if (i) fputs(", ", stdout);
        json_string((const char *)k->ptr, k->len);
        fputs(": ", stdout);
        json_cstr(status);
        peeker_string_free(status);
    }
    fputs("}, \"orders\": {", stdout);
    for (int64_t i = 0; st == PEEKER_OK && i < counts[1]; i++) {
        const Bytes *id = &lists[1][i];
        char *view = NULL;
        st = peeker_tracker_order_json(t, id->ptr, id->len, &view);
        if (st != PEEKER_OK) break;
        if (i) fputs(", ", stdout);
        json_string((const char *)id->ptr, id->len);
        fputs(": ", stdout);
        if (view == NULL) {
            fputs("null", stdout);
        } else {
            /* The view as the ABI gives it, with the count of its open actions first. */
            printf("{\"open_actions\": %ld, %s", count_actions(view), view + 1);
            peeker_string_free(view);
        }
    }
    printf("}, \"applied\": %ld}", applied);
    peeker_tracker_free(t);
    peeker_verifier_free(v);
    if (st != PEEKER_OK) {
        /* Not a well-formed line any more: say so on a line of its own is impossible,
         * so stop with the reason (the runner reports the missing answers). */
        fprintf(stderr, "peeker-vector-adapter: tracker: status %u: %s\n", (unsigned)st,
                peeker_last_error_message() ? peeker_last_error_message() : "");
        die("tracker call failed");
    }
}

int main(void) {
    for (;;) {
        Bytes kind;
        if (!read_netstring(&kind, 1)) break;
        if (bytes_is(&kind, "root_domain"))
            kind_root_domain();
        else if (bytes_is(&kind, "registrable_domain"))
            kind_registrable_domain();
        else if (bytes_is(&kind, "domain_set"))
            kind_domain_set();
        else if (bytes_is(&kind, "webhook"))
            kind_webhook();
        else if (bytes_is(&kind, "order_dedupe_key"))
            kind_order_dedupe_key();
        else if (bytes_is(&kind, "response"))
            kind_response();
        else if (bytes_is(&kind, "request"))
            kind_request();
        else if (bytes_is(&kind, "api_response"))
            kind_api_response();
        else if (bytes_is(&kind, "tracker"))
            kind_tracker();
        else if (bytes_is(&kind, "retry"))
            kind_retry();
        else if (bytes_is(&kind, "webhook_diagnose"))
            kind_webhook_diagnose();
        else {
            fputs("{\"unsupported\": true}", stdout);
            end_line();
            fprintf(stderr, "peeker-vector-adapter: unknown kind \"%s\"; stopping (its fields cannot be skipped)\n",
                    (const char *)kind.ptr);
            arena_reset();
            free(g_arena);
            return 3;
        }
        end_line();
        arena_reset();
    }
    free(g_arena);
    peeker_last_error_clear();
    return 0;
}
