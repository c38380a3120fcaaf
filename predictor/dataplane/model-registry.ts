/**
 * @module dataplane/model-registry
 * Plain name → model map (after kserve's ModelRepository).
 */
import { ModelNotFoundError } from '../errors.js';
import type { PredictorModel } from '../contract/predictor-model.js';

export interface ModelRegistry {
  get(name: string): PredictorModel;
  has(name: string): boolean;
  list(): readonly PredictorModel[];
}

export function createModelRegistry(models: readonly PredictorModel[]): ModelRegistry {
  const byName = new Map(models.map((model) => [model.name, model]));
  return {
    get(name) {
      const model = byName.get(name);
      if (!model) throw new ModelNotFoundError(name);
      return model;
    },
    has: (name) => byName.has(name),
    list: () => [...byName.values()],
  };
}
