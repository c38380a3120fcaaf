/**
 * @module config/server-help
 * The server's `--help`: its flags (the settings that have one, and KServe's model-server
 * flags it accepts without using) and every environment variable with its default, read
 * from the same declarations the configuration is validated against.
 */
import type { ConfigField } from './config-field.js';
import { CONFIG_SECTIONS_BY_NAME } from './config-schema.js';
import { UNUSED_KSERVE_FLAGS } from './kserve-server-flags.js';

const USAGE = `Usage: node dist/predictor/main.js [flags]     (npm start -- [flags])

Serves the podcast pipeline as a KServe custom predictor: the Open Inference Protocol v2 over REST
(and KServe v1) and gRPC (GRPC_PORT, and over h2c on the HTTP port).
Every setting is an environment variable; those below with a flag take it too, as KServe's
model server does (--name value or --name=value; a flag wins over its variable).`;

function defaultOf(field: ConfigField): string {
  const value = field.schema.default;
  if (value === undefined) return 'unset';
  return typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
}

function flagLines(): string[] {
  const lines = ['  -h, --help  print this help and exit'];
  for (const section of Object.values(CONFIG_SECTIONS_BY_NAME)) {
    for (const field of Object.values(section)) {
      for (const flag of field.flags ?? [])
        lines.push(`  --${flag} <value>  ${field.description} (env ${field.env ?? '-'}, default ${defaultOf(field)})`);
    }
  }
  return lines;
}

function environmentLines(): string[] {
  const lines: string[] = [];
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS_BY_NAME)) {
    lines.push(`  [${sectionName}]`);
    for (const field of Object.values(section)) {
      if (field.env === undefined) continue;
      const value = field.isSecret ? 'secret, never printed' : `default ${defaultOf(field)}`;
      lines.push(`  ${field.env}  (${value})  ${field.description}`);
    }
  }
  return lines;
}

/** The text `--help` prints. */
export function serverHelpText(): string {
  const unused = UNUSED_KSERVE_FLAGS.map((flag) => `--${flag.name}`).join(', ');
  return [
    USAGE,
    '',
    'Flags:',
    ...flagLines(),
    '',
    'KServe model-server flags accepted but not used (this server has no uvicorn, gRPC threads or transformer client);',
    'a start that sets any says so once:',
    `  ${unused}`,
    '',
    'Environment variables:',
    ...environmentLines(),
    '',
    'Configuration problems are reported one per line, and the server exits 1 before listening.',
    'Unknown flags are a usage error (exit 2). Node.js 24 is required.',
    '',
  ].join('\n');
}
