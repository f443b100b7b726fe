import sys, json; sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import os
from common import ROOT
import gen_root
print(len(gen_root.CASES)); print('\n'.join(gen_root.WARN))
names=[c["name"] for c in gen_root.CASES]
import collections
d=[n for n,k in collections.Counter(names).items() if k>1]
print("dup names:", d)
json.dump({"kind":"root_domain","cases":gen_root.CASES}, open(os.path.join(ROOT, "tests/vectors/root_domain.json"),"w"), ensure_ascii=False, indent=1)
