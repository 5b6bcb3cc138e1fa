/** `stratus host` and `stratus domains`: what the daemon at a URI reports. */
import { connect, constants, unpackVersion, type LibvirtConnection } from '../../libvirt/index.js';
import { formatKiB, printJson, printPairs, printTable } from '../output.js';

const { DomainState, nameOf } = constants;

async function withConnection<T>(uri: string, fn: (c: LibvirtConnection) => Promise<T>): Promise<T> {
  const conn = await connect(uri, { openTimeout: 15_000 });
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

async function listDomains(conn: LibvirtConnection) {
  const domains = await conn.listAllDomains();
  return Promise.all(
    domains.map(async (d) => {
      const info = await d.getInfo();
      return {
        name: d.name,
        uuid: d.uuid,
        id: info.state === DomainState.RUNNING || info.state === DomainState.PAUSED ? d.id : null,
        state: (nameOf(DomainState, info.state) ?? String(info.state)).toLowerCase(),
        vcpus: info.vcpus,
        memoryKiB: info.memoryKiB,
      };
    }),
  );
}

export async function hostCommand(uri: string, json: boolean): Promise<number> {
  const report = await withConnection(uri, async (conn) => {
    const [hostname, libVersion, hvVersion, hvType, node, freeMemory, domains] = await Promise.all([
      conn.getHostname(),
      conn.getLibVersion(),
      conn.getVersion(),
      conn.getType(),
      conn.getNodeInfo(),
      conn.getFreeMemory(),
      listDomains(conn),
    ]);
    const v = (n: number) => (n ? Object.values(unpackVersion(n)).join('.') : 'n/a');
    return { uri, hostname, libvirtVersion: v(libVersion), hypervisor: hvType, hypervisorVersion: v(hvVersion), node, freeMemoryBytes: freeMemory, domains };
  });
  if (json) {
    printJson(report);
    return 0;
  }
  const n = report.node;
  printPairs([
    ['uri', report.uri],
    ['hostname', report.hostname],
    ['libvirt', report.libvirtVersion],
    ['hypervisor', `${report.hypervisor} ${report.hypervisorVersion}`],
    ['cpu', `${n.model}, ${n.cpus} CPUs (${n.sockets} sockets x ${n.cores} cores x ${n.threads} threads, ${n.nodes} NUMA nodes) at ${n.mhz} MHz`],
    ['memory', `${formatKiB(n.memoryKiB)} total, ${formatKiB(Number(report.freeMemoryBytes / 1024n))} free`],
    ['domains', report.domains.length],
  ]);
  if (report.domains.length > 0) {
    process.stdout.write('\n');
    printTable(report.domains.map((d) => ({ ...d, memory: formatKiB(d.memoryKiB) })), ['name', 'id', 'state', 'vcpus', 'memory']);
  }
  return 0;
}

export async function domainsCommand(uri: string, json: boolean): Promise<number> {
  const domains = await withConnection(uri, listDomains);
  if (json) printJson(domains);
  else printTable(domains.map((d) => ({ ...d, memory: formatKiB(d.memoryKiB) })), ['name', 'id', 'state', 'vcpus', 'memory']);
  return 0;
}
