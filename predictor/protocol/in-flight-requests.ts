/**
 * @module protocol/in-flight-requests
 * The requests being served right now, each with the AbortController of its RequestContext.
 * The app registers every request; shutdown waits for the set to empty and aborts whatever
 * is still running when its patience ends.
 */

export interface InFlightRequests {
  /** Registers a request; call the returned function once its response is closed. */
  track(controller: AbortController): () => void;
  readonly size: number;
  /** Resolves when no request is in flight (at once when none is). */
  whenIdle(): Promise<void>;
  /** Aborts every in-flight request's signal with `reason`. */
  abortAll(reason: unknown): void;
}

/** Creates the tracker `createApp` and `createShutdown` share. */
export function createInFlightRequests(): InFlightRequests {
  const controllers = new Set<AbortController>();
  let waiters: Array<() => void> = [];
  const settleIfIdle = () => {
    if (controllers.size > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    track(controller) {
      controllers.add(controller);
      return () => {
        controllers.delete(controller);
        settleIfIdle();
      };
    },
    get size() {
      return controllers.size;
    },
    whenIdle() {
      if (controllers.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    abortAll(reason) {
      for (const controller of controllers) controller.abort(reason);
    },
  };
}
