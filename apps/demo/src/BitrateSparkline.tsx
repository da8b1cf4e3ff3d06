import type { BitrateSample } from '@brume/protocol';
import { formatBitrate, sparklinePath } from './sparkline-path';

const WIDTH = 120;
const HEIGHT = 24;

/** The last minute of a stream's ingest bitrate as a line, with the current value beside it. */
export function BitrateSparkline({
  samples,
  bitrate,
}: {
  samples: readonly BitrateSample[];
  bitrate: number;
}) {
  const path = sparklinePath(samples, WIDTH, HEIGHT);
  return (
    <span className="sparkline">
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`ingest bitrate over the last minute, now ${formatBitrate(bitrate)}`}
        data-testid="bitrate-chart"
        data-samples={samples.length}
      >
        {path ? <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" /> : null}
      </svg>
      <span className="sparkline__value">{formatBitrate(bitrate)}</span>
    </span>
  );
}
