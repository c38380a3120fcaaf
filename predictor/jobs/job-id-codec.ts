/**
 * @module jobs/job-id-codec
 * Job ids that need no local state: the id carries the upstream batch names and the
 * episode count, and an HMAC-SHA256 (128-bit tag) over them, the model name and the caller's
 * principal id. Any replica (or a pod that scaled from zero) holding the same secret can
 * resolve it; a client cannot forge an id for an arbitrary upstream batch, nor use another
 * caller's id or another model's. Ids are not encrypted: batch names are not secret.
 *
 * Format: `j1.<base64url(JSON {"n": episodes, "b": [batch ids]})>.<base64url(tag)>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { JobNotFoundError } from './job-not-found-error.js';

/** What an id resolves to. */
export interface JobHandle {
  /** Upstream batch names (`batches/...`), one per model the job's agents run on. */
  readonly batchNames: readonly string[];
  readonly episodeCount: number;
}

/** What an id is bound to besides its content. */
export interface JobIdScope {
  readonly modelName: string;
  readonly principalId: string;
}

export interface JobIdCodec {
  encode(handle: JobHandle, scope: JobIdScope): string;
  /** Throws JobNotFoundError for anything but an untampered id issued for `scope`. */
  decode(id: string, scope: JobIdScope): JobHandle;
}

const VERSION = 'j1';
const TAG_BYTES = 16;
const MIN_SECRET_BYTES = 32;
const MAX_ID_CHARS = 4096;
const ID_PATTERN = /^j1\.([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{22})$/;
const BATCH_PREFIX = 'batches/';
const BATCH_ID = /^[A-Za-z0-9_-]{1,128}$/;

function isHandlePayload(value: unknown): value is { n: number; b: string[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { n, b } = value as { n?: unknown; b?: unknown };
  return (
    Number.isSafeInteger(n) &&
    (n as number) > 0 &&
    Array.isArray(b) &&
    b.length > 0 &&
    b.every((id) => typeof id === 'string' && BATCH_ID.test(id))
  );
}

/**
 * Creates the codec. The secret (config `JOBS_ID_SECRET`) must be the same on every replica
 * and at least 32 bytes; rotating it invalidates the ids of running jobs.
 *
 * @example
 * const ids = createJobIdCodec({ secret: config.jobs.idSecret });
 * const id = ids.encode({ batchNames: ['batches/q7w8e9r0'], episodeCount: 3 }, { modelName, principalId });
 */
export function createJobIdCodec({ secret }: { readonly secret: string | Uint8Array }): JobIdCodec {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (key.byteLength < MIN_SECRET_BYTES) throw new ConfigError([`JOBS_ID_SECRET must be at least ${MIN_SECRET_BYTES} bytes`]);
  // Fields are length-prefixed by JSON, so no two scopes or payloads sign the same bytes.
  const tagOf = (payload: string, { modelName, principalId }: JobIdScope): Buffer =>
    createHmac('sha256', key)
      .update(JSON.stringify([VERSION, modelName, principalId, payload]))
      .digest()
      .subarray(0, TAG_BYTES);

  return {
    encode({ batchNames, episodeCount }, scope) {
      const ids = batchNames.map((name) => name.replace(BATCH_PREFIX, ''));
      // Upstream names are not ours to trust: refuse any that the decoder would reject.
      if (!isHandlePayload({ n: episodeCount, b: ids })) throw new Error(`Cannot encode a job id for batches ${batchNames.join(', ')}`);
      const payload = Buffer.from(JSON.stringify({ n: episodeCount, b: ids })).toString('base64url');
      return `${VERSION}.${payload}.${tagOf(payload, scope).toString('base64url')}`;
    },
    decode(id, scope) {
      const match = id.length <= MAX_ID_CHARS ? ID_PATTERN.exec(id) : null;
      if (match === null) throw new JobNotFoundError();
      const [, payload, tag] = match as unknown as [string, string, string];
      // Checked before the payload is parsed: unsigned input is never interpreted. Compared as
      // text, so the spare bits of the last base64 character cannot give one id many spellings.
      const expected = Buffer.from(tagOf(payload, scope).toString('base64url'));
      if (!timingSafeEqual(Buffer.from(tag), expected)) throw new JobNotFoundError();
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch (error) {
        throw new JobNotFoundError({ cause: error });
      }
      if (!isHandlePayload(value)) throw new JobNotFoundError();
      return { batchNames: value.b.map((batchId) => `${BATCH_PREFIX}${batchId}`), episodeCount: value.n };
    },
  };
}
