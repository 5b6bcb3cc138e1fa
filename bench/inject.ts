/**
 * npm run bench:inject — stratus injecting {ssh key, root password, network config, metadata,
 * 3 files, hostname} through GuestFsVfs against virt-customize doing the same operations on the same
 * image, median of 5 each. Targets: exactly one appliance launch per injection (counted), and wall
 * time <= 1.0x virt-customize's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestFsVfs, inject, renderDebianInterfaces, resolveNetworkInfo, type InjectionItems } from '../src/inject/index.js';
import { GuestfsHandle } from '../src/inject/guestfs/libguestfs.js';
import { ensureTestImages } from '../test/helpers/test-images.js';
import { median } from './peer.js';

const ROUNDS = Number(process.env.STRATUS_BENCH_ROUNDS ?? 5);
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq7xRb0wqJ8v0kqS5v2l8dQd6Yf0c2nWQ3l7r8VxY1Z bench@stratus';
const network = { interfaces: [{ mac: '52:54:00:aa:bb:01', ipv4: { address: '192.0.2.10', prefix: 24, gateway: '192.0.2.1' }, dns: ['192.0.2.53'] }] };
const files = [
  { path: '/etc/stratus/one.conf', content: 'setting = 1\n' },
  { path: '/opt/app/two.txt', content: 'two\n' },
  { path: '/srv/data/deep/three.json', content: '{"three": 3}\n' },
];
const items: InjectionItems = {
  sshKey: { key: KEY },
  adminPassword: { password: 'bench-pass' },
  network,
  metadata: { role: 'bench' },
  files,
  hostname: 'bench-host',
};

let launches = 0;
const launch = GuestfsHandle.prototype.launch;
GuestfsHandle.prototype.launch = function (this: GuestfsHandle, ...args: Parameters<typeof launch>) {
  launches++;
  return launch.apply(this, args);
};

function overlay(dir: string, base: string, name: string): string {
  const path = join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', base, path]);
  return path;
}

async function main(): Promise<void> {
  const manifest = await ensureTestImages();
  const dir = mkdtempSync(join(tmpdir(), 'stratus-bench-inject-'));
  const env = { ...process.env, LIBGUESTFS_BACKEND: process.env.LIBGUESTFS_BACKEND ?? 'direct', LIBGUESTFS_BACKEND_SETTINGS: process.env.LIBGUESTFS_BACKEND_SETTINGS ?? 'force_tcg' };
  try {
    // the same content virt-customize gets
    const interfacesFile = join(dir, 'interfaces');
    writeFileSync(interfacesFile, renderDebianInterfaces(resolveNetworkInfo(network)));
    const metaFile = join(dir, 'meta.js');
    writeFileSync(metaFile, JSON.stringify({ role: 'bench' }));

    const ours: number[] = [];
    const peer: number[] = [];
    const perInjection: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = overlay(dir, manifest.wholeDisk.qcow2.path, `ours-${i}.qcow2`);
      const before = launches;
      const t0 = performance.now();
      await inject(new GuestFsVfs({ disk: a, format: 'qcow2' }), items);
      ours.push(performance.now() - t0);
      perInjection.push(launches - before);

      const b = overlay(dir, manifest.wholeDisk.qcow2.path, `peer-${i}.qcow2`);
      const t1 = performance.now();
      execFileSync(
        'virt-customize',
        [
          '-q', '--no-network', '--format', 'qcow2', '-a', b,
          '--ssh-inject', `root:string:${KEY}`,
          '--root-password', 'password:bench-pass',
          '--upload', `${interfacesFile}:/etc/network/interfaces`,
          '--upload', `${metaFile}:/meta.js`,
          '--mkdir', '/etc/stratus', '--write', `${files[0].path}:${files[0].content}`,
          '--mkdir', '/opt/app', '--write', `${files[1].path}:${files[1].content}`,
          '--mkdir', '/srv/data/deep', '--write', `${files[2].path}:${files[2].content}`,
          '--hostname', 'bench-host',
        ],
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      peer.push(performance.now() - t1);
    }
    const o = median(ours);
    const p = median(peer);
    console.log(`appliance launches per injection: ${perInjection.join(', ')} (target: exactly 1)`);
    console.log(`inject key+password+network+metadata+3 files+hostname (median of ${ROUNDS}): ours ${(o / 1000).toFixed(2)} s, virt-customize ${(p / 1000).toFixed(2)} s, ratio ${(o / p).toFixed(2)} (target <= 1.0)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:inject failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
