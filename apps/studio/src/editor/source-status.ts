import type { SourceStatus } from '@brume/studio';

export interface StatusView {
  state: SourceStatus['state'];
  text: string;
  /** A failed or ended source can be opened again (a device re-plugged, a permission granted). */
  retry: boolean;
}

/** How a source's status reads in the properties panel. */
export function statusView(status: SourceStatus | undefined): StatusView | undefined {
  if (!status) return undefined;
  switch (status.state) {
    case 'opening':
      return { state: status.state, text: 'Opening…', retry: false };
    case 'live':
      return { state: status.state, text: 'Live', retry: false };
    case 'waiting':
      return { state: status.state, text: 'Waiting for the stream to go live…', retry: false };
    case 'error':
      return { state: status.state, text: status.error.message, retry: true };
    case 'ended':
      return { state: status.state, text: `Ended: ${status.reason}`, retry: true };
  }
}
