/* C side of rows 10 and 10b of tests/bench/run: validate every domain of
 * DATA_DIR/domains.txt through the C ABI and read both forms of each valid one.
 *   row 10  ("c-abi"):        peeker_check_root_domain (the fastest public call that
 *                             gives both forms: borrowed per-thread results, nothing
 *                             to free); Rust side: check_root_domain with a reused
 *                             DomainBuf ("c-baseline" of peeker-bench).
 *   row 10b ("c-abi-handle"): peeker_root_domain, both accessors, peeker_domain_free;
 *                             Rust side: normalize_root_domain ("c-baseline-handle").
 * Prints one JSON object per line.
 *
 * usage: bench DATA_DIR SECONDS_PER_ROUND ROUNDS */
#include "peeker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static const char **starts;
static size_t *lens;
static size_t count;
static volatile size_t sink;

static size_t pass_check(void) {
  size_t ok = 0;
  for (size_t i = 0; i < count; i++) {
    PeekerDomainView v;
    if (peeker_check_root_domain((const uint8_t *)starts[i], lens[i], &v) == PEEKER_STATUS_OK) {
      sink += (size_t)(v.ascii != NULL) + (size_t)(v.unicode != NULL) + v.ascii_len + v.unicode_len;
      ok++;
    }
  }
  return ok;
}

static size_t pass_handle(void) {
  size_t ok = 0;
  for (size_t i = 0; i < count; i++) {
    PeekerDomain *d = NULL;
    if (peeker_root_domain((const uint8_t *)starts[i], lens[i], &d) == PEEKER_STATUS_OK) {
      size_t a = 0, u = 0;
      const char *ascii = peeker_domain_ascii(d, &a);
      const char *unicode = peeker_domain_unicode(d, &u);
      sink += (size_t)(ascii != NULL) + (size_t)(unicode != NULL) + a + u;
      peeker_domain_free(d);
      ok++;
    }
  }
  return ok;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void run(const char *group, const char *name, size_t (*pass)(void), double secs, int rounds) {
  size_t ok = pass(); /* warm-up and the check value */
  double *samples = malloc((size_t)rounds * sizeof *samples);
  for (int r = 0; r < rounds; r++) {
    double t0 = now_ns(), t;
    long passes = 0;
    do {
      pass();
      passes++;
      t = now_ns();
    } while (t - t0 < secs * 1e9);
    samples[r] = (t - t0) / ((double)passes * (double)count);
  }
  qsort(samples, (size_t)rounds, sizeof *samples, cmp);
  double med = samples[rounds / 2];
  printf("{\"group\":\"%s\",\"name\":\"%s\",\"ns_per_op\":%.2f,\"ops_per_sec\":%.0f,\"ops\":%zu,\"check\":%zu,\"samples\":[",
         group, name, med, 1e9 / med, count, ok);
  for (int r = 0; r < rounds; r++) printf("%s%.2f", r ? "," : "", samples[r]);
  printf("]}\n");
  free(samples);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s DATA_DIR SECONDS_PER_ROUND ROUNDS\n", argv[0]);
    return 2;
  }
  double secs = atof(argv[2]);
  int rounds = atoi(argv[3]);
  char path[4096];
  snprintf(path, sizeof path, "%s/domains.txt", argv[1]);
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
    perror("read");
    return 1;
  }
  fclose(f);
  text[n] = '\0';
  size_t cap = 1;
  for (long i = 0; i < n; i++) cap += text[i] == '\n';
  starts = malloc(cap * sizeof *starts);
  lens = malloc(cap * sizeof *lens);
  for (char *p = text; *p;) {
    char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len) {
      starts[count] = p;
      lens[count] = len;
      count++;
    }
    if (!e) break;
    p = e + 1;
  }
  run("c-abi", "peeker_check_root_domain", pass_check, secs, rounds);
  run("c-abi-handle", "peeker_root_domain", pass_handle, secs, rounds);
  return 0;
}
