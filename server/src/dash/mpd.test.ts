import { describe, expect, it } from 'vitest';
import { duration, dynamicMpd, escapeAttribute, type DynamicMpdOptions } from './mpd';

const START = Date.UTC(2026, 10, 24, 10, 0, 0); // 2026-11-24T10:00:00.000Z

const video = {
  codec: 'avc1.42e01f',
  bandwidth: 2_000_000,
  width: 1280,
  height: 720,
  fps: 30,
  initUri: 'video/init.mp4',
  mediaTemplate: 'video/$Number$.m4s',
};
const audio = {
  codec: 'opus',
  bandwidth: 128_000,
  sampleRate: 48_000,
  channels: 2,
  initUri: 'audio/init.mp4',
  mediaTemplate: 'audio/$Number$.m4s',
};

function options(overrides: Partial<DynamicMpdOptions> = {}): DynamicMpdOptions {
  return {
    startUnixMs: START,
    publishUnixMs: START + 300_000,
    segmentDurationMs: 1000,
    chunkDurationMs: 250,
    timeShiftBufferDepthMs: 60_000,
    minimumUpdatePeriodMs: 2000,
    minBufferTimeMs: 1000,
    latency: { targetMs: 3000, minMs: 2000, maxMs: 6000 },
    utcTimingUrl: 'https://relay.example/api/time',
    video,
    ...overrides,
  };
}

function attribute(text: string, element: string, name: string): string[] {
  const values: string[] = [];
  for (const match of text.matchAll(new RegExp(`<${element}\\b[^>]*>`, 'g'))) {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(match[0])?.[1];
    if (value !== undefined) values.push(value);
  }
  return values;
}

const PRODUCER_REFERENCE = [
  '      <ProducerReferenceTime id="0" type="encoder" wallClockTime="2026-11-24T10:00:00.000Z" presentationTime="0">',
  '        <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="https://relay.example/api/time"/>',
  '      </ProducerReferenceTime>',
];

describe('dynamicMpd', () => {
  it('writes a live low-latency MPD with a video and an audio adaptation set', () => {
    expect(dynamicMpd(options({ audio }))).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019" type="dynamic" availabilityStartTime="2026-11-24T10:00:00.000Z" publishTime="2026-11-24T10:05:00.000Z" minimumUpdatePeriod="PT2.000S" timeShiftBufferDepth="PT60.000S" suggestedPresentationDelay="PT3.000S" minBufferTime="PT1.000S">',
        '  <ServiceDescription id="0">',
        '    <Latency target="3000" min="2000" max="6000" referenceId="0"/>',
        '    <PlaybackRate min="0.96" max="1.04"/>',
        '  </ServiceDescription>',
        '  <Period id="0" start="PT0S">',
        '    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">',
        ...PRODUCER_REFERENCE,
        '      <SegmentTemplate timescale="1000" duration="1000" startNumber="0" presentationTimeOffset="0" availabilityTimeOffset="0.750" availabilityTimeComplete="false" initialization="video/init.mp4" media="video/$Number$.m4s"/>',
        '      <Representation id="video" codecs="avc1.42e01f" bandwidth="2000000" width="1280" height="720" frameRate="30"/>',
        '    </AdaptationSet>',
        '    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">',
        '      <AudioChannelConfiguration schemeIdUri="urn:mpeg:mpegB:cicp:ChannelConfiguration" value="2"/>',
        ...PRODUCER_REFERENCE,
        '      <SegmentTemplate timescale="1000" duration="1000" startNumber="0" presentationTimeOffset="0" availabilityTimeOffset="0.750" availabilityTimeComplete="false" initialization="audio/init.mp4" media="audio/$Number$.m4s"/>',
        '      <Representation id="audio" codecs="opus" bandwidth="128000" audioSamplingRate="48000"/>',
        '    </AdaptationSet>',
        '  </Period>',
        '  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="https://relay.example/api/time"/>',
        '</MPD>',
        '',
      ].join('\n'),
    );
  });

  it('writes an ended stream as a static MPD that plays to its end', () => {
    expect(dynamicMpd(options({ ended: { durationMs: 125_250 } }))).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019" type="static" availabilityStartTime="2026-11-24T10:00:00.000Z" publishTime="2026-11-24T10:05:00.000Z" mediaPresentationDuration="PT125.250S" minBufferTime="PT1.000S">',
        '  <ServiceDescription id="0">',
        '    <Latency target="3000" min="2000" max="6000" referenceId="0"/>',
        '    <PlaybackRate min="0.96" max="1.04"/>',
        '  </ServiceDescription>',
        '  <Period id="0" start="PT0S">',
        '    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">',
        ...PRODUCER_REFERENCE,
        '      <SegmentTemplate timescale="1000" duration="1000" startNumber="0" presentationTimeOffset="0" initialization="video/init.mp4" media="video/$Number$.m4s"/>',
        '      <Representation id="video" codecs="avc1.42e01f" bandwidth="2000000" width="1280" height="720" frameRate="30"/>',
        '    </AdaptationSet>',
        '  </Period>',
        '  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="https://relay.example/api/time"/>',
        '</MPD>',
        '',
      ].join('\n'),
    );
  });

  it('numbers segments from 0 at stream time 0 with a fixed duration, and has no SegmentTimeline', () => {
    const text = dynamicMpd(options({ audio, segmentDurationMs: 2000, chunkDurationMs: 500 }));
    expect(attribute(text, 'SegmentTemplate', 'timescale')).toEqual(['1000', '1000']);
    expect(attribute(text, 'SegmentTemplate', 'duration')).toEqual(['2000', '2000']);
    expect(attribute(text, 'SegmentTemplate', 'startNumber')).toEqual(['0', '0']);
    expect(attribute(text, 'SegmentTemplate', 'presentationTimeOffset')).toEqual(['0', '0']);
    expect(text).not.toContain('SegmentTimeline');
    expect(attribute(text, 'MPD', 'availabilityStartTime')).toEqual(['2026-11-24T10:00:00.000Z']);
    expect(attribute(text, 'Period', 'start')).toEqual(['PT0S']);
  });

  it('announces a segment one chunk after it starts: availabilityTimeOffset = (d − chunk) s, incomplete', () => {
    const text = dynamicMpd(options({ segmentDurationMs: 2000, chunkDurationMs: 200 }));
    expect(attribute(text, 'SegmentTemplate', 'availabilityTimeOffset')).toEqual(['1.800']);
    expect(attribute(text, 'SegmentTemplate', 'availabilityTimeComplete')).toEqual(['false']);
    const whole = dynamicMpd(options({ chunkDurationMs: 1000 }));
    expect(attribute(whole, 'SegmentTemplate', 'availabilityTimeOffset')).toEqual(['0.000']);
  });

  it('puts availabilityTimeOffset on the SegmentTemplate only: no BaseURL', () => {
    expect(dynamicMpd(options({ audio }))).not.toContain('BaseURL');
  });

  it('writes the ServiceDescription latency in ms with the catch-up playback rates', () => {
    const text = dynamicMpd(options({ latency: { targetMs: 1500, minMs: 1000, maxMs: 4000 } }));
    expect(text).toContain('<Latency target="1500" min="1000" max="4000" referenceId="0"/>');
    expect(text).toContain('<PlaybackRate min="0.96" max="1.04"/>');
    expect(attribute(text, 'MPD', 'suggestedPresentationDelay')).toEqual(['PT1.500S']);
  });

  it('gives Latency@referenceId a ProducerReferenceTime: stream time 0 at availabilityStartTime', () => {
    const text = dynamicMpd(options({ audio }));
    expect(attribute(text, 'ProducerReferenceTime', 'id')).toEqual(['0', '0']);
    expect(attribute(text, 'ProducerReferenceTime', 'wallClockTime')).toEqual(
      attribute(text, 'MPD', 'availabilityStartTime').concat(attribute(text, 'MPD', 'availabilityStartTime')),
    );
    expect(attribute(text, 'ProducerReferenceTime', 'presentationTime')).toEqual(['0', '0']);
  });

  it('writes the live window and refresh period, and none of them once ended', () => {
    const live = dynamicMpd(options({ timeShiftBufferDepthMs: 30_000, minimumUpdatePeriodMs: 500 }));
    expect(attribute(live, 'MPD', 'timeShiftBufferDepth')).toEqual(['PT30.000S']);
    expect(attribute(live, 'MPD', 'minimumUpdatePeriod')).toEqual(['PT0.500S']);
    expect(live).not.toContain('mediaPresentationDuration');
    const ended = dynamicMpd(options({ ended: { durationMs: 1000 } }));
    for (const name of [
      'timeShiftBufferDepth',
      'minimumUpdatePeriod',
      'suggestedPresentationDelay',
      'availabilityTimeOffset',
      'availabilityTimeComplete',
    ]) {
      expect(ended).not.toContain(`${name}=`);
    }
    expect(attribute(ended, 'MPD', 'type')).toEqual(['static']);
  });

  it('writes Opus as `opus` (dash.js passes codecs to isTypeSupported as they are)', () => {
    for (const codec of ['opus', 'Opus']) {
      expect(
        attribute(dynamicMpd(options({ audio: { ...audio, codec } })), 'Representation', 'codecs'),
      ).toEqual(['avc1.42e01f', 'opus']);
    }
  });

  it('writes the audio channel count and sample rate', () => {
    const text = dynamicMpd(options({ audio: { ...audio, channels: 1, sampleRate: 16_000 } }));
    expect(attribute(text, 'AudioChannelConfiguration', 'value')).toEqual(['1']);
    expect(attribute(text, 'AudioChannelConfiguration', 'schemeIdUri')).toEqual([
      'urn:mpeg:mpegB:cicp:ChannelConfiguration',
    ]);
    expect(attribute(text, 'Representation', 'audioSamplingRate')).toEqual(['16000']);
  });

  it('writes frameRate as an integer or a fraction, never a decimal', () => {
    expect(
      attribute(dynamicMpd(options({ video: { ...video, fps: 25 } })), 'Representation', 'frameRate'),
    ).toEqual(['25']);
    expect(
      attribute(dynamicMpd(options({ video: { ...video, fps: 29.97 } })), 'Representation', 'frameRate'),
    ).toEqual(['29970/1000']);
  });

  it('leaves out the picture size and frame rate while they are not known', () => {
    const { width: _w, height: _h, fps: _f, ...bare } = video;
    expect(dynamicMpd(options({ video: bare }))).toContain(
      '<Representation id="video" codecs="avc1.42e01f" bandwidth="2000000"/>',
    );
  });

  it('rounds bandwidth up to whole bits per second', () => {
    const text = dynamicMpd(options({ video: { ...video, bandwidth: 999_999.1 } }));
    expect(attribute(text, 'Representation', 'bandwidth')).toEqual(['1000000']);
  });

  it('XML-escapes attribute values', () => {
    const text = dynamicMpd(
      options({
        utcTimingUrl: 'https://relay.example/time?a=1&b="2"',
        video: { ...video, initUri: "v<1>/it's.mp4", mediaTemplate: 'v/$Number$.m4s?t=a&b' },
      }),
    );
    expect(text).toContain('value="https://relay.example/time?a=1&amp;b=&quot;2&quot;"');
    expect(text).toContain('initialization="v&lt;1&gt;/it&apos;s.mp4" media="v/$Number$.m4s?t=a&amp;b"');
  });

  describe('metadata', () => {
    const english = {
      id: 'cc',
      language: 'en',
      label: 'English & more',
      initUri: 'cc/init.mp4',
      mediaTemplate: 'cc/$Number$.m4s',
    };

    it('writes a subtitle AdaptationSet per text track: wvtt in MP4, lang, Label, Role, the same $Number$ grid', () => {
      const text = dynamicMpd(
        options({
          audio,
          text: [english, { id: 'notes', initUri: 'n/i.mp4', mediaTemplate: 'n/$Number$.m4s' }],
        }),
      );
      const sets = text
        .split('    <AdaptationSet')
        .slice(1)
        .map((set) => `    <AdaptationSet${set.split('</AdaptationSet>')[0]}</AdaptationSet>`);
      expect(sets[2]).toBe(
        [
          '    <AdaptationSet id="2" contentType="text" mimeType="application/mp4" lang="en" segmentAlignment="true" startWithSAP="1">',
          '      <Label>English &amp; more</Label>',
          '      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>',
          '      <SegmentTemplate timescale="1000" duration="1000" startNumber="0" presentationTimeOffset="0" availabilityTimeOffset="0.750" availabilityTimeComplete="false" initialization="cc/init.mp4" media="cc/$Number$.m4s"/>',
          '      <Representation id="cc" codecs="wvtt" bandwidth="1000"/>',
          '    </AdaptationSet>',
        ].join('\n'),
      );
      expect(sets[3]).toContain(
        '<AdaptationSet id="3" contentType="text" mimeType="application/mp4" segmentAlignment="true"',
      );
      expect(sets[3]).not.toContain('<Label>');
      // Same template as the video apart from the URIs: segment N covers the same time everywhere.
      const template = (name: string) =>
        text
          .split('\n')
          .find((line) => line.includes('<SegmentTemplate') && line.includes(name))
          ?.replace(/initialization=.*$/, '');
      expect(template('cc/')).toBe(template('video/'));
    });

    it('drops the live-only template attributes from text once ended, as from media', () => {
      const text = dynamicMpd(options({ text: [english], ended: { durationMs: 5000 } }));
      expect(attribute(text, 'SegmentTemplate', 'availabilityTimeOffset')).toEqual([]);
      expect(attribute(text, 'Representation', 'codecs')).toEqual(['avc1.42e01f', 'wvtt']);
    });

    it('announces ID3 emsg with an InbandEventStream where the segments carry them, before the ProducerReferenceTime', () => {
      const text = dynamicMpd(options({ video: { ...video, id3Events: true }, audio }));
      const lines = text.split('\n');
      const inband = lines.findIndex((line) => line.includes('<InbandEventStream'));
      expect(lines[inband]).toBe(
        '      <InbandEventStream schemeIdUri="https://aomedia.org/emsg/ID3" value=""/>',
      );
      expect(lines[inband - 1]).toContain('<AdaptationSet id="0" contentType="video"');
      expect(lines[inband + 1]).toContain('<ProducerReferenceTime');
      expect(lines.filter((line) => line.includes('<InbandEventStream'))).toHaveLength(1);
      expect(dynamicMpd(options({ audio }))).not.toContain('InbandEventStream');
      const onAudio = dynamicMpd(options({ audio: { ...audio, id3Events: true } })).split('\n');
      const audioInband = onAudio.findIndex((line) => line.includes('<InbandEventStream'));
      expect(onAudio[audioInband - 1]).toContain('<AudioChannelConfiguration');
    });

    it('refuses text tracks players could not tell apart or address', () => {
      expect(() => dynamicMpd(options({ text: [english, english] }))).toThrow(/taken/);
      expect(() => dynamicMpd(options({ text: [{ ...english, id: 'video' }] }))).toThrow(/taken/);
      expect(() => dynamicMpd(options({ text: [{ ...english, id: 'c c' }] }))).toThrow(/whitespace/);
      expect(() => dynamicMpd(options({ text: [{ ...english, language: 'english!' }] }))).toThrow(/RFC 5646/);
      expect(() => dynamicMpd(options({ text: [{ ...english, mediaTemplate: 'cc/x.m4s' }] }))).toThrow(
        /\$Number\$/,
      );
    });
  });

  describe('refuses', () => {
    it('a media template without $Number$', () => {
      expect(() => dynamicMpd(options({ video: { ...video, mediaTemplate: 'video/$Time$.m4s' } }))).toThrow(
        /\$Number\$/,
      );
      expect(() => dynamicMpd(options({ audio: { ...audio, mediaTemplate: 'audio/seg.m4s' } }))).toThrow(
        /\$Number\$/,
      );
    });

    it('a segment duration that is not whole milliseconds, and a chunk longer than the segment', () => {
      expect(() => dynamicMpd(options({ segmentDurationMs: 1000.5 }))).toThrow(/segmentDurationMs/);
      expect(() => dynamicMpd(options({ chunkDurationMs: 1001 }))).toThrow(/chunkDurationMs/);
      expect(() => dynamicMpd(options({ chunkDurationMs: 0 }))).toThrow(/chunkDurationMs/);
    });

    it('latencies out of order', () => {
      expect(() => dynamicMpd(options({ latency: { targetMs: 1000, minMs: 2000, maxMs: 6000 } }))).toThrow(
        /min <= target <= max/,
      );
      expect(() => dynamicMpd(options({ latency: { targetMs: 3000, minMs: 2000, maxMs: 2500 } }))).toThrow(
        RangeError,
      );
    });

    it('fields that are not positive whole numbers', () => {
      expect(() => dynamicMpd(options({ video: { ...video, width: 0 } }))).toThrow(/width/);
      expect(() => dynamicMpd(options({ audio: { ...audio, channels: 1.5 } }))).toThrow(/channels/);
      expect(() => dynamicMpd(options({ video: { ...video, fps: 0 } }))).toThrow(/fps/);
      expect(() => dynamicMpd(options({ latency: { targetMs: 3000.5, minMs: 2000, maxMs: 6000 } }))).toThrow(
        /latency.targetMs/,
      );
    });

    it('times that are not numbers', () => {
      expect(() => dynamicMpd(options({ startUnixMs: Number.NaN }))).toThrow(RangeError);
      expect(() => dynamicMpd(options({ timeShiftBufferDepthMs: -1 }))).toThrow(RangeError);
    });

    it('characters XML cannot carry', () => {
      expect(() => dynamicMpd(options({ utcTimingUrl: 'https://x/\u0001' }))).toThrow(/XML/);
    });
  });
});

describe('escapeAttribute', () => {
  it('escapes the five entities and keeps tab, CR and LF as references', () => {
    expect(escapeAttribute(`a&b<c>d"e'f\tg\nh\ri`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i');
  });
});

describe('duration', () => {
  it('writes xs:duration seconds with milliseconds', () => {
    expect(duration(0)).toBe('PT0.000S');
    expect(duration(1000)).toBe('PT1.000S');
    expect(duration(7_200_500)).toBe('PT7200.500S');
    expect(duration(0.4)).toBe('PT0.000S');
  });
});
