import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledEntities, bundledMeta } from '../../data/entities.ts';
import { createLens } from '../../utils/lens.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { createPlainContext } from '../../utils/plain-context.ts';
import { createScope } from '../../utils/scope.ts';

const win = window as Window & typeof globalThis;
const frame = () => new Promise<void>((r) => win.requestAnimationFrame(() => r()));

/**
 * A plain context that counts the invalidation callbacks registered on it, and whose timers
 * and frames register one each as the content script's context does (WXT's helpers).
 */
function countingContext() {
  const ctx = createPlainContext(win);
  let registered = 0;
  const onInvalidated = ctx.onInvalidated.bind(ctx);
  ctx.onInvalidated = (cb: () => void) => {
    registered++;
    return onInvalidated(cb);
  };
  const setTimeout = ctx.setTimeout.bind(ctx);
  ctx.setTimeout = (handler: () => void, timeout?: number) => {
    ctx.onInvalidated(() => undefined);
    return setTimeout(handler, timeout);
  };
  const requestAnimationFrame = ctx.requestAnimationFrame.bind(ctx);
  ctx.requestAnimationFrame = (callback: FrameRequestCallback) => {
    ctx.onInvalidated(() => undefined);
    return requestAnimationFrame(callback);
  };
  return Object.assign(ctx, { registered: () => registered });
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('a scope', () => {
  it('holds one invalidation callback on its context however many timers and frames ran through it', async () => {
    const ctx = countingContext();
    const scope = createScope(ctx, win);
    let ran = 0;
    for (let i = 0; i < 50; i++) {
      scope.setTimeout(() => ran++, 0);
      scope.requestAnimationFrame(() => ran++);
    }
    await new Promise((r) => setTimeout(r, 20));
    await frame();
    expect(ran).toBe(100);
    expect(ctx.registered()).toBe(1);
  });

  it('stops its listeners, timers and frames at end(), and runs its callbacks once', async () => {
    const scope = createScope(createPlainContext(win), win);
    const target = new EventTarget();
    const seen: string[] = [];
    scope.addEventListener(target as Window, 'ping' as 'focus', () => seen.push('listener'));
    scope.setTimeout(() => seen.push('timeout'), 0);
    scope.requestAnimationFrame(() => seen.push('frame'));
    scope.requestIdleCallback(() => seen.push('idle'));
    const ended = vi.fn();
    scope.onInvalidated(ended);
    target.dispatchEvent(new Event('ping'));
    scope.end();
    scope.end();
    target.dispatchEvent(new Event('ping'));
    await new Promise((r) => setTimeout(r, 20));
    await frame();
    expect(seen).toEqual(['listener']);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(scope.isInvalid).toBe(true);
    // Nothing new starts once it has ended.
    scope.setTimeout(() => seen.push('late'), 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['listener']);
  });

  it('stops every part at the end even when one throws', () => {
    const scope = createScope(createPlainContext(win), win);
    const later = vi.fn();
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    scope.onInvalidated(() => {
      throw new Error('a part failed to stop');
    });
    scope.onInvalidated(later);
    try {
      scope.end();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(later).toHaveBeenCalledTimes(1);
    expect(reported).toHaveBeenCalledTimes(1);
  });

  it('ends with its context', () => {
    const ctx = createPlainContext(win);
    const scope = createScope(ctx, win);
    const ended = vi.fn();
    scope.onInvalidated(ended);
    ctx.invalidate();
    expect(ended).toHaveBeenCalledTimes(1);
    expect(scope.isInvalid).toBe(true);
  });

  it('asks its context once for the context’s own events, however many scopes listen, and lets go of a handler at its end', () => {
    const ctx = createPlainContext(win);
    const relay = vi.spyOn(ctx, 'addEventListener');
    const first = createScope(ctx, win);
    const second = createScope(ctx, win);
    const a = vi.fn();
    const b = vi.fn();
    first.addEventListener(win, 'wxt:locationchange', a);
    second.addEventListener(win, 'wxt:locationchange', b);
    expect(relay).toHaveBeenCalledTimes(1);
    const [target, type, relayed] = relay.mock.calls[0] as unknown as [EventTarget, string, (e: Event) => void];
    expect([target, type]).toEqual([win, 'wxt:locationchange']);
    relayed(new Event('x'));
    first.end();
    relayed(new Event('x'));
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    // A scope made after the others ended is heard through the same relay.
    second.end();
    const third = createScope(ctx, win);
    const c = vi.fn();
    third.addEventListener(win, 'wxt:locationchange', c);
    relayed(new Event('x'));
    expect(relay).toHaveBeenCalledTimes(1);
    expect([a, b, c].map((f) => f.mock.calls.length)).toEqual([1, 2, 1]);
  });

  it('a stopped lens leaves no listener of its own on the page', () => {
    const signals: (AbortSignal | undefined)[] = [];
    const spies = [win, document].map((target) => {
      const add = target.addEventListener.bind(target);
      return vi.spyOn(target, 'addEventListener').mockImplementation(((
        type: string,
        listener: EventListenerOrEventListenerObject,
        options?: boolean | AddEventListenerOptions,
      ) => {
        // The context's own events (an SPA navigation) are relayed by the context itself (tested above).
        if (!type.startsWith('wxt:')) signals.push(typeof options === 'object' ? options.signal : undefined);
        return add(type, listener, options);
      }) as typeof target.addEventListener);
    });
    const lens = createLens(createPlainContext(win) as never, document, {
      meta: bundledMeta,
      entities: bundledEntities,
      lexicon: buildLexicon(bundledEntities),
      loadDeals: async () => undefined,
    });
    for (const spy of spies) spy.mockRestore();
    expect(signals.length).toBeGreaterThan(3);
    expect(signals.every((s) => s !== undefined && !s.aborted)).toBe(true);
    lens.stop();
    expect(signals.every((s) => s?.aborted)).toBe(true);
  });
});
