"""Shared helpers of the domain vector generators. Expected values come from Node's
url.domainToASCII/domainToUnicode, the Python `idna` package and `publicsuffixlist`
(loaded with our pinned list), never from this project's code. Needs:
    python3 -m venv /tmp/vecvenv && /tmp/vecvenv/bin/pip install publicsuffixlist idna
    /tmp/vecvenv/bin/python tests/vectors/gen/domains/write_root.py   (and gen_reg/gen_set likewise)
"""
import json, subprocess, hashlib, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
import idna as pyidna
from publicsuffixlist import PublicSuffixList

PSL_FILE = os.path.join(ROOT, "core/data/public_suffix_list.dat")
PSL = PublicSuffixList(source=open(PSL_FILE, "rb"))

_node_cache = {}
def node_batch(strings):
    todo = [s for s in set(strings) if s not in _node_cache]
    if todo:
        p = subprocess.run(["node", os.path.join(HERE, "node_idna.js")], input=json.dumps(todo).encode(), capture_output=True, check=True)
        for s, r in zip(todo, json.loads(p.stdout)):
            _node_cache[s] = tuple(r)
    return [_node_cache[s] for s in strings]

def to_ascii(s):
    return node_batch([s])[0][0]

def to_unicode(a):
    return node_batch([a])[0][1]

def py_uts46(s):
    try:
        return pyidna.encode(s, uts46=True, std3_rules=True, transitional=False).decode()
    except Exception as e:
        return "ERR:" + type(e).__name__

def known_tlds():
    tlds = set()
    for line in open(PSL_FILE, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0].lstrip("!")
        tlds.add(rule.split(".")[-1])
    asc = set()
    for t in tlds:
        asc.add(t if t.isascii() else to_ascii(t))
    return asc

def sha(lines):
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
