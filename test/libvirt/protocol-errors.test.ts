// libvirt's error and constant tables: names and numbers as virterror.h and libvirt-*.h define them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  ErrorDomain,
  ErrorLevel,
  LibvirtClientError,
  LibvirtError,
  errorCodeName,
  errorDomainName,
  errorFromRemote,
  isLibvirtError,
} from '../../src/libvirt/errors.js';
import * as C from '../../src/libvirt/protocol/constants.js';
import type { RemoteError } from '../../src/libvirt/protocol/wire.js';

const remote = (over: Partial<RemoteError> = {}): RemoteError => ({
  code: 42,
  domain: 10,
  message: "Domain not found: no domain with matching name 'x'",
  level: 2,
  dom: null,
  str1: 'Domain not found: %s',
  str2: "no domain with matching name 'x'",
  str3: null,
  int1: -1,
  int2: -1,
  net: null,
  ...over,
});

describe('LibvirtError', () => {
  it('carries code, domain, level and their names, the message and the procedure', () => {
    const e = errorFromRemote(remote(), 'DOMAIN_LOOKUP_BY_NAME');
    assert.ok(e instanceof Error);
    assert.ok(e instanceof LibvirtError);
    assert.equal(e.name, 'LibvirtError');
    assert.equal(e.code, ErrorCode.NO_DOMAIN);
    assert.equal(e.codeName, 'VIR_ERR_NO_DOMAIN');
    assert.equal(e.domain, ErrorDomain.QEMU);
    assert.equal(e.domainName, 'VIR_FROM_QEMU');
    assert.equal(e.level, ErrorLevel.ERROR);
    assert.equal(e.levelName, 'ERROR');
    assert.equal(e.procedure, 'DOMAIN_LOOKUP_BY_NAME');
    assert.equal(e.message, "Domain not found: no domain with matching name 'x'");
    assert.equal(e.str2, "no domain with matching name 'x'");
    assert.equal(e.str3, null);
    assert.equal(e.int1, -1);
    assert.ok(e.is(ErrorCode.NO_DOMAIN));
    assert.ok(isLibvirtError(e));
    assert.ok(isLibvirtError(e, ErrorCode.NO_NETWORK, ErrorCode.NO_DOMAIN));
    assert.ok(!isLibvirtError(e, ErrorCode.NO_NETWORK));
    assert.ok(!isLibvirtError(new Error('x')));
  });

  it('names codes and domains newer than the table by number, and survives a missing message', () => {
    assert.equal(errorCodeName(9999), 'VIR_ERR_9999');
    assert.equal(errorDomainName(9999), 'VIR_FROM_9999');
    const e = errorFromRemote(remote({ message: null, code: 1 }));
    assert.equal(e.message, 'VIR_ERR_INTERNAL_ERROR (no message)');
    assert.equal(e.procedure, '');
  });

  it('names warnings VIR_WAR_*', () => {
    assert.equal(errorCodeName(ErrorCode.WAR_NO_NETWORK), 'VIR_WAR_NO_NETWORK');
  });

  it('re-exports the client-side error class', () => {
    const e = new LibvirtClientError('TIMEOUT', 'late', 'CONNECT_GET_LIB_VERSION');
    assert.equal(e.code, 'TIMEOUT');
    assert.equal(e.procedure, 'CONNECT_GET_LIB_VERSION');
  });
});

describe('error tables', () => {
  it('have libvirt’s numbers', () => {
    assert.equal(ErrorCode.OK, 0);
    assert.equal(ErrorCode.INTERNAL_ERROR, 1);
    assert.equal(ErrorCode.NO_MEMORY, 2);
    assert.equal(ErrorCode.NO_SUPPORT, 3);
    assert.equal(ErrorCode.INVALID_ARG, 8);
    assert.equal(ErrorCode.OPERATION_FAILED, 9);
    assert.equal(ErrorCode.NO_DOMAIN, 42);
    assert.equal(ErrorCode.NO_NETWORK, 43);
    assert.equal(ErrorCode.OPERATION_INVALID, 55);
    assert.equal(ErrorCode.NO_STORAGE_POOL, 49);
    assert.equal(ErrorCode.NO_STORAGE_VOL, 50);
    assert.equal(ErrorCode.NO_SECRET, 66);
    assert.equal(ErrorCode.AUTH_FAILED, 45);
    assert.equal(ErrorCode.OPERATION_TIMEOUT, 68);
    assert.equal(ErrorCode.NO_DOMAIN_SNAPSHOT, 72);
    assert.equal(ErrorCode.OPERATION_UNSUPPORTED, 84);
    assert.equal(ErrorCode.AGENT_UNRESPONSIVE, 86);
    assert.equal(ErrorCode.MULTIPLE_DOMAINS, 110);
    assert.equal(ErrorDomain.NONE, 0);
    assert.equal(ErrorDomain.QEMU, 10);
    assert.equal(ErrorDomain.REMOTE, 13);
    assert.equal(ErrorDomain.TEST, 12);
    assert.equal(ErrorDomain.STORAGE, 18);
    assert.equal(ErrorDomain.NETWORK, 19);
    assert.deepEqual(ErrorLevel, { NONE: 0, WARNING: 1, ERROR: 2 });
  });

  it('give every error number one name', () => {
    const seen = new Map<number, string>();
    for (const [k, v] of Object.entries(ErrorCode)) {
      assert.ok(!seen.has(v), `${k} and ${seen.get(v)} share ${v}`);
      seen.set(v, k);
    }
    for (let n = 0; n <= Math.max(...seen.keys()); n++) assert.ok(seen.has(n), `error ${n} named`);
  });
});

describe('constants', () => {
  it('have the values libvirt clients depend on', () => {
    assert.equal(C.DrvFeature.PROGRAM_KEEPALIVE, 10);
    assert.equal(C.DrvFeature.REMOTE_EVENT_CALLBACK, 14);
    assert.equal(C.DrvFeature.REMOTE_CLOSE_CALLBACK, 15);
    assert.equal(C.ConnectFlags.RO, 1);
    assert.deepEqual(C.DomainState, { NOSTATE: 0, RUNNING: 1, BLOCKED: 2, PAUSED: 3, SHUTDOWN: 4, SHUTOFF: 5, CRASHED: 6, PMSUSPENDED: 7 });
    assert.equal(C.DomainEventID.LIFECYCLE, 0);
    assert.equal(C.DomainEventID.DEVICE_REMOVED, 15);
    assert.equal(C.DomainEventType.STOPPED, 5);
    assert.equal(C.DomainEventStoppedDetail.DESTROYED, 1);
    assert.deepEqual(C.DomainModificationImpact, { CURRENT: 0, LIVE: 1, CONFIG: 2 });
    assert.equal(C.DomainXMLFlags.SECURE, 1);
    assert.equal(C.DomainXMLFlags.INACTIVE, 2);
    assert.equal(C.DomainXMLFlags.UPDATE_CPU, 4);
    assert.equal(C.DomainXMLFlags.MIGRATABLE, 8);
    assert.equal(C.DomainUndefineFlags.MANAGED_SAVE, 1);
    assert.equal(C.DomainUndefineFlags.SNAPSHOTS_METADATA, 2);
    assert.equal(C.DomainUndefineFlags.NVRAM, 4);
    assert.equal(C.DomainDestroyFlags.GRACEFUL, 1);
    assert.equal(C.DomainShutdownFlags.ACPI_POWER_BTN, 1);
    assert.equal(C.MigrateFlags.LIVE, 1);
    assert.equal(C.MigrateFlags.PEER2PEER, 2);
    assert.equal(C.MigrateFlags.TUNNELLED, 4);
    assert.equal(C.MigrateFlags.PERSIST_DEST, 8);
    assert.equal(C.MigrateParam.URI, 'migrate_uri');
    assert.equal(C.StorageVolUploadFlags.SPARSE_STREAM, 1);
    assert.equal(C.StorageVolDownloadFlags.SPARSE_STREAM, 1);
    assert.equal(C.TypedParameterType.STRING, 7);
    assert.equal(C.ConnectListAllDomainsFlags.ACTIVE, 1);
    assert.equal(C.ConnectListAllDomainsFlags.INACTIVE, 2);
    assert.equal(C.DomainStatsTypes.STATE, 1);
    assert.equal(C.NetworkUpdateCommand.ADD_LAST, 3);
    assert.equal(C.AuthType.SASL, 1);
    assert.equal(C.nameOf(C.DomainState, 5), 'SHUTOFF');
    assert.equal(C.nameOf(C.DomainState, 99), undefined);
  });

  it('use each name once per table and numbers or strings as values', () => {
    for (const [table, values] of Object.entries(C)) {
      if (typeof values !== 'object') continue;
      for (const [k, v] of Object.entries(values)) {
        assert.match(k, /^[A-Z_0-9]+$/, `${table}.${k}`);
        assert.ok(typeof v === 'number' || typeof v === 'string', `${table}.${k}`);
      }
    }
  });
});
