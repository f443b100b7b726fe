"""Python side of tests/bench/run: row 8 (domain validation against tldextract
with its bundled snapshot, no network: the batch API, per domain; 8b the
one-call-per-domain API) and row 9 (webhook verification against
hand-written hmac.compare_digest code). Prints one JSON object per line.

usage: python bench.py DATA_DIR SECONDS_PER_ROUND ROUNDS
"""
import hashlib
import hmac
import json
import os
import pathlib
import sys
import time

import peeker
import tldextract


def round_(fn, ops, secs):
    t0 = time.perf_counter_ns()
    passes = 0
    while True:
        fn()
        passes += 1
        if time.perf_counter_ns() - t0 >= secs * 1e9:
            break
    return (time.perf_counter_ns() - t0) / (passes * ops)


def compare(group, ops, cands, secs, rounds):
    checks = [f() for _, f in cands]
    samples = [[] for _ in cands]
    for _ in range(rounds):
        for i, (_, f) in enumerate(cands):
            samples[i].append(round_(f, ops, secs))
    for i, (name, _) in enumerate(cands):
        s = sorted(samples[i])
        med = s[len(s) // 2]
        print(json.dumps({"group": group, "name": name, "ns_per_op": round(med, 2), "ops_per_sec": round(1e9 / med),
                          "ops": ops, "check": checks[i], "samples": [round(x, 2) for x in s]}), flush=True)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    data = pathlib.Path(sys.argv[1])
    secs = float(sys.argv[2])
    rounds = int(sys.argv[3])

    # ---- Row 8: domains. A sample of the 100k (tldextract takes microseconds each). ----
    domains = [d for d in (data / "domains.txt").read_text(encoding="utf-8").split("\n") if d][:20000]
    # The bundled snapshot only: no list URL to fetch, no cache directory.
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def ours_batch():
        # One call for the whole list; both forms and the codes materialised as lists.
        r = peeker.normalize_root_domains(domains)
        ascii_, unicode_, codes = r.ascii, r.unicode, r.codes
        assert len(ascii_) == len(unicode_) == len(codes) == len(domains)
        return r.valid_count

    def ours():
        ok = 0
        for d in domains:
            try:
                peeker.normalize_root_domain(d)
                ok += 1
            except peeker.PeekerError:
                pass
        return ok

    def anchor():
        ok = 0
        for d in domains:
            if extract(d).top_domain_under_public_suffix:
                ok += 1
        return ok

    if os.environ.get("BENCH_ONLY") != "webhooks":
        compare("python-domains", len(domains), [("peeker.normalize_root_domains", ours_batch), ("tldextract", anchor),
                                                 ("peeker.normalize_root_domain", ours)], secs, rounds)

    # ---- Row 9: webhooks ----
    wh = json.loads((data / "webhook.json").read_text(encoding="utf-8"))
    body = wh["body"].encode()
    secret = wh["secret"]
    headers = {"Peeker-Signature": wh["signature"], "Peeker-Timestamp": str(wh["timestamp"]), "Content-Type": "application/json"}
    now = wh["now"]
    key = secret.encode()

    def verify_ours():
        return 1 if peeker.verify_webhook(body, headers, secret, now=now).type == "order.completed" else 0

    def verify_by_hand():
        # What a careful hand-written handler does: same checks, same parse.
        ts = headers["Peeker-Timestamp"]
        if abs(now - int(ts)) > 300:
            raise ValueError("old")
        expected = hmac.new(key, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        given = [v[3:] for v in headers["Peeker-Signature"].split(",") if v.strip().startswith("v1=")]
        if not any(hmac.compare_digest(expected, g.strip()) for g in given):
            raise ValueError("mismatch")
        return 1 if json.loads(body)["type"] == "order.completed" else 0

    compare("python-webhook", 1, [("peeker.verify_webhook", verify_ours), ("hmac.compare_digest+json.loads", verify_by_hand)], secs, rounds)


if __name__ == "__main__":
    main()
