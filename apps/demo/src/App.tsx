import { isValidStreamName } from '@brume/protocol';
import { Player, type PlayerCore } from '@brume/player-react';
import { useCallback, useState } from 'react';
import { AdminPanel } from './admin/AdminPanel';
import { EmbedSnippet } from './EmbedSnippet';
import { MetadataLog } from './MetadataLog';
import { RecordingsPanel } from './RecordingsPanel';
import { StreamDashboard } from './StreamDashboard';
import { StreamPicker } from './StreamPicker';
import { useSelectedStream } from './selected-stream';
import { playerParams } from './player-params';
import { setBridgePlayer } from './test-bridge';

export function App() {
  const [stream, select] = useSelectedStream();
  const params = playerParams(window.location.search);
  const [core, setCore] = useState<PlayerCore>();
  const onPlayer = useCallback((player: PlayerCore | undefined) => {
    setBridgePlayer(player);
    setCore(player);
  }, []);
  const playable = (stream !== '' && isValidStreamName(stream)) || (!stream && params.sources !== undefined);
  return (
    <div className="page">
      <header className="topbar">
        <a className="brand" href="/">
          <span className="brand__mark" aria-hidden="true" />
          Brume
        </a>
        <nav>
          <a href="/studio/" data-testid="studio-link">
            Studio
          </a>
        </nav>
      </header>

      <section className="intro">
        <h1>Live video for the web, end to end.</h1>
        <p>
          Brume is an open-source live-video stack in TypeScript: a browser studio that composes scenes and
          publishes with WHIP, a Node relay that takes WHIP in and serves WebRTC (WHEP) and HTTP streaming
          out, and a player that asks the server what a stream offers, picks the best way for this browser to
          play it, and keeps playing through reconnects. Everything you see here is served by the relay
          itself.
        </p>
      </section>

      <main className="grid">
        <div className="column">
          <section className="card watch">
            <StreamPicker stream={stream} onSelect={select} />
            {playable ? (
              <Player
                key={stream}
                stream={stream || undefined}
                latencyMeter
                {...params}
                onPlayer={onPlayer}
              />
            ) : (
              <div className="placeholder">
                {stream
                  ? `“${stream}” is not a valid stream name.`
                  : 'Pick a stream from the list, or type a name.'}
              </div>
            )}
          </section>
          {playable && core && <MetadataLog key={stream} player={core} />}
          {playable && stream && <EmbedSnippet stream={stream} />}
        </div>
        <div className="column">
          <StreamDashboard selected={stream} onSelect={select} />
          <AdminPanel />
          <RecordingsPanel />
        </div>
      </main>

      <footer className="footer">
        Brume · WHIP in, WHEP out · <a href="/studio/">open the studio</a> to publish a test pattern
      </footer>
    </div>
  );
}
