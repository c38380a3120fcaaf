/**
 * @module scripts/deploy/output-format
 * `-o table|json|yaml|name` as kubectl prints them: the status table, the objects as JSON or
 * YAML (one object alone, several as a v1 List), or `kind.group/name` per line.
 */
import { dump } from 'js-yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { formatStatusTable } from './status-table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function nameOf(object: KubernetesObject): string {
  const group = (object.apiVersion ?? '').includes('/') ? `.${(object.apiVersion ?? '').split('/')[0]}` : '';
  return `${(object.kind ?? '').toLowerCase()}${group}/${object.metadata?.name ?? ''}`;
}

/** The objects in the format asked for, ending in a newline. */
export function formatObjects(objects: readonly KubernetesObject[], format: OutputFormat, nowMs: number): string {
  const document =
    objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
  switch (format) {
    case 'json':
      return `${JSON.stringify(document, null, 4)}\n`;
    case 'yaml':
      return dump(document, { lineWidth: -1, noRefs: true });
    case 'name':
      return objects.map((object) => `${nameOf(object)}\n`).join('');
    default:
      return formatStatusTable(objects, nowMs);
  }
}
