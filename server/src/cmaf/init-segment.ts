import { BoxWriter } from './box-writer';
import type { CmafTrack } from './cmaf-sample';
import { fileType, initBrands } from './file-type';

type VideoTrack = Extract<CmafTrack, { kind: 'video' }>;
type AudioTrack = Extract<CmafTrack, { kind: 'audio' }>;
type TextTrack = Extract<CmafTrack, { kind: 'text' }>;

/** Movie timescale: only `mvhd`/`tkhd` durations use it, and live tracks have none (0). */
const MOVIE_TIMESCALE = 1000;
/** Unity transformation matrix of `mvhd`/`tkhd` (16.16 and 2.30 fixed point). */
const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
/** `tkhd` flags: track_enabled | track_in_movie. */
const TRACK_ENABLED_IN_MOVIE = 0x000003;
/** ISO 639-2 "und", packed as three 5-bit letters (each minus 0x60). */
const LANGUAGE_UND = 0x55c4;
const HANDLERS = {
  video: { type: 'vide', name: 'VideoHandler' },
  audio: { type: 'soun', name: 'SoundHandler' },
  // ISO/IEC 14496-30 §7.2: WebVTT tracks use the text handler.
  text: { type: 'text', name: 'TextHandler' },
} as const;
/** `vttC` is a boxstring: UTF-8 filling the box, no terminating NUL. */
const WEBVTT_HEADER = new TextEncoder().encode('WEBVTT');

/**
 * The init segment (`ftyp` + `moov`) of a fragmented file: sample tables are empty and `mvex`
 * announces that every sample lives in movie fragments. Pass one track for a CMAF track file (what
 * an LL-HLS or DASH rendition wants) or several for a multiplexed file (fMP4 over WebSocket,
 * progressive `.mp4`). No `mehd`: a live presentation has no known duration.
 */
export function initSegment(
  tracks: readonly CmafTrack[],
  brands: readonly string[] = initBrands,
): Uint8Array {
  checkTracks(tracks);
  const ftyp = fileType(brands);
  const writer = new BoxWriter(1024);
  writer.bytes(ftyp);
  writer.box('moov', (w) => {
    movieHeader(w, Math.max(...tracks.map((track) => track.id)) + 1);
    for (const track of tracks) trackBox(w, track);
    w.box('mvex', (mvex) => {
      for (const track of tracks) trackExtends(mvex, track.id);
    });
  });
  return writer.toBytes();
}

function checkTracks(tracks: readonly CmafTrack[]): void {
  if (tracks.length === 0) throw new RangeError('an init segment needs at least one track');
  const ids = new Set<number>();
  for (const track of tracks) {
    if (!Number.isInteger(track.id) || track.id < 1 || track.id >= 2 ** 32 - 1) {
      throw new RangeError(`track id must be an integer from 1 to 2^32 - 2, got ${track.id}`);
    }
    if (ids.has(track.id)) throw new RangeError(`track id ${track.id} is used twice`);
    ids.add(track.id);
    if (track.kind === 'audio' && track.channels !== 1 && track.channels !== 2) {
      // Channel mapping family 0 (the only one written here) is defined for mono and stereo only.
      throw new RangeError(
        `Opus track ${track.id} has ${track.channels} channels; only 1 or 2 are supported`,
      );
    }
  }
}

function movieHeader(w: BoxWriter, nextTrackId: number): void {
  w.fullBox('mvhd', 0, 0, (b) => {
    b.u32(0).u32(0); // creation / modification time: unknown for a live stream
    b.u32(MOVIE_TIMESCALE).u32(0); // duration 0: everything is in fragments
    b.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
    for (const value of UNITY_MATRIX) b.u32(value);
    b.zeros(24); // pre_defined
    b.u32(nextTrackId);
  });
}

function trackBox(w: BoxWriter, track: CmafTrack): void {
  w.box('trak', (trak) => {
    trackHeader(trak, track);
    trak.box('mdia', (mdia) => {
      mdia.fullBox('mdhd', 0, 0, (b) => {
        b.u32(0).u32(0).u32(track.timescale).u32(0);
        b.u16(LANGUAGE_UND).u16(0);
      });
      // mdhd holds only ISO 639-2 codes; the extended language box carries the RFC 5646 tag.
      if (track.kind === 'text' && track.language !== undefined) {
        const language = track.language;
        mdia.fullBox('elng', 0, 0, (b) => b.cstring(language));
      }
      mdia.fullBox('hdlr', 0, 0, (b) => {
        b.u32(0).fourcc(HANDLERS[track.kind].type).zeros(12);
        b.cstring(HANDLERS[track.kind].name);
      });
      mdia.box('minf', (minf) => {
        if (track.kind === 'video') minf.fullBox('vmhd', 0, 1, (b) => b.u16(0).zeros(6));
        else if (track.kind === 'audio') minf.fullBox('smhd', 0, 0, (b) => b.i16(0).u16(0));
        // ISO/IEC 14496-30 §7.2: a WebVTT track has the null media header.
        else minf.fullBox('nmhd', 0, 0, () => {});
        minf.box('dinf', (dinf) =>
          // One self-contained data reference: the samples are in this file ('url ' flag 1).
          dinf.fullBox('dref', 0, 0, (dref) => dref.u32(1).fullBox('url ', 0, 1, () => {})),
        );
        sampleTable(minf, track);
      });
    });
  });
}

function trackHeader(w: BoxWriter, track: CmafTrack): void {
  w.fullBox('tkhd', 0, TRACK_ENABLED_IN_MOVIE, (b) => {
    b.u32(0).u32(0).u32(track.id).u32(0).u32(0); // times, track_ID, reserved, duration
    b.zeros(8).u16(0).u16(0); // reserved, layer, alternate_group
    b.u16(track.kind === 'audio' ? 0x0100 : 0).u16(0); // volume, reserved
    for (const value of UNITY_MATRIX) b.u32(value);
    const [width, height] = track.kind === 'video' ? [track.width, track.height] : [0, 0];
    b.u32(fixed16(width)).u32(fixed16(height));
  });
}

function sampleTable(w: BoxWriter, track: CmafTrack): void {
  w.box('stbl', (stbl) => {
    stbl.fullBox('stsd', 0, 0, (stsd) => {
      stsd.u32(1);
      if (track.kind === 'video') avcSampleEntry(stsd, track);
      else if (track.kind === 'audio') opusSampleEntry(stsd, track);
      else webvttSampleEntry(stsd, track);
    });
    // Empty tables: required by the box structure, all samples come in fragments.
    stbl.fullBox('stts', 0, 0, (b) => b.u32(0));
    stbl.fullBox('stsc', 0, 0, (b) => b.u32(0));
    stbl.fullBox('stsz', 0, 0, (b) => b.u32(0).u32(0));
    stbl.fullBox('stco', 0, 0, (b) => b.u32(0));
  });
}

/** VisualSampleEntry 'avc1' (ISO/IEC 14496-15): parameter sets live in `avcC`, not in the samples. */
function avcSampleEntry(w: BoxWriter, track: VideoTrack): void {
  w.box('avc1', (b) => {
    b.zeros(6).u16(1); // reserved, data_reference_index
    b.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined
    b.u16(track.width).u16(track.height);
    b.u32(0x00480000).u32(0x00480000); // 72 dpi
    b.u32(0).u16(1); // reserved, frame_count
    b.zeros(32); // compressorname: empty Pascal string
    b.u16(0x0018).i16(-1); // depth 24, pre_defined
    b.box('avcC', (avcC) => avcC.bytes(track.avcC));
  });
}

/** AudioSampleEntry 'Opus' + 'dOps' (Encapsulation of Opus in ISO BMFF, §4.3.1–4.3.2). */
function opusSampleEntry(w: BoxWriter, track: AudioTrack): void {
  w.box('Opus', (b) => {
    b.zeros(6).u16(1); // reserved, data_reference_index
    b.zeros(8); // reserved
    b.u16(track.channels).u16(16); // channelcount = OutputChannelCount, samplesize 16
    b.u16(0).u16(0); // pre_defined, reserved
    b.u32(fixed16(48000)); // samplerate 48000 << 16, whatever the input rate was
    b.box('dOps', (dOps) => {
      dOps.u8(0); // Version
      dOps.u8(track.channels); // OutputChannelCount
      dOps.u16(track.preSkip);
      dOps.u32(track.sampleRate); // InputSampleRate
      dOps.i16(0); // OutputGain
      dOps.u8(0); // ChannelMappingFamily 0: mono/stereo, no mapping table
    });
  });
}

/**
 * WVTTSampleEntry (ISO/IEC 14496-30 §7.5): a plain sample entry with the `vttC` configuration box,
 * whose text is the WebVTT file header (the samples bring the cues). We have no header beyond the
 * signature: no regions or style blocks.
 */
function webvttSampleEntry(w: BoxWriter, track: TextTrack): void {
  w.box(track.codec, (b) => {
    b.zeros(6).u16(1); // reserved, data_reference_index
    b.box('vttC', (vttC) => vttC.bytes(WEBVTT_HEADER));
  });
}

function trackExtends(w: BoxWriter, trackId: number): void {
  // Defaults stay 0: every trun carries its own durations, sizes and flags (CMAF `cmf2` asks the same).
  w.fullBox('trex', 0, 0, (b) => b.u32(trackId).u32(1).u32(0).u32(0).u32(0));
}

function fixed16(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** 16) {
    throw new RangeError(`dimension out of range for 16.16 fixed point: ${value}`);
  }
  return value * 0x10000;
}
