import { START_TEMPLATES, type StartTemplate } from '../start-templates';
import { useStudio, useStudioState } from '../studio-context';

const CHOICES: Record<StartTemplate, { title: string; text: string }> = {
  camera: { title: 'Camera', text: 'Your webcam and microphone, full frame.' },
  screen: { title: 'Screen + camera', text: 'Share a screen, with your camera in the corner.' },
  pattern: { title: 'Test pattern', text: 'Bars, a clock and a beep: try it without a camera.' },
};

/** A new user's first screen: pick what to show, then Go Live is one click away. */
export function FirstRun() {
  const controller = useStudio();
  const show = useStudioState((s) => s.firstRun);
  if (!show) return null;
  return (
    <div
      className="first-run"
      role="dialog"
      aria-modal="true"
      aria-labelledby="first-run-title"
      data-testid="first-run"
    >
      <div className="first-run-card">
        <h2 id="first-run-title">What do you want to stream?</h2>
        <p>Pick a start; you can add images, text, videos and more sources afterwards.</p>
        <div className="first-run-choices">
          {START_TEMPLATES.map((template) => (
            <button
              key={template}
              type="button"
              className="first-run-choice"
              data-template={template}
              onClick={() => controller.startFrom(template)}
            >
              <strong>{CHOICES[template].title}</strong>
              <span>{CHOICES[template].text}</span>
            </button>
          ))}
        </div>
        <button type="button" className="link-button" onClick={() => controller.dismissFirstRun()}>
          Skip: start from the test pattern
        </button>
      </div>
    </div>
  );
}
