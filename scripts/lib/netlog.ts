/**
 * A second DevTools client on the test browser that records every network request of every
 * target (pages, frames, the extension's service worker, popup and options) through the
 * Network domain, so tests can assert that DealLens itself sends nothing anywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NetRequest {
  /** The requested URL. */
  url: string;
  /** The target that made it: "page", "service_worker", "iframe", … */
  targetType: string;
  /** The URL of that target (a page, or chrome-extension://… for the extension's own). */
  targetUrl: string;
  /** Scripts on the initiator's stack, to tell a content script's request from the page's. */
  initiators: string[];
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: unknown;
}

/** Records requests until closed. */
export class NetworkLog {
  readonly requests: NetRequest[] = [];
  private ws: WebSocket;
  private nextId = 1;
  private sessions = new Map<string, { type: string; url: string }>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (e) => this.onMessage(JSON.parse(String(e.data)) as CdpMessage));
  }

  /** Connects to the browser whose profile is `userDataDir` (started with --remote-debugging-port=0). */
  static async attach(userDataDir: string): Promise<NetworkLog> {
    const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    await new Promise<void>((ok, fail) => {
      ws.addEventListener('open', () => ok(), { once: true });
      ws.addEventListener('error', () => fail(new Error('could not reach the browser’s DevTools endpoint')), {
        once: true,
      });
    });
    const log = new NetworkLog(ws);
    await log.send('Target.setDiscoverTargets', { discover: true });
    await log.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    const { targetInfos } = (await log.send('Target.getTargets')) as { targetInfos: { targetId: string }[] };
    for (const t of targetInfos)
      void log.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }).catch(() => {});
    return log;
  }

  private pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();

  private send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail }));
  }

  private onMessage(msg: CdpMessage): void {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if ('error' in msg) p?.fail(new Error(JSON.stringify((msg as { error: unknown }).error)));
      else p?.ok(msg.result);
      return;
    }
    if (msg.method === 'Target.attachedToTarget' && msg.params) {
      const { sessionId, targetInfo } = msg.params as { sessionId: string; targetInfo: { type: string; url: string } };
      this.sessions.set(sessionId, { type: targetInfo.type, url: targetInfo.url });
      const s = sessionId;
      // A new target waits for this client too (waitForDebuggerOnStart): it runs only once
      // the log listens to it, so not even its first request can slip by on a busy machine.
      // Frames and workers inside it are attached the same way.
      void this.send('Network.enable', {}, s)
        .then(() =>
          this.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, s),
        )
        .catch(() => {})
        .finally(() => void this.send('Runtime.runIfWaitingForDebugger', {}, s).catch(() => {}));
      return;
    }
    if (msg.method === 'Target.targetInfoChanged' && msg.params) {
      const info = (msg.params as { targetInfo: { targetId: string; type: string; url: string } }).targetInfo;
      for (const [id, s] of this.sessions) if (s.type === info.type && id) s.url = s.url || info.url;
      return;
    }
    if (msg.method === 'Network.requestWillBeSent' && msg.params && msg.sessionId) {
      const target = this.sessions.get(msg.sessionId) ?? { type: 'unknown', url: '' };
      const p = msg.params as {
        request: { url: string };
        documentURL?: string;
        initiator?: { url?: string; stack?: { callFrames: { url: string }[]; parent?: unknown } };
      };
      const initiators = [p.initiator?.url ?? '', ...(p.initiator?.stack?.callFrames ?? []).map((f) => f.url)].filter(
        Boolean,
      );
      this.requests.push({
        url: p.request.url,
        targetType: target.type,
        targetUrl: target.url || p.documentURL || '',
        initiators,
      });
    }
  }

  /**
   * Requests DealLens made: from its own pages and worker to anything but its own files, and
   * from web pages with one of its scripts on the initiator stack. Its own files are read from
   * the extension's package, never the network: under its id, or under the per-session dynamic
   * id (a GUID) through which a `use_dynamic_url` web-accessible resource, such as the card UI
   * the content script imports, is loaded.
   */
  extensionRequests(extensionId: string): NetRequest[] {
    const ours = `chrome-extension://${extensionId}/`;
    const dynamic = /^chrome-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\//;
    const local = (u: string) =>
      u.startsWith(ours) || dynamic.test(u) || u.startsWith('data:') || u.startsWith('blob:');
    return this.requests.filter((r) => {
      if (local(r.url)) return false;
      if (r.targetUrl.startsWith(ours)) return true;
      return r.initiators.some((i) => i.startsWith(ours));
    });
  }

  close(): void {
    this.ws.close();
  }
}
