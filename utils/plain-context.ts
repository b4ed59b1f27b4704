/**
 * A content-script-like context for a plain page (the benchmark, unit tests): real timers
 * and listeners, and one switch that invalidates it, as an extension reload would.
 */
import type { ScanContext } from './page-scan.ts';

/** A context whose `invalidate()` runs every `onInvalidated` callback once. */
export function createPlainContext(win: Window & typeof globalThis = window): ScanContext & { invalidate(): void } {
  const callbacks: (() => void)[] = [];
  let invalid = false;
  return {
    get isInvalid() {
      return invalid;
    },
    onInvalidated(cb: () => void) {
      callbacks.push(cb);
      return () => undefined;
    },
    setTimeout: (h: () => void, t?: number) => win.setTimeout(h, t),
    requestAnimationFrame: (cb: FrameRequestCallback) => win.requestAnimationFrame(cb),
    cancelAnimationFrame: (id: number) => win.cancelAnimationFrame(id),
    // happy-dom has no requestIdleCallback: a timer stands in for the idle period there.
    requestIdleCallback: (cb: IdleRequestCallback, options?: IdleRequestOptions) =>
      typeof win.requestIdleCallback === 'function'
        ? win.requestIdleCallback(cb, options)
        : win.setTimeout(() => cb({ didTimeout: false, timeRemaining: () => 0 }), 0),
    addEventListener: ((target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions) =>
      target.addEventListener(type, handler, options)) as unknown as ScanContext['addEventListener'],
    invalidate() {
      invalid = true;
      for (const cb of callbacks.splice(0)) cb();
    },
  } as ScanContext & { invalidate(): void };
}
