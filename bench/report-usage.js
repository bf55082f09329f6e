// Preloaded into measured processes (node -r): writes the process's peak RSS (KiB) to
// BENCH_USAGE_FILE on exit (one line per process: npm and the node it starts), so the benchmark
// needs no external `time` tool.
const fs = require("node:fs");
process.on("exit", () => {
  if (process.env.BENCH_USAGE_FILE) fs.appendFileSync(process.env.BENCH_USAGE_FILE, `${process.resourceUsage().maxRSS}\n`);
});
