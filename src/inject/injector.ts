/**
 * inject(): every item written through ONE open Vfs (one appliance launch or one mount), steps in
 * a fixed order, teardown on every way out. The first failing step aborts the rest and is raised
 * as an InjectionError naming the handler, the step and the guest path; nothing is retried through
 * another handler and no failure is swallowed.
 */
import { InjectionError, type GuestStat, type Vfs } from './vfs.js';
import { StepError } from './steps/context.js';
import { injectSshKey, sshKeyLines, type SshKeyItem } from './steps/ssh-key.js';
import { injectAdminPassword, type AdminPasswordItem } from './steps/password.js';
import { injectNetwork, resolveNetworkInfo, type NetworkInfo } from './steps/network.js';
import { checkMetadata, injectMetadata, METADATA_PATH } from './steps/metadata.js';
import { checkGuestFilePath, injectFiles, type InjectedFile } from './steps/files.js';
import { checkHostname, injectHostname } from './steps/hostname.js';
import { requestSelinuxRelabel } from './steps/selinux.js';

export interface InjectionItems {
  sshKey?: SshKeyItem;
  adminPassword?: AdminPasswordItem;
  network?: NetworkInfo;
  metadata?: Record<string, unknown>;
  files?: InjectedFile[];
  hostname?: string;
  /** Touch /.autorelabel when the guest has /etc/selinux (default true; runs only if something else was injected). */
  selinuxRelabel?: boolean;
}

export type InjectionStepName = 'setup' | 'ssh-key' | 'network' | 'metadata' | 'admin-password' | 'files' | 'hostname' | 'selinux' | 'teardown';

/** The order steps run in: content first, the relabel request last so it covers everything written. */
export const STEP_ORDER: readonly InjectionStepName[] = ['ssh-key', 'network', 'metadata', 'admin-password', 'files', 'hostname', 'selinux'];

export interface InjectionResult {
  /** Steps that ran, in order. */
  steps: InjectionStepName[];
}

/**
 * A Vfs that remembers the guest path of the call in flight, so a failure inside a step names the
 * path it failed on without each step wrapping every call.
 */
class PathRecorder implements Vfs {
  lastPath: string | undefined;
  constructor(private readonly inner: Vfs) {}
  get handler(): string {
    return this.inner.handler;
  }
  setup(): Promise<void> {
    return this.inner.setup();
  }
  teardown(): Promise<void> {
    return this.inner.teardown();
  }
  private at<T>(path: string, op: () => Promise<T>): Promise<T> {
    this.lastPath = path;
    return op();
  }
  makePath(path: string, mode?: number): Promise<void> {
    return this.at(path, () => this.inner.makePath(path, mode));
  }
  appendFile(path: string, content: string | Buffer): Promise<void> {
    return this.at(path, () => this.inner.appendFile(path, content));
  }
  replaceFile(path: string, content: string | Buffer): Promise<void> {
    return this.at(path, () => this.inner.replaceFile(path, content));
  }
  readFile(path: string): Promise<Buffer> {
    return this.at(path, () => this.inner.readFile(path));
  }
  hasFile(path: string): Promise<boolean> {
    return this.at(path, () => this.inner.hasFile(path));
  }
  stat(path: string): Promise<GuestStat> {
    return this.at(path, () => this.inner.stat(path));
  }
  listDir(path: string): Promise<string[]> {
    return this.at(path, () => this.inner.listDir(path));
  }
  readLink(path: string): Promise<string> {
    return this.at(path, () => this.inner.readLink(path));
  }
  setPermissions(path: string, mode: number): Promise<void> {
    return this.at(path, () => this.inner.setPermissions(path, mode));
  }
  setOwnership(path: string, user: string, group: string): Promise<void> {
    return this.at(path, () => this.inner.setOwnership(path, user, group));
  }
}

/** The reason alone: an InjectionError from the Vfs already carries the prefix we are about to add. */
function reasonOf(err: unknown): string {
  if (err instanceof InjectionError) {
    const prefix = `injection failed (handler ${err.handler}, step ${err.step}${err.path ? `, path ${err.path}` : ''}): `;
    return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function hasAnyItem(items: InjectionItems): boolean {
  return (
    items.sshKey !== undefined ||
    items.adminPassword !== undefined ||
    items.network !== undefined ||
    items.metadata !== undefined ||
    (items.files !== undefined && items.files.length > 0) ||
    items.hostname !== undefined
  );
}

/**
 * What can be checked without the guest is checked before setup: a malformed item costs no
 * appliance launch or mount, and never leaves earlier steps' writes behind.
 */
function validate(items: InjectionItems, handler: string): void {
  const checks: [InjectionStepName, string | undefined, () => unknown][] = [
    ['ssh-key', undefined, () => items.sshKey && sshKeyLines(items.sshKey)],
    ['network', undefined, () => items.network && resolveNetworkInfo(items.network)],
    ['metadata', METADATA_PATH, () => items.metadata !== undefined && checkMetadata(items.metadata)],
    ['files', undefined, () => items.files?.forEach((f) => checkGuestFilePath(f.path))],
    ['hostname', '/etc/hostname', () => items.hostname !== undefined && checkHostname(items.hostname)],
  ];
  for (const [step, path, check] of checks) {
    try {
      check();
    } catch (e) {
      throw new InjectionError(handler, step, e instanceof StepError ? e.path : path, reasonOf(e), { cause: e });
    }
  }
  if (items.adminPassword && typeof items.adminPassword.password !== 'string') {
    throw new InjectionError(handler, 'admin-password', undefined, 'the password must be a string');
  }
}

export async function inject(vfs: Vfs, items: InjectionItems): Promise<InjectionResult> {
  const ran: InjectionStepName[] = [];
  if (!hasAnyItem(items)) return { steps: ran }; // nothing to write: no appliance launch, no mount
  validate(items, vfs.handler);
  const rec = new PathRecorder(vfs);
  const plan: [InjectionStepName, () => Promise<unknown>][] = [];
  if (items.sshKey) plan.push(['ssh-key', () => injectSshKey(rec, items.sshKey!)]);
  if (items.network) plan.push(['network', () => injectNetwork(rec, items.network!)]);
  if (items.metadata) plan.push(['metadata', () => injectMetadata(rec, items.metadata!)]);
  if (items.adminPassword) plan.push(['admin-password', () => injectAdminPassword(rec, items.adminPassword!)]);
  if (items.files && items.files.length > 0) plan.push(['files', () => injectFiles(rec, items.files!)]);
  if (items.hostname !== undefined) plan.push(['hostname', () => injectHostname(rec, items.hostname!)]);
  if (items.selinuxRelabel !== false) plan.push(['selinux', () => requestSelinuxRelabel(rec)]);

  let failure: { step: InjectionStepName; path: string | undefined; cause: unknown } | undefined;
  try {
    try {
      await vfs.setup();
    } catch (e) {
      failure = { step: 'setup', path: e instanceof InjectionError ? e.path : undefined, cause: e };
    }
    for (const [step, run] of failure ? [] : plan) {
      rec.lastPath = undefined;
      try {
        await run();
        ran.push(step);
      } catch (e) {
        const path = e instanceof StepError ? e.path : e instanceof InjectionError && e.path ? e.path : rec.lastPath;
        failure = { step, path, cause: e };
        break;
      }
    }
  } finally {
    let teardownError: unknown;
    let teardownFailed = false;
    try {
      await vfs.teardown();
    } catch (e) {
      teardownFailed = true;
      teardownError = e;
    }
    if (failure) {
      // The step's failure is the one to report; a teardown failure on top is said, not hidden.
      const extra = teardownFailed ? `; teardown also failed: ${reasonOf(teardownError)}` : '';
      throw new InjectionError(vfs.handler, failure.step, failure.path, `${reasonOf(failure.cause)}${extra}`, { cause: failure.cause });
    }
    if (teardownFailed) {
      throw new InjectionError(vfs.handler, 'teardown', teardownError instanceof InjectionError ? teardownError.path : undefined, reasonOf(teardownError), {
        cause: teardownError,
      });
    }
  }
  return { steps: ran };
}
