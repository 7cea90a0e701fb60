/** An AbortSignal that fires after `ms`, and says whether it was the timer that fired. */
export interface TimeoutSignal {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Stops the timer (call when the work is done). */
  clear(): void;
}

/**
 * `AbortSignal.any([AbortSignal.timeout(ms), parent])` that also says whether the timer fired
 * (the caller reports a timeout as a timeout, not as the parent's abort) and whose timer can be
 * cleared when the work is done. The timer holds the controller, so the signal fires whoever else
 * keeps it reachable. (A streamed reply once read past its deadline under garbage collection; what
 * fixed that is the stream reader cancelling the body itself, see read-chat-stream.ts.) Where the
 * caller reads a body later, leaving the timer uncleared is fine: it does not keep the process up.
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
