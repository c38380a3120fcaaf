/**
 * @module test/protocol/grpc/support/reflection-client
 * A gRPC server-reflection (v1) client built from @grpc/reflection's own proto, as grpcurl
 * would use it: asks one question per stream.
 */
import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export function reflectionClient(port: number) {
  const definition = loadSync('node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto', {
    keepCase: true,
    oneofs: true,
  });
  const loaded = loadPackageDefinition(definition) as unknown as {
    grpc: {
      reflection: {
        v1: {
          ServerReflection: new (
            address: string,
            creds: unknown,
          ) => {
            ServerReflectionInfo(metadata: Metadata): {
              write(request: object): void;
              end(): void;
              once(event: string, listener: (value: Record<string, unknown>) => void): void;
            };
            close(): void;
          };
        };
      };
    };
  };
  const client = new loaded.grpc.reflection.v1.ServerReflection(`127.0.0.1:${port}`, credentials.createInsecure());
  return {
    ask: (request: object) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const stream = client.ServerReflectionInfo(new Metadata());
        // Closing the client later cancels the stream; that is not a failure here.
        stream.once('error', () => undefined);
        stream.once('data', (response) => {
          resolve(response);
          stream.end();
        });
        stream.write(request);
      }),
    close: () => client.close(),
  };
}
