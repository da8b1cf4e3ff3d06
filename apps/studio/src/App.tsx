import { CanvasEditorHelp } from './components/CanvasEditorHelp';
import { CodecPicker } from './components/CodecPicker';
import { FirstRun } from './components/FirstRun';
import { LayerProperties } from './components/LayerProperties';
import { LayersPanel } from './components/LayersPanel';
import { MetadataPanel } from './components/MetadataPanel';
import { MixerPanel } from './components/MixerPanel';
import { Notice } from './components/Notice';
import { PublishControls } from './components/PublishControls';
import { PublishSettings } from './components/PublishSettings';
import { RecordControls } from './components/RecordControls';
import { SceneFileMenu } from './components/SceneFileMenu';
import { ScenesPanel } from './components/ScenesPanel';
import { SourceProperties } from './components/SourceProperties';
import { SourcesPanel } from './components/SourcesPanel';
import { Stage } from './components/Stage';
import { StateLine } from './components/StateLine';
import { StatsPanel } from './components/StatsPanel';
import { StreamNameField } from './components/StreamNameField';
import { ViewerLink } from './components/ViewerLink';
import { useStudio, useStudioState } from './studio-context';
import { editedSceneId } from './studio-store';
import { useHotkeys } from './use-hotkeys';
import { usePopOut } from './use-pop-out';

export function App() {
  const controller = useStudio();
  useHotkeys(controller);
  // One Document Picture-in-Picture window per page: the program monitor and the stats share it.
  const popOut = usePopOut();
  const sceneId = useStudioState((s) => editedSceneId(s.collection));
  return (
    <div className="studio">
      <header className="topbar">
        <h1 className="brand">
          Brume <span>studio</span>
        </h1>
        <StateLine />
        <div className="topbar-actions">
          <RecordControls />
          <PublishControls />
        </div>
      </header>
      <Notice />
      <main className="workspace">
        <aside className="column column-left">
          <ScenesPanel />
          <SourcesPanel />
          {sceneId && <LayersPanel sceneId={sceneId} />}
          <SceneFileMenu />
        </aside>
        <div className="column column-center">
          <Stage popOut={popOut} />
          <MixerPanel />
          <StatsPanel popOut={popOut} />
        </div>
        <aside className="column column-right">
          <StreamNameField />
          <PublishSettings />
          <CodecPicker />
          <ViewerLink />
          <MetadataPanel />
          {sceneId && <LayerProperties sceneId={sceneId} />}
          <SourceProperties />
          <CanvasEditorHelp />
        </aside>
      </main>
      <FirstRun />
    </div>
  );
}
