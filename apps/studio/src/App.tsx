import { CodecPicker } from './components/CodecPicker';
import { Preview } from './components/Preview';
import { PublishControls } from './components/PublishControls';
import { SourcePicker } from './components/SourcePicker';
import { StateLine } from './components/StateLine';
import { StatsPanel } from './components/StatsPanel';
import { StreamNameField } from './components/StreamNameField';
import { ViewerLink } from './components/ViewerLink';

export function App() {
  return (
    <div className="studio">
      <header className="topbar">
        <h1 className="brand">
          Brume <span>studio</span>
        </h1>
        <StateLine />
      </header>
      <main className="workspace">
        <section className="stage">
          <Preview />
          <StatsPanel />
        </section>
        <aside className="sidebar">
          <SourcePicker />
          <StreamNameField />
          <CodecPicker />
          <PublishControls />
          <ViewerLink />
        </aside>
      </main>
    </div>
  );
}
