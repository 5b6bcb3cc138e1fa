/**
 * Domain events through the callback-register-any procedures.
 *
 * The daemon accepts one registration per (event kind, domain filter) on a connection and answers
 * a second with "event callback already tracked", so, as libvirt's own client does, registrations
 * are shared: a per-connection hub registers each (kind, filter) once, counts the subscriptions
 * using it, routes each message by its callback id to those subscriptions, and deregisters when
 * the last one closes. This hub is the only state the API keeps beside object references.
 *
 * A subscription is an async iterator of typed events. It buffers what the consumer has not read
 * yet, up to `maxBuffered`; beyond that the iteration ends with an error rather than grow without
 * bound or drop events silently (a consumer that falls behind must resynchronise anyway).
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import type { EventDef } from '../protocol/define.js';
import { remoteEvents as E, remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullDomain, TypedParam } from '../protocol/remote-types.js';
import {
  DomainEventCrashedDetail,
  DomainEventDefinedDetail,
  DomainEventID,
  DomainEventPMSuspendedDetail,
  DomainEventResumedDetail,
  DomainEventShutdownDetail,
  DomainEventStartedDetail,
  DomainEventStoppedDetail,
  DomainEventSuspendedDetail,
  DomainEventType,
  DomainEventUndefinedDetail,
  DrvFeature,
  nameOf,
} from '../protocol/constants.js';
import { LibvirtClientError } from '../rpc/errors.js';
import { Domain } from './domain.js';
import { fromTypedParams, type TypedParams } from './typed-params.js';

interface Base {
  domain: Domain;
}

/** Lifecycle: `event` is `DomainEventType.*`, `detail` the matching `DomainEvent<Type>Detail.*`. */
export interface DomainLifecycleEvent extends Base {
  type: 'lifecycle';
  event: number;
  /** e.g. 'STARTED'. */
  eventName: string;
  detail: number;
  /** e.g. 'BOOTED'. */
  detailName: string;
}

export type DomainEvent =
  | DomainLifecycleEvent
  | (Base & { type: 'reboot' })
  | (Base & { type: 'rtcChange'; offsetSeconds: bigint })
  | (Base & { type: 'watchdog'; action: number })
  | (Base & { type: 'ioError'; srcPath: string; devAlias: string; action: number })
  | (Base & { type: 'ioErrorReason'; srcPath: string; devAlias: string; action: number; reason: string })
  | (Base & { type: 'controlError' })
  | (Base & { type: 'blockJob'; disk: string; jobType: number; status: number })
  | (Base & { type: 'diskChange'; oldSrcPath: string | null; newSrcPath: string | null; devAlias: string; reason: number })
  | (Base & { type: 'trayChange'; devAlias: string; reason: number })
  | (Base & { type: 'pmWakeup'; reason: number })
  | (Base & { type: 'pmSuspend'; reason: number })
  | (Base & { type: 'pmSuspendDisk'; reason: number })
  | (Base & { type: 'balloonChange'; actualKiB: bigint })
  | (Base & { type: 'deviceRemoved'; devAlias: string })
  | (Base & { type: 'deviceAdded'; devAlias: string })
  | (Base & { type: 'deviceRemovalFailed'; devAlias: string })
  | (Base & { type: 'tunable'; params: TypedParams })
  | (Base & { type: 'agentLifecycle'; state: number; reason: number })
  | (Base & { type: 'migrationIteration'; iteration: number })
  | (Base & { type: 'jobCompleted'; params: TypedParams })
  | (Base & { type: 'metadataChange'; metadataType: number; nsuri: string | null })
  | (Base & { type: 'blockThreshold'; dev: string; path: string | null; threshold: bigint; excess: bigint })
  | (Base & { type: 'memoryFailure'; recipient: number; action: number; flags: number })
  | (Base & { type: 'memoryDeviceSizeChange'; alias: string; size: bigint });

export type DomainEventKind = DomainEvent['type'];

/** A message carrying its callback id (every callback-style event does). */
interface Routed {
  callbackId: number;
}

/** One event kind: its registration id, the message that carries it, and how to read it. */
interface KindSpec {
  eventId: number;
  def: EventDef<Routed>;
  convert(caller: Caller, msg: Routed): DomainEvent;
}

const DETAILS: Record<number, Record<string, number>> = {
  [DomainEventType.DEFINED]: DomainEventDefinedDetail,
  [DomainEventType.UNDEFINED]: DomainEventUndefinedDetail,
  [DomainEventType.STARTED]: DomainEventStartedDetail,
  [DomainEventType.SUSPENDED]: DomainEventSuspendedDetail,
  [DomainEventType.RESUMED]: DomainEventResumedDetail,
  [DomainEventType.STOPPED]: DomainEventStoppedDetail,
  [DomainEventType.SHUTDOWN]: DomainEventShutdownDetail,
  [DomainEventType.PMSUSPENDED]: DomainEventPMSuspendedDetail,
  [DomainEventType.CRASHED]: DomainEventCrashedDetail,
};

/** Build a spec with the message type checked against its definition. */
function spec<M extends Routed>(eventId: number, def: EventDef<M>, convert: (dom: (d: NonnullDomain) => Domain, msg: M) => DomainEvent): KindSpec {
  return {
    eventId,
    def: def as unknown as EventDef<Routed>,
    convert: (caller, msg) => convert((d) => new Domain(caller, d), msg as M),
  };
}

const params = (p: TypedParam[]): TypedParams => fromTypedParams(p);

const KINDS: Record<DomainEventKind, KindSpec> = {
  lifecycle: spec(DomainEventID.LIFECYCLE, E.domainEventCallbackLifecycle, (dom, m) => ({
    type: 'lifecycle',
    domain: dom(m.msg.dom),
    event: m.msg.event,
    eventName: nameOf(DomainEventType, m.msg.event) ?? String(m.msg.event),
    detail: m.msg.detail,
    detailName: nameOf(DETAILS[m.msg.event] ?? {}, m.msg.detail) ?? String(m.msg.detail),
  })),
  reboot: spec(DomainEventID.REBOOT, E.domainEventCallbackReboot, (dom, m) => ({ type: 'reboot', domain: dom(m.msg.dom) })),
  rtcChange: spec(DomainEventID.RTC_CHANGE, E.domainEventCallbackRtcChange, (dom, m) => ({
    type: 'rtcChange',
    domain: dom(m.msg.dom),
    offsetSeconds: m.msg.offset,
  })),
  watchdog: spec(DomainEventID.WATCHDOG, E.domainEventCallbackWatchdog, (dom, m) => ({
    type: 'watchdog',
    domain: dom(m.msg.dom),
    action: m.msg.action,
  })),
  ioError: spec(DomainEventID.IO_ERROR, E.domainEventCallbackIoError, (dom, m) => ({
    type: 'ioError',
    domain: dom(m.msg.dom),
    srcPath: m.msg.srcPath,
    devAlias: m.msg.devAlias,
    action: m.msg.action,
  })),
  ioErrorReason: spec(DomainEventID.IO_ERROR_REASON, E.domainEventCallbackIoErrorReason, (dom, m) => ({
    type: 'ioErrorReason',
    domain: dom(m.msg.dom),
    srcPath: m.msg.srcPath,
    devAlias: m.msg.devAlias,
    action: m.msg.action,
    reason: m.msg.reason,
  })),
  controlError: spec(DomainEventID.CONTROL_ERROR, E.domainEventCallbackControlError, (dom, m) => ({
    type: 'controlError',
    domain: dom(m.msg.dom),
  })),
  // BLOCK_JOB_2 names the disk by target ('vda') rather than by path; it is the one to use.
  blockJob: spec(DomainEventID.BLOCK_JOB_2, E.domainEventBlockJob2, (dom, m) => ({
    type: 'blockJob',
    domain: dom(m.dom),
    disk: m.dst,
    jobType: m.type,
    status: m.status,
  })),
  diskChange: spec(DomainEventID.DISK_CHANGE, E.domainEventCallbackDiskChange, (dom, m) => ({
    type: 'diskChange',
    domain: dom(m.msg.dom),
    oldSrcPath: m.msg.oldSrcPath,
    newSrcPath: m.msg.newSrcPath,
    devAlias: m.msg.devAlias,
    reason: m.msg.reason,
  })),
  trayChange: spec(DomainEventID.TRAY_CHANGE, E.domainEventCallbackTrayChange, (dom, m) => ({
    type: 'trayChange',
    domain: dom(m.msg.dom),
    devAlias: m.msg.devAlias,
    reason: m.msg.reason,
  })),
  pmWakeup: spec(DomainEventID.PMWAKEUP, E.domainEventCallbackPmwakeup, (dom, m) => ({
    type: 'pmWakeup',
    domain: dom(m.msg.dom),
    reason: m.reason,
  })),
  pmSuspend: spec(DomainEventID.PMSUSPEND, E.domainEventCallbackPmsuspend, (dom, m) => ({
    type: 'pmSuspend',
    domain: dom(m.msg.dom),
    reason: m.reason,
  })),
  pmSuspendDisk: spec(DomainEventID.PMSUSPEND_DISK, E.domainEventCallbackPmsuspendDisk, (dom, m) => ({
    type: 'pmSuspendDisk',
    domain: dom(m.msg.dom),
    reason: m.reason,
  })),
  balloonChange: spec(DomainEventID.BALLOON_CHANGE, E.domainEventCallbackBalloonChange, (dom, m) => ({
    type: 'balloonChange',
    domain: dom(m.msg.dom),
    actualKiB: m.msg.actual,
  })),
  deviceRemoved: spec(DomainEventID.DEVICE_REMOVED, E.domainEventCallbackDeviceRemoved, (dom, m) => ({
    type: 'deviceRemoved',
    domain: dom(m.msg.dom),
    devAlias: m.msg.devAlias,
  })),
  deviceAdded: spec(DomainEventID.DEVICE_ADDED, E.domainEventCallbackDeviceAdded, (dom, m) => ({
    type: 'deviceAdded',
    domain: dom(m.dom),
    devAlias: m.devAlias,
  })),
  deviceRemovalFailed: spec(DomainEventID.DEVICE_REMOVAL_FAILED, E.domainEventCallbackDeviceRemovalFailed, (dom, m) => ({
    type: 'deviceRemovalFailed',
    domain: dom(m.dom),
    devAlias: m.devAlias,
  })),
  tunable: spec(DomainEventID.TUNABLE, E.domainEventCallbackTunable, (dom, m) => ({
    type: 'tunable',
    domain: dom(m.dom),
    params: params(m.params),
  })),
  agentLifecycle: spec(DomainEventID.AGENT_LIFECYCLE, E.domainEventCallbackAgentLifecycle, (dom, m) => ({
    type: 'agentLifecycle',
    domain: dom(m.dom),
    state: m.state,
    reason: m.reason,
  })),
  migrationIteration: spec(DomainEventID.MIGRATION_ITERATION, E.domainEventCallbackMigrationIteration, (dom, m) => ({
    type: 'migrationIteration',
    domain: dom(m.dom),
    iteration: m.iteration,
  })),
  jobCompleted: spec(DomainEventID.JOB_COMPLETED, E.domainEventCallbackJobCompleted, (dom, m) => ({
    type: 'jobCompleted',
    domain: dom(m.dom),
    params: params(m.params),
  })),
  metadataChange: spec(DomainEventID.METADATA_CHANGE, E.domainEventCallbackMetadataChange, (dom, m) => ({
    type: 'metadataChange',
    domain: dom(m.dom),
    metadataType: m.type,
    nsuri: m.nsuri,
  })),
  blockThreshold: spec(DomainEventID.BLOCK_THRESHOLD, E.domainEventBlockThreshold, (dom, m) => ({
    type: 'blockThreshold',
    domain: dom(m.dom),
    dev: m.dev,
    path: m.path,
    threshold: m.threshold,
    excess: m.excess,
  })),
  memoryFailure: spec(DomainEventID.MEMORY_FAILURE, E.domainEventMemoryFailure, (dom, m) => ({
    type: 'memoryFailure',
    domain: dom(m.dom),
    recipient: m.recipient,
    action: m.action,
    flags: m.flags,
  })),
  memoryDeviceSizeChange: spec(DomainEventID.MEMORY_DEVICE_SIZE_CHANGE, E.domainEventMemoryDeviceSizeChange, (dom, m) => ({
    type: 'memoryDeviceSizeChange',
    domain: dom(m.dom),
    alias: m.alias,
    size: m.size,
  })),
};

export const DOMAIN_EVENT_KINDS = Object.keys(KINDS) as DomainEventKind[];

export interface DomainEventsOptions {
  /** Which kinds to receive (default: lifecycle only). */
  events?: readonly DomainEventKind[];
  /** Only events of this domain (filtered by the daemon). */
  domain?: Domain | NonnullDomain | null;
  /** Most unread events kept before the iteration fails (default 10,000). */
  maxBuffered?: number;
  /** Closes the subscription when aborted. */
  signal?: AbortSignal;
  /** Timeout / abort of the registration calls themselves. */
  call?: CallOptions;
}

/** Thrown by the iterator when the consumer fell more than `maxBuffered` events behind. */
export class DomainEventOverflowError extends Error {
  override readonly name = 'DomainEventOverflowError';
}

/** One daemon-side registration, shared by every subscription with the same kind and filter. */
interface Registration {
  key: string;
  spec: KindSpec;
  /** Resolves to the daemon's callback id once CALLBACK_REGISTER_ANY answered. */
  ready: Promise<number>;
  callbackId: number | null;
  subscribers: Set<DomainEventSubscription>;
}

/** The registrations of one connection (see the module comment). */
class DomainEventHub {
  private readonly regs = new Map<string, Registration>();
  private readonly byCallbackId = new Map<number, Registration>();
  private readonly listeners = new Map<EventDef<Routed>, () => void>();
  /** Deregistrations in flight, so a new registration of the same key waits for them. */
  private readonly releasing = new Map<string, Promise<unknown>>();
  /** Messages whose callback id we do not know yet, kept while a registration is in flight. */
  private early: Routed[] = [];
  private inFlight = 0;

  /** Every subscription with at least one registration here, to be told when the connection ends. */
  private readonly subscriptions = new Set<DomainEventSubscription>();

  constructor(private readonly caller: Caller) {
    // A connection that can tell when it ends (Connection.whenClosed) ends its subscriptions with
    // the reason, so a consumer waiting for the next event never waits forever on a dead socket.
    const closable = caller as Caller & { whenClosed?: () => Promise<Error> };
    if (typeof closable.whenClosed === 'function') {
      void closable.whenClosed().then((reason) => this.connectionClosed(reason));
    }
  }

  private connectionClosed(reason: Error): void {
    this.regs.clear();
    this.byCallbackId.clear();
    for (const unlisten of this.listeners.values()) unlisten();
    this.listeners.clear();
    for (const sub of [...this.subscriptions]) sub.connectionClosed(reason);
    this.subscriptions.clear();
    hubs.delete(this.caller);
  }

  /** Add `sub` to the registration of (spec, dom), registering with the daemon if it is the first. */
  async acquire(spec: KindSpec, dom: NonnullDomain | null, sub: DomainEventSubscription, opts?: CallOptions): Promise<Registration> {
    const key = `${spec.eventId}/${dom ? dom.uuid : '*'}`;
    // The daemon would refuse a registration it still holds.
    while (!this.regs.has(key) && this.releasing.has(key)) await this.releasing.get(key);
    let reg = this.regs.get(key);
    if (!reg) {
      this.listen(spec);
      const fresh: Registration = { key, spec, ready: Promise.resolve(0), callbackId: null, subscribers: new Set() };
      this.inFlight++;
      fresh.ready = this.caller
        .call(P.connectDomainEventCallbackRegisterAny, { eventId: spec.eventId, dom }, opts)
        .then((r) => {
          fresh.callbackId = r.callbackId;
          this.byCallbackId.set(r.callbackId, fresh);
          return r.callbackId;
        })
        .finally(() => this.settled());
      this.regs.set(key, fresh);
      // A failed registration must not be reused by the next subscriber.
      fresh.ready.catch(() => {
        if (this.regs.get(key) === fresh) this.regs.delete(key);
      });
      reg = fresh;
    }
    reg.subscribers.add(sub);
    this.subscriptions.add(sub);
    try {
      await reg.ready;
    } catch (err) {
      reg.subscribers.delete(sub);
      throw err;
    }
    return reg;
  }

  /** Remove `sub`; the last subscriber out deregisters (errors ignored: a closed connection has nothing left to remove). */
  async release(reg: Registration, sub: DomainEventSubscription, opts?: CallOptions): Promise<void> {
    if (![...this.regs.values()].some((r) => r !== reg && r.subscribers.has(sub))) this.subscriptions.delete(sub);
    if (!reg.subscribers.delete(sub) || reg.subscribers.size > 0) return;
    if (this.regs.get(reg.key) === reg) this.regs.delete(reg.key);
    if (reg.callbackId === null) return;
    this.byCallbackId.delete(reg.callbackId);
    const done = this.caller
      .call(P.connectDomainEventCallbackDeregisterAny, { callbackId: reg.callbackId }, opts)
      .catch(() => undefined)
      .finally(() => {
        if (this.releasing.get(reg.key) === done) this.releasing.delete(reg.key);
      });
    this.releasing.set(reg.key, done);
    await done;
  }

  private listen(spec: KindSpec): void {
    if (this.listeners.has(spec.def)) return;
    this.listeners.set(
      spec.def,
      this.caller.onEvent(spec.def, (msg) => this.route(msg)),
    );
  }

  private route(msg: Routed): void {
    const reg = this.byCallbackId.get(msg.callbackId);
    if (!reg) {
      // The daemon can send an event before our code has seen the reply with its callback id.
      if (this.inFlight > 0) this.early.push(msg);
      return;
    }
    if (reg.subscribers.size === 0) return;
    const ev = reg.spec.convert(this.caller, msg);
    for (const sub of reg.subscribers) sub.deliver(ev);
  }

  private settled(): void {
    this.inFlight--;
    const early = this.early;
    this.early = [];
    for (const msg of early) this.route(msg);
  }
}

const hubs = new WeakMap<Caller, DomainEventHub>();
function hubOf(caller: Caller): DomainEventHub {
  let hub = hubs.get(caller);
  if (!hub) hubs.set(caller, (hub = new DomainEventHub(caller)));
  return hub;
}

export class DomainEventSubscription implements AsyncIterableIterator<DomainEvent> {
  private readonly queue: DomainEvent[] = [];
  private readonly waiters: { resolve: (r: IteratorResult<DomainEvent>) => void; reject: (e: unknown) => void }[] = [];
  private readonly regs: Registration[] = [];
  private closed = false;
  private failure: unknown = null;
  private readonly onAbort = () => void this.close();

  private constructor(
    private readonly hub: DomainEventHub,
    private readonly maxBuffered: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Probe REMOTE_EVENT_CALLBACK, then join (or make) the registration of each kind. On any failure
   * the registrations already joined are released before the error is thrown.
   */
  static async open(caller: Caller, opts: DomainEventsOptions = {}): Promise<DomainEventSubscription> {
    const kinds = [...new Set<DomainEventKind>(opts.events ?? ['lifecycle'])];
    for (const k of kinds) if (!(k in KINDS)) throw new TypeError(`unknown domain event kind "${k}"`);
    opts.signal?.throwIfAborted();

    const probe = await caller.call(P.connectSupportsFeature, { feature: DrvFeature.REMOTE_EVENT_CALLBACK }, opts.call);
    if (!probe.supported) {
      throw new LibvirtClientError('PROTOCOL', 'the daemon does not support callback-based domain events (libvirt older than 1.2.1)');
    }

    const hub = hubOf(caller);
    const sub = new DomainEventSubscription(hub, opts.maxBuffered ?? 10_000, opts.signal);
    const dom = opts.domain == null ? null : opts.domain instanceof Domain ? opts.domain.ref : opts.domain;
    try {
      for (const k of kinds) sub.regs.push(await hub.acquire(KINDS[k], dom, sub, opts.call));
    } catch (err) {
      await sub.close();
      throw err;
    }
    if (opts.signal) {
      if (opts.signal.aborted) await sub.close();
      else opts.signal.addEventListener('abort', sub.onAbort, { once: true });
    }
    return sub;
  }

  /** The daemon's callback ids this subscription receives (shared with others of the same kind and filter). */
  get callbackIds(): number[] {
    return this.regs.map((r) => r.callbackId).filter((id): id is number => id !== null);
  }

  /** Called by the hub for each event routed to this subscription. */
  deliver(ev: DomainEvent): void {
    if (this.closed) return;
    const w = this.waiters.shift();
    if (w) {
      w.resolve({ value: ev, done: false });
      return;
    }
    if (this.queue.length >= this.maxBuffered) {
      this.fail(new DomainEventOverflowError(`more than ${this.maxBuffered} domain events were not read; subscription closed`));
      return;
    }
    this.queue.push(ev);
  }

  /** Called by the hub when the connection ended: the iteration rejects with `reason`. */
  connectionClosed(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.regs.length = 0;
    this.signal?.removeEventListener('abort', this.onAbort);
    // A waiting reader gets the error now; otherwise queued events come first, then the error.
    const waiters = this.waiters.splice(0);
    if (waiters.length) for (const w of waiters) w.reject(reason);
    else this.failure = reason;
  }

  private fail(err: unknown): void {
    this.failure = err;
    this.queue.length = 0;
    for (const w of this.waiters.splice(0)) w.reject(err);
    void this.close();
  }

  next(): Promise<IteratorResult<DomainEvent>> {
    const ev = this.queue.shift();
    if (ev) return Promise.resolve({ value: ev, done: false });
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      return Promise.reject(err);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<DomainEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stop receiving (events already queued are still delivered) and release the registrations. */
  async close(opts?: CallOptions): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
    const regs = this.regs.splice(0);
    await Promise.all(regs.map((r) => this.hub.release(r, this, opts)));
  }
}
