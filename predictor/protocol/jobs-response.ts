/**
 * @module protocol/jobs-response
 * A JobView as wire JSON. Once a job succeeded, the body is also a valid OIP
 * `$inference_response` (`model_name`, `parameters`, `outputs` exactly as `/infer` answers,
 * with `id` the job id), plus the job's own fields; OIP clients ignore the extra ones.
 */
import type { JobView } from '../jobs/job-service.js';
import { encodeInferenceResponse } from './tensor-codec.js';

/** The job's URL, relative to the server root. */
export function jobPath(modelName: string, id: string): string {
  return `/v2/models/${encodeURIComponent(modelName)}/jobs/${encodeURIComponent(id)}`;
}

function timeField(name: string, ms: number | undefined): Record<string, string> {
  return ms === undefined ? {} : { [name]: new Date(ms).toISOString() };
}

/** The body of every jobs route. */
export function encodeJobView(view: JobView): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: view.id,
    model_name: view.modelName,
    status: view.status,
    episode_count: view.episodeCount,
    ...timeField('created_at', view.createdAtMs),
    ...timeField('updated_at', view.updatedAtMs),
    ...timeField('ended_at', view.endedAtMs),
    links: { self: jobPath(view.modelName, view.id) },
  };
  if (view.error !== undefined) body.error = view.error;
  if (view.response !== undefined) {
    const format = { binaryDataOutput: false, binaryByOutput: new Map<string, boolean>() };
    const { header } = encodeInferenceResponse({ modelName: view.modelName, response: view.response, format });
    body.parameters = header.parameters;
    body.outputs = header.outputs;
  }
  return body;
}
