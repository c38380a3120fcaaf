/**
 * @module scripts/deploy/compact-schema
 * Cuts a CRD's OpenAPI schema down to the fields our manifests use, strict (every object
 * that lists properties gets `additionalProperties: false`, as kubectl's strict field
 * validation would reject unknown fields). The results live in
 * test/integration/manifests/schemas/ and keep `npm test` independent of multi-megabyte
 * upstream files; regenerate one when a manifest starts using a new field:
 *
 *   kubectl kustomize manifests/overlays/prod > /tmp/prod.yaml   (one file per overlay)
 *   npm run build && node dist/scripts/deploy/compact-schema.js \
 *     --schema <CRD openAPIV3Schema as JSON> --kind InferenceService --source "<origin>" \
 *     /tmp/*.yaml > test/integration/manifests/schemas/inferenceservice.compact.json
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAll } from 'js-yaml';

type Schema = Record<string, unknown>;

const KEPT_KEYWORDS = [
  'type',
  'enum',
  'format',
  'pattern',
  'required',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'anyOf',
  'oneOf',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'nullable',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema of `node` restricted to what `samples` (values at this node) contain. */
export function compactSchema(node: Schema, samples: readonly unknown[]): Schema {
  const result: Schema = {};
  for (const keyword of KEPT_KEYWORDS) if (node[keyword] !== undefined) result[keyword] = node[keyword];
  const properties = node.properties;
  if (isObject(properties)) {
    const objects = samples.filter(isObject);
    const used = Object.keys(properties).filter((key) => objects.some((object) => object[key] !== undefined));
    result.properties = Object.fromEntries(
      used.map((key) => [
        key,
        compactSchema(
          properties[key] as Schema,
          objects.map((object) => object[key]).filter((value) => value !== undefined),
        ),
      ]),
    );
    if (!node['x-kubernetes-preserve-unknown-fields']) result.additionalProperties = false;
  } else if (isObject(node.additionalProperties)) {
    const values = samples.filter(isObject).flatMap((object) => Object.values(object));
    result.additionalProperties = compactSchema(node.additionalProperties, values);
  }
  if (isObject(node.items)) {
    result.items = compactSchema(node.items, samples.filter(Array.isArray).flat());
  }
  return result;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { schema: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string', default: '' } },
  });
  if (!values.schema || !values.kind || positionals.length === 0) {
    process.stderr.write('Usage: compact-schema --schema CRD.json --kind KIND [--source TEXT] RENDERED.yaml...\n');
    process.exitCode = 2;
    return;
  }
  const schema = JSON.parse(readFileSync(values.schema, 'utf8')) as Schema;
  const samples = positionals
    .flatMap((file) => loadAll(readFileSync(file, 'utf8')))
    .filter((object) => isObject(object) && object.kind === values.kind);
  const compact = {
    $comment: `Compacted from ${values.source || values.schema} to the fields of ${samples.length} ${values.kind} object(s) by scripts/deploy/compact-schema.ts`,
    ...compactSchema(schema, samples),
  };
  process.stdout.write(`${JSON.stringify(compact, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
