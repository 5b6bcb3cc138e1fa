/**
 * Reads the report the test guest's init (guest/init) prints on its serial console, and its
 * heartbeat lines when it stays up. The console log is the only channel out of the guest, so a
 * missing or partial report is an error that carries the console's tail: that is where a boot
 * failure shows.
 *
 * Wire format between `STRATUS-REPORT-BEGIN` and `STRATUS-REPORT-END`: one `key=value` per line;
 * values with `\`, tab, CR or newline are escaped as `\\`, `\t`, `\r`, `\n`; keys ending in
 * `.content_b64` hold file contents in base64; lists are `<prefix>.count` + `<prefix>.<i>.<field>`.
 */
import { readFile } from 'node:fs/promises';

export const REPORT_BEGIN = 'STRATUS-REPORT-BEGIN';
export const REPORT_END = 'STRATUS-REPORT-END';
export const BOOT_FAILED = 'STRATUS-BOOT-FAILED';
export const HEARTBEAT = 'STRATUS-UPTIME';

export type GuestReportErrorCode = 'GUEST_REPORT_MISSING' | 'GUEST_BOOT_FAILED' | 'GUEST_KERNEL_PANIC' | 'GUEST_REPORT_INVALID' | 'GUEST_REPORT_TIMEOUT';

export class GuestReportError extends Error {
  override readonly name = 'GuestReportError';
  constructor(
    readonly code: GuestReportErrorCode,
    message: string,
    /** The last part of the console output, for the failure message. */
    readonly consoleTail: string,
  ) {
    super(`${message}\n--- console tail ---\n${consoleTail}\n--- end of console ---`);
  }
}

export interface GuestDisk {
  /** Kernel name: vda, sda, sr0. */
  name: string;
  sizeBytes: number;
  /** /sys/block/<name>/serial (virtio-blk: at most 20 characters); null when the device has none. */
  serial: string | null;
  readOnly: boolean;
  removable: boolean;
  partitions: string[];
  /** Link names in /dev/disk/by-id pointing at this disk, e.g. `virtio-<serial>`. */
  byId: string[];
}

export interface GuestNic {
  name: string;
  mac: string;
  /** Kernel driver (virtio_net, ...), null when none is bound. */
  driver: string | null;
}

export type GuestFileType = 'file' | 'dir' | 'symlink' | 'fifo' | 'char' | 'block' | 'socket' | 'other';

export interface GuestFile {
  path: string;
  exists: boolean;
  type?: GuestFileType;
  /** Permission bits, e.g. 0o600. */
  mode?: number;
  /** The same as 4 octal digits, e.g. "0600". */
  modeOctal?: string;
  uid?: number;
  gid?: number;
  /** Owner and group names as the guest resolves them (its own /etc/passwd, /etc/group). */
  owner?: string;
  group?: string;
  size?: number;
  /** Symlinks: the link text. */
  target?: string;
  /** Directories: the names inside. */
  entries?: string[];
  /** Regular files up to 64 KiB (never /etc/shadow: see shadowRoot): the bytes, and as UTF-8. */
  bytes?: Buffer;
  content?: string;
}

export interface GuestConfigDriveFile {
  path: string;
  size: number;
  /** Files up to 64 KiB. */
  bytes?: Buffer;
  content?: string;
}

export interface GuestConfigDrive {
  device: string;
  label: string;
  fstype: string;
  /** Set when the guest could not mount it. */
  error?: string;
  files: GuestConfigDriveFile[];
}

export interface GuestReport {
  format: number;
  /** Seconds since guest boot when the report started and ended. */
  uptimeSeconds: number;
  uptimeEndSeconds: number;
  kernel: { release: string; cmdline: string };
  hostname: string;
  bootId: string;
  /** Boots of this root filesystem (a counter the guest keeps on it); null on a read-only root. */
  bootCount: number | null;
  /** The guest stays up after the report (stratus.stay=1 or /etc/stratus-stay). */
  stay: boolean;
  cpu: { count: number; vendor: string; model: string; flags: string[] };
  memory: { totalKiB: number };
  disks: GuestDisk[];
  /** /dev/disk/by-id link name -> kernel device name (disks and partitions: virtio-<serial>-part1 -> vda1). */
  byId: Map<string, string>;
  nics: GuestNic[];
  rootMount: { device: string; fstype: string; options: string[] };
  /** Files injection writes and those listed in /etc/stratus-report-files, by guest path. */
  files: Map<string, GuestFile>;
  /** The root line of /etc/shadow, null when there is none. */
  shadowRoot: string | null;
  configDrives: GuestConfigDrive[];
  /** Every key and its unescaped value, for what the typed fields do not cover. */
  raw: Map<string, string>;
  /** Lines inside the report that were not key=value (stray console output), kept for diagnosis. */
  noise: string[];
}

export interface GuestHeartbeat {
  uptimeSeconds: number;
  disks: Array<{ name: string; byId: string[] }>;
}

/** Undoes the guest's value escaping (\\ \n \t \r). */
export function unescapeValue(v: string): string {
  if (!v.includes('\\')) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c !== '\\' || i + 1 >= v.length) {
      out += c;
      continue;
    }
    const n = v[++i];
    out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '\\' ? '\\' : `\\${n}`;
  }
  return out;
}

function lines(consoleText: string): string[] {
  // The serial line discipline turns \n into \r\n; a line may also carry leading \r.
  return consoleText.split('\n').map((l) => l.replace(/\r/g, ''));
}

function tail(text: string, chars = 3000): string {
  return text.length <= chars ? text : `...${text.slice(-chars)}`;
}

/** The key=value blocks of every complete report in the console text, oldest first. */
function reportBlocks(consoleText: string): string[][] {
  const blocks: string[][] = [];
  let cur: string[] | null = null;
  for (const line of lines(consoleText)) {
    if (line === REPORT_BEGIN) cur = [];
    else if (line === REPORT_END) {
      if (cur) blocks.push(cur);
      cur = null;
    } else if (cur) cur.push(line);
  }
  return blocks;
}

/** Why the guest failed, if its console says so: our initramfs's failure line or a kernel panic. */
export function bootFailure(consoleText: string): { code: GuestReportErrorCode; reason: string } | null {
  for (const line of lines(consoleText)) {
    const at = line.indexOf(BOOT_FAILED);
    if (at >= 0) return { code: 'GUEST_BOOT_FAILED', reason: line.slice(at + BOOT_FAILED.length).trim() };
    const panic = line.indexOf('Kernel panic');
    if (panic >= 0) return { code: 'GUEST_KERNEL_PANIC', reason: line.slice(panic).trim() };
  }
  return null;
}

function parseBlock(block: string[], consoleText: string): GuestReport {
  const raw = new Map<string, string>();
  const noise: string[] = [];
  for (const line of block) {
    const m = /^([A-Za-z][\w.-]*)=(.*)$/.exec(line);
    if (m) raw.set(m[1], unescapeValue(m[2]));
    else if (line.trim() !== '') noise.push(line);
  }
  const invalid = (what: string) => new GuestReportError('GUEST_REPORT_INVALID', `guest report: ${what}`, tail(consoleText));
  const str = (k: string): string => {
    const v = raw.get(k);
    if (v === undefined) throw invalid(`missing key ${k}`);
    return v;
  };
  const opt = (k: string): string | undefined => raw.get(k);
  const num = (k: string): number => {
    const v = Number(str(k));
    if (!Number.isFinite(v)) throw invalid(`${k}=${raw.get(k)} is not a number`);
    return v;
  };
  const words = (v: string | undefined): string[] => (v ? v.split(' ').filter((w) => w !== '') : []);
  const b64 = (k: string): Buffer | undefined => {
    const v = raw.get(k);
    return v === undefined ? undefined : Buffer.from(v, 'base64');
  };
  const count = (prefix: string) => (raw.has(`${prefix}.count`) ? num(`${prefix}.count`) : 0);

  const disks: GuestDisk[] = [];
  for (let i = 0; i < count('disk'); i++) {
    const k = `disk.${i}`;
    disks.push({
      name: str(`${k}.name`),
      sizeBytes: num(`${k}.size_bytes`),
      serial: opt(`${k}.serial`) || null,
      readOnly: opt(`${k}.readonly`) === '1',
      removable: opt(`${k}.removable`) === '1',
      partitions: words(opt(`${k}.partitions`)),
      byId: words(opt(`${k}.by_id`)),
    });
  }
  const byId = new Map<string, string>();
  for (let i = 0; i < count('byid'); i++) byId.set(str(`byid.${i}.link`), str(`byid.${i}.device`));

  const nics: GuestNic[] = [];
  for (let i = 0; i < count('nic'); i++) {
    nics.push({ name: str(`nic.${i}.name`), mac: str(`nic.${i}.mac`), driver: opt(`nic.${i}.driver`) || null });
  }

  const files = new Map<string, GuestFile>();
  for (let i = 0; i < count('file'); i++) {
    const k = `file.${i}`;
    const f: GuestFile = { path: str(`${k}.path`), exists: opt(`${k}.exists`) === '1' };
    if (f.exists) {
      f.type = (opt(`${k}.type`) ?? 'other') as GuestFileType;
      const mode = opt(`${k}.mode`);
      if (mode !== undefined) {
        f.modeOctal = mode.padStart(4, '0');
        f.mode = parseInt(mode, 8);
      }
      if (raw.has(`${k}.uid`)) f.uid = num(`${k}.uid`);
      if (raw.has(`${k}.gid`)) f.gid = num(`${k}.gid`);
      f.owner = opt(`${k}.owner`);
      f.group = opt(`${k}.group`);
      if (raw.has(`${k}.size`)) f.size = num(`${k}.size`);
      f.target = opt(`${k}.target`);
      if (f.type === 'dir') f.entries = words(opt(`${k}.entries`));
      const bytes = b64(`${k}.content_b64`);
      if (bytes) {
        f.bytes = bytes;
        f.content = bytes.toString('utf8');
      }
    }
    files.set(f.path, f);
  }

  const configDrives: GuestConfigDrive[] = [];
  for (let i = 0; i < count('configdrive'); i++) {
    const k = `configdrive.${i}`;
    const drive: GuestConfigDrive = { device: str(`${k}.device`), label: str(`${k}.label`), fstype: str(`${k}.fstype`), files: [] };
    const error = opt(`${k}.error`);
    if (error !== undefined) drive.error = error;
    for (let j = 0; j < count(`${k}.file`); j++) {
      const fk = `${k}.file.${j}`;
      const file: GuestConfigDriveFile = { path: str(`${fk}.path`), size: num(`${fk}.size`) };
      const bytes = b64(`${fk}.content_b64`);
      if (bytes) {
        file.bytes = bytes;
        file.content = bytes.toString('utf8');
      }
      drive.files.push(file);
    }
    configDrives.push(drive);
  }

  const [rootDev = '', rootFs = '', rootOpts = ''] = words(opt('mount.root'));
  const bootCount = opt('boot.count');
  return {
    format: num('report.format'),
    uptimeSeconds: num('uptime'),
    uptimeEndSeconds: raw.has('report.uptime_end') ? num('report.uptime_end') : num('uptime'),
    kernel: { release: str('kernel.release'), cmdline: str('kernel.cmdline') },
    hostname: opt('hostname') ?? '',
    bootId: opt('boot.id') ?? '',
    bootCount: bootCount ? Number(bootCount) : null,
    stay: opt('stay') === '1',
    cpu: { count: num('cpu.count'), vendor: opt('cpu.vendor') ?? '', model: str('cpu.model'), flags: words(opt('cpu.flags')) },
    memory: { totalKiB: num('memory.total_kib') },
    disks,
    byId,
    nics,
    rootMount: { device: rootDev, fstype: rootFs, options: rootOpts ? rootOpts.split(',') : [] },
    files,
    shadowRoot: opt('shadow.root') || null,
    configDrives,
    raw,
    noise,
  };
}

/** Every complete report in the console text (a guest that rebooted printed one per boot). */
export function parseGuestReports(consoleText: string): GuestReport[] {
  return reportBlocks(consoleText).map((b) => parseBlock(b, consoleText));
}

/**
 * The last complete report in the console text. Throws GuestReportError when there is none,
 * naming the boot failure when the console shows one.
 */
export function parseGuestReport(consoleText: string): GuestReport {
  const all = parseGuestReports(consoleText);
  const last = all.at(-1);
  if (last) return last;
  const failed = bootFailure(consoleText);
  if (failed) throw new GuestReportError(failed.code, `guest did not boot: ${failed.reason}`, tail(consoleText));
  const begun = lines(consoleText).includes(REPORT_BEGIN);
  throw new GuestReportError(
    'GUEST_REPORT_MISSING',
    begun ? `guest report started but has no ${REPORT_END} line` : 'no guest report in the console output',
    tail(consoleText),
  );
}

/** The guest's heartbeat lines (stay mode), oldest first. */
export function parseHeartbeats(consoleText: string): GuestHeartbeat[] {
  const out: GuestHeartbeat[] = [];
  for (const line of lines(consoleText)) {
    if (!line.startsWith(`${HEARTBEAT} `)) continue;
    const [, up, ...disks] = line.split(' ').filter((w) => w !== '');
    const uptimeSeconds = Number(up);
    if (!Number.isFinite(uptimeSeconds)) continue; // a line cut by the log's end
    out.push({
      uptimeSeconds,
      disks: disks.map((d) => {
        const colon = d.indexOf(':');
        return colon < 0 ? { name: d, byId: [] } : { name: d.slice(0, colon), byId: d.slice(colon + 1).split(',').filter((l) => l) };
      }),
    });
  }
  return out;
}

export interface WaitOptions<T> {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** How often to read the log (default 250 ms). */
  pollMs?: number;
  signal?: AbortSignal;
  /** Wait for an item satisfying this (e.g. a later boot: `r => r.bootId !== first.bootId`). */
  match?: (item: T) => boolean;
}

async function readConsole(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

async function pollConsole<T>(
  path: string,
  what: string,
  pick: (text: string) => T | undefined,
  opts: WaitOptions<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const pollMs = opts.pollMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    opts.signal?.throwIfAborted();
    const text = await readConsole(path);
    const found = pick(text);
    if (found !== undefined) return found;
    const failed = bootFailure(text);
    if (failed) throw new GuestReportError(failed.code, `guest did not boot (${path}): ${failed.reason}`, tail(text));
    if (Date.now() >= deadline) {
      throw new GuestReportError('GUEST_REPORT_TIMEOUT', `no ${what} in ${path} after ${timeoutMs} ms`, tail(text));
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Polls a console log file until it holds a complete report (the last one, or the last matching). */
export function waitForGuestReport(consoleLogPath: string, opts: WaitOptions<GuestReport> = {}): Promise<GuestReport> {
  return pollConsole(
    consoleLogPath,
    'complete guest report',
    (text) => parseGuestReports(text).filter((r) => !opts.match || opts.match(r)).at(-1),
    opts,
  );
}

/** Polls a console log file until a heartbeat line (stay mode) appears (the last, or last matching). */
export function waitForHeartbeat(consoleLogPath: string, opts: WaitOptions<GuestHeartbeat> = {}): Promise<GuestHeartbeat> {
  return pollConsole(
    consoleLogPath,
    `${HEARTBEAT} heartbeat`,
    (text) => parseHeartbeats(text).filter((h) => !opts.match || opts.match(h)).at(-1),
    opts,
  );
}
