// The environment every benchmark runs its tools in. Imported first by each bench script.
//
// NODE_EXTRA_CA_CERTS is taken out: with OpenSSL 3, Node 20 reads and parses that bundle while it
// starts, before any script runs (nodejs/node#40524). On this project's CI machine it is set
// (to the system bundle) and makes every Node process ~33 ms slower — `node -e 0` 20 ms without
// it, 53 ms with it. That is a setting of the machine, not digestpin's doing: a default Node
// install does not have it; machines behind a TLS-inspecting proxy set it (GitHub's docs advise
// it for self-hosted runners there), and every Node tool on them pays the same. The benches
// report it instead of hiding it: push also times digestpin with the variable kept, and startup
// times `node -e 0` and `--version` both ways.
// BENCH_KEEP_EXTRA_CA=1 keeps it for every tool.
export const machineExtraCa =
  process.env.NODE_EXTRA_CA_CERTS || process.env.BENCH_MACHINE_EXTRA_CA || undefined;
if (machineExtraCa) {
  // handed on to the bench scripts that run.mjs starts, which would otherwise never see it
  process.env.BENCH_MACHINE_EXTRA_CA = machineExtraCa;
  if (process.env.BENCH_KEEP_EXTRA_CA !== '1') delete process.env.NODE_EXTRA_CA_CERTS;
}

/** The environment with the machine's NODE_EXTRA_CA_CERTS put back (undefined when it has none). */
export function withMachineExtraCa(env = process.env) {
  return machineExtraCa ? { ...env, NODE_EXTRA_CA_CERTS: machineExtraCa } : undefined;
}
