/**
 * Codecs of the REMOTE program's types, in the protocol's order (each type only uses earlier ones).
 * Field order, XDR types and array bounds are the protocol's facts; names are ours (camelCase).
 * Strings are `remote_nonnull_string` (bounded by STRING_MAX); `T | null` is `remote_T` (optional).
 * Arrays whose bound we do not state are still limited by the message size.
 */
import {
  array, charArray, double, hyper, int, MAX_LENGTH, opaque, optional, string, struct, uhyper, uint, union, uuid,
  XdrError, type Codec, type Infer,
} from '../xdr.js';
import { TypedParameterType } from './constants.js';
import { remoteError } from './wire.js';

/** Upper bounds the protocol puts on strings, lists and buffers (the `REMOTE_*_MAX` constants). */
export const RemoteLimits = {
  STRING_MAX: 4194304,
  CONNECT_IDENTITY_PARAMS_MAX: 20,
  DOMAIN_LIST_MAX: 16384,
  CPUMAP_MAX: 2048,
  VCPUINFO_MAX: 16384,
  CPUMAPS_MAX: 8388608,
  IOTHREAD_INFO_MAX: 16384,
  MIGRATE_COOKIE_MAX: 4194304,
  NETWORK_LIST_MAX: 16384,
  NETWORK_PORT_LIST_MAX: 16384,
  INTERFACE_LIST_MAX: 16384,
  STORAGE_POOL_LIST_MAX: 16384,
  STORAGE_VOL_LIST_MAX: 16384,
  NODE_DEVICE_LIST_MAX: 65536,
  NODE_DEVICE_CAPS_LIST_MAX: 65536,
  NWFILTER_LIST_MAX: 16384,
  NWFILTER_BINDING_LIST_MAX: 16384,
  DOMAIN_SCHEDULER_PARAMETERS_MAX: 16,
  DOMAIN_BLKIO_PARAMETERS_MAX: 16,
  DOMAIN_MEMORY_PARAMETERS_MAX: 16,
  DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX: 32,
  DOMAIN_NUMA_PARAMETERS_MAX: 16,
  DOMAIN_PERF_EVENTS_MAX: 64,
  DOMAIN_BLOCK_COPY_PARAMETERS_MAX: 16,
  NODE_CPU_STATS_MAX: 16,
  NODE_MEMORY_STATS_MAX: 16,
  DOMAIN_BLOCK_STATS_PARAMETERS_MAX: 16,
  NODE_MAX_CELLS: 1024,
  AUTH_SASL_DATA_MAX: 65536,
  AUTH_TYPE_LIST_MAX: 20,
  DOMAIN_MEMORY_STATS_MAX: 1024,
  DOMAIN_CHECKPOINT_LIST_MAX: 16384,
  DOMAIN_SNAPSHOT_LIST_MAX: 16384,
  DOMAIN_BLOCK_PEEK_BUFFER_MAX: 4194304,
  DOMAIN_MEMORY_PEEK_BUFFER_MAX: 4194304,
  SECURITY_LABEL_LIST_MAX: 64,
  SECURITY_MODEL_MAX: 256,
  SECURITY_LABEL_MAX: 4096,
  SECURITY_DOI_MAX: 256,
  SECRET_VALUE_MAX: 65536,
  SECRET_LIST_MAX: 16384,
  CPU_BASELINE_MAX: 256,
  DOMAIN_SEND_KEY_MAX: 16,
  DOMAIN_INTERFACE_PARAMETERS_MAX: 16,
  DOMAIN_GET_CPU_STATS_NCPUS_MAX: 128,
  DOMAIN_GET_CPU_STATS_MAX: 2048,
  DOMAIN_DISK_ERRORS_MAX: 256,
  NODE_MEMORY_PARAMETERS_MAX: 64,
  DOMAIN_MIGRATE_PARAM_LIST_MAX: 64,
  DOMAIN_JOB_STATS_MAX: 64,
  CONNECT_CPU_MODELS_MAX: 8192,
  DOMAIN_FSFREEZE_MOUNTPOINTS_MAX: 256,
  NETWORK_DHCP_LEASES_MAX: 65536,
  CONNECT_GET_ALL_DOMAIN_STATS_MAX: 262144,
  DOMAIN_EVENT_TUNABLE_MAX: 2048,
  DOMAIN_FSINFO_MAX: 256,
  DOMAIN_FSINFO_DISKS_MAX: 256,
  DOMAIN_INTERFACE_MAX: 2048,
  DOMAIN_IP_ADDR_MAX: 2048,
  DOMAIN_GUEST_VCPU_PARAMS_MAX: 64,
  DOMAIN_IOTHREAD_PARAMS_MAX: 64,
  NODE_SEV_INFO_MAX: 64,
  DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX: 64,
  DOMAIN_LAUNCH_SECURITY_STATE_PARAMS_MAX: 64,
  DOMAIN_GUEST_INFO_PARAMS_MAX: 2048,
  NETWORK_PORT_PARAMETERS_MAX: 16,
  DOMAIN_AUTHORIZED_SSH_KEYS_MAX: 2048,
  DOMAIN_MESSAGES_MAX: 2048,
  DOMAIN_EVENT_GRAPHICS_IDENTITY_MAX: 20,
} as const;
const L = RemoteLimits;

/** `remote_nonnull_string`. */
export const str = string(L.STRING_MAX);
/** `remote_string`: a string that may be absent. */
export const optStr = optional(str);

/**
 * `char x<max>`: rpcgen writes each char of a variable-length char array as a 4-byte int (unlike
 * `opaque`), so SASL tokens and security labels take four bytes per byte on the wire.
 */
export function charBytes(max: number = MAX_LENGTH): Codec<Buffer> {
  return {
    name: `char<${max}>`,
    enc(w, v) {
      if (v.length > max) throw new XdrError(`char<${max}> given ${v.length} bytes`);
      w.uint(v.length);
      for (let i = 0; i < v.length; i++) w.int((v[i] << 24) >> 24);
    },
    dec(r) {
      const n = r.length(max, 'char array');
      if (n * 4 > r.remaining) throw new XdrError(`char array claims ${n} items but only ${r.remaining} bytes remain`);
      const out = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) out[i] = r.int() & 0xff;
      return out;
    },
  };
}

/** Discriminants of `remote_typed_param_value` (`VIR_TYPED_PARAM_*`): the one table in constants.ts. */
export const TypedParamType = TypedParameterType;

/** `remote_typed_param_value`: booleans travel as an int (0/1). */
export const typedParamValue = union('remote_typed_param_value', {
  1: int,
  2: uint,
  3: hyper,
  4: uhyper,
  5: double,
  6: int,
  7: str,
});
export type TypedParamValue = Infer<typeof typedParamValue>;

export { remoteError };

export const nonnullDomain = struct('remote_nonnull_domain', {
  name: str,
  uuid: uuid,
  id: int,
});
export type NonnullDomain = Infer<typeof nonnullDomain>;

export const nonnullNetwork = struct('remote_nonnull_network', {
  name: str,
  uuid: uuid,
});
export type NonnullNetwork = Infer<typeof nonnullNetwork>;

export const nonnullNetworkPort = struct('remote_nonnull_network_port', {
  net: nonnullNetwork,
  uuid: uuid,
});
export type NonnullNetworkPort = Infer<typeof nonnullNetworkPort>;

export const nonnullNwfilter = struct('remote_nonnull_nwfilter', {
  name: str,
  uuid: uuid,
});
export type NonnullNwfilter = Infer<typeof nonnullNwfilter>;

export const nonnullNwfilterBinding = struct('remote_nonnull_nwfilter_binding', {
  portdev: str,
  filtername: str,
});
export type NonnullNwfilterBinding = Infer<typeof nonnullNwfilterBinding>;

export const nonnullInterface = struct('remote_nonnull_interface', {
  name: str,
  mac: str,
});
export type NonnullInterface = Infer<typeof nonnullInterface>;

export const nonnullStoragePool = struct('remote_nonnull_storage_pool', {
  name: str,
  uuid: uuid,
});
export type NonnullStoragePool = Infer<typeof nonnullStoragePool>;

export const nonnullStorageVol = struct('remote_nonnull_storage_vol', {
  pool: str,
  name: str,
  key: str,
});
export type NonnullStorageVol = Infer<typeof nonnullStorageVol>;

export const nonnullNodeDevice = struct('remote_nonnull_node_device', {
  name: str,
});
export type NonnullNodeDevice = Infer<typeof nonnullNodeDevice>;

export const nonnullSecret = struct('remote_nonnull_secret', {
  uuid: uuid,
  usageType: int,
  usageId: str,
});
export type NonnullSecret = Infer<typeof nonnullSecret>;

export const nonnullDomainCheckpoint = struct('remote_nonnull_domain_checkpoint', {
  name: str,
  dom: nonnullDomain,
});
export type NonnullDomainCheckpoint = Infer<typeof nonnullDomainCheckpoint>;

export const nonnullDomainSnapshot = struct('remote_nonnull_domain_snapshot', {
  name: str,
  dom: nonnullDomain,
});
export type NonnullDomainSnapshot = Infer<typeof nonnullDomainSnapshot>;

export const vcpuInfo = struct('remote_vcpu_info', {
  number: uint,
  state: int,
  cpuTime: uhyper,
  cpu: int,
});
export type VcpuInfo = Infer<typeof vcpuInfo>;

export const typedParam = struct('remote_typed_param', {
  field: str,
  value: typedParamValue,
});
export type TypedParam = Infer<typeof typedParam>;

export const nodeGetCpuStats = struct('remote_node_get_cpu_stats', {
  field: str,
  value: uhyper,
});
export type NodeGetCpuStats = Infer<typeof nodeGetCpuStats>;

export const nodeGetMemoryStats = struct('remote_node_get_memory_stats', {
  field: str,
  value: uhyper,
});
export type NodeGetMemoryStats = Infer<typeof nodeGetMemoryStats>;

export const domainDiskError = struct('remote_domain_disk_error', {
  disk: str,
  error: int,
});
export type DomainDiskError = Infer<typeof domainDiskError>;

export const connectOpenArgs = struct('remote_connect_open_args', {
  name: optStr,
  flags: uint,
});

export const connectSupportsFeatureArgs = struct('remote_connect_supports_feature_args', {
  feature: int,
});

export const connectSupportsFeatureRet = struct('remote_connect_supports_feature_ret', {
  supported: int,
});

export const connectGetTypeRet = struct('remote_connect_get_type_ret', {
  type: str,
});

export const connectGetVersionRet = struct('remote_connect_get_version_ret', {
  hvVer: uhyper,
});

export const connectGetLibVersionRet = struct('remote_connect_get_lib_version_ret', {
  libVer: uhyper,
});

export const connectGetHostnameRet = struct('remote_connect_get_hostname_ret', {
  hostname: str,
});

export const connectGetSysinfoArgs = struct('remote_connect_get_sysinfo_args', {
  flags: uint,
});

export const connectGetSysinfoRet = struct('remote_connect_get_sysinfo_ret', {
  sysinfo: str,
});

export const connectGetUriRet = struct('remote_connect_get_uri_ret', {
  uri: str,
});

export const connectGetMaxVcpusArgs = struct('remote_connect_get_max_vcpus_args', {
  type: optStr,
});

export const connectGetMaxVcpusRet = struct('remote_connect_get_max_vcpus_ret', {
  maxVcpus: int,
});

export const nodeGetInfoRet = struct('remote_node_get_info_ret', {
  model: charArray(32),
  memory: uhyper,
  cpus: int,
  mhz: int,
  nodes: int,
  sockets: int,
  cores: int,
  threads: int,
});

export const connectGetCapabilitiesRet = struct('remote_connect_get_capabilities_ret', {
  capabilities: str,
});

export const connectGetDomainCapabilitiesArgs = struct('remote_connect_get_domain_capabilities_args', {
  emulatorbin: optStr,
  arch: optStr,
  machine: optStr,
  virttype: optStr,
  flags: uint,
});

export const connectGetDomainCapabilitiesRet = struct('remote_connect_get_domain_capabilities_ret', {
  capabilities: str,
});

export const nodeGetCpuStatsArgs = struct('remote_node_get_cpu_stats_args', {
  cpuNum: int,
  nparams: int,
  flags: uint,
});

export const nodeGetCpuStatsRet = struct('remote_node_get_cpu_stats_ret', {
  params: array(nodeGetCpuStats, L.NODE_CPU_STATS_MAX),
  nparams: int,
});

export const nodeGetMemoryStatsArgs = struct('remote_node_get_memory_stats_args', {
  nparams: int,
  cellNum: int,
  flags: uint,
});

export const nodeGetMemoryStatsRet = struct('remote_node_get_memory_stats_ret', {
  params: array(nodeGetMemoryStats, L.NODE_MEMORY_STATS_MAX),
  nparams: int,
});

export const nodeGetCellsFreeMemoryArgs = struct('remote_node_get_cells_free_memory_args', {
  startCell: int,
  maxcells: int,
});

export const nodeGetCellsFreeMemoryRet = struct('remote_node_get_cells_free_memory_ret', {
  cells: array(uhyper, L.NODE_MAX_CELLS),
});

export const nodeGetFreeMemoryRet = struct('remote_node_get_free_memory_ret', {
  freeMem: uhyper,
});

export const domainGetSchedulerTypeArgs = struct('remote_domain_get_scheduler_type_args', {
  dom: nonnullDomain,
});

export const domainGetSchedulerTypeRet = struct('remote_domain_get_scheduler_type_ret', {
  type: str,
  nparams: int,
});

export const domainGetSchedulerParametersArgs = struct('remote_domain_get_scheduler_parameters_args', {
  dom: nonnullDomain,
  nparams: int,
});

export const domainGetSchedulerParametersRet = struct('remote_domain_get_scheduler_parameters_ret', {
  params: array(typedParam, L.DOMAIN_SCHEDULER_PARAMETERS_MAX),
});

export const domainGetSchedulerParametersFlagsArgs = struct('remote_domain_get_scheduler_parameters_flags_args', {
  dom: nonnullDomain,
  nparams: int,
  flags: uint,
});

export const domainGetSchedulerParametersFlagsRet = struct('remote_domain_get_scheduler_parameters_flags_ret', {
  params: array(typedParam, L.DOMAIN_SCHEDULER_PARAMETERS_MAX),
});

export const domainSetSchedulerParametersArgs = struct('remote_domain_set_scheduler_parameters_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_SCHEDULER_PARAMETERS_MAX),
});

export const domainSetSchedulerParametersFlagsArgs = struct('remote_domain_set_scheduler_parameters_flags_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_SCHEDULER_PARAMETERS_MAX),
  flags: uint,
});

export const domainSetBlkioParametersArgs = struct('remote_domain_set_blkio_parameters_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_BLKIO_PARAMETERS_MAX),
  flags: uint,
});

export const domainGetBlkioParametersArgs = struct('remote_domain_get_blkio_parameters_args', {
  dom: nonnullDomain,
  nparams: int,
  flags: uint,
});

export const domainGetBlkioParametersRet = struct('remote_domain_get_blkio_parameters_ret', {
  params: array(typedParam, L.DOMAIN_BLKIO_PARAMETERS_MAX),
  nparams: int,
});

export const domainSetMemoryParametersArgs = struct('remote_domain_set_memory_parameters_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_MEMORY_PARAMETERS_MAX),
  flags: uint,
});

export const domainGetMemoryParametersArgs = struct('remote_domain_get_memory_parameters_args', {
  dom: nonnullDomain,
  nparams: int,
  flags: uint,
});

export const domainGetMemoryParametersRet = struct('remote_domain_get_memory_parameters_ret', {
  params: array(typedParam, L.DOMAIN_MEMORY_PARAMETERS_MAX),
  nparams: int,
});

export const domainBlockResizeArgs = struct('remote_domain_block_resize_args', {
  dom: nonnullDomain,
  disk: str,
  size: uhyper,
  flags: uint,
});

export const domainSetNumaParametersArgs = struct('remote_domain_set_numa_parameters_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_NUMA_PARAMETERS_MAX),
  flags: uint,
});

export const domainGetNumaParametersArgs = struct('remote_domain_get_numa_parameters_args', {
  dom: nonnullDomain,
  nparams: int,
  flags: uint,
});

export const domainGetNumaParametersRet = struct('remote_domain_get_numa_parameters_ret', {
  params: array(typedParam, L.DOMAIN_NUMA_PARAMETERS_MAX),
  nparams: int,
});

export const domainSetPerfEventsArgs = struct('remote_domain_set_perf_events_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_PERF_EVENTS_MAX),
  flags: uint,
});

export const domainGetPerfEventsArgs = struct('remote_domain_get_perf_events_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetPerfEventsRet = struct('remote_domain_get_perf_events_ret', {
  params: array(typedParam, L.DOMAIN_PERF_EVENTS_MAX),
});

export const domainBlockStatsArgs = struct('remote_domain_block_stats_args', {
  dom: nonnullDomain,
  path: str,
});

export const domainBlockStatsRet = struct('remote_domain_block_stats_ret', {
  rdReq: hyper,
  rdBytes: hyper,
  wrReq: hyper,
  wrBytes: hyper,
  errs: hyper,
});

export const domainBlockStatsFlagsArgs = struct('remote_domain_block_stats_flags_args', {
  dom: nonnullDomain,
  path: str,
  nparams: int,
  flags: uint,
});

export const domainBlockStatsFlagsRet = struct('remote_domain_block_stats_flags_ret', {
  params: array(typedParam, L.DOMAIN_BLOCK_STATS_PARAMETERS_MAX),
  nparams: int,
});

export const domainInterfaceStatsArgs = struct('remote_domain_interface_stats_args', {
  dom: nonnullDomain,
  device: str,
});

export const domainInterfaceStatsRet = struct('remote_domain_interface_stats_ret', {
  rxBytes: hyper,
  rxPackets: hyper,
  rxErrs: hyper,
  rxDrop: hyper,
  txBytes: hyper,
  txPackets: hyper,
  txErrs: hyper,
  txDrop: hyper,
});

export const domainSetInterfaceParametersArgs = struct('remote_domain_set_interface_parameters_args', {
  dom: nonnullDomain,
  device: str,
  params: array(typedParam, L.DOMAIN_INTERFACE_PARAMETERS_MAX),
  flags: uint,
});

export const domainGetInterfaceParametersArgs = struct('remote_domain_get_interface_parameters_args', {
  dom: nonnullDomain,
  device: str,
  nparams: int,
  flags: uint,
});

export const domainGetInterfaceParametersRet = struct('remote_domain_get_interface_parameters_ret', {
  params: array(typedParam, L.DOMAIN_INTERFACE_PARAMETERS_MAX),
  nparams: int,
});

export const domainMemoryStatsArgs = struct('remote_domain_memory_stats_args', {
  dom: nonnullDomain,
  maxStats: uint,
  flags: uint,
});

export const domainMemoryStat = struct('remote_domain_memory_stat', {
  tag: int,
  val: uhyper,
});
export type DomainMemoryStat = Infer<typeof domainMemoryStat>;

export const domainMemoryStatsRet = struct('remote_domain_memory_stats_ret', {
  stats: array(domainMemoryStat, L.DOMAIN_MEMORY_STATS_MAX),
});

export const domainBlockPeekArgs = struct('remote_domain_block_peek_args', {
  dom: nonnullDomain,
  path: str,
  offset: uhyper,
  size: uint,
  flags: uint,
});

export const domainBlockPeekRet = struct('remote_domain_block_peek_ret', {
  buffer: opaque(L.DOMAIN_BLOCK_PEEK_BUFFER_MAX),
});

export const domainMemoryPeekArgs = struct('remote_domain_memory_peek_args', {
  dom: nonnullDomain,
  offset: uhyper,
  size: uint,
  flags: uint,
});

export const domainMemoryPeekRet = struct('remote_domain_memory_peek_ret', {
  buffer: opaque(L.DOMAIN_MEMORY_PEEK_BUFFER_MAX),
});

export const domainGetBlockInfoArgs = struct('remote_domain_get_block_info_args', {
  dom: nonnullDomain,
  path: str,
  flags: uint,
});

export const domainGetBlockInfoRet = struct('remote_domain_get_block_info_ret', {
  allocation: uhyper,
  capacity: uhyper,
  physical: uhyper,
});

export const connectListDomainsArgs = struct('remote_connect_list_domains_args', {
  maxids: int,
});

export const connectListDomainsRet = struct('remote_connect_list_domains_ret', {
  ids: array(int, L.DOMAIN_LIST_MAX),
});

export const connectNumOfDomainsRet = struct('remote_connect_num_of_domains_ret', {
  num: int,
});

export const domainCreateXmlArgs = struct('remote_domain_create_xml_args', {
  xmlDesc: str,
  flags: uint,
});

export const domainCreateXmlRet = struct('remote_domain_create_xml_ret', {
  dom: nonnullDomain,
});

export const domainCreateXmlWithFilesArgs = struct('remote_domain_create_xml_with_files_args', {
  xmlDesc: str,
  flags: uint,
});

export const domainCreateXmlWithFilesRet = struct('remote_domain_create_xml_with_files_ret', {
  dom: nonnullDomain,
});

export const domainLookupByIdArgs = struct('remote_domain_lookup_by_id_args', {
  id: int,
});

export const domainLookupByIdRet = struct('remote_domain_lookup_by_id_ret', {
  dom: nonnullDomain,
});

export const domainLookupByUuidArgs = struct('remote_domain_lookup_by_uuid_args', {
  uuid: uuid,
});

export const domainLookupByUuidRet = struct('remote_domain_lookup_by_uuid_ret', {
  dom: nonnullDomain,
});

export const domainLookupByNameArgs = struct('remote_domain_lookup_by_name_args', {
  name: str,
});

export const domainLookupByNameRet = struct('remote_domain_lookup_by_name_ret', {
  dom: nonnullDomain,
});

export const domainSuspendArgs = struct('remote_domain_suspend_args', {
  dom: nonnullDomain,
});

export const domainResumeArgs = struct('remote_domain_resume_args', {
  dom: nonnullDomain,
});

export const domainPmSuspendForDurationArgs = struct('remote_domain_pm_suspend_for_duration_args', {
  dom: nonnullDomain,
  target: uint,
  duration: uhyper,
  flags: uint,
});

export const domainPmWakeupArgs = struct('remote_domain_pm_wakeup_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainShutdownArgs = struct('remote_domain_shutdown_args', {
  dom: nonnullDomain,
});

export const domainRebootArgs = struct('remote_domain_reboot_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainResetArgs = struct('remote_domain_reset_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainDestroyArgs = struct('remote_domain_destroy_args', {
  dom: nonnullDomain,
});

export const domainDestroyFlagsArgs = struct('remote_domain_destroy_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetOsTypeArgs = struct('remote_domain_get_os_type_args', {
  dom: nonnullDomain,
});

export const domainGetOsTypeRet = struct('remote_domain_get_os_type_ret', {
  type: str,
});

export const domainGetMaxMemoryArgs = struct('remote_domain_get_max_memory_args', {
  dom: nonnullDomain,
});

export const domainGetMaxMemoryRet = struct('remote_domain_get_max_memory_ret', {
  memory: uhyper,
});

export const domainSetMaxMemoryArgs = struct('remote_domain_set_max_memory_args', {
  dom: nonnullDomain,
  memory: uhyper,
});

export const domainSetMemoryArgs = struct('remote_domain_set_memory_args', {
  dom: nonnullDomain,
  memory: uhyper,
});

export const domainSetMemoryFlagsArgs = struct('remote_domain_set_memory_flags_args', {
  dom: nonnullDomain,
  memory: uhyper,
  flags: uint,
});

export const domainSetMemoryStatsPeriodArgs = struct('remote_domain_set_memory_stats_period_args', {
  dom: nonnullDomain,
  period: int,
  flags: uint,
});

export const domainGetInfoArgs = struct('remote_domain_get_info_args', {
  dom: nonnullDomain,
});

export const domainGetInfoRet = struct('remote_domain_get_info_ret', {
  state: uint,
  maxMem: uhyper,
  memory: uhyper,
  nrVirtCpu: uint,
  cpuTime: uhyper,
});

export const domainSaveArgs = struct('remote_domain_save_args', {
  dom: nonnullDomain,
  to: str,
});

export const domainSaveFlagsArgs = struct('remote_domain_save_flags_args', {
  dom: nonnullDomain,
  to: str,
  dxml: optStr,
  flags: uint,
});

export const domainSaveParamsArgs = struct('remote_domain_save_params_args', {
  dom: nonnullDomain,
  params: array(typedParam),
  flags: uint,
});

export const domainRestoreArgs = struct('remote_domain_restore_args', {
  from: str,
});

export const domainRestoreFlagsArgs = struct('remote_domain_restore_flags_args', {
  from: str,
  dxml: optStr,
  flags: uint,
});

export const domainRestoreParamsArgs = struct('remote_domain_restore_params_args', {
  params: array(typedParam),
  flags: uint,
});

export const domainSaveImageGetXmlDescArgs = struct('remote_domain_save_image_get_xml_desc_args', {
  file: str,
  flags: uint,
});

export const domainSaveImageGetXmlDescRet = struct('remote_domain_save_image_get_xml_desc_ret', {
  xml: str,
});

export const domainSaveImageDefineXmlArgs = struct('remote_domain_save_image_define_xml_args', {
  file: str,
  dxml: str,
  flags: uint,
});

export const domainCoreDumpArgs = struct('remote_domain_core_dump_args', {
  dom: nonnullDomain,
  to: str,
  flags: uint,
});

export const domainCoreDumpWithFormatArgs = struct('remote_domain_core_dump_with_format_args', {
  dom: nonnullDomain,
  to: str,
  dumpformat: uint,
  flags: uint,
});

export const domainScreenshotArgs = struct('remote_domain_screenshot_args', {
  dom: nonnullDomain,
  screen: uint,
  flags: uint,
});

export const domainScreenshotRet = struct('remote_domain_screenshot_ret', {
  mime: optStr,
});

export const domainGetXmlDescArgs = struct('remote_domain_get_xml_desc_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetXmlDescRet = struct('remote_domain_get_xml_desc_ret', {
  xml: str,
});

export const domainMigratePrepareArgs = struct('remote_domain_migrate_prepare_args', {
  uriIn: optStr,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
});

export const domainMigratePrepareRet = struct('remote_domain_migrate_prepare_ret', {
  cookie: opaque(L.MIGRATE_COOKIE_MAX),
  uriOut: optStr,
});

export const domainMigratePerformArgs = struct('remote_domain_migrate_perform_args', {
  dom: nonnullDomain,
  cookie: opaque(L.MIGRATE_COOKIE_MAX),
  uri: str,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
});

export const domainMigrateFinishArgs = struct('remote_domain_migrate_finish_args', {
  dname: str,
  cookie: opaque(L.MIGRATE_COOKIE_MAX),
  uri: str,
  flags: uhyper,
});

export const domainMigrateFinishRet = struct('remote_domain_migrate_finish_ret', {
  ddom: nonnullDomain,
});

export const domainMigratePrepare2Args = struct('remote_domain_migrate_prepare2_args', {
  uriIn: optStr,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
  domXml: str,
});

export const domainMigratePrepare2Ret = struct('remote_domain_migrate_prepare2_ret', {
  cookie: opaque(L.MIGRATE_COOKIE_MAX),
  uriOut: optStr,
});

export const domainMigrateFinish2Args = struct('remote_domain_migrate_finish2_args', {
  dname: str,
  cookie: opaque(L.MIGRATE_COOKIE_MAX),
  uri: str,
  flags: uhyper,
  retcode: int,
});

export const domainMigrateFinish2Ret = struct('remote_domain_migrate_finish2_ret', {
  ddom: nonnullDomain,
});

export const connectListDefinedDomainsArgs = struct('remote_connect_list_defined_domains_args', {
  maxnames: int,
});

export const connectListDefinedDomainsRet = struct('remote_connect_list_defined_domains_ret', {
  names: array(str, L.DOMAIN_LIST_MAX),
});

export const connectNumOfDefinedDomainsRet = struct('remote_connect_num_of_defined_domains_ret', {
  num: int,
});

export const domainCreateArgs = struct('remote_domain_create_args', {
  dom: nonnullDomain,
});

export const domainCreateWithFlagsArgs = struct('remote_domain_create_with_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainCreateWithFlagsRet = struct('remote_domain_create_with_flags_ret', {
  dom: nonnullDomain,
});

export const domainCreateWithFilesArgs = struct('remote_domain_create_with_files_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainCreateWithFilesRet = struct('remote_domain_create_with_files_ret', {
  dom: nonnullDomain,
});

export const domainDefineXmlArgs = struct('remote_domain_define_xml_args', {
  xml: str,
});

export const domainDefineXmlRet = struct('remote_domain_define_xml_ret', {
  dom: nonnullDomain,
});

export const domainDefineXmlFlagsArgs = struct('remote_domain_define_xml_flags_args', {
  xml: str,
  flags: uint,
});

export const domainDefineXmlFlagsRet = struct('remote_domain_define_xml_flags_ret', {
  dom: nonnullDomain,
});

export const domainUndefineArgs = struct('remote_domain_undefine_args', {
  dom: nonnullDomain,
});

export const domainUndefineFlagsArgs = struct('remote_domain_undefine_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainInjectNmiArgs = struct('remote_domain_inject_nmi_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainSendKeyArgs = struct('remote_domain_send_key_args', {
  dom: nonnullDomain,
  codeset: uint,
  holdtime: uint,
  keycodes: array(uint, L.DOMAIN_SEND_KEY_MAX),
  flags: uint,
});

export const domainSendProcessSignalArgs = struct('remote_domain_send_process_signal_args', {
  dom: nonnullDomain,
  pidValue: hyper,
  signum: uint,
  flags: uint,
});

export const domainSetVcpusArgs = struct('remote_domain_set_vcpus_args', {
  dom: nonnullDomain,
  nvcpus: uint,
});

export const domainSetVcpusFlagsArgs = struct('remote_domain_set_vcpus_flags_args', {
  dom: nonnullDomain,
  nvcpus: uint,
  flags: uint,
});

export const domainGetVcpusFlagsArgs = struct('remote_domain_get_vcpus_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetVcpusFlagsRet = struct('remote_domain_get_vcpus_flags_ret', {
  num: int,
});

export const domainPinVcpuArgs = struct('remote_domain_pin_vcpu_args', {
  dom: nonnullDomain,
  vcpu: uint,
  cpumap: opaque(L.CPUMAP_MAX),
});

export const domainPinVcpuFlagsArgs = struct('remote_domain_pin_vcpu_flags_args', {
  dom: nonnullDomain,
  vcpu: uint,
  cpumap: opaque(L.CPUMAP_MAX),
  flags: uint,
});

export const domainGetVcpuPinInfoArgs = struct('remote_domain_get_vcpu_pin_info_args', {
  dom: nonnullDomain,
  ncpumaps: int,
  maplen: int,
  flags: uint,
});

export const domainGetVcpuPinInfoRet = struct('remote_domain_get_vcpu_pin_info_ret', {
  cpumaps: opaque(L.CPUMAPS_MAX),
  num: int,
});

export const domainPinEmulatorArgs = struct('remote_domain_pin_emulator_args', {
  dom: nonnullDomain,
  cpumap: opaque(L.CPUMAP_MAX),
  flags: uint,
});

export const domainGetEmulatorPinInfoArgs = struct('remote_domain_get_emulator_pin_info_args', {
  dom: nonnullDomain,
  maplen: int,
  flags: uint,
});

export const domainGetEmulatorPinInfoRet = struct('remote_domain_get_emulator_pin_info_ret', {
  cpumaps: opaque(L.CPUMAPS_MAX),
  ret: int,
});

export const domainGetVcpusArgs = struct('remote_domain_get_vcpus_args', {
  dom: nonnullDomain,
  maxinfo: int,
  maplen: int,
});

export const domainGetVcpusRet = struct('remote_domain_get_vcpus_ret', {
  info: array(vcpuInfo, L.VCPUINFO_MAX),
  cpumaps: opaque(L.CPUMAPS_MAX),
});

export const domainGetMaxVcpusArgs = struct('remote_domain_get_max_vcpus_args', {
  dom: nonnullDomain,
});

export const domainGetMaxVcpusRet = struct('remote_domain_get_max_vcpus_ret', {
  num: int,
});

export const domainIothreadInfo = struct('remote_domain_iothread_info', {
  iothreadId: uint,
  cpumap: opaque(L.CPUMAP_MAX),
});
export type DomainIothreadInfo = Infer<typeof domainIothreadInfo>;

export const domainGetIothreadInfoArgs = struct('remote_domain_get_iothread_info_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetIothreadInfoRet = struct('remote_domain_get_iothread_info_ret', {
  info: array(domainIothreadInfo, L.IOTHREAD_INFO_MAX),
  ret: uint,
});

export const domainPinIothreadArgs = struct('remote_domain_pin_iothread_args', {
  dom: nonnullDomain,
  iothreadsId: uint,
  cpumap: opaque(L.CPUMAP_MAX),
  flags: uint,
});

export const domainAddIothreadArgs = struct('remote_domain_add_iothread_args', {
  dom: nonnullDomain,
  iothreadId: uint,
  flags: uint,
});

export const domainDelIothreadArgs = struct('remote_domain_del_iothread_args', {
  dom: nonnullDomain,
  iothreadId: uint,
  flags: uint,
});

export const domainSetIothreadParamsArgs = struct('remote_domain_set_iothread_params_args', {
  dom: nonnullDomain,
  iothreadId: uint,
  params: array(typedParam, L.DOMAIN_IOTHREAD_PARAMS_MAX),
  flags: uint,
});

export const domainGetSecurityLabelArgs = struct('remote_domain_get_security_label_args', {
  dom: nonnullDomain,
});

export const domainGetSecurityLabelRet = struct('remote_domain_get_security_label_ret', {
  label: charBytes(L.SECURITY_LABEL_MAX),
  enforcing: int,
});

export const domainGetSecurityLabelListArgs = struct('remote_domain_get_security_label_list_args', {
  dom: nonnullDomain,
});

export const domainGetSecurityLabelListRet = struct('remote_domain_get_security_label_list_ret', {
  labels: array(domainGetSecurityLabelRet, L.SECURITY_LABEL_LIST_MAX),
  ret: int,
});

export const nodeGetSecurityModelRet = struct('remote_node_get_security_model_ret', {
  model: charBytes(L.SECURITY_MODEL_MAX),
  doi: charBytes(L.SECURITY_DOI_MAX),
});

export const domainAttachDeviceArgs = struct('remote_domain_attach_device_args', {
  dom: nonnullDomain,
  xml: str,
});

export const domainAttachDeviceFlagsArgs = struct('remote_domain_attach_device_flags_args', {
  dom: nonnullDomain,
  xml: str,
  flags: uint,
});

export const domainDetachDeviceArgs = struct('remote_domain_detach_device_args', {
  dom: nonnullDomain,
  xml: str,
});

export const domainDetachDeviceFlagsArgs = struct('remote_domain_detach_device_flags_args', {
  dom: nonnullDomain,
  xml: str,
  flags: uint,
});

export const domainUpdateDeviceFlagsArgs = struct('remote_domain_update_device_flags_args', {
  dom: nonnullDomain,
  xml: str,
  flags: uint,
});

export const domainDetachDeviceAliasArgs = struct('remote_domain_detach_device_alias_args', {
  dom: nonnullDomain,
  alias: str,
  flags: uint,
});

export const domainGetAutostartArgs = struct('remote_domain_get_autostart_args', {
  dom: nonnullDomain,
});

export const domainGetAutostartRet = struct('remote_domain_get_autostart_ret', {
  autostart: int,
});

export const domainSetAutostartArgs = struct('remote_domain_set_autostart_args', {
  dom: nonnullDomain,
  autostart: int,
});

export const domainSetMetadataArgs = struct('remote_domain_set_metadata_args', {
  dom: nonnullDomain,
  type: int,
  metadata: optStr,
  key: optStr,
  uri: optStr,
  flags: uint,
});

export const domainGetMetadataArgs = struct('remote_domain_get_metadata_args', {
  dom: nonnullDomain,
  type: int,
  uri: optStr,
  flags: uint,
});

export const domainGetMetadataRet = struct('remote_domain_get_metadata_ret', {
  metadata: str,
});

export const domainBlockJobAbortArgs = struct('remote_domain_block_job_abort_args', {
  dom: nonnullDomain,
  path: str,
  flags: uint,
});

export const domainGetBlockJobInfoArgs = struct('remote_domain_get_block_job_info_args', {
  dom: nonnullDomain,
  path: str,
  flags: uint,
});

export const domainGetBlockJobInfoRet = struct('remote_domain_get_block_job_info_ret', {
  found: int,
  type: int,
  bandwidth: uhyper,
  cur: uhyper,
  end: uhyper,
});

export const domainBlockJobSetSpeedArgs = struct('remote_domain_block_job_set_speed_args', {
  dom: nonnullDomain,
  path: str,
  bandwidth: uhyper,
  flags: uint,
});

export const domainBlockPullArgs = struct('remote_domain_block_pull_args', {
  dom: nonnullDomain,
  path: str,
  bandwidth: uhyper,
  flags: uint,
});

export const domainBlockRebaseArgs = struct('remote_domain_block_rebase_args', {
  dom: nonnullDomain,
  path: str,
  base: optStr,
  bandwidth: uhyper,
  flags: uint,
});

export const domainBlockCopyArgs = struct('remote_domain_block_copy_args', {
  dom: nonnullDomain,
  path: str,
  destxml: str,
  params: array(typedParam, L.DOMAIN_BLOCK_COPY_PARAMETERS_MAX),
  flags: uint,
});

export const domainBlockCommitArgs = struct('remote_domain_block_commit_args', {
  dom: nonnullDomain,
  disk: str,
  base: optStr,
  top: optStr,
  bandwidth: uhyper,
  flags: uint,
});

export const domainSetBlockIoTuneArgs = struct('remote_domain_set_block_io_tune_args', {
  dom: nonnullDomain,
  disk: str,
  params: array(typedParam, L.DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX),
  flags: uint,
});

export const domainGetBlockIoTuneArgs = struct('remote_domain_get_block_io_tune_args', {
  dom: nonnullDomain,
  disk: optStr,
  nparams: int,
  flags: uint,
});

export const domainGetBlockIoTuneRet = struct('remote_domain_get_block_io_tune_ret', {
  params: array(typedParam, L.DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX),
  nparams: int,
});

export const domainSetThrottleGroupArgs = struct('remote_domain_set_throttle_group_args', {
  dom: nonnullDomain,
  group: str,
  params: array(typedParam),
  flags: uint,
});

export const domainDelThrottleGroupArgs = struct('remote_domain_del_throttle_group_args', {
  dom: nonnullDomain,
  group: optStr,
  flags: uint,
});

export const domainGetCpuStatsArgs = struct('remote_domain_get_cpu_stats_args', {
  dom: nonnullDomain,
  nparams: uint,
  startCpu: int,
  ncpus: uint,
  flags: uint,
});

export const domainGetCpuStatsRet = struct('remote_domain_get_cpu_stats_ret', {
  params: array(typedParam, L.DOMAIN_GET_CPU_STATS_MAX),
  nparams: int,
});

export const domainGetHostnameArgs = struct('remote_domain_get_hostname_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetHostnameRet = struct('remote_domain_get_hostname_ret', {
  hostname: str,
});

export const connectNumOfNetworksRet = struct('remote_connect_num_of_networks_ret', {
  num: int,
});

export const connectListNetworksArgs = struct('remote_connect_list_networks_args', {
  maxnames: int,
});

export const connectListNetworksRet = struct('remote_connect_list_networks_ret', {
  names: array(str, L.NETWORK_LIST_MAX),
});

export const connectNumOfDefinedNetworksRet = struct('remote_connect_num_of_defined_networks_ret', {
  num: int,
});

export const connectListDefinedNetworksArgs = struct('remote_connect_list_defined_networks_args', {
  maxnames: int,
});

export const connectListDefinedNetworksRet = struct('remote_connect_list_defined_networks_ret', {
  names: array(str, L.NETWORK_LIST_MAX),
});

export const networkLookupByUuidArgs = struct('remote_network_lookup_by_uuid_args', {
  uuid: uuid,
});

export const networkLookupByUuidRet = struct('remote_network_lookup_by_uuid_ret', {
  net: nonnullNetwork,
});

export const networkLookupByNameArgs = struct('remote_network_lookup_by_name_args', {
  name: str,
});

export const networkLookupByNameRet = struct('remote_network_lookup_by_name_ret', {
  net: nonnullNetwork,
});

export const networkCreateXmlArgs = struct('remote_network_create_xml_args', {
  xml: str,
});

export const networkCreateXmlRet = struct('remote_network_create_xml_ret', {
  net: nonnullNetwork,
});

export const networkCreateXmlFlagsArgs = struct('remote_network_create_xml_flags_args', {
  xml: str,
  flags: uint,
});

export const networkCreateXmlFlagsRet = struct('remote_network_create_xml_flags_ret', {
  net: nonnullNetwork,
});

export const networkDefineXmlArgs = struct('remote_network_define_xml_args', {
  xml: str,
});

export const networkDefineXmlRet = struct('remote_network_define_xml_ret', {
  net: nonnullNetwork,
});

export const networkDefineXmlFlagsArgs = struct('remote_network_define_xml_flags_args', {
  xml: str,
  flags: uint,
});

export const networkDefineXmlFlagsRet = struct('remote_network_define_xml_flags_ret', {
  net: nonnullNetwork,
});

export const networkUndefineArgs = struct('remote_network_undefine_args', {
  net: nonnullNetwork,
});

export const networkUpdateArgs = struct('remote_network_update_args', {
  net: nonnullNetwork,
  command: uint,
  section: uint,
  parentIndex: int,
  xml: str,
  flags: uint,
});

export const networkCreateArgs = struct('remote_network_create_args', {
  net: nonnullNetwork,
});

export const networkDestroyArgs = struct('remote_network_destroy_args', {
  net: nonnullNetwork,
});

export const networkGetXmlDescArgs = struct('remote_network_get_xml_desc_args', {
  net: nonnullNetwork,
  flags: uint,
});

export const networkGetXmlDescRet = struct('remote_network_get_xml_desc_ret', {
  xml: str,
});

export const networkGetBridgeNameArgs = struct('remote_network_get_bridge_name_args', {
  net: nonnullNetwork,
});

export const networkGetBridgeNameRet = struct('remote_network_get_bridge_name_ret', {
  name: str,
});

export const networkGetAutostartArgs = struct('remote_network_get_autostart_args', {
  net: nonnullNetwork,
});

export const networkGetAutostartRet = struct('remote_network_get_autostart_ret', {
  autostart: int,
});

export const networkSetAutostartArgs = struct('remote_network_set_autostart_args', {
  net: nonnullNetwork,
  autostart: int,
});

export const connectNumOfNwfiltersRet = struct('remote_connect_num_of_nwfilters_ret', {
  num: int,
});

export const connectListNwfiltersArgs = struct('remote_connect_list_nwfilters_args', {
  maxnames: int,
});

export const connectListNwfiltersRet = struct('remote_connect_list_nwfilters_ret', {
  names: array(str, L.NWFILTER_LIST_MAX),
});

export const nwfilterLookupByUuidArgs = struct('remote_nwfilter_lookup_by_uuid_args', {
  uuid: uuid,
});

export const nwfilterLookupByUuidRet = struct('remote_nwfilter_lookup_by_uuid_ret', {
  nwfilter: nonnullNwfilter,
});

export const nwfilterLookupByNameArgs = struct('remote_nwfilter_lookup_by_name_args', {
  name: str,
});

export const nwfilterLookupByNameRet = struct('remote_nwfilter_lookup_by_name_ret', {
  nwfilter: nonnullNwfilter,
});

export const nwfilterDefineXmlArgs = struct('remote_nwfilter_define_xml_args', {
  xml: str,
});

export const nwfilterDefineXmlRet = struct('remote_nwfilter_define_xml_ret', {
  nwfilter: nonnullNwfilter,
});

export const nwfilterDefineXmlFlagsArgs = struct('remote_nwfilter_define_xml_flags_args', {
  xml: str,
  flags: uint,
});

export const nwfilterDefineXmlFlagsRet = struct('remote_nwfilter_define_xml_flags_ret', {
  nwfilter: nonnullNwfilter,
});

export const nwfilterUndefineArgs = struct('remote_nwfilter_undefine_args', {
  nwfilter: nonnullNwfilter,
});

export const nwfilterGetXmlDescArgs = struct('remote_nwfilter_get_xml_desc_args', {
  nwfilter: nonnullNwfilter,
  flags: uint,
});

export const nwfilterGetXmlDescRet = struct('remote_nwfilter_get_xml_desc_ret', {
  xml: str,
});

export const connectNumOfInterfacesRet = struct('remote_connect_num_of_interfaces_ret', {
  num: int,
});

export const connectListInterfacesArgs = struct('remote_connect_list_interfaces_args', {
  maxnames: int,
});

export const connectListInterfacesRet = struct('remote_connect_list_interfaces_ret', {
  names: array(str, L.INTERFACE_LIST_MAX),
});

export const connectNumOfDefinedInterfacesRet = struct('remote_connect_num_of_defined_interfaces_ret', {
  num: int,
});

export const connectListDefinedInterfacesArgs = struct('remote_connect_list_defined_interfaces_args', {
  maxnames: int,
});

export const connectListDefinedInterfacesRet = struct('remote_connect_list_defined_interfaces_ret', {
  names: array(str, L.INTERFACE_LIST_MAX),
});

export const interfaceLookupByNameArgs = struct('remote_interface_lookup_by_name_args', {
  name: str,
});

export const interfaceLookupByNameRet = struct('remote_interface_lookup_by_name_ret', {
  iface: nonnullInterface,
});

export const interfaceLookupByMacStringArgs = struct('remote_interface_lookup_by_mac_string_args', {
  mac: str,
});

export const interfaceLookupByMacStringRet = struct('remote_interface_lookup_by_mac_string_ret', {
  iface: nonnullInterface,
});

export const interfaceGetXmlDescArgs = struct('remote_interface_get_xml_desc_args', {
  iface: nonnullInterface,
  flags: uint,
});

export const interfaceGetXmlDescRet = struct('remote_interface_get_xml_desc_ret', {
  xml: str,
});

export const interfaceDefineXmlArgs = struct('remote_interface_define_xml_args', {
  xml: str,
  flags: uint,
});

export const interfaceDefineXmlRet = struct('remote_interface_define_xml_ret', {
  iface: nonnullInterface,
});

export const interfaceUndefineArgs = struct('remote_interface_undefine_args', {
  iface: nonnullInterface,
});

export const interfaceCreateArgs = struct('remote_interface_create_args', {
  iface: nonnullInterface,
  flags: uint,
});

export const interfaceDestroyArgs = struct('remote_interface_destroy_args', {
  iface: nonnullInterface,
  flags: uint,
});

export const interfaceChangeBeginArgs = struct('remote_interface_change_begin_args', {
  flags: uint,
});

export const interfaceChangeCommitArgs = struct('remote_interface_change_commit_args', {
  flags: uint,
});

export const interfaceChangeRollbackArgs = struct('remote_interface_change_rollback_args', {
  flags: uint,
});

export const authListRet = struct('remote_auth_list_ret', {
  types: array(int, L.AUTH_TYPE_LIST_MAX),
});

export const authSaslInitRet = struct('remote_auth_sasl_init_ret', {
  mechlist: str,
});

export const authSaslStartArgs = struct('remote_auth_sasl_start_args', {
  mech: str,
  nil: int,
  data: charBytes(L.AUTH_SASL_DATA_MAX),
});

export const authSaslStartRet = struct('remote_auth_sasl_start_ret', {
  complete: int,
  nil: int,
  data: charBytes(L.AUTH_SASL_DATA_MAX),
});

export const authSaslStepArgs = struct('remote_auth_sasl_step_args', {
  nil: int,
  data: charBytes(L.AUTH_SASL_DATA_MAX),
});

export const authSaslStepRet = struct('remote_auth_sasl_step_ret', {
  complete: int,
  nil: int,
  data: charBytes(L.AUTH_SASL_DATA_MAX),
});

export const authPolkitRet = struct('remote_auth_polkit_ret', {
  complete: int,
});

export const connectNumOfStoragePoolsRet = struct('remote_connect_num_of_storage_pools_ret', {
  num: int,
});

export const connectListStoragePoolsArgs = struct('remote_connect_list_storage_pools_args', {
  maxnames: int,
});

export const connectListStoragePoolsRet = struct('remote_connect_list_storage_pools_ret', {
  names: array(str, L.STORAGE_POOL_LIST_MAX),
});

export const connectNumOfDefinedStoragePoolsRet = struct('remote_connect_num_of_defined_storage_pools_ret', {
  num: int,
});

export const connectListDefinedStoragePoolsArgs = struct('remote_connect_list_defined_storage_pools_args', {
  maxnames: int,
});

export const connectListDefinedStoragePoolsRet = struct('remote_connect_list_defined_storage_pools_ret', {
  names: array(str, L.STORAGE_POOL_LIST_MAX),
});

export const connectFindStoragePoolSourcesArgs = struct('remote_connect_find_storage_pool_sources_args', {
  type: str,
  srcSpec: optStr,
  flags: uint,
});

export const connectFindStoragePoolSourcesRet = struct('remote_connect_find_storage_pool_sources_ret', {
  xml: str,
});

export const storagePoolLookupByUuidArgs = struct('remote_storage_pool_lookup_by_uuid_args', {
  uuid: uuid,
});

export const storagePoolLookupByUuidRet = struct('remote_storage_pool_lookup_by_uuid_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolLookupByNameArgs = struct('remote_storage_pool_lookup_by_name_args', {
  name: str,
});

export const storagePoolLookupByNameRet = struct('remote_storage_pool_lookup_by_name_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolLookupByVolumeArgs = struct('remote_storage_pool_lookup_by_volume_args', {
  vol: nonnullStorageVol,
});

export const storagePoolLookupByVolumeRet = struct('remote_storage_pool_lookup_by_volume_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolLookupByTargetPathArgs = struct('remote_storage_pool_lookup_by_target_path_args', {
  path: str,
});

export const storagePoolLookupByTargetPathRet = struct('remote_storage_pool_lookup_by_target_path_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolCreateXmlArgs = struct('remote_storage_pool_create_xml_args', {
  xml: str,
  flags: uint,
});

export const storagePoolCreateXmlRet = struct('remote_storage_pool_create_xml_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolDefineXmlArgs = struct('remote_storage_pool_define_xml_args', {
  xml: str,
  flags: uint,
});

export const storagePoolDefineXmlRet = struct('remote_storage_pool_define_xml_ret', {
  pool: nonnullStoragePool,
});

export const storagePoolBuildArgs = struct('remote_storage_pool_build_args', {
  pool: nonnullStoragePool,
  flags: uint,
});

export const storagePoolUndefineArgs = struct('remote_storage_pool_undefine_args', {
  pool: nonnullStoragePool,
});

export const storagePoolCreateArgs = struct('remote_storage_pool_create_args', {
  pool: nonnullStoragePool,
  flags: uint,
});

export const storagePoolDestroyArgs = struct('remote_storage_pool_destroy_args', {
  pool: nonnullStoragePool,
});

export const storagePoolDeleteArgs = struct('remote_storage_pool_delete_args', {
  pool: nonnullStoragePool,
  flags: uint,
});

export const storagePoolRefreshArgs = struct('remote_storage_pool_refresh_args', {
  pool: nonnullStoragePool,
  flags: uint,
});

export const storagePoolGetXmlDescArgs = struct('remote_storage_pool_get_xml_desc_args', {
  pool: nonnullStoragePool,
  flags: uint,
});

export const storagePoolGetXmlDescRet = struct('remote_storage_pool_get_xml_desc_ret', {
  xml: str,
});

export const storagePoolGetInfoArgs = struct('remote_storage_pool_get_info_args', {
  pool: nonnullStoragePool,
});

export const storagePoolGetInfoRet = struct('remote_storage_pool_get_info_ret', {
  state: uint,
  capacity: uhyper,
  allocation: uhyper,
  available: uhyper,
});

export const storagePoolGetAutostartArgs = struct('remote_storage_pool_get_autostart_args', {
  pool: nonnullStoragePool,
});

export const storagePoolGetAutostartRet = struct('remote_storage_pool_get_autostart_ret', {
  autostart: int,
});

export const storagePoolSetAutostartArgs = struct('remote_storage_pool_set_autostart_args', {
  pool: nonnullStoragePool,
  autostart: int,
});

export const storagePoolNumOfVolumesArgs = struct('remote_storage_pool_num_of_volumes_args', {
  pool: nonnullStoragePool,
});

export const storagePoolNumOfVolumesRet = struct('remote_storage_pool_num_of_volumes_ret', {
  num: int,
});

export const storagePoolListVolumesArgs = struct('remote_storage_pool_list_volumes_args', {
  pool: nonnullStoragePool,
  maxnames: int,
});

export const storagePoolListVolumesRet = struct('remote_storage_pool_list_volumes_ret', {
  names: array(str, L.STORAGE_VOL_LIST_MAX),
});

export const storageVolLookupByNameArgs = struct('remote_storage_vol_lookup_by_name_args', {
  pool: nonnullStoragePool,
  name: str,
});

export const storageVolLookupByNameRet = struct('remote_storage_vol_lookup_by_name_ret', {
  vol: nonnullStorageVol,
});

export const storageVolLookupByKeyArgs = struct('remote_storage_vol_lookup_by_key_args', {
  key: str,
});

export const storageVolLookupByKeyRet = struct('remote_storage_vol_lookup_by_key_ret', {
  vol: nonnullStorageVol,
});

export const storageVolLookupByPathArgs = struct('remote_storage_vol_lookup_by_path_args', {
  path: str,
});

export const storageVolLookupByPathRet = struct('remote_storage_vol_lookup_by_path_ret', {
  vol: nonnullStorageVol,
});

export const storageVolCreateXmlArgs = struct('remote_storage_vol_create_xml_args', {
  pool: nonnullStoragePool,
  xml: str,
  flags: uint,
});

export const storageVolCreateXmlRet = struct('remote_storage_vol_create_xml_ret', {
  vol: nonnullStorageVol,
});

export const storageVolCreateXmlFromArgs = struct('remote_storage_vol_create_xml_from_args', {
  pool: nonnullStoragePool,
  xml: str,
  clonevol: nonnullStorageVol,
  flags: uint,
});

export const storageVolCreateXmlFromRet = struct('remote_storage_vol_create_xml_from_ret', {
  vol: nonnullStorageVol,
});

export const storageVolDeleteArgs = struct('remote_storage_vol_delete_args', {
  vol: nonnullStorageVol,
  flags: uint,
});

export const storageVolWipeArgs = struct('remote_storage_vol_wipe_args', {
  vol: nonnullStorageVol,
  flags: uint,
});

export const storageVolWipePatternArgs = struct('remote_storage_vol_wipe_pattern_args', {
  vol: nonnullStorageVol,
  algorithm: uint,
  flags: uint,
});

export const storageVolGetXmlDescArgs = struct('remote_storage_vol_get_xml_desc_args', {
  vol: nonnullStorageVol,
  flags: uint,
});

export const storageVolGetXmlDescRet = struct('remote_storage_vol_get_xml_desc_ret', {
  xml: str,
});

export const storageVolGetInfoArgs = struct('remote_storage_vol_get_info_args', {
  vol: nonnullStorageVol,
});

export const storageVolGetInfoRet = struct('remote_storage_vol_get_info_ret', {
  type: int,
  capacity: uhyper,
  allocation: uhyper,
});

export const storageVolGetInfoFlagsArgs = struct('remote_storage_vol_get_info_flags_args', {
  vol: nonnullStorageVol,
  flags: uint,
});

export const storageVolGetInfoFlagsRet = struct('remote_storage_vol_get_info_flags_ret', {
  type: int,
  capacity: uhyper,
  allocation: uhyper,
});

export const storageVolGetPathArgs = struct('remote_storage_vol_get_path_args', {
  vol: nonnullStorageVol,
});

export const storageVolGetPathRet = struct('remote_storage_vol_get_path_ret', {
  name: str,
});

export const storageVolResizeArgs = struct('remote_storage_vol_resize_args', {
  vol: nonnullStorageVol,
  capacity: uhyper,
  flags: uint,
});

export const nodeNumOfDevicesArgs = struct('remote_node_num_of_devices_args', {
  cap: optStr,
  flags: uint,
});

export const nodeNumOfDevicesRet = struct('remote_node_num_of_devices_ret', {
  num: int,
});

export const nodeListDevicesArgs = struct('remote_node_list_devices_args', {
  cap: optStr,
  maxnames: int,
  flags: uint,
});

export const nodeListDevicesRet = struct('remote_node_list_devices_ret', {
  names: array(str, L.NODE_DEVICE_LIST_MAX),
});

export const nodeDeviceLookupByNameArgs = struct('remote_node_device_lookup_by_name_args', {
  name: str,
});

export const nodeDeviceLookupByNameRet = struct('remote_node_device_lookup_by_name_ret', {
  dev: nonnullNodeDevice,
});

export const nodeDeviceLookupScsiHostByWwnArgs = struct('remote_node_device_lookup_scsi_host_by_wwn_args', {
  wwnn: str,
  wwpn: str,
  flags: uint,
});

export const nodeDeviceLookupScsiHostByWwnRet = struct('remote_node_device_lookup_scsi_host_by_wwn_ret', {
  dev: nonnullNodeDevice,
});

export const nodeDeviceGetXmlDescArgs = struct('remote_node_device_get_xml_desc_args', {
  name: str,
  flags: uint,
});

export const nodeDeviceGetXmlDescRet = struct('remote_node_device_get_xml_desc_ret', {
  xml: str,
});

export const nodeDeviceGetParentArgs = struct('remote_node_device_get_parent_args', {
  name: str,
});

export const nodeDeviceGetParentRet = struct('remote_node_device_get_parent_ret', {
  parentName: optStr,
});

export const nodeDeviceNumOfCapsArgs = struct('remote_node_device_num_of_caps_args', {
  name: str,
});

export const nodeDeviceNumOfCapsRet = struct('remote_node_device_num_of_caps_ret', {
  num: int,
});

export const nodeDeviceListCapsArgs = struct('remote_node_device_list_caps_args', {
  name: str,
  maxnames: int,
});

export const nodeDeviceListCapsRet = struct('remote_node_device_list_caps_ret', {
  names: array(str, L.NODE_DEVICE_CAPS_LIST_MAX),
});

export const nodeDeviceDettachArgs = struct('remote_node_device_dettach_args', {
  name: str,
});

export const nodeDeviceDetachFlagsArgs = struct('remote_node_device_detach_flags_args', {
  name: str,
  driverName: optStr,
  flags: uint,
});

export const nodeDeviceReAttachArgs = struct('remote_node_device_re_attach_args', {
  name: str,
});

export const nodeDeviceResetArgs = struct('remote_node_device_reset_args', {
  name: str,
});

export const nodeDeviceCreateXmlArgs = struct('remote_node_device_create_xml_args', {
  xmlDesc: str,
  flags: uint,
});

export const nodeDeviceCreateXmlRet = struct('remote_node_device_create_xml_ret', {
  dev: nonnullNodeDevice,
});

export const nodeDeviceDestroyArgs = struct('remote_node_device_destroy_args', {
  name: str,
});

export const nodeDeviceDefineXmlArgs = struct('remote_node_device_define_xml_args', {
  xmlDesc: str,
  flags: uint,
});

export const nodeDeviceDefineXmlRet = struct('remote_node_device_define_xml_ret', {
  dev: nonnullNodeDevice,
});

export const nodeDeviceUndefineArgs = struct('remote_node_device_undefine_args', {
  name: str,
  flags: uint,
});

export const nodeDeviceCreateArgs = struct('remote_node_device_create_args', {
  name: str,
  flags: uint,
});

export const nodeDeviceGetAutostartArgs = struct('remote_node_device_get_autostart_args', {
  name: str,
});

export const nodeDeviceGetAutostartRet = struct('remote_node_device_get_autostart_ret', {
  autostart: int,
});

export const nodeDeviceSetAutostartArgs = struct('remote_node_device_set_autostart_args', {
  name: str,
  autostart: int,
});

export const nodeDeviceIsPersistentArgs = struct('remote_node_device_is_persistent_args', {
  name: str,
});

export const nodeDeviceIsPersistentRet = struct('remote_node_device_is_persistent_ret', {
  persistent: int,
});

export const nodeDeviceIsActiveArgs = struct('remote_node_device_is_active_args', {
  name: str,
});

export const nodeDeviceIsActiveRet = struct('remote_node_device_is_active_ret', {
  active: int,
});

export const nodeDeviceUpdateArgs = struct('remote_node_device_update_args', {
  name: str,
  xmlDesc: str,
  flags: uint,
});

export const connectDomainEventRegisterRet = struct('remote_connect_domain_event_register_ret', {
  cbRegistered: int,
});

export const connectDomainEventDeregisterRet = struct('remote_connect_domain_event_deregister_ret', {
  cbRegistered: int,
});

export const domainEventLifecycleMsg = struct('remote_domain_event_lifecycle_msg', {
  dom: nonnullDomain,
  event: int,
  detail: int,
});

export const domainEventCallbackLifecycleMsg = struct('remote_domain_event_callback_lifecycle_msg', {
  callbackId: int,
  msg: domainEventLifecycleMsg,
});

export const connectDomainXmlFromNativeArgs = struct('remote_connect_domain_xml_from_native_args', {
  nativeFormat: str,
  nativeConfig: str,
  flags: uint,
});

export const connectDomainXmlFromNativeRet = struct('remote_connect_domain_xml_from_native_ret', {
  domainXml: str,
});

export const connectDomainXmlToNativeArgs = struct('remote_connect_domain_xml_to_native_args', {
  nativeFormat: str,
  domainXml: str,
  flags: uint,
});

export const connectDomainXmlToNativeRet = struct('remote_connect_domain_xml_to_native_ret', {
  nativeConfig: str,
});

export const connectNumOfSecretsRet = struct('remote_connect_num_of_secrets_ret', {
  num: int,
});

export const connectListSecretsArgs = struct('remote_connect_list_secrets_args', {
  maxuuids: int,
});

export const connectListSecretsRet = struct('remote_connect_list_secrets_ret', {
  uuids: array(str, L.SECRET_LIST_MAX),
});

export const secretLookupByUuidArgs = struct('remote_secret_lookup_by_uuid_args', {
  uuid: uuid,
});

export const secretLookupByUuidRet = struct('remote_secret_lookup_by_uuid_ret', {
  secret: nonnullSecret,
});

export const secretDefineXmlArgs = struct('remote_secret_define_xml_args', {
  xml: str,
  flags: uint,
});

export const secretDefineXmlRet = struct('remote_secret_define_xml_ret', {
  secret: nonnullSecret,
});

export const secretGetXmlDescArgs = struct('remote_secret_get_xml_desc_args', {
  secret: nonnullSecret,
  flags: uint,
});

export const secretGetXmlDescRet = struct('remote_secret_get_xml_desc_ret', {
  xml: str,
});

export const secretSetValueArgs = struct('remote_secret_set_value_args', {
  secret: nonnullSecret,
  value: opaque(L.SECRET_VALUE_MAX),
  flags: uint,
});

export const secretGetValueArgs = struct('remote_secret_get_value_args', {
  secret: nonnullSecret,
  flags: uint,
});

export const secretGetValueRet = struct('remote_secret_get_value_ret', {
  value: opaque(L.SECRET_VALUE_MAX),
});

export const secretUndefineArgs = struct('remote_secret_undefine_args', {
  secret: nonnullSecret,
});

export const secretLookupByUsageArgs = struct('remote_secret_lookup_by_usage_args', {
  usageType: int,
  usageId: str,
});

export const secretLookupByUsageRet = struct('remote_secret_lookup_by_usage_ret', {
  secret: nonnullSecret,
});

export const domainMigratePrepareTunnelArgs = struct('remote_domain_migrate_prepare_tunnel_args', {
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
  domXml: str,
});

export const connectIsSecureRet = struct('remote_connect_is_secure_ret', {
  secure: int,
});

export const domainIsActiveArgs = struct('remote_domain_is_active_args', {
  dom: nonnullDomain,
});

export const domainIsActiveRet = struct('remote_domain_is_active_ret', {
  active: int,
});

export const domainIsPersistentArgs = struct('remote_domain_is_persistent_args', {
  dom: nonnullDomain,
});

export const domainIsPersistentRet = struct('remote_domain_is_persistent_ret', {
  persistent: int,
});

export const domainIsUpdatedArgs = struct('remote_domain_is_updated_args', {
  dom: nonnullDomain,
});

export const domainIsUpdatedRet = struct('remote_domain_is_updated_ret', {
  updated: int,
});

export const networkIsActiveArgs = struct('remote_network_is_active_args', {
  net: nonnullNetwork,
});

export const networkIsActiveRet = struct('remote_network_is_active_ret', {
  active: int,
});

export const networkIsPersistentArgs = struct('remote_network_is_persistent_args', {
  net: nonnullNetwork,
});

export const networkIsPersistentRet = struct('remote_network_is_persistent_ret', {
  persistent: int,
});

export const storagePoolIsActiveArgs = struct('remote_storage_pool_is_active_args', {
  pool: nonnullStoragePool,
});

export const storagePoolIsActiveRet = struct('remote_storage_pool_is_active_ret', {
  active: int,
});

export const storagePoolIsPersistentArgs = struct('remote_storage_pool_is_persistent_args', {
  pool: nonnullStoragePool,
});

export const storagePoolIsPersistentRet = struct('remote_storage_pool_is_persistent_ret', {
  persistent: int,
});

export const interfaceIsActiveArgs = struct('remote_interface_is_active_args', {
  iface: nonnullInterface,
});

export const interfaceIsActiveRet = struct('remote_interface_is_active_ret', {
  active: int,
});

export const connectCompareCpuArgs = struct('remote_connect_compare_cpu_args', {
  xml: str,
  flags: uint,
});

export const connectCompareCpuRet = struct('remote_connect_compare_cpu_ret', {
  result: int,
});

export const connectBaselineCpuArgs = struct('remote_connect_baseline_cpu_args', {
  xmlCpus: array(str, L.CPU_BASELINE_MAX),
  flags: uint,
});

export const connectBaselineCpuRet = struct('remote_connect_baseline_cpu_ret', {
  cpu: str,
});

export const domainGetJobInfoArgs = struct('remote_domain_get_job_info_args', {
  dom: nonnullDomain,
});

export const domainGetJobInfoRet = struct('remote_domain_get_job_info_ret', {
  type: int,
  timeElapsed: uhyper,
  timeRemaining: uhyper,
  dataTotal: uhyper,
  dataProcessed: uhyper,
  dataRemaining: uhyper,
  memTotal: uhyper,
  memProcessed: uhyper,
  memRemaining: uhyper,
  fileTotal: uhyper,
  fileProcessed: uhyper,
  fileRemaining: uhyper,
});

export const domainGetJobStatsArgs = struct('remote_domain_get_job_stats_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetJobStatsRet = struct('remote_domain_get_job_stats_ret', {
  type: int,
  params: array(typedParam, L.DOMAIN_JOB_STATS_MAX),
});

export const domainAbortJobArgs = struct('remote_domain_abort_job_args', {
  dom: nonnullDomain,
});

export const domainAbortJobFlagsArgs = struct('remote_domain_abort_job_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainMigrateGetMaxDowntimeArgs = struct('remote_domain_migrate_get_max_downtime_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainMigrateGetMaxDowntimeRet = struct('remote_domain_migrate_get_max_downtime_ret', {
  downtime: uhyper,
});

export const domainMigrateSetMaxDowntimeArgs = struct('remote_domain_migrate_set_max_downtime_args', {
  dom: nonnullDomain,
  downtime: uhyper,
  flags: uint,
});

export const domainMigrateGetCompressionCacheArgs = struct('remote_domain_migrate_get_compression_cache_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainMigrateGetCompressionCacheRet = struct('remote_domain_migrate_get_compression_cache_ret', {
  cacheSize: uhyper,
});

export const domainMigrateSetCompressionCacheArgs = struct('remote_domain_migrate_set_compression_cache_args', {
  dom: nonnullDomain,
  cacheSize: uhyper,
  flags: uint,
});

export const domainMigrateSetMaxSpeedArgs = struct('remote_domain_migrate_set_max_speed_args', {
  dom: nonnullDomain,
  bandwidth: uhyper,
  flags: uint,
});

export const domainMigrateGetMaxSpeedArgs = struct('remote_domain_migrate_get_max_speed_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainMigrateGetMaxSpeedRet = struct('remote_domain_migrate_get_max_speed_ret', {
  bandwidth: uhyper,
});

export const connectDomainEventRegisterAnyArgs = struct('remote_connect_domain_event_register_any_args', {
  eventId: int,
});

export const connectDomainEventDeregisterAnyArgs = struct('remote_connect_domain_event_deregister_any_args', {
  eventId: int,
});

export const connectDomainEventCallbackRegisterAnyArgs = struct('remote_connect_domain_event_callback_register_any_args', {
  eventId: int,
  dom: optional(nonnullDomain),
});

export const connectDomainEventCallbackRegisterAnyRet = struct('remote_connect_domain_event_callback_register_any_ret', {
  callbackId: int,
});

export const connectDomainEventCallbackDeregisterAnyArgs = struct('remote_connect_domain_event_callback_deregister_any_args', {
  callbackId: int,
});

export const domainEventRebootMsg = struct('remote_domain_event_reboot_msg', {
  dom: nonnullDomain,
});

export const domainEventCallbackRebootMsg = struct('remote_domain_event_callback_reboot_msg', {
  callbackId: int,
  msg: domainEventRebootMsg,
});

export const domainEventRtcChangeMsg = struct('remote_domain_event_rtc_change_msg', {
  dom: nonnullDomain,
  offset: hyper,
});

export const domainEventCallbackRtcChangeMsg = struct('remote_domain_event_callback_rtc_change_msg', {
  callbackId: int,
  msg: domainEventRtcChangeMsg,
});

export const domainEventWatchdogMsg = struct('remote_domain_event_watchdog_msg', {
  dom: nonnullDomain,
  action: int,
});

export const domainEventCallbackWatchdogMsg = struct('remote_domain_event_callback_watchdog_msg', {
  callbackId: int,
  msg: domainEventWatchdogMsg,
});

export const domainEventIoErrorMsg = struct('remote_domain_event_io_error_msg', {
  dom: nonnullDomain,
  srcPath: str,
  devAlias: str,
  action: int,
});

export const domainEventCallbackIoErrorMsg = struct('remote_domain_event_callback_io_error_msg', {
  callbackId: int,
  msg: domainEventIoErrorMsg,
});

export const domainEventIoErrorReasonMsg = struct('remote_domain_event_io_error_reason_msg', {
  dom: nonnullDomain,
  srcPath: str,
  devAlias: str,
  action: int,
  reason: str,
});

export const domainEventCallbackIoErrorReasonMsg = struct('remote_domain_event_callback_io_error_reason_msg', {
  callbackId: int,
  msg: domainEventIoErrorReasonMsg,
});

export const domainEventGraphicsAddress = struct('remote_domain_event_graphics_address', {
  family: int,
  node: str,
  service: str,
});
export type DomainEventGraphicsAddress = Infer<typeof domainEventGraphicsAddress>;

export const domainEventGraphicsIdentity = struct('remote_domain_event_graphics_identity', {
  type: str,
  name: str,
});
export type DomainEventGraphicsIdentity = Infer<typeof domainEventGraphicsIdentity>;

export const domainEventGraphicsMsg = struct('remote_domain_event_graphics_msg', {
  dom: nonnullDomain,
  phase: int,
  local: domainEventGraphicsAddress,
  remote: domainEventGraphicsAddress,
  authScheme: str,
  subject: array(domainEventGraphicsIdentity, L.DOMAIN_EVENT_GRAPHICS_IDENTITY_MAX),
});

export const domainEventCallbackGraphicsMsg = struct('remote_domain_event_callback_graphics_msg', {
  callbackId: int,
  msg: domainEventGraphicsMsg,
});

export const domainEventBlockJobMsg = struct('remote_domain_event_block_job_msg', {
  dom: nonnullDomain,
  path: str,
  type: int,
  status: int,
});

export const domainEventCallbackBlockJobMsg = struct('remote_domain_event_callback_block_job_msg', {
  callbackId: int,
  msg: domainEventBlockJobMsg,
});

export const domainEventDiskChangeMsg = struct('remote_domain_event_disk_change_msg', {
  dom: nonnullDomain,
  oldSrcPath: optStr,
  newSrcPath: optStr,
  devAlias: str,
  reason: int,
});

export const domainEventCallbackDiskChangeMsg = struct('remote_domain_event_callback_disk_change_msg', {
  callbackId: int,
  msg: domainEventDiskChangeMsg,
});

export const domainEventTrayChangeMsg = struct('remote_domain_event_tray_change_msg', {
  dom: nonnullDomain,
  devAlias: str,
  reason: int,
});

export const domainEventCallbackTrayChangeMsg = struct('remote_domain_event_callback_tray_change_msg', {
  callbackId: int,
  msg: domainEventTrayChangeMsg,
});

export const domainEventPmwakeupMsg = struct('remote_domain_event_pmwakeup_msg', {
  dom: nonnullDomain,
});

export const domainEventCallbackPmwakeupMsg = struct('remote_domain_event_callback_pmwakeup_msg', {
  callbackId: int,
  reason: int,
  msg: domainEventPmwakeupMsg,
});

export const domainEventPmsuspendMsg = struct('remote_domain_event_pmsuspend_msg', {
  dom: nonnullDomain,
});

export const domainEventCallbackPmsuspendMsg = struct('remote_domain_event_callback_pmsuspend_msg', {
  callbackId: int,
  reason: int,
  msg: domainEventPmsuspendMsg,
});

export const domainEventBalloonChangeMsg = struct('remote_domain_event_balloon_change_msg', {
  dom: nonnullDomain,
  actual: uhyper,
});

export const domainEventCallbackBalloonChangeMsg = struct('remote_domain_event_callback_balloon_change_msg', {
  callbackId: int,
  msg: domainEventBalloonChangeMsg,
});

export const domainEventPmsuspendDiskMsg = struct('remote_domain_event_pmsuspend_disk_msg', {
  dom: nonnullDomain,
});

export const domainEventCallbackPmsuspendDiskMsg = struct('remote_domain_event_callback_pmsuspend_disk_msg', {
  callbackId: int,
  reason: int,
  msg: domainEventPmsuspendDiskMsg,
});

export const domainManagedSaveArgs = struct('remote_domain_managed_save_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainHasManagedSaveImageArgs = struct('remote_domain_has_managed_save_image_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainHasManagedSaveImageRet = struct('remote_domain_has_managed_save_image_ret', {
  result: int,
});

export const domainManagedSaveRemoveArgs = struct('remote_domain_managed_save_remove_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainManagedSaveGetXmlDescArgs = struct('remote_domain_managed_save_get_xml_desc_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainManagedSaveGetXmlDescRet = struct('remote_domain_managed_save_get_xml_desc_ret', {
  xml: str,
});

export const domainManagedSaveDefineXmlArgs = struct('remote_domain_managed_save_define_xml_args', {
  dom: nonnullDomain,
  dxml: optStr,
  flags: uint,
});

export const domainSnapshotCreateXmlArgs = struct('remote_domain_snapshot_create_xml_args', {
  dom: nonnullDomain,
  xmlDesc: str,
  flags: uint,
});

export const domainSnapshotCreateXmlRet = struct('remote_domain_snapshot_create_xml_ret', {
  snap: nonnullDomainSnapshot,
});

export const domainSnapshotGetXmlDescArgs = struct('remote_domain_snapshot_get_xml_desc_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotGetXmlDescRet = struct('remote_domain_snapshot_get_xml_desc_ret', {
  xml: str,
});

export const domainSnapshotNumArgs = struct('remote_domain_snapshot_num_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainSnapshotNumRet = struct('remote_domain_snapshot_num_ret', {
  num: int,
});

export const domainSnapshotListNamesArgs = struct('remote_domain_snapshot_list_names_args', {
  dom: nonnullDomain,
  maxnames: int,
  flags: uint,
});

export const domainSnapshotListNamesRet = struct('remote_domain_snapshot_list_names_ret', {
  names: array(str, L.DOMAIN_SNAPSHOT_LIST_MAX),
});

export const domainListAllSnapshotsArgs = struct('remote_domain_list_all_snapshots_args', {
  dom: nonnullDomain,
  needResults: int,
  flags: uint,
});

export const domainListAllSnapshotsRet = struct('remote_domain_list_all_snapshots_ret', {
  snapshots: array(nonnullDomainSnapshot, L.DOMAIN_SNAPSHOT_LIST_MAX),
  ret: int,
});

export const domainSnapshotNumChildrenArgs = struct('remote_domain_snapshot_num_children_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotNumChildrenRet = struct('remote_domain_snapshot_num_children_ret', {
  num: int,
});

export const domainSnapshotListChildrenNamesArgs = struct('remote_domain_snapshot_list_children_names_args', {
  snap: nonnullDomainSnapshot,
  maxnames: int,
  flags: uint,
});

export const domainSnapshotListChildrenNamesRet = struct('remote_domain_snapshot_list_children_names_ret', {
  names: array(str, L.DOMAIN_SNAPSHOT_LIST_MAX),
});

export const domainSnapshotListAllChildrenArgs = struct('remote_domain_snapshot_list_all_children_args', {
  snapshot: nonnullDomainSnapshot,
  needResults: int,
  flags: uint,
});

export const domainSnapshotListAllChildrenRet = struct('remote_domain_snapshot_list_all_children_ret', {
  snapshots: array(nonnullDomainSnapshot, L.DOMAIN_SNAPSHOT_LIST_MAX),
  ret: int,
});

export const domainSnapshotLookupByNameArgs = struct('remote_domain_snapshot_lookup_by_name_args', {
  dom: nonnullDomain,
  name: str,
  flags: uint,
});

export const domainSnapshotLookupByNameRet = struct('remote_domain_snapshot_lookup_by_name_ret', {
  snap: nonnullDomainSnapshot,
});

export const domainHasCurrentSnapshotArgs = struct('remote_domain_has_current_snapshot_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainHasCurrentSnapshotRet = struct('remote_domain_has_current_snapshot_ret', {
  result: int,
});

export const domainSnapshotGetParentArgs = struct('remote_domain_snapshot_get_parent_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotGetParentRet = struct('remote_domain_snapshot_get_parent_ret', {
  snap: nonnullDomainSnapshot,
});

export const domainSnapshotCurrentArgs = struct('remote_domain_snapshot_current_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainSnapshotCurrentRet = struct('remote_domain_snapshot_current_ret', {
  snap: nonnullDomainSnapshot,
});

export const domainSnapshotIsCurrentArgs = struct('remote_domain_snapshot_is_current_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotIsCurrentRet = struct('remote_domain_snapshot_is_current_ret', {
  current: int,
});

export const domainSnapshotHasMetadataArgs = struct('remote_domain_snapshot_has_metadata_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotHasMetadataRet = struct('remote_domain_snapshot_has_metadata_ret', {
  metadata: int,
});

export const domainRevertToSnapshotArgs = struct('remote_domain_revert_to_snapshot_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainSnapshotDeleteArgs = struct('remote_domain_snapshot_delete_args', {
  snap: nonnullDomainSnapshot,
  flags: uint,
});

export const domainOpenConsoleArgs = struct('remote_domain_open_console_args', {
  dom: nonnullDomain,
  devName: optStr,
  flags: uint,
});

export const domainOpenChannelArgs = struct('remote_domain_open_channel_args', {
  dom: nonnullDomain,
  name: optStr,
  flags: uint,
});

export const storageVolUploadArgs = struct('remote_storage_vol_upload_args', {
  vol: nonnullStorageVol,
  offset: uhyper,
  length: uhyper,
  flags: uint,
});

export const storageVolDownloadArgs = struct('remote_storage_vol_download_args', {
  vol: nonnullStorageVol,
  offset: uhyper,
  length: uhyper,
  flags: uint,
});

export const domainGetStateArgs = struct('remote_domain_get_state_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetStateRet = struct('remote_domain_get_state_ret', {
  state: int,
  reason: int,
});

export const domainMigrateBegin3Args = struct('remote_domain_migrate_begin3_args', {
  dom: nonnullDomain,
  xmlin: optStr,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
});

export const domainMigrateBegin3Ret = struct('remote_domain_migrate_begin3_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
  xml: str,
});

export const domainMigratePrepare3Args = struct('remote_domain_migrate_prepare3_args', {
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  uriIn: optStr,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
  domXml: str,
});

export const domainMigratePrepare3Ret = struct('remote_domain_migrate_prepare3_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
  uriOut: optStr,
});

export const domainMigratePrepareTunnel3Args = struct('remote_domain_migrate_prepare_tunnel3_args', {
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
  domXml: str,
});

export const domainMigratePrepareTunnel3Ret = struct('remote_domain_migrate_prepare_tunnel3_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigratePerform3Args = struct('remote_domain_migrate_perform3_args', {
  dom: nonnullDomain,
  xmlin: optStr,
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  dconnuri: optStr,
  uri: optStr,
  flags: uhyper,
  dname: optStr,
  bandwidth: uhyper,
});

export const domainMigratePerform3Ret = struct('remote_domain_migrate_perform3_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigrateFinish3Args = struct('remote_domain_migrate_finish3_args', {
  dname: str,
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  dconnuri: optStr,
  uri: optStr,
  flags: uhyper,
  cancelled: int,
});

export const domainMigrateFinish3Ret = struct('remote_domain_migrate_finish3_ret', {
  dom: nonnullDomain,
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigrateConfirm3Args = struct('remote_domain_migrate_confirm3_args', {
  dom: nonnullDomain,
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uhyper,
  cancelled: int,
});

export const domainEventControlErrorMsg = struct('remote_domain_event_control_error_msg', {
  dom: nonnullDomain,
});

export const domainEventCallbackControlErrorMsg = struct('remote_domain_event_callback_control_error_msg', {
  callbackId: int,
  msg: domainEventControlErrorMsg,
});

export const domainGetControlInfoArgs = struct('remote_domain_get_control_info_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetControlInfoRet = struct('remote_domain_get_control_info_ret', {
  state: uint,
  details: uint,
  stateTime: uhyper,
});

export const domainOpenGraphicsArgs = struct('remote_domain_open_graphics_args', {
  dom: nonnullDomain,
  idx: uint,
  flags: uint,
});

export const domainOpenGraphicsFdArgs = struct('remote_domain_open_graphics_fd_args', {
  dom: nonnullDomain,
  idx: uint,
  flags: uint,
});

export const nodeSuspendForDurationArgs = struct('remote_node_suspend_for_duration_args', {
  target: uint,
  duration: uhyper,
  flags: uint,
});

export const domainShutdownFlagsArgs = struct('remote_domain_shutdown_flags_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetDiskErrorsArgs = struct('remote_domain_get_disk_errors_args', {
  dom: nonnullDomain,
  maxerrors: uint,
  flags: uint,
});

export const domainGetDiskErrorsRet = struct('remote_domain_get_disk_errors_ret', {
  errors: array(domainDiskError, L.DOMAIN_DISK_ERRORS_MAX),
  nerrors: int,
});

export const connectListAllDomainsArgs = struct('remote_connect_list_all_domains_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllDomainsRet = struct('remote_connect_list_all_domains_ret', {
  domains: array(nonnullDomain, L.DOMAIN_LIST_MAX),
  ret: uint,
});

export const connectListAllStoragePoolsArgs = struct('remote_connect_list_all_storage_pools_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllStoragePoolsRet = struct('remote_connect_list_all_storage_pools_ret', {
  pools: array(nonnullStoragePool, L.STORAGE_POOL_LIST_MAX),
  ret: uint,
});

export const storagePoolListAllVolumesArgs = struct('remote_storage_pool_list_all_volumes_args', {
  pool: nonnullStoragePool,
  needResults: int,
  flags: uint,
});

export const storagePoolListAllVolumesRet = struct('remote_storage_pool_list_all_volumes_ret', {
  vols: array(nonnullStorageVol, L.STORAGE_VOL_LIST_MAX),
  ret: uint,
});

export const connectListAllNetworksArgs = struct('remote_connect_list_all_networks_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllNetworksRet = struct('remote_connect_list_all_networks_ret', {
  nets: array(nonnullNetwork, L.NETWORK_LIST_MAX),
  ret: uint,
});

export const connectListAllInterfacesArgs = struct('remote_connect_list_all_interfaces_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllInterfacesRet = struct('remote_connect_list_all_interfaces_ret', {
  ifaces: array(nonnullInterface, L.INTERFACE_LIST_MAX),
  ret: uint,
});

export const connectListAllNodeDevicesArgs = struct('remote_connect_list_all_node_devices_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllNodeDevicesRet = struct('remote_connect_list_all_node_devices_ret', {
  devices: array(nonnullNodeDevice, L.NODE_DEVICE_LIST_MAX),
  ret: uint,
});

export const connectListAllNwfiltersArgs = struct('remote_connect_list_all_nwfilters_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllNwfiltersRet = struct('remote_connect_list_all_nwfilters_ret', {
  filters: array(nonnullNwfilter, L.NWFILTER_LIST_MAX),
  ret: uint,
});

export const connectListAllSecretsArgs = struct('remote_connect_list_all_secrets_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllSecretsRet = struct('remote_connect_list_all_secrets_ret', {
  secrets: array(nonnullSecret, L.SECRET_LIST_MAX),
  ret: uint,
});

export const nodeSetMemoryParametersArgs = struct('remote_node_set_memory_parameters_args', {
  params: array(typedParam, L.NODE_MEMORY_PARAMETERS_MAX),
  flags: uint,
});

export const nodeGetMemoryParametersArgs = struct('remote_node_get_memory_parameters_args', {
  nparams: int,
  flags: uint,
});

export const nodeGetMemoryParametersRet = struct('remote_node_get_memory_parameters_ret', {
  params: array(typedParam, L.NODE_MEMORY_PARAMETERS_MAX),
  nparams: int,
});

export const nodeGetCpuMapArgs = struct('remote_node_get_cpu_map_args', {
  needMap: int,
  needOnline: int,
  flags: uint,
});

export const nodeGetCpuMapRet = struct('remote_node_get_cpu_map_ret', {
  cpumap: opaque(L.CPUMAP_MAX),
  online: uint,
  ret: int,
});

export const domainFstrimArgs = struct('remote_domain_fstrim_args', {
  dom: nonnullDomain,
  mountPoint: optStr,
  minimum: uhyper,
  flags: uint,
});

export const domainGetTimeArgs = struct('remote_domain_get_time_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetTimeRet = struct('remote_domain_get_time_ret', {
  seconds: hyper,
  nseconds: uint,
});

export const domainSetTimeArgs = struct('remote_domain_set_time_args', {
  dom: nonnullDomain,
  seconds: hyper,
  nseconds: uint,
  flags: uint,
});

export const domainMigrateBegin3ParamsArgs = struct('remote_domain_migrate_begin3_params_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  flags: uint,
});

export const domainMigrateBegin3ParamsRet = struct('remote_domain_migrate_begin3_params_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
  xml: str,
});

export const domainMigratePrepare3ParamsArgs = struct('remote_domain_migrate_prepare3_params_args', {
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uint,
});

export const domainMigratePrepare3ParamsRet = struct('remote_domain_migrate_prepare3_params_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
  uriOut: optStr,
});

export const domainMigratePrepareTunnel3ParamsArgs = struct('remote_domain_migrate_prepare_tunnel3_params_args', {
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uint,
});

export const domainMigratePrepareTunnel3ParamsRet = struct('remote_domain_migrate_prepare_tunnel3_params_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigratePerform3ParamsArgs = struct('remote_domain_migrate_perform3_params_args', {
  dom: nonnullDomain,
  dconnuri: optStr,
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uint,
});

export const domainMigratePerform3ParamsRet = struct('remote_domain_migrate_perform3_params_ret', {
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigrateFinish3ParamsArgs = struct('remote_domain_migrate_finish3_params_args', {
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uint,
  cancelled: int,
});

export const domainMigrateFinish3ParamsRet = struct('remote_domain_migrate_finish3_params_ret', {
  dom: nonnullDomain,
  cookieOut: opaque(L.MIGRATE_COOKIE_MAX),
});

export const domainMigrateConfirm3ParamsArgs = struct('remote_domain_migrate_confirm3_params_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_MIGRATE_PARAM_LIST_MAX),
  cookieIn: opaque(L.MIGRATE_COOKIE_MAX),
  flags: uint,
  cancelled: int,
});

export const domainEventDeviceRemovedMsg = struct('remote_domain_event_device_removed_msg', {
  dom: nonnullDomain,
  devAlias: str,
});

export const domainEventCallbackDeviceRemovedMsg = struct('remote_domain_event_callback_device_removed_msg', {
  callbackId: int,
  msg: domainEventDeviceRemovedMsg,
});

export const domainEventBlockJob2Msg = struct('remote_domain_event_block_job_2_msg', {
  callbackId: int,
  dom: nonnullDomain,
  dst: str,
  type: int,
  status: int,
});

export const domainEventBlockThresholdMsg = struct('remote_domain_event_block_threshold_msg', {
  callbackId: int,
  dom: nonnullDomain,
  dev: str,
  path: optStr,
  threshold: uhyper,
  excess: uhyper,
});

export const domainEventCallbackTunableMsg = struct('remote_domain_event_callback_tunable_msg', {
  callbackId: int,
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_EVENT_TUNABLE_MAX),
});

export const domainEventCallbackDeviceAddedMsg = struct('remote_domain_event_callback_device_added_msg', {
  callbackId: int,
  dom: nonnullDomain,
  devAlias: str,
});

export const connectEventConnectionClosedMsg = struct('remote_connect_event_connection_closed_msg', {
  reason: int,
});

export const connectGetCpuModelNamesArgs = struct('remote_connect_get_cpu_model_names_args', {
  arch: str,
  needResults: int,
  flags: uint,
});

export const connectGetCpuModelNamesRet = struct('remote_connect_get_cpu_model_names_ret', {
  models: array(str, L.CONNECT_CPU_MODELS_MAX),
  ret: int,
});

export const connectNetworkEventRegisterAnyArgs = struct('remote_connect_network_event_register_any_args', {
  eventId: int,
  net: optional(nonnullNetwork),
});

export const connectNetworkEventRegisterAnyRet = struct('remote_connect_network_event_register_any_ret', {
  callbackId: int,
});

export const connectNetworkEventDeregisterAnyArgs = struct('remote_connect_network_event_deregister_any_args', {
  callbackId: int,
});

export const networkEventLifecycleMsg = struct('remote_network_event_lifecycle_msg', {
  callbackId: int,
  net: nonnullNetwork,
  event: int,
  detail: int,
});

export const networkEventCallbackMetadataChangeMsg = struct('remote_network_event_callback_metadata_change_msg', {
  callbackId: int,
  net: nonnullNetwork,
  type: int,
  nsuri: optStr,
});

export const networkSetMetadataArgs = struct('remote_network_set_metadata_args', {
  network: nonnullNetwork,
  type: int,
  metadata: optStr,
  key: optStr,
  uri: optStr,
  flags: uint,
});

export const networkGetMetadataArgs = struct('remote_network_get_metadata_args', {
  network: nonnullNetwork,
  type: int,
  uri: optStr,
  flags: uint,
});

export const networkGetMetadataRet = struct('remote_network_get_metadata_ret', {
  metadata: str,
});

export const connectStoragePoolEventRegisterAnyArgs = struct('remote_connect_storage_pool_event_register_any_args', {
  eventId: int,
  pool: optional(nonnullStoragePool),
});

export const connectStoragePoolEventRegisterAnyRet = struct('remote_connect_storage_pool_event_register_any_ret', {
  callbackId: int,
});

export const connectStoragePoolEventDeregisterAnyArgs = struct('remote_connect_storage_pool_event_deregister_any_args', {
  callbackId: int,
});

export const storagePoolEventLifecycleMsg = struct('remote_storage_pool_event_lifecycle_msg', {
  callbackId: int,
  pool: nonnullStoragePool,
  event: int,
  detail: int,
});

export const storagePoolEventRefreshMsg = struct('remote_storage_pool_event_refresh_msg', {
  callbackId: int,
  pool: nonnullStoragePool,
});

export const connectNodeDeviceEventRegisterAnyArgs = struct('remote_connect_node_device_event_register_any_args', {
  eventId: int,
  dev: optional(nonnullNodeDevice),
});

export const connectNodeDeviceEventRegisterAnyRet = struct('remote_connect_node_device_event_register_any_ret', {
  callbackId: int,
});

export const connectNodeDeviceEventDeregisterAnyArgs = struct('remote_connect_node_device_event_deregister_any_args', {
  callbackId: int,
});

export const nodeDeviceEventLifecycleMsg = struct('remote_node_device_event_lifecycle_msg', {
  callbackId: int,
  dev: nonnullNodeDevice,
  event: int,
  detail: int,
});

export const nodeDeviceEventUpdateMsg = struct('remote_node_device_event_update_msg', {
  callbackId: int,
  dev: nonnullNodeDevice,
});

export const domainFsfreezeArgs = struct('remote_domain_fsfreeze_args', {
  dom: nonnullDomain,
  mountpoints: array(str, L.DOMAIN_FSFREEZE_MOUNTPOINTS_MAX),
  flags: uint,
});

export const domainFsfreezeRet = struct('remote_domain_fsfreeze_ret', {
  filesystems: int,
});

export const domainFsthawArgs = struct('remote_domain_fsthaw_args', {
  dom: nonnullDomain,
  mountpoints: array(str, L.DOMAIN_FSFREEZE_MOUNTPOINTS_MAX),
  flags: uint,
});

export const domainFsthawRet = struct('remote_domain_fsthaw_ret', {
  filesystems: int,
});

export const nodeGetFreePagesArgs = struct('remote_node_get_free_pages_args', {
  pages: array(uint, L.NODE_MAX_CELLS),
  startCell: int,
  cellCount: uint,
  flags: uint,
});

export const nodeGetFreePagesRet = struct('remote_node_get_free_pages_ret', {
  counts: array(uhyper, L.NODE_MAX_CELLS),
});

export const nodeAllocPagesArgs = struct('remote_node_alloc_pages_args', {
  pageSizes: array(uint, L.NODE_MAX_CELLS),
  pageCounts: array(uhyper, L.NODE_MAX_CELLS),
  startCell: int,
  cellCount: uint,
  flags: uint,
});

export const nodeAllocPagesRet = struct('remote_node_alloc_pages_ret', {
  ret: int,
});

export const networkDhcpLease = struct('remote_network_dhcp_lease', {
  iface: str,
  expirytime: hyper,
  type: int,
  mac: optStr,
  iaid: optStr,
  ipaddr: str,
  prefix: uint,
  hostname: optStr,
  clientid: optStr,
});
export type NetworkDhcpLease = Infer<typeof networkDhcpLease>;

export const networkGetDhcpLeasesArgs = struct('remote_network_get_dhcp_leases_args', {
  net: nonnullNetwork,
  mac: optStr,
  needResults: int,
  flags: uint,
});

export const networkGetDhcpLeasesRet = struct('remote_network_get_dhcp_leases_ret', {
  leases: array(networkDhcpLease, L.NETWORK_DHCP_LEASES_MAX),
  ret: uint,
});

export const domainStatsRecord = struct('remote_domain_stats_record', {
  dom: nonnullDomain,
  params: array(typedParam, L.CONNECT_GET_ALL_DOMAIN_STATS_MAX),
});
export type DomainStatsRecord = Infer<typeof domainStatsRecord>;

export const connectGetAllDomainStatsArgs = struct('remote_connect_get_all_domain_stats_args', {
  doms: array(nonnullDomain, L.DOMAIN_LIST_MAX),
  stats: uint,
  flags: uint,
});

export const domainEventCallbackAgentLifecycleMsg = struct('remote_domain_event_callback_agent_lifecycle_msg', {
  callbackId: int,
  dom: nonnullDomain,
  state: int,
  reason: int,
});

export const connectGetAllDomainStatsRet = struct('remote_connect_get_all_domain_stats_ret', {
  retStats: array(domainStatsRecord, L.DOMAIN_LIST_MAX),
});

export const domainFsinfo = struct('remote_domain_fsinfo', {
  mountpoint: str,
  name: str,
  fstype: str,
  devAliases: array(str, L.DOMAIN_FSINFO_DISKS_MAX),
});
export type DomainFsinfo = Infer<typeof domainFsinfo>;

export const domainGetFsinfoArgs = struct('remote_domain_get_fsinfo_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetFsinfoRet = struct('remote_domain_get_fsinfo_ret', {
  info: array(domainFsinfo, L.DOMAIN_FSINFO_MAX),
  ret: uint,
});

export const domainIpAddr = struct('remote_domain_ip_addr', {
  type: int,
  addr: str,
  prefix: uint,
});
export type DomainIpAddr = Infer<typeof domainIpAddr>;

export const domainInterface = struct('remote_domain_interface', {
  name: str,
  hwaddr: optStr,
  addrs: array(domainIpAddr, L.DOMAIN_IP_ADDR_MAX),
});
export type DomainInterface = Infer<typeof domainInterface>;

export const domainInterfaceAddressesArgs = struct('remote_domain_interface_addresses_args', {
  dom: nonnullDomain,
  source: uint,
  flags: uint,
});

export const domainInterfaceAddressesRet = struct('remote_domain_interface_addresses_ret', {
  ifaces: array(domainInterface, L.DOMAIN_INTERFACE_MAX),
});

export const domainSetUserPasswordArgs = struct('remote_domain_set_user_password_args', {
  dom: nonnullDomain,
  user: optStr,
  password: optStr,
  flags: uint,
});

export const domainRenameArgs = struct('remote_domain_rename_args', {
  dom: nonnullDomain,
  newName: optStr,
  flags: uint,
});

export const domainRenameRet = struct('remote_domain_rename_ret', {
  retcode: int,
});

export const domainEventCallbackMigrationIterationMsg = struct('remote_domain_event_callback_migration_iteration_msg', {
  callbackId: int,
  dom: nonnullDomain,
  iteration: int,
});

export const domainEventCallbackJobCompletedMsg = struct('remote_domain_event_callback_job_completed_msg', {
  callbackId: int,
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_JOB_STATS_MAX),
});

export const domainMigrateStartPostCopyArgs = struct('remote_domain_migrate_start_post_copy_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainEventCallbackDeviceRemovalFailedMsg = struct('remote_domain_event_callback_device_removal_failed_msg', {
  callbackId: int,
  dom: nonnullDomain,
  devAlias: str,
});

export const domainGetGuestVcpusArgs = struct('remote_domain_get_guest_vcpus_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetGuestVcpusRet = struct('remote_domain_get_guest_vcpus_ret', {
  params: array(typedParam, L.DOMAIN_GUEST_VCPU_PARAMS_MAX),
});

export const domainSetGuestVcpusArgs = struct('remote_domain_set_guest_vcpus_args', {
  dom: nonnullDomain,
  cpumap: str,
  state: int,
  flags: uint,
});

export const domainSetVcpuArgs = struct('remote_domain_set_vcpu_args', {
  dom: nonnullDomain,
  cpumap: str,
  state: int,
  flags: uint,
});

export const domainEventCallbackMetadataChangeMsg = struct('remote_domain_event_callback_metadata_change_msg', {
  callbackId: int,
  dom: nonnullDomain,
  type: int,
  nsuri: optStr,
});

export const domainEventMemoryFailureMsg = struct('remote_domain_event_memory_failure_msg', {
  callbackId: int,
  dom: nonnullDomain,
  recipient: int,
  action: int,
  flags: uint,
});

export const connectSecretEventRegisterAnyArgs = struct('remote_connect_secret_event_register_any_args', {
  eventId: int,
  secret: optional(nonnullSecret),
});

export const connectSecretEventRegisterAnyRet = struct('remote_connect_secret_event_register_any_ret', {
  callbackId: int,
});

export const connectSecretEventDeregisterAnyArgs = struct('remote_connect_secret_event_deregister_any_args', {
  callbackId: int,
});

export const secretEventLifecycleMsg = struct('remote_secret_event_lifecycle_msg', {
  callbackId: int,
  secret: nonnullSecret,
  event: int,
  detail: int,
});

export const secretEventValueChangedMsg = struct('remote_secret_event_value_changed_msg', {
  callbackId: int,
  secret: nonnullSecret,
});

export const domainSetBlockThresholdArgs = struct('remote_domain_set_block_threshold_args', {
  dom: nonnullDomain,
  dev: str,
  threshold: uhyper,
  flags: uint,
});

export const domainSetLifecycleActionArgs = struct('remote_domain_set_lifecycle_action_args', {
  dom: nonnullDomain,
  type: uint,
  action: uint,
  flags: uint,
});

export const connectCompareHypervisorCpuArgs = struct('remote_connect_compare_hypervisor_cpu_args', {
  emulator: optStr,
  arch: optStr,
  machine: optStr,
  virttype: optStr,
  xmlcpu: str,
  flags: uint,
});

export const connectCompareHypervisorCpuRet = struct('remote_connect_compare_hypervisor_cpu_ret', {
  result: int,
});

export const connectBaselineHypervisorCpuArgs = struct('remote_connect_baseline_hypervisor_cpu_args', {
  emulator: optStr,
  arch: optStr,
  machine: optStr,
  virttype: optStr,
  xmlCpus: array(str, L.CPU_BASELINE_MAX),
  flags: uint,
});

export const connectBaselineHypervisorCpuRet = struct('remote_connect_baseline_hypervisor_cpu_ret', {
  cpu: str,
});

export const nodeGetSevInfoArgs = struct('remote_node_get_sev_info_args', {
  nparams: int,
  flags: uint,
});

export const nodeGetSevInfoRet = struct('remote_node_get_sev_info_ret', {
  params: array(typedParam, L.NODE_SEV_INFO_MAX),
  nparams: int,
});

export const domainGetLaunchSecurityInfoArgs = struct('remote_domain_get_launch_security_info_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetLaunchSecurityInfoRet = struct('remote_domain_get_launch_security_info_ret', {
  params: array(typedParam, L.DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX),
});

export const domainSetLaunchSecurityStateArgs = struct('remote_domain_set_launch_security_state_args', {
  dom: nonnullDomain,
  params: array(typedParam, L.DOMAIN_LAUNCH_SECURITY_STATE_PARAMS_MAX),
  flags: uint,
});

export const nwfilterBindingLookupByPortDevArgs = struct('remote_nwfilter_binding_lookup_by_port_dev_args', {
  name: str,
});

export const nwfilterBindingLookupByPortDevRet = struct('remote_nwfilter_binding_lookup_by_port_dev_ret', {
  nwfilter: nonnullNwfilterBinding,
});

export const nwfilterBindingCreateXmlArgs = struct('remote_nwfilter_binding_create_xml_args', {
  xml: str,
  flags: uint,
});

export const nwfilterBindingCreateXmlRet = struct('remote_nwfilter_binding_create_xml_ret', {
  nwfilter: nonnullNwfilterBinding,
});

export const nwfilterBindingDeleteArgs = struct('remote_nwfilter_binding_delete_args', {
  nwfilter: nonnullNwfilterBinding,
});

export const nwfilterBindingGetXmlDescArgs = struct('remote_nwfilter_binding_get_xml_desc_args', {
  nwfilter: nonnullNwfilterBinding,
  flags: uint,
});

export const nwfilterBindingGetXmlDescRet = struct('remote_nwfilter_binding_get_xml_desc_ret', {
  xml: str,
});

export const connectListAllNwfilterBindingsArgs = struct('remote_connect_list_all_nwfilter_bindings_args', {
  needResults: int,
  flags: uint,
});

export const connectListAllNwfilterBindingsRet = struct('remote_connect_list_all_nwfilter_bindings_ret', {
  bindings: array(nonnullNwfilterBinding, L.NWFILTER_BINDING_LIST_MAX),
  ret: uint,
});

export const connectGetStoragePoolCapabilitiesArgs = struct('remote_connect_get_storage_pool_capabilities_args', {
  flags: uint,
});

export const connectGetStoragePoolCapabilitiesRet = struct('remote_connect_get_storage_pool_capabilities_ret', {
  capabilities: str,
});

export const networkListAllPortsArgs = struct('remote_network_list_all_ports_args', {
  network: nonnullNetwork,
  needResults: int,
  flags: uint,
});

export const networkListAllPortsRet = struct('remote_network_list_all_ports_ret', {
  ports: array(nonnullNetworkPort, L.NETWORK_PORT_LIST_MAX),
  ret: uint,
});

export const networkPortLookupByUuidArgs = struct('remote_network_port_lookup_by_uuid_args', {
  network: nonnullNetwork,
  uuid: uuid,
});

export const networkPortLookupByUuidRet = struct('remote_network_port_lookup_by_uuid_ret', {
  port: nonnullNetworkPort,
});

export const networkPortCreateXmlArgs = struct('remote_network_port_create_xml_args', {
  network: nonnullNetwork,
  xml: str,
  flags: uint,
});

export const networkPortCreateXmlRet = struct('remote_network_port_create_xml_ret', {
  port: nonnullNetworkPort,
});

export const networkPortSetParametersArgs = struct('remote_network_port_set_parameters_args', {
  port: nonnullNetworkPort,
  params: array(typedParam, L.NETWORK_PORT_PARAMETERS_MAX),
  flags: uint,
});

export const networkPortGetParametersArgs = struct('remote_network_port_get_parameters_args', {
  port: nonnullNetworkPort,
  nparams: int,
  flags: uint,
});

export const networkPortGetParametersRet = struct('remote_network_port_get_parameters_ret', {
  params: array(typedParam, L.NETWORK_PORT_PARAMETERS_MAX),
  nparams: int,
});

export const networkPortGetXmlDescArgs = struct('remote_network_port_get_xml_desc_args', {
  port: nonnullNetworkPort,
  flags: uint,
});

export const networkPortGetXmlDescRet = struct('remote_network_port_get_xml_desc_ret', {
  xml: str,
});

export const networkPortDeleteArgs = struct('remote_network_port_delete_args', {
  port: nonnullNetworkPort,
  flags: uint,
});

export const domainCheckpointCreateXmlArgs = struct('remote_domain_checkpoint_create_xml_args', {
  dom: nonnullDomain,
  xmlDesc: str,
  flags: uint,
});

export const domainCheckpointCreateXmlRet = struct('remote_domain_checkpoint_create_xml_ret', {
  checkpoint: nonnullDomainCheckpoint,
});

export const domainCheckpointGetXmlDescArgs = struct('remote_domain_checkpoint_get_xml_desc_args', {
  checkpoint: nonnullDomainCheckpoint,
  flags: uint,
});

export const domainCheckpointGetXmlDescRet = struct('remote_domain_checkpoint_get_xml_desc_ret', {
  xml: str,
});

export const domainListAllCheckpointsArgs = struct('remote_domain_list_all_checkpoints_args', {
  dom: nonnullDomain,
  needResults: int,
  flags: uint,
});

export const domainListAllCheckpointsRet = struct('remote_domain_list_all_checkpoints_ret', {
  checkpoints: array(nonnullDomainCheckpoint, L.DOMAIN_CHECKPOINT_LIST_MAX),
  ret: int,
});

export const domainCheckpointListAllChildrenArgs = struct('remote_domain_checkpoint_list_all_children_args', {
  checkpoint: nonnullDomainCheckpoint,
  needResults: int,
  flags: uint,
});

export const domainCheckpointListAllChildrenRet = struct('remote_domain_checkpoint_list_all_children_ret', {
  checkpoints: array(nonnullDomainCheckpoint, L.DOMAIN_CHECKPOINT_LIST_MAX),
  ret: int,
});

export const domainCheckpointLookupByNameArgs = struct('remote_domain_checkpoint_lookup_by_name_args', {
  dom: nonnullDomain,
  name: str,
  flags: uint,
});

export const domainCheckpointLookupByNameRet = struct('remote_domain_checkpoint_lookup_by_name_ret', {
  checkpoint: nonnullDomainCheckpoint,
});

export const domainCheckpointGetParentArgs = struct('remote_domain_checkpoint_get_parent_args', {
  checkpoint: nonnullDomainCheckpoint,
  flags: uint,
});

export const domainCheckpointGetParentRet = struct('remote_domain_checkpoint_get_parent_ret', {
  parent: nonnullDomainCheckpoint,
});

export const domainCheckpointDeleteArgs = struct('remote_domain_checkpoint_delete_args', {
  checkpoint: nonnullDomainCheckpoint,
  flags: uint,
});

export const domainGetGuestInfoArgs = struct('remote_domain_get_guest_info_args', {
  dom: nonnullDomain,
  types: uint,
  flags: uint,
});

export const domainGetGuestInfoRet = struct('remote_domain_get_guest_info_ret', {
  params: array(typedParam, L.DOMAIN_GUEST_INFO_PARAMS_MAX),
});

export const connectSetIdentityArgs = struct('remote_connect_set_identity_args', {
  params: array(typedParam, L.CONNECT_IDENTITY_PARAMS_MAX),
  flags: uint,
});

export const domainAgentSetResponseTimeoutArgs = struct('remote_domain_agent_set_response_timeout_args', {
  dom: nonnullDomain,
  timeout: int,
  flags: uint,
});

export const domainAgentSetResponseTimeoutRet = struct('remote_domain_agent_set_response_timeout_ret', {
  result: int,
});

export const domainBackupBeginArgs = struct('remote_domain_backup_begin_args', {
  dom: nonnullDomain,
  backupXml: str,
  checkpointXml: optStr,
  flags: uint,
});

export const domainBackupGetXmlDescArgs = struct('remote_domain_backup_get_xml_desc_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainBackupGetXmlDescRet = struct('remote_domain_backup_get_xml_desc_ret', {
  xml: str,
});

export const domainAuthorizedSshKeysGetArgs = struct('remote_domain_authorized_ssh_keys_get_args', {
  dom: nonnullDomain,
  user: str,
  flags: uint,
});

export const domainAuthorizedSshKeysGetRet = struct('remote_domain_authorized_ssh_keys_get_ret', {
  keys: array(str, L.DOMAIN_AUTHORIZED_SSH_KEYS_MAX),
});

export const domainAuthorizedSshKeysSetArgs = struct('remote_domain_authorized_ssh_keys_set_args', {
  dom: nonnullDomain,
  user: str,
  keys: array(str, L.DOMAIN_AUTHORIZED_SSH_KEYS_MAX),
  flags: uint,
});

export const domainGetMessagesArgs = struct('remote_domain_get_messages_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const domainGetMessagesRet = struct('remote_domain_get_messages_ret', {
  msgs: array(str, L.DOMAIN_MESSAGES_MAX),
});

export const domainStartDirtyRateCalcArgs = struct('remote_domain_start_dirty_rate_calc_args', {
  dom: nonnullDomain,
  seconds: int,
  flags: uint,
});

export const domainGraphicsReloadArgs = struct('remote_domain_graphics_reload_args', {
  dom: nonnullDomain,
  type: uint,
  flags: uint,
});

export const domainEventMemoryDeviceSizeChangeMsg = struct('remote_domain_event_memory_device_size_change_msg', {
  callbackId: int,
  dom: nonnullDomain,
  alias: str,
  size: uhyper,
});

export const domainFdAssociateArgs = struct('remote_domain_fd_associate_args', {
  dom: nonnullDomain,
  name: str,
  flags: uint,
});

export const domainGetAutostartOnceArgs = struct('remote_domain_get_autostart_once_args', {
  dom: nonnullDomain,
});

export const domainGetAutostartOnceRet = struct('remote_domain_get_autostart_once_ret', {
  autostart: int,
});

export const domainSetAutostartOnceArgs = struct('remote_domain_set_autostart_once_args', {
  dom: nonnullDomain,
  autostart: int,
});

export const domainEventNicMacChangeMsg = struct('remote_domain_event_nic_mac_change_msg', {
  callbackId: int,
  dom: nonnullDomain,
  alias: str,
  oldMac: str,
  newMac: str,
});
