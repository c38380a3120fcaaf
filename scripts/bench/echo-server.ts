/**
 * @module scripts/bench/echo-server
 * The reference for throughput: a bare Express 5 JSON echo (parse the body, send it back),
 * run in its own process in the same benchmark run as the predictor.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '10mb' }));
app.post('/echo', (request, response) => {
  response.json(request.body);
});
app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
