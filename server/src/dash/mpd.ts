export interface DashVideo {
  /** RFC 6381, e.g. `avc1.42e01f`. */
  codec: string;
  /** Peak bits per second. */
  bandwidth: number;
  /** Left out of the MPD when not known yet. */
  width?: number;
  height?: number;
  fps?: number;
  initUri: string;
  /** Segment URL template with `$Number$` (the segment msn). */
  mediaTemplate: string;
  /** Its segments carry metadata events as ID3 `emsg` (`metadataEmsg`): announce them. */
  id3Events?: boolean;
}

export interface DashAudio {
  /** `opus` (written lowercase) or another RFC 6381 string. */
  codec: string;
  bandwidth: number;
  sampleRate: number;
  channels: number;
  initUri: string;
  mediaTemplate: string;
  /** Its segments carry metadata events as ID3 `emsg`: announce them (put events in one rendition only). */
  id3Events?: boolean;
}

/** A WebVTT subtitle track as a CMAF `wvtt` track (`wvttInitSegment`, `wvttFragment`). */
export interface DashText {
  /** `Representation@id`: the track name (no whitespace), unique in the MPD. */
  id: string;
  /** `lang`, an RFC 5646 tag. */
  language?: string;
  /** `Label`: what a subtitle menu shows. */
  label?: string;
  /** Bits per second; default {@link TEXT_BANDWIDTH}. Only ABR reads it, and text has none. */
  bandwidth?: number;
  initUri: string;
  /** On the video's `$Number$` grid: segment N holds the cues of video segment N's range. */
  mediaTemplate: string;
}

/** Bandwidth of a subtitle Representation when none is given: a line of text a second or so. */
export const TEXT_BANDWIDTH = 1000;

export interface DynamicMpdOptions {
  /** Wall-clock (Unix ms) of stream time 0: `availabilityStartTime`. */
  startUnixMs: number;
  /** When this MPD was made: `publishTime`. */
  publishUnixMs: number;
  /** Nominal segment duration d: segment N covers [N·d, (N+1)·d) on the stream timeline. */
  segmentDurationMs: number;
  /** CMAF chunk duration: a segment is requestable once its first chunk is (`availabilityTimeOffset`). */
  chunkDurationMs: number;
  timeShiftBufferDepthMs: number;
  minimumUpdatePeriodMs: number;
  minBufferTimeMs: number;
  /** `ServiceDescription` latency, ms behind the live edge. */
  latency: { targetMs: number; minMs: number; maxMs: number };
  /** Answers the server's time as ISO 8601 (`urn:mpeg:dash:utc:http-iso:2014`). */
  utcTimingUrl: string;
  video: DashVideo;
  audio?: DashAudio;
  /** One subtitle AdaptationSet each. */
  text?: readonly DashText[];
  /** The stream ended at stream time `durationMs`: a static MPD that plays to that point and stops. */
  ended?: { durationMs: number };
}

const PROFILES = 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019';
const UTC_TIMING_SCHEME = 'urn:mpeg:dash:utc:http-iso:2014';
const CHANNEL_CONFIGURATION_SCHEME = 'urn:mpeg:mpegB:cicp:ChannelConfiguration';
const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';
/** ID3 in `emsg` (AOMedia id3-emsg); the same scheme the `emsg` boxes carry, with an empty value. */
const ID3_EVENT_SCHEME = 'https://aomedia.org/emsg/ID3';
/** Catch-up playback rates (dash.js's live catch-up; the DASH-IF low-latency sample uses ±4 %). */
const PLAYBACK_RATE = { min: '0.96', max: '1.04' };

type Attributes = Record<string, string | number | undefined>;

/**
 * The MPD of a live low-latency DASH presentation (ISO/IEC 23009-1, DASH-IF low-latency modes):
 * `SegmentTemplate@duration` + `$Number$` (no `SegmentTimeline`, so it does not change between
 * updates), chunked segments announced one chunk after they start (`availabilityTimeOffset`,
 * `availabilityTimeComplete="false"`). Pure: the same options always give the same text.
 */
export function dynamicMpd(options: DynamicMpdOptions): string {
  checkOptions(options);
  const { ended, latency } = options;
  const astDate = isoDate(options.startUnixMs);
  const utcTiming = element('UTCTiming', { schemeIdUri: UTC_TIMING_SCHEME, value: options.utcTimingUrl });

  const mpd: Attributes = {
    xmlns: 'urn:mpeg:dash:schema:mpd:2011',
    profiles: PROFILES,
    type: ended ? 'static' : 'dynamic',
    availabilityStartTime: astDate,
    publishTime: isoDate(options.publishUnixMs),
    mediaPresentationDuration: ended && duration(ended.durationMs),
    minimumUpdatePeriod: ended ? undefined : duration(options.minimumUpdatePeriodMs),
    timeShiftBufferDepth: ended ? undefined : duration(options.timeShiftBufferDepthMs),
    // For players that ignore ServiceDescription (Shaka uses this as its live delay).
    suggestedPresentationDelay: ended ? undefined : duration(latency.targetMs),
    minBufferTime: duration(options.minBufferTimeMs),
  };
  const serviceDescription = [
    `  <ServiceDescription id="0">`,
    `    ${element('Latency', { target: latency.targetMs, min: latency.minMs, max: latency.maxMs, referenceId: 0 })}`,
    `    ${element('PlaybackRate', PLAYBACK_RATE)}`,
    `  </ServiceDescription>`,
  ];
  // The producer reference the Latency element refers to: stream time 0 is availabilityStartTime.
  const producerReference = [
    `      ${open('ProducerReferenceTime', { id: 0, type: 'encoder', wallClockTime: astDate, presentationTime: 0 })}`,
    `        ${utcTiming}`,
    `      </ProducerReferenceTime>`,
  ];

  const { video, audio } = options;
  // Schema order inside an AdaptationSet: AudioChannelConfiguration, InbandEventStream, Label,
  // ProducerReferenceTime (RepresentationBaseType), then Role, SegmentTemplate, Representation.
  const inbandEvents = (media: { id3Events?: boolean }) =>
    media.id3Events
      ? [`      ${element('InbandEventStream', { schemeIdUri: ID3_EVENT_SCHEME, value: '' })}`]
      : [];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    open('MPD', mpd),
    ...serviceDescription,
    `  <Period id="0" start="PT0S">`,
    `    ${open('AdaptationSet', adaptationSet(0, 'video'))}`,
    ...inbandEvents(video),
    ...producerReference,
    `      ${segmentTemplate(options, video)}`,
    `      ${element('Representation', {
      id: 'video',
      codecs: video.codec,
      bandwidth: count(Math.ceil(video.bandwidth), 'video bandwidth'),
      width: video.width === undefined ? undefined : count(video.width, 'width'),
      height: video.height === undefined ? undefined : count(video.height, 'height'),
      frameRate: video.fps === undefined ? undefined : frameRate(video.fps),
    })}`,
    `    </AdaptationSet>`,
  ];
  if (audio) {
    lines.push(
      `    ${open('AdaptationSet', adaptationSet(1, 'audio'))}`,
      `      ${element('AudioChannelConfiguration', {
        schemeIdUri: CHANNEL_CONFIGURATION_SCHEME,
        value: count(audio.channels, 'channels'),
      })}`,
      ...inbandEvents(audio),
      ...producerReference,
      `      ${segmentTemplate(options, audio)}`,
      `      ${element('Representation', {
        id: 'audio',
        codecs: dashCodec(audio.codec),
        bandwidth: count(Math.ceil(audio.bandwidth), 'audio bandwidth'),
        audioSamplingRate: count(audio.sampleRate, 'sampleRate'),
      })}`,
      `    </AdaptationSet>`,
    );
  }
  (options.text ?? []).forEach((text, index) => {
    lines.push(
      `    ${open('AdaptationSet', {
        id: 2 + index,
        contentType: 'text',
        mimeType: 'application/mp4',
        lang: text.language,
        segmentAlignment: 'true',
        startWithSAP: 1, // every wvtt sample is a sync sample
      })}`,
      ...(text.label === undefined ? [] : [`      <Label>${escapeAttribute(text.label)}</Label>`]),
      `      ${element('Role', { schemeIdUri: ROLE_SCHEME, value: 'subtitle' })}`,
      `      ${segmentTemplate(options, text)}`,
      `      ${element('Representation', {
        id: text.id,
        codecs: 'wvtt',
        bandwidth: count(Math.ceil(text.bandwidth ?? TEXT_BANDWIDTH), 'text bandwidth'),
      })}`,
      `    </AdaptationSet>`,
    );
  });
  lines.push(`  </Period>`, `  ${utcTiming}`, '</MPD>');
  return lines.join('\n') + '\n';
}

function adaptationSet(id: number, kind: 'video' | 'audio'): Attributes {
  return {
    id,
    contentType: kind,
    mimeType: `${kind}/mp4`,
    segmentAlignment: 'true',
    startWithSAP: 1,
  };
}

/**
 * Segment N is at N × d ms (timescale 1000, startNumber 0, presentationTimeOffset 0). While live,
 * a segment may be requested one chunk after it starts: availabilityTimeOffset = d − chunk, in
 * seconds. dash.js takes availabilityTimeOffset from the SegmentTemplate (else from BaseURL), Shaka
 * adds up BaseURL's and the SegmentTemplate's, so it is only here, and we write no BaseURL. dash.js
 * switches to low-latency mode (chunked fetch, live catch-up) when availabilityTimeComplete is false.
 */
function segmentTemplate(
  options: DynamicMpdOptions,
  media: { initUri: string; mediaTemplate: string },
): string {
  const live = !options.ended;
  return element('SegmentTemplate', {
    timescale: 1000,
    duration: options.segmentDurationMs,
    startNumber: 0,
    presentationTimeOffset: 0,
    availabilityTimeOffset: live ? seconds(options.segmentDurationMs - options.chunkDurationMs) : undefined,
    availabilityTimeComplete: live ? 'false' : undefined,
    initialization: media.initUri,
    media: media.mediaTemplate,
  });
}

/**
 * Opus is written `opus`: dash.js hands the string to `MediaSource.isTypeSupported` unchanged, and
 * every Chromium and Firefox accepts that spelling, while only recent ones also take the MP4RA `Opus`
 * (Safari wants `Opus` in MP4; it plays our HLS instead).
 */
function dashCodec(codec: string): string {
  return codec.toLowerCase() === 'opus' ? 'opus' : codec;
}

/** `FrameRateType` is an integer or a fraction (`30`, `30000/1001`), never a decimal. */
function frameRate(fps: number): string {
  if (!Number.isFinite(fps) || fps <= 0) throw new RangeError(`fps must be > 0, got ${fps}`);
  const millis = Math.round(fps * 1000);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}/1000`;
}

function open(name: string, attributes: Attributes): string {
  return `<${name}${attributeText(attributes)}>`;
}

function element(name: string, attributes: Attributes): string {
  return `<${name}${attributeText(attributes)}/>`;
}

function attributeText(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
}

/** XML attribute value: the five entities, and tab/CR/LF as references so they survive normalization. */
export function escapeAttribute(value: string): string {
  // eslint-disable-next-line no-control-regex -- finding the characters XML 1.0 cannot carry
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value)) {
    throw new RangeError(`${JSON.stringify(value)} has a character XML 1.0 cannot carry`);
  }
  return value.replace(/[&<>"'\t\n\r]/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** `xs:duration` in seconds with ms precision: `PT1.000S`, `PT7200.500S`. */
export function duration(ms: number): string {
  return `PT${seconds(ms)}S`;
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`expected a duration >= 0 ms, got ${ms}`);
  return (ms / 1000).toFixed(3);
}

/** `xs:dateTime` in UTC with ms: `2026-11-24T10:00:00.000Z`. */
function isoDate(unixMs: number): string {
  if (!Number.isFinite(unixMs)) throw new RangeError(`expected a Unix time in ms, got ${unixMs}`);
  return new Date(Math.round(unixMs)).toISOString();
}

function count(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${what} must be an integer > 0, got ${value}`);
  return value;
}

function checkOptions(options: DynamicMpdOptions): void {
  const { segmentDurationMs, chunkDurationMs, latency } = options;
  count(segmentDurationMs, 'segmentDurationMs (timescale 1000)');
  if (!(chunkDurationMs > 0 && chunkDurationMs <= segmentDurationMs)) {
    throw new RangeError(`chunkDurationMs must be > 0 and <= segmentDurationMs, got ${chunkDurationMs}`);
  }
  for (const [name, value] of Object.entries(latency)) count(value, `latency.${name}`);
  if (!(latency.minMs <= latency.targetMs && latency.targetMs <= latency.maxMs)) {
    throw new RangeError(
      `latency must be min <= target <= max, got ${latency.minMs} / ${latency.targetMs} / ${latency.maxMs}`,
    );
  }
  checkText(options.text ?? []);
  for (const media of [options.video, options.audio, ...(options.text ?? [])]) {
    if (media && !media.mediaTemplate.includes('$Number$')) {
      throw new RangeError(`mediaTemplate ${JSON.stringify(media.mediaTemplate)} needs $Number$`);
    }
  }
}

/** Representation ids unique and without whitespace (`StringNoWhitespaceType`); lang an RFC 5646 tag. */
function checkText(texts: readonly DashText[]): void {
  const ids = new Set(['video', 'audio']);
  for (const text of texts) {
    if (!/^\S+$/.test(text.id) || ids.has(text.id)) {
      throw new RangeError(
        `text Representation id ${JSON.stringify(text.id)} is empty, has whitespace or is taken`,
      );
    }
    ids.add(text.id);
    if (text.language !== undefined && !/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(text.language)) {
      throw new RangeError(`text lang ${JSON.stringify(text.language)} is not an RFC 5646 tag`);
    }
  }
}
