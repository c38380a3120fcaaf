/**
 * @module protocol/grpc/add-lazy-reflection
 * gRPC server reflection (v1 and v1alpha, what grpcurl asks) whose work is done on the first
 * reflection call instead of at start-up. @grpc/reflection's ReflectionService builds every
 * file descriptor of the services in its constructor and parses its own .proto files when it
 * is added to a server: about 17 MB of RSS a serverless pod would carry from its first second
 * for a tool only an operator uses. Here the server gets two services with the same paths at
 * start; the first reflection message builds the real ones (synchronously, once) and every
 * call is handed to them.
 */
import type { handleBidiStreamingCall, MethodDefinition, Server, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';

/** The part of @grpc/reflection's ReflectionService this needs. */
export interface ReflectionServiceLike {
  addToServer(server: Pick<Server, 'addService'>): void;
}

type ReflectionMethod = MethodDefinition<unknown, unknown>;

const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'] as const;
const METHOD = 'ServerReflectionInfo';

/**
 * Adds the reflection services to `server`; `createReflection` runs on the first reflection
 * message or call, never at start.
 * @example addLazyReflection(server, definitions.packageDefinition, (pkg) => new ReflectionService(pkg));
 */
export function addLazyReflection(
  server: Pick<Server, 'addService'>,
  packageDefinition: PackageDefinition,
  createReflection: (packageDefinition: PackageDefinition) => ReflectionServiceLike,
): void {
  let built: Map<string, { method: ReflectionMethod; handler: handleBidiStreamingCall<unknown, unknown> }> | undefined;
  const real = (service: string) => {
    if (built === undefined) {
      const collected = new Map<string, { method: ReflectionMethod; handler: handleBidiStreamingCall<unknown, unknown> }>();
      createReflection(packageDefinition).addToServer({
        addService(definition: ServiceDefinition, implementation: UntypedServiceImplementation) {
          const method = definition[METHOD] as ReflectionMethod;
          const name = method.path.split('/')[1] ?? '';
          collected.set(name, { method, handler: implementation[METHOD] as handleBidiStreamingCall<unknown, unknown> });
        },
      });
      built = collected;
    }
    const found = built.get(service);
    if (found === undefined) throw new Error(`@grpc/reflection did not offer ${service}`);
    return found;
  };
  for (const service of REFLECTION_SERVICES) {
    const method = (): ReflectionMethod => real(service).method;
    const definition: ServiceDefinition = {
      [METHOD]: {
        path: `/${service}/${METHOD}`,
        requestStream: true,
        responseStream: true,
        originalName: 'serverReflectionInfo',
        requestSerialize: (value: unknown) => method().requestSerialize(value),
        requestDeserialize: (bytes: Buffer) => method().requestDeserialize(bytes),
        responseSerialize: (value: unknown) => method().responseSerialize(value),
        responseDeserialize: (bytes: Buffer) => method().responseDeserialize(bytes),
      },
    };
    const handler: handleBidiStreamingCall<unknown, unknown> = (call) => real(service).handler(call);
    server.addService(definition, { [METHOD]: handler });
  }
}
