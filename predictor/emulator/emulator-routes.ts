/**
 * @module emulator/emulator-routes
 * The emulator's route table: which REST paths of the Gemini API exist here. Gemini API
 * paths and their Vertex forms (`projects/{p}/locations/{l}/publishers/google/...`) map to the same routes.
 */

export type ModelAction = 'generateContent' | 'streamGenerateContent' | 'countTokens' | 'batchGenerateContent';

/** A matched request: a model action, or a cache / batch resource operation. */
export type Route =
  | { readonly kind: 'model'; readonly model: string; readonly action: ModelAction }
  | { readonly kind: 'create-cache' | 'list-caches' | 'list-batches' }
  | { readonly kind: 'get-cache' | 'update-cache' | 'delete-cache'; readonly name: string }
  | { readonly kind: 'get-batch' | 'delete-batch' | 'cancel-batch'; readonly name: string };

const VERSIONED = /^\/(v1|v1beta|v1beta1)\/(.+)$/;
const VERTEX_PREFIX = /^projects\/[^/]+\/locations\/[^/]+\//;
const MODEL_ACTIONS: readonly string[] = ['generateContent', 'streamGenerateContent', 'countTokens', 'batchGenerateContent'];

function modelRoute(method: string, resource: string): Route | undefined {
  const match = /^models\/([^/:]+):([A-Za-z]+)$/.exec(resource);
  if (method !== 'POST' || match === null || !MODEL_ACTIONS.includes(match[2] ?? '')) return undefined;
  return { kind: 'model', model: decodeURIComponent(match[1] ?? ''), action: match[2] as ModelAction };
}

function cacheRoute(method: string, resource: string): Route | undefined {
  if (resource === 'cachedContents') {
    if (method === 'POST') return { kind: 'create-cache' };
    if (method === 'GET') return { kind: 'list-caches' };
    return undefined;
  }
  if (!/^cachedContents\/[^/:]+$/.test(resource)) return undefined;
  const kinds: Readonly<Record<string, 'get-cache' | 'update-cache' | 'delete-cache'>> = {
    GET: 'get-cache',
    PATCH: 'update-cache',
    DELETE: 'delete-cache',
  };
  const kind = kinds[method];
  return kind === undefined ? undefined : { kind, name: resource };
}

function batchRoute(method: string, resource: string): Route | undefined {
  if (resource === 'batches') return method === 'GET' ? { kind: 'list-batches' } : undefined;
  const match = /^(batches\/[^/:]+)(:cancel)?$/.exec(resource);
  if (match === null) return undefined;
  const name = match[1] ?? '';
  if (match[2] !== undefined) return method === 'POST' ? { kind: 'cancel-batch', name } : undefined;
  if (method === 'GET') return { kind: 'get-batch', name };
  if (method === 'DELETE') return { kind: 'delete-batch', name };
  return undefined;
}

/** The route of a request, or undefined (answered 404 NOT_FOUND). `path` excludes the query. */
export function matchRoute(method: string, path: string): Route | undefined {
  const versioned = VERSIONED.exec(path);
  if (versioned === null) return undefined;
  const resource = (versioned[2] ?? '').replace(VERTEX_PREFIX, '').replace(/^publishers\/google\//, '');
  return modelRoute(method, resource) ?? cacheRoute(method, resource) ?? batchRoute(method, resource);
}
