/** The card UI loaded on first need: one load for every caller, quiet failure, and a stand-in host until then. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardHost } from '../../utils/card-host.tsx';
import { CARD_UI_GLOBAL, type CardUi, createLazyCardHost, loadCardUi } from '../../utils/card-loader.ts';

const ctx = { isInvalid: false } as ContentScriptContext;
const props = {} as Parameters<CardHost['open']>[0];
const anchor = {} as Range;

/** A card host that records its calls. */
function fakeHost() {
  let open = false;
  const host: CardHost = {
    prepare: vi.fn(async () => {}),
    open: vi.fn(async () => {
      open = true;
    }),
    close: vi.fn(() => {
      open = false;
    }),
    focus: vi.fn(),
    contains: vi.fn(() => open),
    get hasFocus() {
      return open;
    },
    get isOpen() {
      return open;
    },
    get element() {
      return undefined;
    },
    destroy: vi.fn(),
  };
  return host;
}

/** A load the test resolves when it wants. */
function deferredLoad(result: CardUi | undefined) {
  let release = () => {};
  const gate = new Promise<void>((ok) => {
    release = ok;
  });
  const load = vi.fn(async () => {
    await gate;
    return result;
  });
  return { load, release };
}

describe('the lazy card host', () => {
  it('answers "no card" before the card UI has loaded, and makes the real host once', async () => {
    const real = fakeHost();
    const createCardHost = vi.fn(() => real);
    const { load, release } = deferredLoad({ createCardHost });
    const host = createLazyCardHost(ctx, () => {}, load);
    expect(host.isOpen).toBe(false);
    expect(host.hasFocus).toBe(false);
    expect(host.contains(null)).toBe(false);
    expect(() => host.close()).not.toThrow();

    const prepared = host.prepare();
    const opened = host.open(props, anchor, { line: 1 });
    release();
    await Promise.all([prepared, opened]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(createCardHost).toHaveBeenCalledTimes(1);
    expect(real.prepare).toHaveBeenCalled();
    expect(real.open).toHaveBeenCalledWith(props, anchor, { line: 1 });
    expect(host.isOpen).toBe(true);

    host.close();
    expect(real.close).toHaveBeenCalled();
    await host.open(props, anchor);
    expect(load).toHaveBeenCalledTimes(1);
    host.destroy();
    expect(real.destroy).toHaveBeenCalled();
  });

  it('drops an open that waited for the file when a close or a newer open came meanwhile', async () => {
    const real = fakeHost();
    const { load, release } = deferredLoad({ createCardHost: () => real });
    const host = createLazyCardHost(ctx, () => {}, load);
    const first = host.open(props, anchor);
    host.close();
    release();
    await first;
    expect(real.open).not.toHaveBeenCalled();
    expect(host.isOpen).toBe(false);

    const later = fakeHost();
    const next = deferredLoad({ createCardHost: () => later });
    const other = createLazyCardHost(ctx, () => {}, next.load);
    const a = other.open({ ...props, key: 'a' } as never, anchor);
    const b = other.open({ ...props, key: 'b' } as never, anchor);
    next.release();
    await Promise.all([a, b]);
    expect(later.open).toHaveBeenCalledTimes(1);
    expect(later.open).toHaveBeenCalledWith({ key: 'b' }, anchor, undefined);
  });

  it('opens nothing and throws nothing when the card UI cannot load, and tries again on the next need', async () => {
    const load = vi.fn(async (): Promise<CardUi | undefined> => undefined);
    const host = createLazyCardHost(ctx, () => {}, load);
    await expect(host.open(props, anchor)).resolves.toBeUndefined();
    await expect(host.prepare()).resolves.toBeUndefined();
    expect(host.isOpen).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('makes no host after the content script was invalidated or the host destroyed', async () => {
    const createCardHost = vi.fn(fakeHost);
    const gone = createLazyCardHost(
      { isInvalid: true } as ContentScriptContext,
      () => {},
      async () => ({
        createCardHost,
      }),
    );
    await gone.open(props, anchor);
    const destroyed = createLazyCardHost(
      ctx,
      () => {},
      async () => ({ createCardHost }),
    );
    destroyed.destroy();
    await destroyed.open(props, anchor);
    expect(createCardHost).not.toHaveBeenCalled();
  });
});

describe('loading the card UI file', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL];
  });

  it('resolves to nothing, without throwing, when the file cannot be imported', async () => {
    // Here the extension URL does not resolve, as after an extension reload.
    const first = loadCardUi();
    expect(loadCardUi()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('uses the card UI the file already left on the global, and shares one promise', async () => {
    const ui: CardUi = { createCardHost: vi.fn(fakeHost) };
    (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL] = ui;
    const a = loadCardUi();
    expect(loadCardUi()).toBe(a);
    await expect(a).resolves.toBe(ui);
  });
});
