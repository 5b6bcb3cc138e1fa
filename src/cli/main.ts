#!/usr/bin/env node
/**
 * The `stratus` command. Exit codes: 0 ok, 1 failure (one-line reason on stderr), 2 usage.
 */
import { parseArgs } from 'node:util';
import { demoCommand } from './commands/demo.js';
import { hostCommand, domainsCommand } from './commands/host.js';

const USAGE = `usage: stratus <command> [options]

commands:
  host      [--uri URI] [--json]   the daemon's host: versions, CPU, memory, supported instances, domains
  domains   [--uri URI] [--json]   domains on the host with state, vCPUs and memory
  demo      [--keep] [--json]      boot a small guest through the compute driver on this host, wait for its
                                   boot report, print the instance, its diagnostics and the host; then remove it

options:
  --uri URI   libvirt URI (default: $LIBVIRT_DEFAULT_URI or qemu:///system)
  --json      machine-readable output
  --keep      (demo) leave the guest running
  -h, --help  this text`;

export class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      uri: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const uri = values.uri ?? process.env.LIBVIRT_DEFAULT_URI ?? 'qemu:///system';
  switch (command) {
    case 'host':
      return hostCommand(uri, values.json ?? false);
    case 'domains':
      return domainsCommand(uri, values.json ?? false);
    case 'demo':
      return demoCommand({
        json: values.json ?? false,
        keep: values.keep ?? false,
        uri,
        instancesPath: process.env.STRATUS_INSTANCES_PATH ?? '/var/lib/stratus/instances',
        imagesDir: process.env.STRATUS_IMAGES_DIR ?? '/var/lib/stratus/images',
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS');
    process.stderr.write(`stratus: ${err instanceof Error ? err.message : String(err)}\n`);
    if (usage) process.stderr.write(`try 'stratus --help'\n`);
    process.exit(usage ? 2 : 1);
  },
);
