/**
 * @module config/kserve-server-flags
 * The command-line flags of KServe's Python model server (`kserve/model_server.py`), so a
 * container spec written for a KServe server starts this one too. Three are settings here
 * (`--http_port`, `--grpc_port`, `--model_name`, declared with the server config); the rest
 * configure uvicorn, gRPC threads, Python logging or a transformer's predictor client, which
 * this server does not have: they are accepted and reported once as unused.
 */

export interface KserveServerFlag {
  readonly name: string;
  /** `boolean` flags take no value (`store_true` in KServe); the others take one. */
  readonly type: 'string' | 'boolean';
  readonly description: string;
}

/** KServe flags with no counterpart here (the honoured ones are config settings with `flags`). */
export const UNUSED_KSERVE_FLAGS: readonly KserveServerFlag[] = [
  { name: 'workers', type: 'string', description: 'uvicorn worker processes (one Node process serves here)' },
  { name: 'max_threads', type: 'string', description: 'gRPC processing threads' },
  { name: 'max_asyncio_workers', type: 'string', description: 'asyncio worker pool size' },
  { name: 'enable_grpc', type: 'string', description: 'gRPC on or off' },
  { name: 'enable_docs_url', type: 'string', description: 'Swagger UI at /docs' },
  { name: 'enable_latency_logging', type: 'string', description: 'per-request latency log line (the access log always has duration_ms)' },
  { name: 'configure_logging', type: 'string', description: 'Python logging set-up (LOG_LEVEL configures logging here)' },
  { name: 'log_config_file', type: 'string', description: 'uvicorn log config file' },
  { name: 'access_log_format', type: 'string', description: 'uvicorn access log format' },
  { name: 'event-loop', type: 'string', description: 'asyncio event loop' },
  { name: 'timeout-keep-alive', type: 'string', description: 'uvicorn keep-alive seconds (KEEP_ALIVE_TIMEOUT_MS here)' },
  { name: 'predictor_host', type: 'string', description: 'transformer: predictor address' },
  { name: 'protocol', type: 'string', description: 'transformer: protocol to the predictor' },
  { name: 'predictor_protocol', type: 'string', description: 'transformer: protocol to the predictor' },
  { name: 'predictor_use_ssl', type: 'string', description: 'transformer: TLS to the predictor' },
  { name: 'predictor_request_timeout_seconds', type: 'string', description: 'transformer: predictor request timeout' },
  { name: 'grpc_max_send_message_length', type: 'string', description: 'gRPC send message limit' },
  { name: 'grpc_max_receive_message_length', type: 'string', description: 'gRPC receive message limit' },
  { name: 'predictor_request_retries', type: 'string', description: 'transformer: predictor request retries' },
  { name: 'enable_predictor_health_check', type: 'boolean', description: 'transformer: predictor readiness check' },
];
