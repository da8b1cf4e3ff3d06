/**
 * The compositor's dedicated Worker (entry point). The page loads it with
 * `new Worker(new URL('./worker/compositor-worker.ts', import.meta.url), { type: 'module' })`;
 * messages are `ToWorker` in and `FromWorker` out (compositor-messages.ts).
 */
import type { FromWorker, ToWorker } from '../compositor-messages';
import { WorkerCompositor } from './worker-compositor';

declare const self: DedicatedWorkerGlobalScope;

let compositor: WorkerCompositor | undefined;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function handle(message: ToWorker): void {
  if (message.type === 'init') {
    compositor?.dispose();
    compositor = WorkerCompositor.create(message.format, message.renderer, message.output, post);
    if (compositor) post({ type: 'ready', renderer: compositor.rendererKind });
    else
      post({
        type: 'error',
        fatal: true,
        message: `No ${message.renderer} rendering context in this worker.`,
      });
    return;
  }
  if (!compositor) {
    // Frames and bitmaps sent before init (or after a failed one) still hold memory.
    if (message.type === 'frame') message.frame.close();
    if (message.type === 'visual' && message.visual?.type === 'bitmap') message.visual.bitmap.close();
    return;
  }
  switch (message.type) {
    case 'visual':
      compositor.setVisual(message.sourceId, message.visual);
      break;
    case 'frame':
      compositor.pushFrame(message.sourceId, message.frame);
      break;
    case 'program':
      compositor.setProgram(message.scene);
      break;
    case 'preview':
      compositor.setPreview(message.scene);
      break;
    case 'transition':
      compositor.startTransition(message.id, message.scene, message.spec);
      break;
    case 'attach-preview':
      compositor.attachPreview(message.canvas);
      break;
    case 'format':
      compositor.setFormat(message.format);
      break;
    case 'frame-ack':
      compositor.frameTaken(message.dropped);
      break;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  try {
    handle(event.data);
  } catch (error) {
    post({ type: 'error', fatal: event.data.type === 'init', message: String(error) });
  }
};
