/**
 * `<clock>`: how the guest's clock relates to the host's (UTC, local time, a time zone, a
 * variable offset) and the timers it gets, with their tick policy when the guest falls behind.
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { ConfigError } from '../errors.js';

export const CLOCK_OFFSETS = ['utc', 'localtime', 'timezone', 'variable', 'absolute'] as const;
export type ClockOffset = (typeof CLOCK_OFFSETS)[number];
export const TIMER_NAMES = ['platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer'] as const;
export type TimerName = (typeof TIMER_NAMES)[number];
export const TICK_POLICIES = ['delay', 'catchup', 'merge', 'discard'] as const;
export type TickPolicy = (typeof TICK_POLICIES)[number];

export interface TimerCatchup {
  threshold?: number;
  slew?: number;
  limit?: number;
}

export interface TimerOptions {
  name: TimerName;
  present?: boolean;
  tickpolicy?: TickPolicy;
  /** rtc: boot, guest, wall, realtime */
  track?: 'boot' | 'guest' | 'wall' | 'realtime';
  /** tsc: Hz */
  frequency?: number;
  /** tsc: auto, native, emulate, paravirt, smpsafe */
  mode?: 'auto' | 'native' | 'emulate' | 'paravirt' | 'smpsafe';
  /** only with tickpolicy catchup */
  catchup?: TimerCatchup;
}

export class Timer extends XmlView {
  static override readonly childOrder = ['catchup'];
  constructor(init: XmlElement | TimerOptions) {
    super(init, 'timer');
    if (!isElement(init)) this.assign(init);
  }
  get name() {
    const n = this.enumAttr('name', TIMER_NAMES);
    if (n === undefined) throw new ConfigError('MISSING_VALUE', "attribute 'name' is required", { path: this.el.path });
    return n;
  }
  set name(v: TimerName) { this.setEnumAttr('name', v, TIMER_NAMES); }
  get present() { return this.boolAttr('present'); }
  set present(v) { this.setBoolAttr('present', v); }
  get tickpolicy() { return this.enumAttr('tickpolicy', TICK_POLICIES); }
  set tickpolicy(v) { this.setEnumAttr('tickpolicy', v, TICK_POLICIES); }
  get track() { return this.enumAttr('track', ['boot', 'guest', 'wall', 'realtime'] as const); }
  set track(v) { this.setEnumAttr('track', v, ['boot', 'guest', 'wall', 'realtime'] as const); }
  get frequency() { return this.intAttr('frequency', { min: 0 }); }
  set frequency(v) { this.setIntAttr('frequency', v, { min: 0 }); }
  get mode() { return this.enumAttr('mode', ['auto', 'native', 'emulate', 'paravirt', 'smpsafe'] as const); }
  set mode(v) { this.setEnumAttr('mode', v, ['auto', 'native', 'emulate', 'paravirt', 'smpsafe'] as const); }
  get catchup(): TimerCatchup | undefined {
    if (!this.el.child('catchup')) return undefined;
    const out: TimerCatchup = {};
    for (const k of ['threshold', 'slew', 'limit'] as const) {
      const v = this.intChildAttr('catchup', k, { min: 0 });
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  set catchup(v: TimerCatchup | undefined) {
    if (v === undefined) {
      this.el.child('catchup')?.remove();
      return;
    }
    this.ensurePath('catchup');
    for (const k of ['threshold', 'slew', 'limit'] as const) this.setIntChildAttr('catchup', k, v[k], { min: 0 });
  }
}

export interface ClockOptions {
  offset?: ClockOffset;
  /** Seconds added to the base time, or 'reset' (utc/localtime only). */
  adjustment?: number | 'reset';
  timezone?: string;
  /** variable offset: what the adjustment is relative to */
  basis?: 'utc' | 'localtime';
  /** absolute: epoch seconds the guest clock starts at */
  start?: number;
  timers?: Array<Timer | TimerOptions>;
}

export class Clock extends XmlView {
  constructor(init: XmlElement | ClockOptions = {}) {
    super(init, 'clock');
    if (!isElement(init)) this.assign(init);
  }
  get offset() { return this.enumAttr('offset', CLOCK_OFFSETS); }
  set offset(v) { this.setEnumAttr('offset', v, CLOCK_OFFSETS); }
  get adjustment(): number | 'reset' | undefined {
    const a = this.attr('adjustment');
    if (a === undefined || a === 'reset') return a;
    return this.toInt(a, "attribute 'adjustment'", undefined);
  }
  set adjustment(v: number | 'reset' | undefined) {
    if (typeof v === 'number') this.checkInt(v, 'clock adjustment', undefined);
    this.setAttr('adjustment', v);
  }
  get timezone() { return this.attr('timezone'); }
  set timezone(v) { this.setAttr('timezone', v); }
  get basis() { return this.enumAttr('basis', ['utc', 'localtime'] as const); }
  set basis(v) { this.setEnumAttr('basis', v, ['utc', 'localtime'] as const); }
  get start() { return this.intAttr('start', { min: 0 }); }
  set start(v) { this.setIntAttr('start', v, { min: 0 }); }
  get timers() { return this.list<Timer, TimerOptions>('timer', Timer); }
  /** The timer with this name, if the document configures it. */
  timer(name: TimerName): Timer | undefined {
    return this.timers.find((t) => t.el.getAttribute('name') === name);
  }
}
