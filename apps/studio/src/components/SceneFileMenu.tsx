import { useRef } from 'react';
import { useStudio } from '../studio-context';

/** Export the scene collection as a JSON file (pictures included) and import one. */
export function SceneFileMenu() {
  const controller = useStudio();
  const input = useRef<HTMLInputElement>(null);
  const exportFile = async () => {
    const blob = await controller.exportFile();
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'brume-scenes.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div className="file-menu">
      <button
        type="button"
        className="button button-small"
        data-testid="export-scenes"
        onClick={() => void exportFile()}
      >
        Export scenes
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="import-scenes"
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept="application/json,.json"
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void controller.importFile(file);
        }}
      />
    </div>
  );
}
