/**
 * The QEMU program (libvirt-qemu: monitor and guest-agent passthrough, QMP events) and the LXC
 * program (namespace access), as tables in the same shape as REMOTE. Calls on them go out with
 * their own program number (`RpcClient.callProgram(program, version, proc, ...)`).
 */
import { hyper, int, optional, struct, uint, void_ } from '../xdr.js';
import { event, procedure, type ProgramDef } from './define.js';
import { nonnullDomain, optStr, str } from './remote-types.js';
import { Program, ProgramVersion } from './wire.js';

export const qemuDomainMonitorCommandArgs = struct('qemu_domain_monitor_command_args', {
  dom: nonnullDomain,
  cmd: str,
  flags: uint,
});
export const qemuDomainMonitorCommandRet = struct('qemu_domain_monitor_command_ret', {
  result: str,
});
export const qemuDomainAttachArgs = struct('qemu_domain_attach_args', {
  pidValue: uint,
  flags: uint,
});
export const qemuDomainAttachRet = struct('qemu_domain_attach_ret', {
  dom: nonnullDomain,
});
export const qemuDomainAgentCommandArgs = struct('qemu_domain_agent_command_args', {
  dom: nonnullDomain,
  cmd: str,
  timeout: int,
  flags: uint,
});
export const qemuDomainAgentCommandRet = struct('qemu_domain_agent_command_ret', {
  result: optStr,
});
export const qemuConnectDomainMonitorEventRegisterArgs = struct('qemu_connect_domain_monitor_event_register_args', {
  dom: optional(nonnullDomain),
  event: optStr,
  flags: uint,
});
export const qemuConnectDomainMonitorEventRegisterRet = struct('qemu_connect_domain_monitor_event_register_ret', {
  callbackId: int,
});
export const qemuConnectDomainMonitorEventDeregisterArgs = struct('qemu_connect_domain_monitor_event_deregister_args', {
  callbackId: int,
});
export const qemuDomainMonitorEventMsg = struct('qemu_domain_monitor_event_msg', {
  callbackId: int,
  dom: nonnullDomain,
  event: str,
  seconds: hyper,
  micros: uint,
  details: optStr,
});

export const qemuProcedures = {
  domainMonitorCommand: procedure(1, 'DOMAIN_MONITOR_COMMAND', qemuDomainMonitorCommandArgs, qemuDomainMonitorCommandRet),
  domainAttach: procedure(2, 'DOMAIN_ATTACH', qemuDomainAttachArgs, qemuDomainAttachRet),
  domainAgentCommand: procedure(3, 'DOMAIN_AGENT_COMMAND', qemuDomainAgentCommandArgs, qemuDomainAgentCommandRet),
  connectDomainMonitorEventRegister: procedure(
    4,
    'CONNECT_DOMAIN_MONITOR_EVENT_REGISTER',
    qemuConnectDomainMonitorEventRegisterArgs,
    qemuConnectDomainMonitorEventRegisterRet,
    { priority: true },
  ),
  connectDomainMonitorEventDeregister: procedure(5, 'CONNECT_DOMAIN_MONITOR_EVENT_DEREGISTER', qemuConnectDomainMonitorEventDeregisterArgs, void_, {
    priority: true,
  }),
  /** Sent as CALL_WITH_FDS / REPLY_WITH_FDS (file descriptors ride along on unix sockets). */
  domainMonitorCommandWithFiles: procedure(7, 'DOMAIN_MONITOR_COMMAND_WITH_FILES', qemuDomainMonitorCommandArgs, qemuDomainMonitorCommandRet),
} as const;

export const qemuEvents = {
  domainMonitorEvent: event(6, 'DOMAIN_MONITOR_EVENT', qemuDomainMonitorEventMsg),
} as const;

export const qemuProgram: ProgramDef = {
  name: 'QEMU',
  program: Program.QEMU,
  version: ProgramVersion.QEMU,
  procedures: qemuProcedures,
  events: qemuEvents,
};

export const lxcDomainOpenNamespaceArgs = struct('lxc_domain_open_namespace_args', {
  dom: nonnullDomain,
  flags: uint,
});

export const lxcProcedures = {
  /** The namespaces come back as file descriptors (REPLY_WITH_FDS); the payload is empty. */
  domainOpenNamespace: procedure(1, 'DOMAIN_OPEN_NAMESPACE', lxcDomainOpenNamespaceArgs, void_),
} as const;

export const lxcProgram: ProgramDef = {
  name: 'LXC',
  program: Program.LXC,
  version: ProgramVersion.LXC,
  procedures: lxcProcedures,
  events: {},
};
