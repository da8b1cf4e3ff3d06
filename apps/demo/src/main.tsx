import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setBridgePlayer } from './test-bridge';
import './styles.css';

// The bridge exists from the start, so tests can tell "no player yet" from "page not loaded".
setBridgePlayer(undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
