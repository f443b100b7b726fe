"""Regenerates root_domain.json, registrable_domain.json and domain_set.json.
See common.py for what it needs."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT
import gen_reg, gen_root, gen_set

for kind, mod in [("registrable_domain", gen_reg), ("domain_set", gen_set)]:
    path = os.path.join(ROOT, "tests/vectors", kind + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"kind": kind, "cases": mod.CASES}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(path, len(mod.CASES))
import write_root  # noqa: E402,F401  (writes root_domain.json)
