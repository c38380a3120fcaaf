import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runWithLogFields } from '../../predictor/observability/log-context.js';
import { createLogger, type LogLevel } from '../../predictor/observability/logger.js';

function collectingLogger(level: LogLevel, redact?: (line: string) => string) {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger: createLogger({ level, stream, defaultFields: { service: 'test' }, ...(redact ? { redact } : {}) }), lines };
}

describe('createLogger', () => {
  it('writes JSON lines with the level, message, fields, default fields and a timestamp', () => {
    const { logger, lines } = collectingLogger('info');

    logger.info('hello', { model: 'm' });

    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: 'info', message: 'hello', model: 'm', service: 'test' });
    expect(lines[0]?.timestamp).to.be.a('string');
  });

  it('adds the fields of the current request context', () => {
    const { logger, lines } = collectingLogger('info');

    runWithLogFields({ request_id: 'req-7' }, () => logger.warn('inside'));

    expect(lines[0]).to.include({ request_id: 'req-7' });
  });

  it('drops lines below the level without formatting them', () => {
    let redactions = 0;
    const { logger, lines } = collectingLogger('warn', (line) => {
      redactions++;
      return line;
    });

    logger.debug('noise');
    logger.info('noise');
    logger.error('kept');

    expect(lines.map((line) => line.message)).to.deep.equal(['kept']);
    expect(redactions).to.equal(1);
  });

  it('redacts the serialised line, including nested error causes and child fields', () => {
    const { logger, lines } = collectingLogger('info', (line) => line.replaceAll('s3cret', '[REDACTED]'));

    logger.child({ key: 's3cret' }).error('failed', { error: new Error('outer', { cause: new Error('token s3cret') }) });

    expect(JSON.stringify(lines)).not.to.contain('s3cret');
    expect(JSON.stringify(lines)).to.contain('[REDACTED]');
  });

  it('never loses a line to a value JSON cannot hold: a cycle is written as [Circular], a BigInt as a string', () => {
    const { logger, lines } = collectingLogger('info');
    const cyclic: Record<string, unknown> = { name: 'node', shared: { value: 1 } };
    cyclic.self = cyclic;
    cyclic.again = cyclic.shared;

    logger.info('odd values', { cyclic, count: 12n });

    expect(lines).to.have.length(1);
    expect(lines[0]).to.deep.include({
      message: 'odd values',
      count: '12',
      cyclic: { name: 'node', shared: { value: 1 }, self: '[Circular]', again: { value: 1 } },
    });
  });

  it("puts call fields over a child's, and the request context over both", () => {
    const { logger, lines } = collectingLogger('info');
    const child = logger.child({ component: 'cache', request_id: 'spoofed', attempt: 1 });

    runWithLogFields({ request_id: 'req-9' }, () => child.info('hit', { attempt: 2 }));

    expect(lines[0]).to.include({ component: 'cache', attempt: 2, request_id: 'req-9', service: 'test' });
  });

  it('still writes a line when a field throws on every read, and follows a looping cause chain only so far', () => {
    const { logger, lines } = collectingLogger('info');
    const hostile = {
      get value(): never {
        throw new Error('no reading me');
      },
    };
    const looping = new Error('outer');
    (looping as { cause?: unknown }).cause = looping;

    logger.info('hostile field', { hostile });
    logger.error('looping cause', { error: looping });

    expect(lines.map((line) => line.message)).to.deep.equal(['hostile field', 'looping cause']);
    expect(lines[0]?.log_error).to.match(/no reading me/);
    let depth = 0;
    for (let cause = lines[1]?.error as { cause?: unknown } | undefined; cause; cause = cause.cause as { cause?: unknown } | undefined)
      depth++;
    expect(depth).to.equal(9);
  });
});

describe('createLogger with batchWrites', () => {
  /** A stream that records each write it is given. */
  function recordingStream() {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString('utf8'));
        done();
      },
    });
    return { stream, writes };
  }
  const messages = (chunk: string | undefined) =>
    (chunk ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { message: string }).message);

  it("writes one turn's info lines in one write, in order, once the turn ends", async () => {
    const { stream, writes } = recordingStream();
    const logger = createLogger({ level: 'debug', stream, batchWrites: true });

    logger.info('one');
    logger.debug('two');
    logger.child({ agent: 'a' }).info('three');
    expect(writes).to.deep.equal([]);
    await nextTurn();

    expect(writes).to.have.length(1);
    expect(messages(writes[0])).to.deep.equal(['one', 'two', 'three']);
    logger.info('four');
    await nextTurn();
    expect(writes.map(messages)).to.deep.equal([['one', 'two', 'three'], ['four']]);
  });

  it('writes a warn or error line at once, after the lines gathered before it', () => {
    const { stream, writes } = recordingStream();
    const logger = createLogger({ level: 'info', stream, batchWrites: true });

    logger.info('before');
    logger.warn('careful');
    expect(writes.map(messages)).to.deep.equal([['before', 'careful']]);
    logger.error('broken');
    expect(writes.map(messages)).to.deep.equal([['before', 'careful'], ['broken']]);
  });

  it('writes the gathered lines when flushed on exit in the same turn, as main.ts does', () => {
    const logger = fileURLToPath(new URL('../../predictor/observability/logger.ts', import.meta.url));
    const script = `import { createLogger } from ${JSON.stringify(logger)};
      const log = createLogger({ level: 'info', batchWrites: true });
      process.once('exit', () => log.flush());
      log.info('first'); log.info('last words'); process.exit(0);`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(messages(output)).to.deep.equal(['first', 'last words']);
  });
});
