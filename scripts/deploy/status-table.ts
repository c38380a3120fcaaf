/**
 * @module scripts/deploy/status-table
 * Formats InferenceServices as `kubectl get inferenceservice` does, with the printer
 * columns of KServe's CRD: NAME URL READY PREV LATEST PREVROLLEDOUTREVISION
 * LATESTREADYREVISION AGE.
 */
import { conditionOf, isReady, revisionTraffic, type InferenceServiceObject } from './inference-service-status.js';

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
  const traffic = revisionTraffic(service);
  // LATEST is the newest *created* revision's share: 0 while it is not Ready, never the
  // share Knative still routes to an older Ready revision under the "latest" target.
  const latestName = predictor?.latestCreatedRevision ?? traffic.find((target) => target.tag === 'latest')?.revisionName;
  const latest = traffic.find((target) => target.revisionName === latestName);
  const others = traffic.filter((target) => target.revisionName !== latestName && target.percent > 0);
  const created = service.metadata?.creationTimestamp;
  const createdMs = created ? new Date(created).getTime() : Number.NaN;
  const ready = conditionOf(service, 'Ready')?.status ?? '';
  return [
    service.metadata?.name ?? '',
    service.status?.url ?? '',
    ready === 'True' && !isReady(service) ? 'Unknown' : ready,
    others.length === 0 ? '' : String(others.reduce((sum, target) => sum + target.percent, 0)),
    latest === undefined ? '' : String(latest.percent),
    others[0]?.revisionName ?? '',
    predictor?.latestReadyRevision ?? '',
    Number.isNaN(createdMs) ? '<unknown>' : formatAge(nowMs - createdMs),
  ];
}

/**
 * Traffic by revision, one line each (`  podcast-pipeline-predictor-00002  10%  latest`), with
 * "(not Ready)" on a revision that gets nothing yet; printed under the table during a rollout.
 */
export function formatTraffic(service: InferenceServiceObject): string {
  const traffic = revisionTraffic(service);
  if (traffic.length === 0) return `  ${service.metadata?.name ?? ''}: no traffic reported yet\n`;
  const width = Math.max(...traffic.map((target) => target.revisionName.length));
  return traffic
    .map(
      (target) =>
        `  ${target.revisionName.padEnd(width)}  ${`${target.percent}%`.padStart(4)}  ${target.tag}${target.isReady ? '' : ' (not Ready)'}`.trimEnd() +
        '\n',
    )
    .join('');
}

/** A rollout is under way: traffic is split, or the newest revision is not Ready yet. */
export function isRollingOut(service: InferenceServiceObject): boolean {
  const traffic = revisionTraffic(service);
  return traffic.filter((target) => target.percent > 0).length > 1 || traffic.some((target) => !target.isReady);
}

/**
 * The table as text (columns padded with three spaces, like kubectl), ending in a newline;
 * then, for a service in the middle of a rollout, its traffic by revision.
 */
export function formatStatusTable(services: readonly InferenceServiceObject[], nowMs: number): string {
  return (
    formatRows(services, nowMs) +
    services
      .filter(isRollingOut)
      .map((service) => `traffic of ${service.metadata?.name ?? ''}:\n${formatTraffic(service)}`)
      .join('')
  );
}

function formatRows(services: readonly InferenceServiceObject[], nowMs: number): string {
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
