/**
 * Typed API over the REMOTE program: one class per libvirt object kind, each built from a
 * `Caller` (the connection) and the daemon's reference to the object.
 */
export { Connect, unpackVersion, type NodeInfo, type DomainCapabilitiesQuery, type DomainStatsRecord } from './connect.js';
export {
  Domain,
  type DomainInfo,
  type DomainBlockStats,
  type DomainInterfaceStats,
  type VcpuInfo,
  type DomainJobInfo,
  type DomainInterfaceAddress,
} from './domain.js';
export { DomainSnapshot } from './domain-snapshot.js';
export { StoragePool, type StoragePoolInfo } from './storage-pool.js';
export { StorageVolume, type StorageVolumeInfo } from './storage-volume.js';
export { Network, type NetworkDhcpLease } from './network.js';
export { Secret } from './secret.js';
export { NodeDevice } from './node-device.js';
export {
  DomainEventSubscription,
  DomainEventOverflowError,
  DOMAIN_EVENT_KINDS,
  type DomainEvent,
  type DomainEventKind,
  type DomainLifecycleEvent,
  type DomainEventsOptions,
} from './events.js';
export {
  tp,
  fromTypedParams,
  toTypedParams,
  typedParamList,
  type TypedParams,
  type TypedParamsInput,
  type TypedParamPrimitive,
  type TypedParamInputValue,
} from './typed-params.js';
