import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StudioContext } from './studio-context';
import { StudioController } from './studio-controller';
import { createLevelsStore, createStudioStore } from './studio-store';
import { randomStreamName, readUrlParams } from './url-params';
import './studio.css';

const params = readUrlParams(location.search);
const store = createStudioStore({
  streamName: params.stream ?? randomStreamName(),
  videoCodec: params.codec ?? 'h264',
});
// The controller lives outside React: StrictMode's double effects must not open the camera twice.
const controller = new StudioController(store, createLevelsStore());
// Leaving the page ends the publish (the DELETE goes out with keepalive) and releases the devices.
window.addEventListener('pagehide', () => controller.dispose());
// Back/forward cache: the restored page has no media left, so start afresh.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StudioContext.Provider value={controller}>
      <App />
    </StudioContext.Provider>
  </StrictMode>,
);
void controller.start({ template: params.source, autostart: params.autostart });
