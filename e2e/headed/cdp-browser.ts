import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import base from '../playwright.config';
import { startXvfb, type Xvfb } from './xvfb';

/**
 * A headed Chromium on a virtual display, driven over the DevTools protocol directly rather than by
 * Playwright. Why: Playwright keeps every page it attaches to "visible" (its focus emulation holds
 * the page as if captured), so a tab behind another tab never becomes hidden and is never
 * throttled. Tests of behaviour in a hidden tab (the studio compositor's worker clock) need a real
 * background tab: here a tab opened over another one makes it `hidden`, with requestAnimationFrame
 * stopped and main-thread timers throttled, as for a user.
 */
export class CdpBrowser {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly socket: WebSocket,
    private readonly chromium: ChildProcess,
    private readonly xvfb: Xvfb,
    private readonly profile: string,
  ) {
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(String(raw)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Launches Chromium headed under a fresh Xvfb with the e2e suite's flags minus the anti-throttling ones. */
  static async launch(extraArgs: string[] = []): Promise<CdpBrowser> {
    const xvfb = await startXvfb();
    const profile = mkdtempSync(path.join(tmpdir(), 'brume-headed-'));
    const flags = (base.use?.launchOptions?.args ?? []).filter(
      (arg) =>
        ![
          '--disable-background-timer-throttling',
          '--disable-renderer-backgrounding',
          '--disable-backgrounding-occluded-windows',
        ].includes(arg),
    );
    const chromium = spawn(
      base.use?.launchOptions?.executablePath ?? '/usr/bin/chromium',
      [
        ...flags,
        // With --disable-gpu a headed Chromium has no WebGL at all; headless falls back to SwiftShader
        // by itself. Ask for the same software WebGL2 so both renderers run as in the headless suite.
        '--use-gl=angle',
        '--use-angle=swiftshader-webgl',
        '--enable-unsafe-swiftshader',
        ...extraArgs,
        '--remote-debugging-port=0',
        `--user-data-dir=${profile}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--window-size=1280,800',
        'about:blank',
      ],
      { env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      const url = await devToolsUrl(chromium);
      const socket = new WebSocket(url, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return new CdpBrowser(socket, chromium, xvfb, profile);
    } catch (error) {
      chromium.kill('SIGKILL');
      xvfb.stop();
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Opens a tab in the front of the window (the previous front tab becomes hidden). */
  async openTab(url: string): Promise<CdpTab> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const tab = new CdpTab(this, targetId, sessionId);
    await tab.waitForLoad();
    return tab;
  }

  /** The browser's targets (tabs, pop-out windows, workers), as `Target.getTargets` lists them. */
  async targets(): Promise<{ targetId: string; type: string; url: string }[]> {
    return (
      await this.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets')
    ).targetInfos;
  }

  /** Attaches to a target opened by a page (a Document Picture-in-Picture window, say). */
  async attach(targetId: string): Promise<CdpTab> {
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    return new CdpTab(this, targetId, sessionId);
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => {});
    this.socket.close();
    await new Promise<void>((resolve) => {
      if (this.chromium.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.chromium.kill('SIGKILL');
        resolve();
      }, 5000);
      this.chromium.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.xvfb.stop();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class CdpTab {
  constructor(
    private readonly browser: CdpBrowser,
    readonly targetId: string,
    private readonly sessionId: string,
  ) {}

  /** Evaluates an expression in the page (awaiting a returned promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.browser.send<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, this.sessionId);
    if (reply.exceptionDetails) {
      const detail = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text;
      throw new Error(`page threw: ${detail}`);
    }
    return reply.result.value as T;
  }

  /** Calls `window[object][method](...args)` in the page; arguments and result go as JSON. */
  call<T>(object: string, method: string, ...args: unknown[]): Promise<T> {
    return this.evaluate<T>(
      `window[${JSON.stringify(object)}][${JSON.stringify(method)}](...${JSON.stringify(args)})`,
    );
  }

  async waitForLoad(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.evaluate<string>('document.readyState')) !== 'complete') {
      if (Date.now() > deadline) throw new Error(`tab ${this.targetId} did not load in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * A real mouse click at a point of the viewport (CSS px), through the browser's input pipeline: it
   * counts as a user gesture, which `requestWindow`/`requestPictureInPicture` require. The pointer
   * moves there first, as a hand would (hover effects, a player's hidden controls coming back).
   */
  async click(x: number, y: number): Promise<void> {
    const at = { x, y, button: 'left' as const, clickCount: 1 };
    await this.browser.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y }, this.sessionId);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await this.browser.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at }, this.sessionId);
    await this.browser.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at }, this.sessionId);
  }

  /** Clicks the middle of the first element matching `selector` in this target's document. */
  async clickElement(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number; width: number; height: number } | null>(
      `(() => { const e = document.querySelector(${JSON.stringify(selector)}); return e && e.getBoundingClientRect().toJSON(); })()`,
    );
    if (!box) throw new Error(`no element matches ${selector}`);
    await this.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** A real key press (a single printable character: `k`, `i`), to the focused element. */
  async press(key: string): Promise<void> {
    const code = key.toUpperCase().charCodeAt(0);
    const event = { key, text: key, code: `Key${key.toUpperCase()}`, windowsVirtualKeyCode: code };
    await this.browser.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event }, this.sessionId);
    try {
      await this.browser.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event }, this.sessionId);
    } catch (error) {
      // The key closed this window (`i` in a pop-out window sends the player back): its session can
      // be gone before the release arrives. The press happened; anything else is an error.
      if (!(error instanceof Error && /Session with given id not found/.test(error.message))) throw error;
    }
  }

  /** Runs `source` in every document this tab loads from now on, before the page's own scripts. */
  async addInitScript(source: string): Promise<void> {
    await this.browser.send('Page.enable', {}, this.sessionId);
    await this.browser.send('Page.addScriptToEvaluateOnNewDocument', { source }, this.sessionId);
  }

  navigate(url: string): Promise<unknown> {
    return this.browser.send('Page.navigate', { url }, this.sessionId);
  }

  bringToFront(): Promise<unknown> {
    return this.browser.send('Page.bringToFront', {}, this.sessionId);
  }

  close(): Promise<unknown> {
    return this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}

function devToolsUrl(chromium: ChildProcess, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Chromium did not open DevTools within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    chromium.stderr!.on('data', (data: Buffer) => {
      output += String(data);
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    chromium.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before DevTools opened:\n${output}`));
    });
  });
}
