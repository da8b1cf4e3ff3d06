/** The editing and studio shortcuts, one glance away. */
export function CanvasEditorHelp() {
  return (
    <details className="panel-section help">
      <summary>Shortcuts</summary>
      <dl className="shortcuts">
        <dt>Drag</dt>
        <dd>move a layer (snaps to edges and centres)</dd>
        <dt>Handles</dt>
        <dd>resize · Shift keeps the aspect · Alt crops</dd>
        <dt>Top handle</dt>
        <dd>rotate · Shift in 15° steps</dd>
        <dt>Arrows</dt>
        <dd>nudge 1 px · Shift 10 px</dd>
        <dt>Delete</dt>
        <dd>remove the layer · Ctrl+D duplicates</dd>
        <dt>Scene key</dt>
        <dd>switch scene (set it beside the scene)</dd>
        <dt>Enter</dt>
        <dd>Take (studio mode)</dd>
        <dt>Ctrl+Shift+L</dt>
        <dd>Go Live / Stop</dd>
        <dt>Ctrl+Shift+R</dt>
        <dd>record / stop</dd>
      </dl>
    </details>
  );
}
