/** An AbortSignal that fires after `ms`, and says whether it was the timer that fired. */
export interface TimeoutSignal {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Stops the timer (call when the work is done). */
  clear(): void;
}

/**
 * `AbortSignal.any([AbortSignal.timeout(ms), parent])` whose firing does not depend on who else
 * keeps the signal reachable: Node's timeout signal is held only weakly by its timer, and a
 * streamed reply was once read well past its deadline while garbage was collected. Here the timer
 * holds the controller. Where the caller reads a body later, leaving the timer uncleared is fine:
 * it does not keep the process up.
 */
export function timeoutSignal(ms: number, parent?: AbortSignal): TimeoutSignal {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(
    () => {
      fired = true;
      controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
    },
    Math.max(0, ms),
  );
  // The timer holds the controller strongly, but not the process open: pending I/O does that.
  (timer as { unref?: () => void }).unref?.();
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
