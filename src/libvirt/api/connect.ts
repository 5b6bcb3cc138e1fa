/**
 * The connection-level API: host facts, capabilities, listing and looking up objects, defining
 * new ones, statistics of many domains at once, and event subscriptions. Each method is one
 * REMOTE call (a few probe a feature or ask for a count first, as noted) and returns typed
 * objects; nothing is cached.
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import { safeNumber, fromTypedParams, toTypedParams, type TypedParams, type TypedParamsInput } from './typed-params.js';
import { Domain } from './domain.js';
import { StoragePool } from './storage-pool.js';
import { StorageVolume } from './storage-volume.js';
import { Network } from './network.js';
import { Secret } from './secret.js';
import { NodeDevice } from './node-device.js';
import { DomainEventSubscription, type DomainEventsOptions } from './events.js';

export interface NodeInfo {
  /** CPU model, e.g. 'x86_64'. */
  model: string;
  memoryKiB: number;
  /** Active CPUs. */
  cpus: number;
  /** Expected CPU frequency. */
  mhz: number;
  /** NUMA nodes (1 for uniform memory access). */
  nodes: number;
  /** Sockets per node. */
  sockets: number;
  /** Cores per socket. */
  cores: number;
  /** Threads per core. */
  threads: number;
}

export interface DomainCapabilitiesQuery {
  emulatorbin?: string | null;
  arch?: string | null;
  machine?: string | null;
  /** 'kvm', 'qemu', ... */
  virttype?: string | null;
}

export interface DomainStatsRecord {
  domain: Domain;
  params: TypedParams;
}

/** Split 'major.minor.release' out of libvirt's packed version number (major*1e6 + minor*1e3 + release). */
export function unpackVersion(v: number): { major: number; minor: number; release: number } {
  return { major: Math.floor(v / 1_000_000), minor: Math.floor(v / 1000) % 1000, release: v % 1000 };
}

export class Connect {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  // ---- host and connection facts ----

  /** Hypervisor version, packed (see `unpackVersion`); 0 when the driver has none. */
  async getVersion(opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.connectGetVersion, undefined, opts);
    return safeNumber(r.hvVer, 'hypervisor version');
  }

  /** The daemon's libvirt version, packed (see `unpackVersion`). */
  async getLibVersion(opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.connectGetLibVersion, undefined, opts);
    return safeNumber(r.libVer, 'library version');
  }

  async getHostname(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectGetHostname, undefined, opts);
    return r.hostname;
  }

  /** The canonical URI of the driver the daemon opened for us (e.g. 'qemu:///system'). */
  async getUri(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectGetUri, undefined, opts);
    return r.uri;
  }

  /** Driver name ('QEMU', 'TEST', ...). */
  async getType(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectGetType, undefined, opts);
    return r.type;
  }

  async getSysinfo(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectGetSysinfo, { flags }, opts);
    return r.sysinfo;
  }

  async getMaxVcpus(type: string | null = null, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.connectGetMaxVcpus, { type }, opts);
    return r.maxVcpus;
  }

  /** True when the transport is encrypted or local. */
  async isSecure(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.connectIsSecure, undefined, opts);
    return r.secure !== 0;
  }

  /** Ask whether the daemon/driver supports a `DrvFeature`. */
  async supportsFeature(feature: number, opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.connectSupportsFeature, { feature }, opts);
    return r.supported !== 0;
  }

  /** Host capabilities XML. */
  async getCapabilities(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectGetCapabilities, undefined, opts);
    return r.capabilities;
  }

  /** Domain capabilities XML for one emulator/arch/machine/virttype (any may be left out). */
  async getDomainCapabilities(query: DomainCapabilitiesQuery = {}, flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(
      P.connectGetDomainCapabilities,
      {
        emulatorbin: query.emulatorbin ?? null,
        arch: query.arch ?? null,
        machine: query.machine ?? null,
        virttype: query.virttype ?? null,
        flags,
      },
      opts,
    );
    return r.capabilities;
  }

  async getNodeInfo(opts?: CallOptions): Promise<NodeInfo> {
    const r = await this.#caller.call(P.nodeGetInfo, undefined, opts);
    return {
      model: r.model,
      memoryKiB: safeNumber(r.memory, 'node memory'),
      cpus: r.cpus,
      mhz: r.mhz,
      nodes: r.nodes,
      sockets: r.sockets,
      cores: r.cores,
      threads: r.threads,
    };
  }

  /**
   * Host memory statistics in KiB ('total', 'free', 'buffers', 'cached') for one NUMA cell or,
   * with the default -1, all. Asks for the count first, as the protocol requires.
   */
  async getNodeMemoryStats(cellNum = -1, flags = 0, opts?: CallOptions): Promise<Record<string, bigint>> {
    const count = await this.#caller.call(P.nodeGetMemoryStats, { nparams: 0, cellNum, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.nodeGetMemoryStats, { nparams: count.nparams, cellNum, flags }, opts);
    return Object.fromEntries(r.params.map((p) => [p.field, p.value]));
  }

  /**
   * Host CPU time counters in ns ('kernel', 'user', 'idle', 'iowait') for one CPU or, with the
   * default -1, all. Asks for the count first.
   */
  async getNodeCpuStats(cpuNum = -1, flags = 0, opts?: CallOptions): Promise<Record<string, bigint>> {
    const count = await this.#caller.call(P.nodeGetCpuStats, { cpuNum, nparams: 0, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.nodeGetCpuStats, { cpuNum, nparams: count.nparams, flags }, opts);
    return Object.fromEntries(r.params.map((p) => [p.field, p.value]));
  }

  /** Free host memory in bytes. */
  async getFreeMemory(opts?: CallOptions): Promise<bigint> {
    const r = await this.#caller.call(P.nodeGetFreeMemory, undefined, opts);
    return r.freeMem;
  }

  /** Free memory in bytes of `maxCells` NUMA cells from `startCell`. */
  async getCellsFreeMemory(startCell = 0, maxCells = 1, opts?: CallOptions): Promise<bigint[]> {
    const r = await this.#caller.call(P.nodeGetCellsFreeMemory, { startCell, maxcells: maxCells }, opts);
    return r.cells;
  }

  async getCpuModelNames(arch: string, flags = 0, opts?: CallOptions): Promise<string[]> {
    const r = await this.#caller.call(P.connectGetCpuModelNames, { arch, needResults: 1, flags }, opts);
    return r.models;
  }

  /** Compare a CPU description with the host's (`CPUCompareResult`). */
  async compareCpu(xml: string, flags = 0, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.connectCompareCpu, { xml, flags }, opts);
    return r.result;
  }

  /** The CPU model all given CPU descriptions can run. */
  async baselineCpu(xmlCpus: string[], flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectBaselineCpu, { xmlCpus, flags }, opts);
    return r.cpu;
  }

  // ---- domains ----

  /** All domains matching `ConnectListAllDomainsFlags` (0: all). */
  async listAllDomains(flags = 0, opts?: CallOptions): Promise<Domain[]> {
    const r = await this.#caller.call(P.connectListAllDomains, { needResults: 1, flags }, opts);
    return r.domains.map((d) => new Domain(this.#caller, d));
  }

  async numOfDomains(opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.connectNumOfDomains, undefined, opts);
    return r.num;
  }

  async lookupDomainByName(name: string, opts?: CallOptions): Promise<Domain> {
    const r = await this.#caller.call(P.domainLookupByName, { name }, opts);
    return new Domain(this.#caller, r.dom);
  }

  async lookupDomainByUuid(uuid: string, opts?: CallOptions): Promise<Domain> {
    const r = await this.#caller.call(P.domainLookupByUuid, { uuid }, opts);
    return new Domain(this.#caller, r.dom);
  }

  async lookupDomainById(id: number, opts?: CallOptions): Promise<Domain> {
    const r = await this.#caller.call(P.domainLookupById, { id }, opts);
    return new Domain(this.#caller, r.dom);
  }

  /**
   * Define (or redefine) a persistent domain. Without flags this is DOMAIN_DEFINE_XML, with flags
   * (`DomainDefineFlags.VALIDATE`) DOMAIN_DEFINE_XML_FLAGS, so old daemons keep working.
   */
  async defineDomainXml(xml: string, flags = 0, opts?: CallOptions): Promise<Domain> {
    const r = flags
      ? await this.#caller.call(P.domainDefineXmlFlags, { xml, flags }, opts)
      : await this.#caller.call(P.domainDefineXml, { xml }, opts);
    return new Domain(this.#caller, r.dom);
  }

  /** Create and start a transient domain (`DomainCreateFlags`). */
  async createDomainXml(xml: string, flags = 0, opts?: CallOptions): Promise<Domain> {
    const r = await this.#caller.call(P.domainCreateXml, { xmlDesc: xml, flags }, opts);
    return new Domain(this.#caller, r.dom);
  }

  /** Start a domain from a file made by `Domain.save` (`dxml` alters its XML; `DomainSaveRestoreFlags`). */
  async restoreDomain(from: string, dxml: string | null = null, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainRestoreFlags, { from, dxml, flags }, opts);
  }

  /** The domain XML stored in a save file. */
  async getSaveImageXmlDesc(file: string, flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainSaveImageGetXmlDesc, { file, flags }, opts);
    return r.xml;
  }

  /**
   * Statistics of all domains matching `flags` (`ConnectGetAllDomainStatsFlags`); `stats` picks
   * the groups (`DomainStatsTypes`, 0: all the driver has).
   */
  async getAllDomainStats(stats = 0, flags = 0, opts?: CallOptions): Promise<DomainStatsRecord[]> {
    return this.getDomainStats([], stats, flags, opts);
  }

  /** Statistics of the given domains (virDomainListGetStats); an empty list means all. */
  async getDomainStats(domains: readonly Domain[], stats = 0, flags = 0, opts?: CallOptions): Promise<DomainStatsRecord[]> {
    const r = await this.#caller.call(P.connectGetAllDomainStats, { doms: domains.map((d) => d.ref), stats, flags }, opts);
    return r.retStats.map((s) => ({ domain: new Domain(this.#caller, s.dom), params: fromTypedParams(s.params) }));
  }

  /** Subscribe to domain events (probes DrvFeature.REMOTE_EVENT_CALLBACK first); iterate, then `close()`. */
  async domainEvents(opts: DomainEventsOptions = {}): Promise<DomainEventSubscription> {
    return DomainEventSubscription.open(this.#caller, opts);
  }

  // ---- migration, destination side (the source side is on Domain) ----

  /** Destination, step 2: accept the incoming domain; returns a cookie and, if chosen here, the URI to migrate to. */
  async migratePrepare3Params(
    params: TypedParamsInput,
    cookieIn: Buffer,
    flags = 0,
    opts?: CallOptions,
  ): Promise<{ cookieOut: Buffer; uriOut: string | null }> {
    const r = await this.#caller.call(P.domainMigratePrepare3Params, { params: toTypedParams(params), cookieIn, flags }, opts);
    return { cookieOut: r.cookieOut, uriOut: r.uriOut };
  }

  /** Destination, step 4: finish (or, with `cancelled`, clean up) the incoming domain. */
  async migrateFinish3Params(
    params: TypedParamsInput,
    cookieIn: Buffer,
    cancelled: boolean,
    flags = 0,
    opts?: CallOptions,
  ): Promise<{ domain: Domain; cookieOut: Buffer }> {
    const r = await this.#caller.call(
      P.domainMigrateFinish3Params,
      { params: toTypedParams(params), cookieIn, flags, cancelled: cancelled ? 1 : 0 },
      opts,
    );
    return { domain: new Domain(this.#caller, r.dom), cookieOut: r.cookieOut };
  }

  // ---- storage ----

  async listAllStoragePools(flags = 0, opts?: CallOptions): Promise<StoragePool[]> {
    const r = await this.#caller.call(P.connectListAllStoragePools, { needResults: 1, flags }, opts);
    return r.pools.map((p) => new StoragePool(this.#caller, p));
  }

  async lookupStoragePoolByName(name: string, opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolLookupByName, { name }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  async lookupStoragePoolByUuid(uuid: string, opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolLookupByUuid, { uuid }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  async lookupStoragePoolByTargetPath(path: string, opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolLookupByTargetPath, { path }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  /** Define a persistent pool (`StoragePoolDefineFlags`). */
  async defineStoragePoolXml(xml: string, flags = 0, opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolDefineXml, { xml, flags }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  /** Create and start a transient pool (`StoragePoolCreateFlags`). */
  async createStoragePoolXml(xml: string, flags = 0, opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolCreateXml, { xml, flags }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  /** Discover pool sources of a type (e.g. 'logical', 'netfs'); returns a <sources> XML document. */
  async findStoragePoolSources(type: string, srcSpec: string | null = null, flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.connectFindStoragePoolSources, { type, srcSpec, flags }, opts);
    return r.xml;
  }

  async lookupStorageVolumeByKey(key: string, opts?: CallOptions): Promise<StorageVolume> {
    const r = await this.#caller.call(P.storageVolLookupByKey, { key }, opts);
    return new StorageVolume(this.#caller, r.vol);
  }

  async lookupStorageVolumeByPath(path: string, opts?: CallOptions): Promise<StorageVolume> {
    const r = await this.#caller.call(P.storageVolLookupByPath, { path }, opts);
    return new StorageVolume(this.#caller, r.vol);
  }

  // ---- networks ----

  async listAllNetworks(flags = 0, opts?: CallOptions): Promise<Network[]> {
    const r = await this.#caller.call(P.connectListAllNetworks, { needResults: 1, flags }, opts);
    return r.nets.map((n) => new Network(this.#caller, n));
  }

  async lookupNetworkByName(name: string, opts?: CallOptions): Promise<Network> {
    const r = await this.#caller.call(P.networkLookupByName, { name }, opts);
    return new Network(this.#caller, r.net);
  }

  async lookupNetworkByUuid(uuid: string, opts?: CallOptions): Promise<Network> {
    const r = await this.#caller.call(P.networkLookupByUuid, { uuid }, opts);
    return new Network(this.#caller, r.net);
  }

  /** Define a persistent network; with flags NETWORK_DEFINE_XML_FLAGS (libvirt 7.7+), else NETWORK_DEFINE_XML. */
  async defineNetworkXml(xml: string, flags = 0, opts?: CallOptions): Promise<Network> {
    const r = flags
      ? await this.#caller.call(P.networkDefineXmlFlags, { xml, flags }, opts)
      : await this.#caller.call(P.networkDefineXml, { xml }, opts);
    return new Network(this.#caller, r.net);
  }

  /** Create and start a transient network; with flags NETWORK_CREATE_XML_FLAGS (libvirt 7.8+). */
  async createNetworkXml(xml: string, flags = 0, opts?: CallOptions): Promise<Network> {
    const r = flags
      ? await this.#caller.call(P.networkCreateXmlFlags, { xml, flags }, opts)
      : await this.#caller.call(P.networkCreateXml, { xml }, opts);
    return new Network(this.#caller, r.net);
  }

  // ---- host devices ----

  /** Host devices matching `ConnectListAllNodeDevicesFlags` (capability bits; 0: all). */
  async listAllNodeDevices(flags = 0, opts?: CallOptions): Promise<NodeDevice[]> {
    const r = await this.#caller.call(P.connectListAllNodeDevices, { needResults: 1, flags }, opts);
    return r.devices.map((d) => new NodeDevice(this.#caller, d));
  }

  async lookupNodeDeviceByName(name: string, opts?: CallOptions): Promise<NodeDevice> {
    const r = await this.#caller.call(P.nodeDeviceLookupByName, { name }, opts);
    return new NodeDevice(this.#caller, r.dev);
  }

  /** Create a transient device (vHBA, mediated device) from XML. */
  async createNodeDeviceXml(xml: string, flags = 0, opts?: CallOptions): Promise<NodeDevice> {
    const r = await this.#caller.call(P.nodeDeviceCreateXml, { xmlDesc: xml, flags }, opts);
    return new NodeDevice(this.#caller, r.dev);
  }

  // ---- secrets ----

  async listAllSecrets(flags = 0, opts?: CallOptions): Promise<Secret[]> {
    const r = await this.#caller.call(P.connectListAllSecrets, { needResults: 1, flags }, opts);
    return r.secrets.map((s) => new Secret(this.#caller, s));
  }

  async lookupSecretByUuid(uuid: string, opts?: CallOptions): Promise<Secret> {
    const r = await this.#caller.call(P.secretLookupByUuid, { uuid }, opts);
    return new Secret(this.#caller, r.secret);
  }

  /** Find a secret by what it is for (`SecretUsageType` and e.g. a volume path or Ceph user). */
  async lookupSecretByUsage(usageType: number, usageId: string, opts?: CallOptions): Promise<Secret> {
    const r = await this.#caller.call(P.secretLookupByUsage, { usageType, usageId }, opts);
    return new Secret(this.#caller, r.secret);
  }

  async defineSecretXml(xml: string, flags = 0, opts?: CallOptions): Promise<Secret> {
    const r = await this.#caller.call(P.secretDefineXml, { xml, flags }, opts);
    return new Secret(this.#caller, r.secret);
  }
}
