#!/usr/bin/env python3
"""Turns the JSON lines of tests/bench/run into the table of issue 6, prints it,
and (with --write) writes BENCHMARKS.md. Ratios are ours / anchor: for throughput
higher is better (anchor time / our time), for size lower is better."""
import argparse
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess

p = argparse.ArgumentParser()
p.add_argument("--results", required=True)
p.add_argument("--root", required=True)
p.add_argument("--write")
p.add_argument("--load-before", default="")
p.add_argument("--load-after", default="")
p.add_argument("--seconds", default="")
p.add_argument("--build-seconds", default="")
p.add_argument("--npm-anchors", default="")
p.add_argument("--py-anchors", default="")
p.add_argument("--python", default="python3")
a = p.parse_args()
root = pathlib.Path(a.root)

rows = []
for f in sorted(pathlib.Path(a.results).glob("*.jsonl")):
    for line in f.read_text().splitlines():
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))


def get(group, name=None, prefix=None):
    for r in rows:
        if r["group"] == group and (name is None or r["name"] == name) and (prefix is None or r["name"].startswith(prefix)):
            return r
    return None


def fmt_ns(ns):
    if ns >= 10_000:
        return f"{ns / 1000:.1f} µs"
    if ns >= 1000:
        return f"{ns / 1000:.2f} µs"
    return f"{ns:.0f} ns"


def fmt_kb(b):
    return f"{b / 1000:.1f} KB"


table = []  # (row, what, ours, anchor, ratio, target, met)


def throughput(row, what, ours, anchor, target, note=""):
    if not ours or not anchor:
        table.append((row, what, "missing", "missing", "–", f"≥ {target}×", "no data"))
        return
    ratio = anchor["ns_per_op"] / ours["ns_per_op"]
    met = "yes" if ratio >= target else "no"
    table.append((row, what, f"{ours['name']}: {fmt_ns(ours['ns_per_op'])}/op", f"{anchor['name']}: {fmt_ns(anchor['ns_per_op'])}/op",
                  f"{ratio:.2f}×", f"≥ {target}×", met + note))


# 1
nd = get("node-domains", "peeker.normalizeRootDomain")
nd_check = get("node-domains", "peeker.checkRootDomain")
tl = get("node-domains", "tldts.getDomain")
if nd_check:
    # The row measures the fastest public API doing the full validation; 1b the throwing one.
    throughput("1", "Node: validate 100k domains (non-throwing API, `checkRootDomain`)", nd_check, tl, 1.0)
    throughput("1b", "Node: the same, throwing API (`normalizeRootDomain`)", nd, tl, 1.0)
else:
    throughput("1", "Node: validate 100k domains (throwing API, `normalizeRootDomain`)", nd, tl, 1.0)
# 2, 3
nw = get("node-webhook", "peeker.verifyWebhook")
throughput("2", "Node: verify + parse a 2 KB webhook", nw, get("node-webhook", "stripe.webhooks.constructEvent"), 1.0)
throughput("3", "Node: the same", nw, get("node-webhook", "standardwebhooks.verify"), 2.0)
throughput("2b", "Node: the same against the practical floor (hand-written `createHmac` + `timingSafeEqual` + `JSON.parse`)", nw, get("node-webhook", "node:crypto+JSON.parse"), 0.8)
# 4
sb, st = get("size-browser", "peeker"), get("size-browser", "tldts")
if sb and st:
    table.append(("4", "Browser: gzip of wasm + JS glue for domain validation (whole PSL + IDNA)", f"{fmt_kb(sb['bytes_gzip'])} ({', '.join(os.path.basename(x) for x in sb['files'])})",
                  f"tldts: {fmt_kb(st['bytes_gzip'])}", f"{sb['bytes_gzip'] / st['bytes_gzip']:.2f}×", "≤ 120 KB", "yes" if sb["bytes_gzip"] <= 120_000 else "no"))
sn = get("size-npm", "peeker")
if sn:
    table.append(("5", "Whole npm package, gzip (`npm pack`)", f"{fmt_kb(sn['bytes_gzip'])} ({sn['files']} files, {fmt_kb(sn['unpacked'])} unpacked)", "—", "—", "≤ 250 KB",
                  "yes" if sn["bytes_gzip"] <= 250_000 else "no"))
# 6
rp = get("domains", "peeker")
throughput("6a", "Rust: root-domain validation, 100k domains (`check_root_domain`: both forms or the error code)", rp, get("domains", "addr"), 1.0)
throughput("6b", "Rust: the same", rp, get("domains", "idna+psl"), 1.0)
if get("domains", "peeker normalize_root_domain"):
    throughput("6c", "Rust: the same, owned result or an `Error` with message (`normalize_root_domain`; not the row's measure)",
               get("domains", "peeker normalize_root_domain"), get("domains", "addr"), 1.0)
# 7
throughput("7a", "Rust: verify a 2 KB webhook (signature + timestamp)", get("webhook-signature", "peeker"), get("webhook-signature", "hmac+sha2"), 0.9)
throughput("7b", "Rust: verify + parse the event (same work on both sides)", get("webhook-verify-parse", "peeker"), get("webhook-verify-parse", "hmac+sha2+serde_json"), 0.9)
# 8, 9
throughput("8", "Python: validate domains (20k of the 100k; one batch call, both forms and codes as lists; per domain)", get("python-domains", "peeker.normalize_root_domains"), get("python-domains", "tldextract"), 10.0)
if get("python-domains", "peeker.normalize_root_domain"):
    throughput("8b", "Python: the same, one call per domain", get("python-domains", "peeker.normalize_root_domain"), get("python-domains", "tldextract"), 10.0)
throughput("9", "Python: verify + parse a 2 KB webhook", get("python-webhook", "peeker.verify_webhook"), get("python-webhook", "hmac.compare_digest+json.loads"), 0.5)
# 10
for row, what, cg, rg, rname in (
    ("10", "C: validate a domain through the C ABI (100k; `peeker_check_root_domain`, both forms read, nothing to free)", "c-abi", "c-baseline",
     "Rust `check_root_domain`"),
    ("10b", "C: the same with a handle (`peeker_root_domain`, both forms read, `peeker_domain_free`)", "c-abi-handle", "c-baseline-handle",
     "Rust `normalize_root_domain`"),
):
    c_runs = [r["ns_per_op"] for r in rows if r["group"] == cg]
    r_runs = [r["ns_per_op"] for r in rows if r["group"] == rg]
    if c_runs and r_runs:
        c, r = statistics.median(c_runs), statistics.median(r_runs)
        over = c - r
        table.append((row, what, f"C ABI: {fmt_ns(c)}/call", f"{rname}: {fmt_ns(r)}/call",
                      f"{r / c:.2f}× (overhead {over:.0f} ns)", "overhead ≤ 100 ns", "yes" if over <= 100 else "no"))

# Memory
mem_lines = []
rss = get("memory", "rss-after-require")
if rss:
    line = (f"- Node RSS after `require('@peeker/sdk')` (the module is compiled at "
            f"the first call, not at `require`): {rss['bytes'] / 2**20:.1f} MiB "
            f"({rss['delta_bytes'] / 2**20:+.1f} MiB over a bare `node` at {rss['baseline_bytes'] / 2**20:.1f} MiB)")
    used = get("memory", "rss-after-webhook")
    if used:
        line += (f"; after one `verifyWebhook` (the module loaded): {used['bytes'] / 2**20:.1f} MiB "
                 f"({used['delta_bytes'] / 2**20:+.1f} MiB)")
    mem_lines.append(line + ".")
wm = get("memory", "wasm-linear-memory")
if wm:
    grew = wm["after_bytes"] - wm["before_bytes"]
    check = (f"{wm['check_calls']:,} `checkRootDomain` calls ({wm['after_check_calls_bytes']:,} B after them), "
             if wm.get("check_calls") else "")
    mem_lines.append(f"- WebAssembly linear memory over {wm['calls']:,} `normalizeRootDomain` calls (the 100k mix, valid and invalid), "
                     f"{check}then {wm['webhook_calls']:,} `verifyWebhook` calls: {wm['before_bytes']:,} B before, {wm['after_domain_calls_bytes']:,} B after the "
                     f"`normalizeRootDomain` calls, {wm['after_bytes']:,} B at the end: " + ("**no growth**." if grew == 0 else f"**grew by {grew:,} B**."))


# Machine
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"


cpu = "?"
try:
    m = re.search(r"^model name\s*:\s*(.*)$", pathlib.Path("/proc/cpuinfo").read_text(), re.M)
    cpu = m.group(1) if m else platform.processor()
except OSError:
    pass
osname = platform.platform()
try:
    m = re.search(r'^PRETTY_NAME="?(.*?)"?$', pathlib.Path("/etc/os-release").read_text(), re.M)
    osname = f"{m.group(1)}, Linux {platform.release()}" if m else osname
except OSError:
    pass
psl = "?"
m = re.search(r"^// VERSION: (\S+)", (root / "core/data/public_suffix_list.dat").read_text(encoding="utf-8"), re.M)
if m:
    psl = m.group(1)
machine = [
    f"- CPU: {cpu}, {os.cpu_count()} cores; OS: {osname}",
    f"- Node {sh('node', '--version')}, {sh(a.python, '--version')}, {sh('rustc', '--version')}",
    f"- Public Suffix List {psl} (whole list: ICANN and private sections); anchors: npm {a.npm_anchors}; PyPI {a.py_anchors}; crates addr 0.15.6, psl 2.1.247, idna 1, hmac 0.12, sha2 0.10",
    f"- Load average (1, 5, 15 min) before the measurements: {a.load_before}; after: {a.load_after}. "
    f"Run took {a.seconds} s ({a.build_seconds} s of it building).",
]

hdr = ("| # | what | ours | anchor | ratio (ours/anchor) | target | met |", "|---|---|---|---|---|---|---|")
lines = list(hdr) + ["| " + " | ".join(t) + " |" for t in table]
text = "\n".join(lines)
print("\n".join(machine))
print()
print(text)
print()
print("\n".join(mem_lines))

if a.write:
    path = pathlib.Path(a.write)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = ""
    m = re.search(r"<!-- notes -->\n(.*)", old, re.S)
    if m:
        notes = m.group(1)
    out = [
        "# Benchmarks",
        "",
        "Written by `bash tests/bench/run` (see `tests/bench/README.md`); the table below is one run, regenerate it",
        "rather than editing it. Throughput ratios are anchor time / our time (higher is better, 1.00× = as fast);",
        "size ratios are ours / anchor (lower is better). Medians of interleaved rounds; nothing fails on a timing.",
        "",
        "## Machine",
        "",
        *machine,
        "",
        "## Results",
        "",
        text,
        "",
        "## Memory",
        "",
        *mem_lines,
        "",
        "<!-- notes -->",
        notes.strip() + "\n" if notes.strip() else "",
    ]
    path.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {path}")
