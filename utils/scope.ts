/**
 * What one lens starts on a page (listeners, timers, frames), held so it all stops at once:
 * with the content script's context, or earlier with `end()` when the lens is replaced (a
 * new import of the reader's own facts starts a new one).
 *
 * The context's own `setTimeout` and `requestAnimationFrame` add an invalidation listener per
 * call that stays until the page is gone, even after the callback has run: one per scrolled
 * frame, per hover and per batch of page changes, piling up on a page read for hours. Here a
 * timer or frame that has run leaves nothing behind, and the scope holds one invalidation
 * listener on the context in all.
 */
import type { ScanContext } from './page-scan.ts';

export interface Scope extends ScanContext {
  /** Cancels a timer or frame started through the scope (it then leaves nothing behind either). */
  clearTimeout(id: number | undefined): void;
  cancelAnimationFrame(id: number | undefined): void;
  /** Stops everything started through the scope and runs its `onInvalidated` callbacks (once). */
  end(): void;
}

type Handler = (event: Event) => void;
/** The context's `addEventListener` for an event type of its own. */
type Relay = { addEventListener(target: EventTarget, type: string, handler: Handler): void };

/**
 * The context's own events (`wxt:` ones, an SPA navigation) reach the handlers of its live
 * scopes through one listener per target and type on the context: the context keeps its
 * listeners until the page goes, so one per scope would pile up with every new lens.
 */
const relays = new WeakMap<object, Map<EventTarget, Map<string, Set<Handler>>>>();
function relayed(parent: ParentContext, target: EventTarget, type: string): Set<Handler> {
  let targets = relays.get(parent);
  if (!targets) {
    targets = new Map();
    relays.set(parent, targets);
  }
  let types = targets.get(target);
  if (!types) {
    types = new Map();
    targets.set(target, types);
  }
  let handlers = types.get(type);
  if (!handlers) {
    const set = new Set<Handler>();
    types.set(type, set);
    (parent as unknown as Relay).addEventListener(target, type, (e) => {
      for (const h of [...set]) h(e);
    });
    handlers = set;
  }
  return handlers;
}

/** What a scope asks of the context it lives in (the content script's, or another scope). */
export type ParentContext = Pick<
  ScanContext,
  'onInvalidated' | 'isInvalid' | 'requestIdleCallback' | 'addEventListener'
>;

export function createScope(parent: ParentContext, win: Window & typeof globalThis): Scope {
  const controller = new AbortController();
  const timeouts = new Set<number>();
  const frames = new Set<number>();
  const callbacks = new Set<() => void>();
  /** Removes this scope's handlers of the context's own events. */
  const unrelay: (() => void)[] = [];
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    controller.abort();
    for (const id of timeouts) win.clearTimeout(id);
    for (const id of frames) win.cancelAnimationFrame(id);
    timeouts.clear();
    frames.clear();
    for (const off of unrelay.splice(0)) off();
    stopListening();
    const run = [...callbacks];
    callbacks.clear();
    // Each part stops even when one before it throws (as the context's own listeners would).
    for (const cb of run) {
      try {
        cb();
      } catch (error) {
        (globalThis.reportError ?? console.error)(error);
      }
    }
  };
  const stopListening = parent.onInvalidated(end);
  if (parent.isInvalid) end();

  const addEventListener = (target: EventTarget, type: string, handler: Handler, options?: AddEventListenerOptions) => {
    if (ended) return;
    if (type.startsWith('wxt:')) {
      const handlers = relayed(parent, target, type);
      handlers.add(handler);
      unrelay.push(() => handlers.delete(handler));
      return;
    }
    target.addEventListener(type, handler, { ...options, signal: controller.signal });
  };

  return {
    get isInvalid() {
      return ended || parent.isInvalid;
    },
    onInvalidated(cb: () => void) {
      if (ended) return () => undefined;
      callbacks.add(cb);
      return () => callbacks.delete(cb);
    },
    setTimeout(handler: () => void, timeout?: number) {
      if (ended) return 0;
      const id = win.setTimeout(() => {
        timeouts.delete(id);
        handler();
      }, timeout);
      timeouts.add(id);
      return id;
    },
    requestAnimationFrame(callback: FrameRequestCallback) {
      if (ended) return 0;
      const id = win.requestAnimationFrame((t) => {
        frames.delete(id);
        callback(t);
      });
      frames.add(id);
      return id;
    },
    // Asked once per scan at most: the context's own, which ends with it.
    requestIdleCallback: (callback: IdleRequestCallback, options?: IdleRequestOptions) =>
      ended ? 0 : parent.requestIdleCallback((deadline) => ended || callback(deadline), options),
    clearTimeout(id: number | undefined) {
      if (id === undefined) return;
      timeouts.delete(id);
      win.clearTimeout(id);
    },
    cancelAnimationFrame(id: number | undefined) {
      if (id === undefined) return;
      frames.delete(id);
      win.cancelAnimationFrame(id);
    },
    addEventListener: addEventListener as unknown as ScanContext['addEventListener'],
    end,
  };
}
