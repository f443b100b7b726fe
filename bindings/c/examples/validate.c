/*
 * validate: checks the domains given as arguments, the way an import form would.
 *
 *   $ target/c/validate acme.com mail.acme.co.uk https://www.acme.co.uk/pricing
 *   ok       acme.com                          -> acme.com
 *   error    mail.acme.co.uk                   subdomain: mail.acme.co.uk is a subdomain; enter acme.co.uk.
 *            did you mean acme.co.uk?
 *   error    https://www.acme.co.uk/pricing    not_a_domain: https://www.acme.co.uk/pricing is a URL, ...
 *            did you mean acme.co.uk?
 *
 * Then it checks them as one import request and prints the import-set key.
 * Exit status: 0 when every domain is valid, 1 otherwise, 2 on usage errors.
 */
#include <peeker.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DOMAIN...\n(libpeeker %s, Public Suffix List %s)\n", argv[0], peeker_version(),
                peeker_psl_version());
        return 2;
    }
    int invalid = 0;
    for (int i = 1; i < argc; i++) {
        PeekerDomain *d = NULL;
        PeekerStatus st = peeker_root_domain((const uint8_t *)argv[i], strlen(argv[i]), &d);
        if (st == PEEKER_OK) {
            printf("ok       %-32s  -> %s", argv[i], peeker_domain_ascii(d, NULL));
            if (strcmp(peeker_domain_ascii(d, NULL), peeker_domain_unicode(d, NULL)) != 0)
                printf(" (%s)", peeker_domain_unicode(d, NULL));
            printf("\n");
            peeker_domain_free(d);
        } else {
            invalid++;
            printf("error    %-32s  %s: %s\n", argv[i], peeker_last_error_code(), peeker_last_error_message());
            if (peeker_last_error_suggestion() != NULL)
                printf("         did you mean %s?\n", peeker_last_error_suggestion());
        }
    }

    /* The same list as one import request. */
    size_t n = (size_t)argc - 1;
    PeekerStr *inputs = calloc(n, sizeof *inputs);
    if (inputs == NULL) return 2;
    for (size_t i = 0; i < n; i++) {
        inputs[i].ptr = (const uint8_t *)argv[i + 1];
        inputs[i].len = strlen(argv[i + 1]);
    }
    PeekerDomainSet *set = NULL;
    if (peeker_domain_set(inputs, n, &set) != PEEKER_OK) {
        fprintf(stderr, "%s: %s\n", peeker_last_error_code(), peeker_last_error_message());
        free(inputs);
        return 2;
    }
    free(inputs);
    printf("\n%zu unique valid domain(s), %zu invalid\n", peeker_domain_set_count(set),
           peeker_domain_set_error_count(set));
    if (peeker_domain_set_check(set, (const uint8_t *)"import", 6) == PEEKER_OK) {
        printf("import-set key: %s\n", peeker_domain_set_key(set, NULL));
    } else {
        printf("not importable as one request: %s (%s)\n", peeker_last_error_message(),
               peeker_last_error_code());
    }
    peeker_domain_set_free(set);
    return invalid == 0 ? 0 : 1;
}
