/*
 * webhook_server.c: a minimal Peeker webhook receiver in C, on libmicrohttpd.
 *
 * It listens on 127.0.0.1 only, accepts POST /webhooks/peeker, verifies each
 * delivery with libpeeker over the RAW body bytes and the Peeker-* header values,
 * feeds verified events to an order tracker (deduplicated on the event id), and
 * answers:
 *   200 {"received": "<evt id>", "type": "...", "duplicate": false, "order": {...}|null}
 *   400 {"error": "<code>"}   missing or malformed headers, body not an event
 *   401 {"error": "<code>"}   signature mismatch, timestamp out of tolerance
 *   413 {"error": "payload_too_large"}
 *   404 / 405                 other paths / methods
 *
 *   PEEKER_WEBHOOK_SECRET=whsec_... [PEEKER_WEBHOOK_SECRET_PREVIOUS=whsec_...] \
 *       webhook_server [PORT]        # PORT 0 or absent: any free port
 *
 * It prints "listening on http://127.0.0.1:PORT/webhooks/peeker" once ready, then
 * "accepted EVENT_ID TYPE[ (duplicate)] order ORDER_JSON|null" per verified delivery
 * (refusals go to stderr with their cause), and stops cleanly on SIGINT or SIGTERM. The second secret is for rotation: a
 * delivery signed with either is accepted.
 *
 * Build (see bindings/c/Makefile, target webhook_server):
 *   gcc -std=c11 -I ffi/include webhook_server.c -o webhook_server \
 *       target/release/libpeeker.a -lmicrohttpd -lpthread -ldl -lm -lrt -lutil -lgcc_s
 */
#include <peeker.h>

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define PATH "/webhooks/peeker"

/* Read at most one byte more than libpeeker accepts: enough to say "too large". */
#define MAX_BODY PEEKER_WEBHOOK_MAX_BODY_BYTES

/* One request's body as it arrives. */
struct body {
    char *data;
    size_t len;
    int too_large;
};

/* The verifier (made once at start-up: the secrets keyed once, shared by every
   thread) and the tracker; one MHD thread calls us, but the tracker is guarded
   anyway, as a multi-threaded server would have to. */
static PeekerVerifier *g_verifier;
static PeekerTracker *g_tracker;
static pthread_mutex_t g_tracker_lock = PTHREAD_MUTEX_INITIALIZER;

/* Whether `s` can go between JSON quotes as is (no quote, backslash or control character). */
static int json_safe(const char *s) {
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20) return 0;
    return 1;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *json) {
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_MUST_COPY);
    if (r == NULL) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* 401 for deliveries that are not authentic (or stale), 413 for huge ones, 400 for the rest. */
static unsigned status_for(PeekerStatus st) {
    switch (st) {
    case PEEKER_STATUS_SIGNATURE_MISMATCH:
    case PEEKER_STATUS_TIMESTAMP_OUT_OF_TOLERANCE:
        return MHD_HTTP_UNAUTHORIZED;
    case PEEKER_STATUS_PAYLOAD_TOO_LARGE:
        return MHD_HTTP_CONTENT_TOO_LARGE;
    case PEEKER_STATUS_INTERNAL:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    default:
        return MHD_HTTP_BAD_REQUEST;
    }
}

/* Up to MAX_HEADERS of a request's headers, borrowed from libmicrohttpd for the call. */
#define MAX_HEADERS 64
struct headers {
    PeekerHeader items[MAX_HEADERS];
    size_t count;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    struct headers *h = cls;
    if (h->count == MAX_HEADERS) return MHD_NO; /* enough: stop iterating */
    h->items[h->count++] = (PeekerHeader){(const uint8_t *)key, strlen(key), (const uint8_t *)value,
                                          value ? strlen(value) : 0};
    return MHD_YES;
}

static enum MHD_Result handle_delivery(struct MHD_Connection *conn, const struct body *b) {
    char out[512];
    if (b->too_large) {
        snprintf(out, sizeof out, "{\"error\": \"%s\"}", peeker_status_code(PEEKER_STATUS_PAYLOAD_TOO_LARGE));
        return reply(conn, MHD_HTTP_CONTENT_TOO_LARGE, out);
    }
    /* The request's headers as name/value pairs: libpeeker picks Peeker's out of them. */
    struct headers h = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &h);

    PeekerEvent *event = NULL;
    PeekerStatus st =
        peeker_verifier_verify(g_verifier, h.items, h.count, (const uint8_t *)b->data, b->len, (int64_t)time(NULL), &event);
    if (st != PEEKER_OK) {
        /* The message names the likely cause (re-serialised body, wrong secret, clock); log it, never the secret
           (libpeeker never puts one in a message). Answer only the stable code. */
        fprintf(stderr, "webhook_server: refused: %s: %s\n", peeker_last_error_code(), peeker_last_error_message());
        snprintf(out, sizeof out, "{\"error\": \"%s\"}", peeker_status_code(st));
        return reply(conn, status_for(st), out);
    }

    /* Verified: dedupe and track. Only the tracker needs the lock. */
    bool applied = false;
    char *order = NULL;
    pthread_mutex_lock(&g_tracker_lock);
    st = peeker_tracker_apply(g_tracker, event, &applied);
    if (st == PEEKER_OK) {
        /* Orders are tracked by their id: order.* events carry it as data.id, domain.* as data.order_id.
           A real handler would parse peeker_event_data_json(); this one asks for both ids it may hold. */
        const char *data = peeker_event_data_json(event, NULL);
        const char *keys[] = {"\"order_id\":\"", "\"id\":\""};
        for (size_t k = 0; k < 2 && order == NULL && data != NULL; k++) {
            const char *p = strstr(data, keys[k]);
            if (p == NULL) continue;
            p += strlen(keys[k]);
            const char *end = strchr(p, '"');
            if (end != NULL && strncmp(p, "ord_", 4) == 0)
                peeker_tracker_order_json(g_tracker, (const uint8_t *)p, (size_t)(end - p), &order);
        }
    }
    pthread_mutex_unlock(&g_tracker_lock);

    /* Event ids are evt_ + a ULID in practice; never trust them to be JSON-safe anyway. */
    const char *eid = peeker_event_id(event, NULL), *etype = peeker_event_type(event, NULL);
    int safe = json_safe(eid) && json_safe(etype);
    size_t need = strlen(eid) + strlen(etype) + (order ? strlen(order) : 4) + 96;
    char *resp = malloc(need);
    if (resp == NULL || !safe) {
        free(resp);
        peeker_string_free(order);
        peeker_event_free(event);
        return reply(conn, MHD_HTTP_OK, "{\"received\": true}");
    }
    snprintf(resp, need, "{\"received\": \"%s\", \"type\": \"%s\", \"duplicate\": %s, \"order\": %s}", eid, etype,
             applied ? "false" : "true", order ? order : "null");
    /* One line per accepted delivery, for the operator (and the end-to-end test). */
    printf("accepted %s %s%s order %s\n", eid, etype, applied ? "" : " (duplicate)", order ? order : "null");
    /* Act on the event types you handle (the PEEKER_EVENT_* names of peeker.h), once per event id; any
       other type, including one newer than this header, is still verified, tracked and answered 200. */
    if (applied && strcmp(etype, PEEKER_EVENT_ORDER_COMPLETED) == 0)
        printf("order completed: its inboxes are being pushed to Smartlead\n");
    fflush(stdout);
    enum MHD_Result ret = reply(conn, MHD_HTTP_OK, resp);
    free(resp);
    peeker_string_free(order);
    peeker_event_free(event);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
    (void)cls;
    (void)version;
    if (strcmp(url, PATH) != 0) return reply(conn, MHD_HTTP_NOT_FOUND, "{\"error\": \"not_found\"}");
    if (strcmp(method, "POST") != 0) return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "{\"error\": \"use POST\"}");

    struct body *b = *con_cls;
    if (b == NULL) { /* first call: headers only */
        b = calloc(1, sizeof *b);
        if (b == NULL) return MHD_NO;
        *con_cls = b;
        return MHD_YES;
    }
    if (*upload_data_size > 0) { /* a chunk of the raw body: keep the bytes exactly */
        size_t n = *upload_data_size;
        if (!b->too_large) {
            if (b->len + n > MAX_BODY) {
                b->too_large = 1;
            } else {
                char *grown = realloc(b->data, b->len + n);
                if (grown == NULL) return MHD_NO;
                memcpy(grown + b->len, upload_data, n);
                b->data = grown;
                b->len += n;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    return handle_delivery(conn, b); /* the whole body is in */
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)conn;
    (void)toe;
    struct body *b = *con_cls;
    if (b != NULL) {
        free(b->data);
        free(b);
        *con_cls = NULL;
    }
}

int main(int argc, char **argv) {
    const char *secret = getenv("PEEKER_WEBHOOK_SECRET");
    const char *previous = getenv("PEEKER_WEBHOOK_SECRET_PREVIOUS");
    if (secret == NULL || argc > 2) {
        fprintf(stderr, "usage: PEEKER_WEBHOOK_SECRET=whsec_... %s [PORT]\n", argv[0]);
        return 2;
    }
    PeekerStr secrets[2];
    size_t secret_count = 0;
    secrets[secret_count++] = (PeekerStr){(const uint8_t *)secret, strlen(secret)};
    if (previous != NULL && *previous != '\0')
        secrets[secret_count++] = (PeekerStr){(const uint8_t *)previous, strlen(previous)};
    PeekerVerifierOptions options = {secrets, secret_count, PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS, MAX_BODY};
    if (peeker_verifier_new(&options, &g_verifier) != PEEKER_OK) {
        fprintf(stderr, "webhook_server: %s: %s\n", peeker_last_error_code(), peeker_last_error_message());
        return 2;
    }
    long port = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
    if (port < 0 || port > 65535) {
        fprintf(stderr, "webhook_server: bad port %s\n", argv[1]);
        return 2;
    }
    if (peeker_tracker_new(&g_tracker) != PEEKER_OK) {
        peeker_verifier_free(g_verifier);
        return 1;
    }

    /* Block SIGINT/SIGTERM in every thread (MHD's inherits the mask); main waits for them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
                                            NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "webhook_server: cannot listen on 127.0.0.1:%ld\n", port);
        peeker_tracker_free(g_tracker);
        peeker_verifier_free(g_verifier);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://127.0.0.1:%u" PATH "\n", info ? (unsigned)info->port : (unsigned)port);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);

    /* A real handler stores the tracker between runs (peeker_tracker_to_json / _from_json). */
    char *state = NULL;
    if (peeker_tracker_to_json(g_tracker, &state) == PEEKER_OK)
        fprintf(stderr, "webhook_server: stopped after %zu events\n", peeker_tracker_events_seen(g_tracker));
    peeker_string_free(state);
    peeker_tracker_free(g_tracker);
    peeker_verifier_free(g_verifier);
    return 0;
}
