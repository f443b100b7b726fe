#!/usr/bin/env python3
"""Writes THIRD-PARTY-LICENSES.md for an artefact with compiled code: every crate that
`cargo tree -e normal` lists for the given package and target, with its licence
expression, and the licence files of those crates (each distinct text once: texts that differ
only in white space are one, and the Apache-2.0 terms are given once, with each crate's own
copyright notice where its copy of the appendix carries one; when those terms are the ones of the
project's LICENSE-APACHE, which every artefact carries beside this file, they are named, not repeated).
Usage: third_party.py PACKAGE TARGET OUT"""
import hashlib
import json
import os
import re
import subprocess
import sys

pkg, target, out = sys.argv[1:4]
tree = subprocess.run(
    ["cargo", "tree", "-p", pkg, "-e", "normal", "--target", target, "--prefix", "none", "-f", "{p}"],
    check=True, capture_output=True, text=True).stdout
wanted = set()
for line in tree.splitlines():
    m = re.match(r"(\S+) v(\S+)", line)
    if m:
        wanted.add((m.group(1), m.group(2)))
meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1"], check=True,
                                 capture_output=True, text=True).stdout)
workspace = set(meta["workspace_members"])
texts: dict[str, tuple[str, list[str]]] = {}
# Apache-2.0 copies: the terms are the same text; a copy whose appendix fills in the
# boilerplate notice ("Copyright [yyyy] ...") keeps that notice, listed under the terms.
notices: dict[str, tuple[str, list[str]]] = {}
APACHE_END = "END OF TERMS AND CONDITIONS"


def key_of(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "LICENSE-APACHE"), encoding="utf-8") as fh:
    OWN_APACHE = key_of(fh.read().split(APACHE_END, 1)[0])
rows = []
for p in sorted(meta["packages"], key=lambda p: (p["name"], p["version"])):
    if (p["name"], p["version"]) not in wanted or p["id"] in workspace:
        continue
    name = f'{p["name"]} {p["version"]}'
    rows.append(f'| {p["name"]} | {p["version"]} | {p.get("license") or "see its files"} |')
    d = os.path.dirname(p["manifest_path"])
    found = False
    for f in sorted(os.listdir(d)):
        if re.match(r"(LICEN[CS]E|COPYING|NOTICE|UNLICENSE)", f, re.I) and os.path.isfile(os.path.join(d, f)):
            with open(os.path.join(d, f), encoding="utf-8", errors="replace") as fh:
                t = fh.read().strip()
            user = f"{name} ({f})"
            if t.startswith("Apache License") and APACHE_END in t:
                terms, appendix = t.split(APACHE_END, 1)
                texts.setdefault(key_of(terms), (terms.rstrip() + "\n\n" + APACHE_END, []))[1].append(user)
                filled = appendix[appendix.find("Copyright"):] if "Copyright" in appendix else ""
                if filled and "[yyyy]" not in filled:
                    notices.setdefault(key_of(filled), (filled.strip(), []))[1].append(user)
            else:
                texts.setdefault(key_of(t), (t, []))[1].append(user)
            found = True
    if not found and p.get("license_file"):
        rows[-1] += " licence file not found"
with open(out, "w", encoding="utf-8") as fh:
    fh.write("# Third-party licences\n\nThe compiled code of this artefact contains, besides the Peeker SDK's own code "
             "(MIT OR Apache-2.0) and the Public Suffix List (MPL-2.0, LICENSE-MPL-2.0), these Rust crates "
             f"(`cargo tree -p {pkg} -e normal --target {target}`, build-time macros included):\n\n"
             "| crate | version | licence |\n|---|---|---|\n" + "\n".join(rows) + "\n\n## Licence texts\n")
    for k, (t, users) in texts.items():
        if k == OWN_APACHE:
            fh.write("\n### " + ", ".join(users) + "\n\nThe Apache License 2.0: the terms of LICENSE-APACHE, beside this "
                     "file (the same text, word for word).\n")
        else:
            fh.write("\n### " + ", ".join(users) + "\n\n```\n" + t + "\n```\n")
    for t, users in notices.values():
        fh.write("\n### " + ", ".join(users) + ": the Apache-2.0 terms, with this notice\n\n```\n" + t + "\n```\n")
print(f"{out}: {len(rows)} crates, {len(texts)} distinct licence texts, {len(notices)} Apache-2.0 notices")
