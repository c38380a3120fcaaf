import { expect } from 'chai';
import type { handleBidiStreamingCall, MethodDefinition, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { addLazyReflection, type ReflectionServiceLike } from '../../../predictor/protocol/grpc/add-lazy-reflection.js';

/** What a fake @grpc/reflection registers: one method per service, with serializers that tag their input. */
function fakeReflection(handled: string[]): ReflectionServiceLike {
  return {
    addToServer(server) {
      for (const service of ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']) {
        const method: MethodDefinition<unknown, unknown> = {
          path: `/${service}/ServerReflectionInfo`,
          requestStream: true,
          responseStream: true,
          requestSerialize: () => Buffer.from(`request-serialized-by ${service}`),
          requestDeserialize: (bytes) => `${bytes.toString()} read by ${service}`,
          responseSerialize: () => Buffer.from(`response-serialized-by ${service}`),
          responseDeserialize: (bytes) => bytes.toString(),
        };
        const handler: handleBidiStreamingCall<unknown, unknown> = () => handled.push(service);
        server.addService({ ServerReflectionInfo: method }, { ServerReflectionInfo: handler });
      }
    },
  };
}

describe('addLazyReflection', () => {
  it('registers both reflection services at once but builds the real ones only on first use, and only once', () => {
    const added: { definition: ServiceDefinition; implementation: UntypedServiceImplementation }[] = [];
    const handled: string[] = [];
    let builds = 0;
    addLazyReflection({ addService: (definition, implementation) => added.push({ definition, implementation }) }, {}, () => {
      builds++;
      return fakeReflection(handled);
    });

    expect(added.map(({ definition }) => (definition.ServerReflectionInfo as MethodDefinition<unknown, unknown>).path)).to.deep.equal([
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
    ]);
    expect(builds).to.equal(0);

    const [v1, v1alpha] = added.map(({ definition }) => definition.ServerReflectionInfo as MethodDefinition<unknown, unknown>);
    expect(v1!.requestDeserialize(Buffer.from('list'))).to.equal('list read by grpc.reflection.v1.ServerReflection');
    expect(v1alpha!.responseSerialize({}).toString()).to.equal('response-serialized-by grpc.reflection.v1alpha.ServerReflection');
    (added[1]!.implementation.ServerReflectionInfo as handleBidiStreamingCall<unknown, unknown>)({} as never);
    expect(handled).to.deep.equal(['grpc.reflection.v1alpha.ServerReflection']);
    expect(builds).to.equal(1);
  });
});
