// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeController } from '../testing/fake-controller';
import { collection, layer, scene } from '../testing/scene-fixtures';
import { MetadataPanel } from './MetadataPanel';

function setup(publisherState: 'live' | 'idle' = 'live') {
  const fake = fakeController(collection(scene([layer('back')])), {
    publisherState,
    liveStreamName: 'show',
  });
  fake.render(<MetadataPanel />);
  return fake;
}

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

afterEach(cleanup);

describe('MetadataPanel', () => {
  it('is not shown before the stream is live', () => {
    setup('idle');
    expect(screen.queryByTestId('metadata-panel')).toBeNull();
  });

  it('sends a caption line with its duration to the captions track, then clears the line', async () => {
    const { calls, metadataAnswers } = setup();
    metadataAnswers.push({ accepted: 1, ids: [4] });
    const line = screen.getByTestId('metadata-caption') as HTMLInputElement;
    expect((screen.getByTestId('metadata-send') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(line, { target: { value: '  Welcome back  ' } });
    fireEvent.submit(screen.getByTestId('metadata-panel'));
    await flush();
    expect(calls.sendMetadata).toEqual([
      ['captions', { kind: 'subtitle', text: 'Welcome back', durationMs: 3000 }],
    ]);
    expect(screen.getByTestId('metadata-outcome').textContent).toBe('Sent to “captions” (#4).');
    expect(line.value).toBe('');
  });

  it('sends parsed JSON to its own track, refuses invalid JSON and track names, and shows a refusal', async () => {
    const { calls, metadataAnswers } = setup();
    fireEvent.click(screen.getByLabelText('JSON event'));
    const send = screen.getByTestId('metadata-send') as HTMLButtonElement;
    const json = screen.getByTestId('metadata-json');
    fireEvent.change(json, { target: { value: '{ "score": ' } });
    expect(send.disabled).toBe(true);
    fireEvent.change(json, { target: { value: '{ "score": [2, 1] }' } });
    fireEvent.change(screen.getByTestId('metadata-track'), { target: { value: 'bad name!' } });
    expect(send.disabled).toBe(true);
    expect(screen.getByText(/letters, digits/)).toBeTruthy();
    fireEvent.change(screen.getByTestId('metadata-track'), { target: { value: 'score' } });
    metadataAnswers.push('Stream "show" is not live.');
    fireEvent.click(send);
    await flush();
    expect(calls.sendMetadata).toEqual([['score', { kind: 'json', data: { score: [2, 1] } }]]);
    const outcome = screen.getByTestId('metadata-outcome');
    expect(outcome.getAttribute('role')).toBe('alert');
    expect(outcome.textContent).toBe('Stream "show" is not live.');
  });
});
