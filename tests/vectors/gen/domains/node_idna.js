// reads JSON array of strings on stdin, writes [[ascii, unicode_of_ascii], ...]
const url = require("url");
let buf = "";
process.stdin.on("data", d => buf += d);
process.stdin.on("end", () => {
  const arr = JSON.parse(buf);
  const out = arr.map(s => { const a = url.domainToASCII(s); return [a, a ? url.domainToUnicode(a) : ""]; });
  process.stdout.write(JSON.stringify(out));
});
