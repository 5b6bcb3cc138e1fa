/**
 * Named flags and enum values of libvirt's public API (libvirt-domain.h, libvirt-storage.h, ...),
 * as `as const` objects without the `VIR_<GROUP>_` prefix: `DomainState.RUNNING`,
 * `DomainUndefineFlags.NVRAM`. Values are the C library's; names follow its enums.
 */

/** virDomainState: the `state` of getInfo/getState. */
export const DomainState = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** virDomainNostateReason. */
export const DomainNostateReason = {
  UNKNOWN: 0,
} as const;

/** virDomainRunningReason. */
export const DomainRunningReason = {
  UNKNOWN: 0,
  BOOTED: 1,
  MIGRATED: 2,
  RESTORED: 3,
  FROM_SNAPSHOT: 4,
  UNPAUSED: 5,
  MIGRATION_CANCELED: 6,
  SAVE_CANCELED: 7,
  WAKEUP: 8,
  CRASHED: 9,
  POSTCOPY: 10,
  POSTCOPY_FAILED: 11,
} as const;

/** virDomainBlockedReason. */
export const DomainBlockedReason = {
  UNKNOWN: 0,
} as const;

/** virDomainPausedReason. */
export const DomainPausedReason = {
  UNKNOWN: 0,
  USER: 1,
  MIGRATION: 2,
  SAVE: 3,
  DUMP: 4,
  IOERROR: 5,
  WATCHDOG: 6,
  FROM_SNAPSHOT: 7,
  SHUTTING_DOWN: 8,
  SNAPSHOT: 9,
  CRASHED: 10,
  STARTING_UP: 11,
  POSTCOPY: 12,
  POSTCOPY_FAILED: 13,
} as const;

/** virDomainShutdownReason (a state reason; not the shutdown flags). */
export const DomainShutdownReason = {
  UNKNOWN: 0,
  USER: 1,
} as const;

/** virDomainShutoffReason. */
export const DomainShutoffReason = {
  UNKNOWN: 0,
  SHUTDOWN: 1,
  DESTROYED: 2,
  CRASHED: 3,
  MIGRATED: 4,
  SAVED: 5,
  FAILED: 6,
  FROM_SNAPSHOT: 7,
  DAEMON: 8,
} as const;

/** virDomainCrashedReason. */
export const DomainCrashedReason = {
  UNKNOWN: 0,
  PANICKED: 1,
} as const;

/** virDomainPMSuspendedReason. */
export const DomainPMSuspendedReason = {
  UNKNOWN: 0,
} as const;

/** virConnectFlags: CONNECT_OPEN flags. */
export const ConnectFlags = {
  RO: 1,
  NO_ALIASES: 2,
} as const;

/** virConnectListAllDomainsFlags. */
export const ConnectListAllDomainsFlags = {
  ACTIVE: 1,
  INACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  RUNNING: 16,
  PAUSED: 32,
  SHUTOFF: 64,
  OTHER: 128,
  MANAGEDSAVE: 256,
  NO_MANAGEDSAVE: 512,
  AUTOSTART: 1024,
  NO_AUTOSTART: 2048,
  HAS_SNAPSHOT: 4096,
  NO_SNAPSHOT: 8192,
  HAS_CHECKPOINT: 16384,
  NO_CHECKPOINT: 32768,
} as const;

/** virConnectListAllStoragePoolsFlags. */
export const ConnectListAllStoragePoolsFlags = {
  INACTIVE: 1,
  ACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  AUTOSTART: 16,
  NO_AUTOSTART: 32,
  DIR: 64,
  FS: 128,
  NETFS: 256,
  LOGICAL: 512,
  DISK: 1024,
  ISCSI: 2048,
  SCSI: 4096,
  MPATH: 8192,
  RBD: 16384,
  SHEEPDOG: 32768,
  GLUSTER: 65536,
  ZFS: 131072,
  VSTORAGE: 262144,
  ISCSI_DIRECT: 524288,
} as const;

/** virConnectListAllNetworksFlags. */
export const ConnectListAllNetworksFlags = {
  INACTIVE: 1,
  ACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  AUTOSTART: 16,
  NO_AUTOSTART: 32,
} as const;

/** virConnectListAllSecretsFlags. */
export const ConnectListAllSecretsFlags = {
  EPHEMERAL: 1,
  NO_EPHEMERAL: 2,
  PRIVATE: 4,
  NO_PRIVATE: 8,
} as const;

/** virConnectListAllInterfacesFlags. */
export const ConnectListAllInterfacesFlags = {
  INACTIVE: 1,
  ACTIVE: 2,
} as const;

/** virConnectListAllNodeDeviceFlags. */
export const ConnectListAllNodeDevicesFlags = {
  CAP_SYSTEM: 1,
  CAP_PCI_DEV: 2,
  CAP_USB_DEV: 4,
  CAP_USB_INTERFACE: 8,
  CAP_NET: 16,
  CAP_SCSI_HOST: 32,
  CAP_SCSI_TARGET: 64,
  CAP_SCSI: 128,
  CAP_STORAGE: 256,
  CAP_FC_HOST: 512,
  CAP_VPORTS: 1024,
  CAP_SCSI_GENERIC: 2048,
  CAP_DRM: 4096,
  CAP_MDEV_TYPES: 8192,
  CAP_MDEV: 16384,
  CAP_CCW_DEV: 32768,
  CAP_CSS_DEV: 65536,
  CAP_VDPA: 131072,
  CAP_AP_CARD: 262144,
  CAP_AP_QUEUE: 524288,
  CAP_AP_MATRIX: 1048576,
  CAP_VPD: 2097152,
  INACTIVE: 1073741824,
  ACTIVE: 2147483648,
} as const;

/** virConnectGetAllDomainStatsFlags. */
export const ConnectGetAllDomainStatsFlags = {
  ACTIVE: 1,
  INACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  RUNNING: 16,
  PAUSED: 32,
  SHUTOFF: 64,
  OTHER: 128,
  NOWAIT: 536870912,
  BACKING: 1073741824,
  ENFORCE_STATS: 2147483648,
} as const;

/** virDomainStatsTypes: which groups getAllDomainStats returns. */
export const DomainStatsTypes = {
  STATE: 1,
  CPU_TOTAL: 2,
  BALLOON: 4,
  VCPU: 8,
  INTERFACE: 16,
  BLOCK: 32,
  PERF: 64,
  IOTHREAD: 128,
  MEMORY: 256,
  DIRTYRATE: 512,
  VM: 1024,
} as const;

/** virDomainModificationImpact: live and/or persistent config. */
export const DomainModificationImpact = {
  CURRENT: 0,
  LIVE: 1,
  CONFIG: 2,
} as const;

/** virDomainDeviceModifyFlags (attach/detach/update device). */
export const DomainDeviceModifyFlags = {
  CURRENT: 0,
  LIVE: 1,
  CONFIG: 2,
  FORCE: 4,
} as const;

/** virDomainMemoryModFlags (setMemoryFlags). */
export const DomainMemoryModFlags = {
  CURRENT: 0,
  LIVE: 1,
  CONFIG: 2,
  MAXIMUM: 4,
} as const;

/** virDomainVcpuFlags (setVcpusFlags/getVcpusFlags). */
export const DomainVcpuFlags = {
  CURRENT: 0,
  LIVE: 1,
  CONFIG: 2,
  MAXIMUM: 4,
  GUEST: 8,
  HOTPLUGGABLE: 16,
} as const;

/** virDomainXMLFlags (getXMLDesc). */
export const DomainXMLFlags = {
  SECURE: 1,
  INACTIVE: 2,
  UPDATE_CPU: 4,
  MIGRATABLE: 8,
} as const;

/** virDomainDefineFlags. */
export const DomainDefineFlags = {
  VALIDATE: 1,
} as const;

/** virDomainCreateFlags (create/createXML). */
export const DomainCreateFlags = {
  NONE: 0,
  START_PAUSED: 1,
  START_AUTODESTROY: 2,
  START_BYPASS_CACHE: 4,
  START_FORCE_BOOT: 8,
  START_VALIDATE: 16,
  START_RESET_NVRAM: 32,
} as const;

/** virDomainDestroyFlagsValues. */
export const DomainDestroyFlags = {
  DEFAULT: 0,
  GRACEFUL: 1,
  REMOVE_LOGS: 2,
} as const;

/** virDomainShutdownFlagValues. */
export const DomainShutdownFlags = {
  DEFAULT: 0,
  ACPI_POWER_BTN: 1,
  GUEST_AGENT: 2,
  INITCTL: 4,
  SIGNAL: 8,
  PARAVIRT: 16,
} as const;

/** virDomainRebootFlagValues. */
export const DomainRebootFlags = {
  DEFAULT: 0,
  ACPI_POWER_BTN: 1,
  GUEST_AGENT: 2,
  INITCTL: 4,
  SIGNAL: 8,
  PARAVIRT: 16,
} as const;

/** virDomainUndefineFlagsValues. */
export const DomainUndefineFlags = {
  MANAGED_SAVE: 1,
  SNAPSHOTS_METADATA: 2,
  NVRAM: 4,
  KEEP_NVRAM: 8,
  CHECKPOINTS_METADATA: 16,
  TPM: 32,
  KEEP_TPM: 64,
} as const;

/** virDomainSaveRestoreFlags (managedSave, save, restore). */
export const DomainSaveRestoreFlags = {
  BYPASS_CACHE: 1,
  RUNNING: 2,
  PAUSED: 4,
  RESET_NVRAM: 8,
} as const;

/** virDomainBlockResizeFlags. */
export const DomainBlockResizeFlags = {
  BYTES: 1,
} as const;

/** virDomainConsoleFlags (openConsole). */
export const DomainConsoleFlags = {
  FORCE: 1,
  SAFE: 2,
} as const;

/** virDomainChannelFlags (openChannel). */
export const DomainChannelFlags = {
  FORCE: 1,
} as const;

/** virDomainSnapshotCreateFlags. */
export const DomainSnapshotCreateFlags = {
  REDEFINE: 1,
  CURRENT: 2,
  NO_METADATA: 4,
  HALT: 8,
  DISK_ONLY: 16,
  REUSE_EXT: 32,
  QUIESCE: 64,
  ATOMIC: 128,
  LIVE: 256,
  VALIDATE: 512,
} as const;

/** virDomainSnapshotListFlags. */
export const DomainSnapshotListFlags = {
  DESCENDANTS: 1,
  ROOTS: 1,
  METADATA: 2,
  LEAVES: 4,
  NO_LEAVES: 8,
  NO_METADATA: 16,
  INACTIVE: 32,
  ACTIVE: 64,
  DISK_ONLY: 128,
  INTERNAL: 256,
  EXTERNAL: 512,
  TOPOLOGICAL: 1024,
} as const;

/** virDomainSnapshotRevertFlags. */
export const DomainSnapshotRevertFlags = {
  RUNNING: 1,
  PAUSED: 2,
  FORCE: 4,
  RESET_NVRAM: 8,
} as const;

/** virDomainSnapshotDeleteFlags. */
export const DomainSnapshotDeleteFlags = {
  CHILDREN: 1,
  METADATA_ONLY: 2,
  CHILDREN_ONLY: 4,
} as const;

/** virDomainSnapshotXMLFlags. */
export const DomainSnapshotXMLFlags = {
  SECURE: 1,
} as const;

/** virDomainEventID: what CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY subscribes to. */
export const DomainEventID = {
  LIFECYCLE: 0,
  REBOOT: 1,
  RTC_CHANGE: 2,
  WATCHDOG: 3,
  IO_ERROR: 4,
  GRAPHICS: 5,
  IO_ERROR_REASON: 6,
  CONTROL_ERROR: 7,
  BLOCK_JOB: 8,
  DISK_CHANGE: 9,
  TRAY_CHANGE: 10,
  PMWAKEUP: 11,
  PMSUSPEND: 12,
  BALLOON_CHANGE: 13,
  PMSUSPEND_DISK: 14,
  DEVICE_REMOVED: 15,
  BLOCK_JOB_2: 16,
  TUNABLE: 17,
  AGENT_LIFECYCLE: 18,
  DEVICE_ADDED: 19,
  MIGRATION_ITERATION: 20,
  JOB_COMPLETED: 21,
  DEVICE_REMOVAL_FAILED: 22,
  METADATA_CHANGE: 23,
  BLOCK_THRESHOLD: 24,
  MEMORY_FAILURE: 25,
  MEMORY_DEVICE_SIZE_CHANGE: 26,
} as const;

/** virDomainEventType: the `event` of a lifecycle event. */
export const DomainEventType = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;

/** virDomainEventDefinedDetailType: the `detail` of a DEFINED lifecycle event. */
export const DomainEventDefinedDetail = {
  ADDED: 0,
  UPDATED: 1,
  RENAMED: 2,
  FROM_SNAPSHOT: 3,
} as const;

/** virDomainEventUndefinedDetailType: the `detail` of a UNDEFINED lifecycle event. */
export const DomainEventUndefinedDetail = {
  REMOVED: 0,
  RENAMED: 1,
} as const;

/** virDomainEventStartedDetailType: the `detail` of a STARTED lifecycle event. */
export const DomainEventStartedDetail = {
  BOOTED: 0,
  MIGRATED: 1,
  RESTORED: 2,
  FROM_SNAPSHOT: 3,
  WAKEUP: 4,
} as const;

/** virDomainEventSuspendedDetailType: the `detail` of a SUSPENDED lifecycle event. */
export const DomainEventSuspendedDetail = {
  PAUSED: 0,
  MIGRATED: 1,
  IOERROR: 2,
  WATCHDOG: 3,
  RESTORED: 4,
  FROM_SNAPSHOT: 5,
  API_ERROR: 6,
  POSTCOPY: 7,
  POSTCOPY_FAILED: 8,
} as const;

/** virDomainEventResumedDetailType: the `detail` of a RESUMED lifecycle event. */
export const DomainEventResumedDetail = {
  UNPAUSED: 0,
  MIGRATED: 1,
  FROM_SNAPSHOT: 2,
  POSTCOPY: 3,
  POSTCOPY_FAILED: 4,
} as const;

/** virDomainEventStoppedDetailType: the `detail` of a STOPPED lifecycle event. */
export const DomainEventStoppedDetail = {
  SHUTDOWN: 0,
  DESTROYED: 1,
  CRASHED: 2,
  MIGRATED: 3,
  SAVED: 4,
  FAILED: 5,
  FROM_SNAPSHOT: 6,
} as const;

/** virDomainEventShutdownDetailType: the `detail` of a SHUTDOWN lifecycle event. */
export const DomainEventShutdownDetail = {
  FINISHED: 0,
  GUEST: 1,
  HOST: 2,
} as const;

/** virDomainEventPMSuspendedDetailType: the `detail` of a PMSUSPENDED lifecycle event. */
export const DomainEventPMSuspendedDetail = {
  MEMORY: 0,
  DISK: 1,
} as const;

/** virDomainEventCrashedDetailType: the `detail` of a CRASHED lifecycle event. */
export const DomainEventCrashedDetail = {
  PANICKED: 0,
  CRASHLOADED: 1,
} as const;

/** virDomainEventWatchdogAction. */
export const DomainEventWatchdogAction = {
  NONE: 0,
  PAUSE: 1,
  RESET: 2,
  POWEROFF: 3,
  SHUTDOWN: 4,
  DEBUG: 5,
  INJECTNMI: 6,
} as const;

/** virDomainEventIOErrorAction. */
export const DomainEventIOErrorAction = {
  NONE: 0,
  PAUSE: 1,
  REPORT: 2,
} as const;

/** virDomainEventTrayChangeReason. */
export const DomainEventTrayChangeReason = {
  OPEN: 0,
  CLOSE: 1,
} as const;

/** virConnectDomainEventBlockJobStatus. */
export const DomainBlockJobStatus = {
  COMPLETED: 0,
  FAILED: 1,
  CANCELED: 2,
  READY: 3,
} as const;

/** virDomainBlockJobType. */
export const DomainBlockJobType = {
  UNKNOWN: 0,
  PULL: 1,
  COPY: 2,
  COMMIT: 3,
  ACTIVE_COMMIT: 4,
  BACKUP: 5,
} as const;

/** virDomainJobType (getJobInfo). */
export const DomainJobType = {
  NONE: 0,
  BOUNDED: 1,
  UNBOUNDED: 2,
  COMPLETED: 3,
  FAILED: 4,
  CANCELLED: 5,
} as const;

/** virDomainMemoryStatTags (memoryStats `tag`). */
export const DomainMemoryStatTags = {
  SWAP_IN: 0,
  SWAP_OUT: 1,
  MAJOR_FAULT: 2,
  MINOR_FAULT: 3,
  UNUSED: 4,
  AVAILABLE: 5,
  ACTUAL_BALLOON: 6,
  RSS: 7,
  USABLE: 8,
  LAST_UPDATE: 9,
  DISK_CACHES: 10,
  HUGETLB_PGALLOC: 11,
  HUGETLB_PGFAIL: 12,
} as const;

/** virDomainInterfaceAddressesSource. */
export const DomainInterfaceAddressesSource = {
  LEASE: 0,
  AGENT: 1,
  ARP: 2,
} as const;

/** virDomainCoreDumpFormat. */
export const DomainCoreDumpFormat = {
  RAW: 0,
  KDUMP_ZLIB: 1,
  KDUMP_LZO: 2,
  KDUMP_SNAPPY: 3,
  WIN_DMP: 4,
} as const;

/** virDomainControlState. */
export const DomainControlState = {
  OK: 0,
  JOB: 1,
  OCCUPIED: 2,
  ERROR: 3,
} as const;

/** virVcpuState (vcpu info `state`). */
export const VcpuState = {
  OFFLINE: 0,
  RUNNING: 1,
  BLOCKED: 2,
} as const;

/** virDomainMigrateFlags (the perform3/p2p families). */
export const MigrateFlags = {
  ABORT_ON_ERROR: 4096,
  AUTO_CONVERGE: 8192,
  CHANGE_PROTECTION: 256,
  COMPRESSED: 2048,
  LIVE: 1,
  NON_SHARED_DISK: 64,
  NON_SHARED_INC: 128,
  NON_SHARED_SYNCHRONOUS_WRITES: 262144,
  OFFLINE: 1024,
  PARALLEL: 131072,
  PAUSED: 32,
  PEER2PEER: 2,
  PERSIST_DEST: 8,
  POSTCOPY: 32768,
  POSTCOPY_RESUME: 524288,
  RDMA_PIN_ALL: 16384,
  TLS: 65536,
  TUNNELLED: 4,
  UNDEFINE_SOURCE: 16,
  UNSAFE: 512,
  ZEROCOPY: 1048576,
} as const;

/** Typed-parameter names of the *_PARAMS migration calls. */
export const MigrateParam = {
  AUTO_CONVERGE_INCREMENT: "auto_converge.increment",
  AUTO_CONVERGE_INITIAL: "auto_converge.initial",
  BANDWIDTH: "bandwidth",
  BANDWIDTH_POSTCOPY: "bandwidth.postcopy",
  COMPRESSION: "compression",
  COMPRESSION_MT_DTHREADS: "compression.mt.dthreads",
  COMPRESSION_MT_LEVEL: "compression.mt.level",
  COMPRESSION_MT_THREADS: "compression.mt.threads",
  COMPRESSION_XBZRLE_CACHE: "compression.xbzrle.cache",
  DEST_NAME: "destination_name",
  DEST_XML: "destination_xml",
  DISKS_PORT: "disks_port",
  DISKS_URI: "disks_uri",
  GRAPHICS_URI: "graphics_uri",
  LISTEN_ADDRESS: "listen_address",
  MIGRATE_DISKS: "migrate_disks",
  PARALLEL_CONNECTIONS: "parallel.connections",
  PERSIST_XML: "persistent_xml",
  TLS_DESTINATION: "tls.destination",
  URI: "migrate_uri",
} as const;

/** virTypedParameterType: discriminant of remote_typed_param_value. */
export const TypedParameterType = {
  INT: 1,
  UINT: 2,
  LLONG: 3,
  ULLONG: 4,
  DOUBLE: 5,
  BOOLEAN: 6,
  STRING: 7,
} as const;

/** virTypedParameterFlags. */
export const TypedParameterFlags = {
  STRING_OKAY: 4,
} as const;

/** Node CPU stats: `cpuNum` for all CPUs, and the field names. */
export const NodeCpuStats = {
  ALL_CPUS: -1,
  IDLE: "idle",
  INTR: "intr",
  IOWAIT: "iowait",
  KERNEL: "kernel",
  USER: "user",
  UTILIZATION: "utilization",
} as const;

/** Node memory stats: `cellNum` for all cells, and the field names. */
export const NodeMemoryStats = {
  ALL_CELLS: -1,
  BUFFERS: "buffers",
  CACHED: "cached",
  FREE: "free",
  TOTAL: "total",
} as const;

/** Field names of domain getCPUStats. */
export const DomainCpuStats = {
  CPUTIME: "cpu_time",
  SYSTEMTIME: "system_time",
  USERTIME: "user_time",
  VCPUTIME: "vcpu_time",
} as const;

/** Field names of blockStatsFlags. */
export const DomainBlockStats = {
  ERRS: "errs",
  FLUSH_REQ: "flush_operations",
  FLUSH_TOTAL_TIMES: "flush_total_times",
  READ_BYTES: "rd_bytes",
  READ_REQ: "rd_operations",
  READ_TOTAL_TIMES: "rd_total_times",
  WRITE_BYTES: "wr_bytes",
  WRITE_REQ: "wr_operations",
  WRITE_TOTAL_TIMES: "wr_total_times",
} as const;

/** virStoragePoolState. */
export const StoragePoolState = {
  INACTIVE: 0,
  BUILDING: 1,
  RUNNING: 2,
  DEGRADED: 3,
  INACCESSIBLE: 4,
} as const;

/** virStoragePoolBuildFlags. */
export const StoragePoolBuildFlags = {
  NEW: 0,
  REPAIR: 1,
  RESIZE: 2,
  NO_OVERWRITE: 4,
  OVERWRITE: 8,
} as const;

/** virStoragePoolCreateFlags. */
export const StoragePoolCreateFlags = {
  NORMAL: 0,
  WITH_BUILD: 1,
  WITH_BUILD_OVERWRITE: 2,
  WITH_BUILD_NO_OVERWRITE: 4,
} as const;

/** virStoragePoolDeleteFlags. */
export const StoragePoolDeleteFlags = {
  NORMAL: 0,
  ZEROED: 1,
} as const;

/** virStoragePoolDefineFlags. */
export const StoragePoolDefineFlags = {
  VALIDATE: 1,
} as const;

/** virStorageXMLFlags. */
export const StorageXMLFlags = {
  INACTIVE: 1,
} as const;

/** virStorageVolType. */
export const StorageVolType = {
  FILE: 0,
  BLOCK: 1,
  DIR: 2,
  NETWORK: 3,
  NETDIR: 4,
  PLOOP: 5,
} as const;

/** virStorageVolCreateFlags. */
export const StorageVolCreateFlags = {
  PREALLOC_METADATA: 1,
  REFLINK: 2,
  VALIDATE: 4,
} as const;

/** virStorageVolDeleteFlags. */
export const StorageVolDeleteFlags = {
  NORMAL: 0,
  ZEROED: 1,
  WITH_SNAPSHOTS: 2,
} as const;

/** virStorageVolWipeAlgorithm. */
export const StorageVolWipeAlgorithm = {
  ZERO: 0,
  NNSA: 1,
  DOD: 2,
  BSI: 3,
  GUTMANN: 4,
  SCHNEIER: 5,
  PFITZNER7: 6,
  PFITZNER33: 7,
  RANDOM: 8,
  TRIM: 9,
} as const;

/** virStorageVolResizeFlags. */
export const StorageVolResizeFlags = {
  ALLOCATE: 1,
  DELTA: 2,
  SHRINK: 4,
} as const;

/** virStorageVolInfoFlags. */
export const StorageVolInfoFlags = {
  USE_ALLOCATION: 0,
  GET_PHYSICAL: 1,
} as const;

/** virStorageVolUploadFlags. */
export const StorageVolUploadFlags = {
  SPARSE_STREAM: 1,
} as const;

/** virStorageVolDownloadFlags. */
export const StorageVolDownloadFlags = {
  SPARSE_STREAM: 1,
} as const;

/** virNetworkXMLFlags. */
export const NetworkXMLFlags = {
  INACTIVE: 1,
} as const;

/** virNetworkEventID. */
export const NetworkEventID = {
  LIFECYCLE: 0,
} as const;

/** virNetworkEventLifecycleType. */
export const NetworkEventLifecycleType = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  STOPPED: 3,
} as const;

/** virNetworkUpdateCommand. */
export const NetworkUpdateCommand = {
  NONE: 0,
  MODIFY: 1,
  DELETE: 2,
  ADD_LAST: 3,
  ADD_FIRST: 4,
} as const;

/** virNetworkUpdateSection. */
export const NetworkUpdateSection = {
  NONE: 0,
  BRIDGE: 1,
  DOMAIN: 2,
  IP: 3,
  IP_DHCP_HOST: 4,
  IP_DHCP_RANGE: 5,
  FORWARD: 6,
  FORWARD_INTERFACE: 7,
  FORWARD_PF: 8,
  PORTGROUP: 9,
  DNS_HOST: 10,
  DNS_TXT: 11,
  DNS_SRV: 12,
} as const;

/** virNetworkUpdateFlags. */
export const NetworkUpdateFlags = {
  CURRENT: 0,
  LIVE: 1,
  CONFIG: 2,
} as const;

/** virIPAddrType (DHCP leases, interface addresses). */
export const IPAddrType = {
  IPV4: 0,
  IPV6: 1,
} as const;

/** virSecretUsageType. */
export const SecretUsageType = {
  NONE: 0,
  VOLUME: 1,
  CEPH: 2,
  ISCSI: 3,
  TLS: 4,
  VTPM: 5,
} as const;

/** virSecretEventID. */
export const SecretEventID = {
  LIFECYCLE: 0,
  VALUE_CHANGED: 1,
} as const;

/** virStoragePoolEventID. */
export const StoragePoolEventID = {
  LIFECYCLE: 0,
  REFRESH: 1,
} as const;

/** virConnectCloseReason. */
export const ConnectCloseReason = {
  ERROR: 0,
  EOF: 1,
  KEEPALIVE: 2,
  CLIENT: 3,
} as const;

/** virCPUCompareResult. */
export const CPUCompareResult = {
  ERROR: -1,
  INCOMPATIBLE: 0,
  IDENTICAL: 1,
  SUPERSET: 2,
} as const;

/** virKeycodeSet (sendKey). */
export const KeycodeSet = {
  LINUX: 0,
  XT: 1,
  ATSET1: 2,
  ATSET2: 3,
  ATSET3: 4,
  OSX: 5,
  XT_KBD: 6,
  USB: 7,
  WIN32: 8,
  QNUM: 9,
} as const;

/** virDomainProcessSignal. */
export const DomainProcessSignal = {
  NOP: 0,
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  POLL: 29,
  PWR: 30,
  SYS: 31,
  RT0: 32,
  RT1: 33,
  RT2: 34,
  RT3: 35,
  RT4: 36,
  RT5: 37,
  RT6: 38,
  RT7: 39,
  RT8: 40,
  RT9: 41,
  RT10: 42,
  RT11: 43,
  RT12: 44,
  RT13: 45,
  RT14: 46,
  RT15: 47,
  RT16: 48,
  RT17: 49,
  RT18: 50,
  RT19: 51,
  RT20: 52,
  RT21: 53,
  RT22: 54,
  RT23: 55,
  RT24: 56,
  RT25: 57,
  RT26: 58,
  RT27: 59,
  RT28: 60,
  RT29: 61,
  RT30: 62,
  RT31: 63,
  RT32: 64,
} as const;

/** virConnectCredentialType (auth callbacks). */
export const CredentialType = {
  USERNAME: 1,
  AUTHNAME: 2,
  LANGUAGE: 3,
  CNONCE: 4,
  PASSPHRASE: 5,
  ECHOPROMPT: 6,
  NOECHOPROMPT: 7,
  REALM: 8,
  EXTERNAL: 9,
} as const;

/**
 * Driver features probed with CONNECT_SUPPORTS_FEATURE (`virDrvFeature`, internal to libvirt but
 * part of the wire contract). Note PROGRAM_KEEPALIVE is 10.
 */
export const DrvFeature = {
  MIGRATION_V1: 1,
  REMOTE: 2,
  MIGRATION_V2: 3,
  MIGRATION_P2P: 4,
  MIGRATION_DIRECT: 5,
  MIGRATION_V3: 6,
  MIGRATE_CHANGE_PROTECTION: 7,
  FD_PASSING: 8,
  TYPED_PARAM_STRING: 9,
  PROGRAM_KEEPALIVE: 10,
  XML_MIGRATABLE: 11,
  MIGRATION_OFFLINE: 12,
  MIGRATION_PARAMS: 13,
  REMOTE_EVENT_CALLBACK: 14,
  REMOTE_CLOSE_CALLBACK: 15,
  NETWORK_UPDATE_HAS_CORRECT_ORDER: 16,
} as const;

/** `remote_auth_type`: what AUTH_LIST returns. */
export const AuthType = {
  NONE: 0,
  SASL: 1,
  POLKIT: 2,
} as const;

/** Reverse lookup: the name of `value` in one of the tables above (`nameOf(DomainState, 1)` is 'RUNNING'). */
export function nameOf<T extends Record<string, number | string>>(table: T, value: number | string): (keyof T & string) | undefined {
  for (const k of Object.keys(table)) if (table[k] === value) return k;
  return undefined;
}
