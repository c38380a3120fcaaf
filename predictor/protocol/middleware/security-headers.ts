/**
 * @module protocol/middleware/security-headers
 * Headers every API response carries: no MIME sniffing, and no caching of inference
 * results or health state by intermediaries. (`x-powered-by` is disabled on the app.)
 */
import type { RequestHandler } from 'express';

export interface SecurityHeadersOptions {
  readonly cacheControl?: string;
}

/** @example app.use(withSecurityHeaders()) */
export function withSecurityHeaders({ cacheControl = 'no-store' }: SecurityHeadersOptions = {}): RequestHandler {
  return function securityHeaders(_request, response, next) {
    response.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': cacheControl });
    next();
  };
}
