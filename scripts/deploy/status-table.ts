/**
 * @module scripts/deploy/status-table
 * Formats InferenceServices as `kubectl get inferenceservice` does, with the printer
 * columns of KServe's CRD: NAME URL READY PREV LATEST PREVROLLEDOUTREVISION
 * LATESTREADYREVISION AGE.
 */
import { conditionOf, type InferenceServiceObject } from './inference-service-status.js';

const HEADERS = ['NAME', 'URL', 'READY', 'PREV', 'LATEST', 'PREVROLLEDOUTREVISION', 'LATESTREADYREVISION', 'AGE'];

/** kubectl's age format: 45s, 12m, 3h, 5d (two units below a few hours: 2m30s, 5h10m). */
export function formatAge(ageMs: number): string {
  const seconds = Math.max(0, Math.floor(ageMs / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function rowOf(service: InferenceServiceObject, nowMs: number): string[] {
  const predictor = service.status?.components?.predictor;
  const previous = predictor?.traffic?.find((target) => target.tag === 'prev');
  const latest = predictor?.traffic?.find((target) => target.latestRevision === true);
  const created = service.metadata?.creationTimestamp;
  const createdMs = created ? new Date(created).getTime() : Number.NaN;
  return [
    service.metadata?.name ?? '',
    service.status?.url ?? '',
    conditionOf(service, 'Ready')?.status ?? '',
    previous?.percent === undefined ? '' : String(previous.percent),
    latest?.percent === undefined ? '' : String(latest.percent),
    previous?.revisionName ?? '',
    predictor?.latestReadyRevision ?? '',
    Number.isNaN(createdMs) ? '<unknown>' : formatAge(nowMs - createdMs),
  ];
}

/** The table as text (columns padded with three spaces, like kubectl), ending in a newline. */
export function formatStatusTable(services: readonly InferenceServiceObject[], nowMs: number): string {
  const rows = [HEADERS, ...services.map((service) => rowOf(service, nowMs))];
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
