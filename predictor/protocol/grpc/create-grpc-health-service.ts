/**
 * @module protocol/grpc/create-grpc-health-service
 * `grpc.health.v1.Health/Check` for Kubernetes gRPC probes and grpc_health_probe: the
 * server's readiness for the whole server (`""`) and for `inference.GRPCInferenceService`,
 * its liveness for `liveness` (a livenessProbe names it in `grpc.service`). Other names are
 * NOT_FOUND, as the protocol says. `Watch` is UNIMPLEMENTED: probes only call Check.
 */
import { status as Status, type handleUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { DataPlane } from '../../dataplane/data-plane.js';

interface HealthCheckRequest {
  readonly service?: string;
}

interface HealthCheckResponse {
  readonly status: 'SERVING' | 'NOT_SERVING';
}

/** The service name a livenessProbe asks about. */
export const LIVENESS_SERVICE = 'liveness';

export interface GrpcHealthServiceOptions {
  readonly dataPlane: Pick<DataPlane, 'isLive' | 'isReady'>;
}

export function createGrpcHealthService({ dataPlane }: GrpcHealthServiceOptions): UntypedServiceImplementation {
  const servingIf = (isServing: boolean): HealthCheckResponse => ({ status: isServing ? 'SERVING' : 'NOT_SERVING' });
  const check: handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, callback) => {
    const service = call.request.service ?? '';
    if (service === '' || service === 'inference.GRPCInferenceService') callback(null, servingIf(dataPlane.isReady()));
    else if (service === LIVENESS_SERVICE) callback(null, servingIf(dataPlane.isLive()));
    else callback({ code: Status.NOT_FOUND, details: `Unknown service ${service}` });
  };
  return { Check: check };
}
