/**
 * @module protocol/middleware/cors
 * CORS for browser clients, off unless origins are configured. Only listed origins (or `*`)
 * get CORS headers; other origins get none, so the browser blocks the response. Preflights
 * are answered here and never reach the routes (nor authentication: browsers send no
 * credentials on a preflight).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface CorsOptions {
  /** Exact origins (`https://app.example.com`) or `*`; empty turns CORS off. */
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods?: readonly string[];
  readonly allowedHeaders?: readonly string[];
  readonly exposedHeaders?: readonly string[];
  readonly maxAgeSeconds?: number;
}

/**
 * Creates the CORS middleware.
 * @example app.use(createCors({ allowedOrigins: config.security.corsAllowedOrigins }));
 */
export function createCors({
  allowedOrigins,
  allowedMethods = ['GET', 'POST', 'OPTIONS'],
  allowedHeaders = ['authorization', 'content-type', 'x-api-key', 'x-request-id', 'traceparent'],
  exposedHeaders = ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
  maxAgeSeconds = 600,
}: CorsOptions): RequestHandler {
  const isAnyOrigin = allowedOrigins.includes('*');
  const origins = new Set(allowedOrigins);
  return function cors(req: Request, res: Response, next: NextFunction): void {
    if (allowedOrigins.length === 0) return next();
    const origin = req.headers.origin;
    res.vary('Origin');
    const isAllowed = origin !== undefined && (isAnyOrigin || origins.has(origin));
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Origin', isAnyOrigin ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', exposedHeaders.join(', '));
    }
    const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!isPreflight) return next();
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Methods', allowedMethods.join(', '));
      res.setHeader('Access-Control-Allow-Headers', allowedHeaders.join(', '));
      res.setHeader('Access-Control-Max-Age', String(maxAgeSeconds));
    }
    res.status(204).end();
  };
}
