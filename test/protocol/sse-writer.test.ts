import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createSseWriter } from '../../predictor/protocol/sse-writer.js';

describe('createSseWriter', () => {
  it('sends the headers with the first event, one data line of JSON per event, named events, then ends', async () => {
    const app = express();
    let startedBefore: boolean | undefined;
    app.get('/events', (_request, response) => {
      const events = createSseWriter(response);
      startedBefore = events.isStarted;
      events.send({ text: 'line one\nline two' });
      events.send({ error: 'boom' }, 'error');
      events.end();
      events.send({ late: true });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`);

      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/event-stream');
      expect(response.headers.get('cache-control')).to.equal('no-cache');
      expect(await response.text()).to.equal('data: {"text":"line one\\nline two"}\n\nevent: error\ndata: {"error":"boom"}\n\n');
      expect(startedBefore).to.equal(false);
    } finally {
      server.close();
    }
  });
});
