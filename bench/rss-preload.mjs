// Preloaded by bench/check.ts: prints the process's peak resident set size (KB) when it exits.
process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\n`));
