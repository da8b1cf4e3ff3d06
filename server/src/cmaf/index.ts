export type { CmafSample, CmafTrack } from './cmaf-sample';
export { BoxWriter } from './box-writer';
export { fileType, initBrands, segmentBrands, segmentType } from './file-type';
export { initSegment } from './init-segment';
export {
  fragment,
  NON_SYNC_SAMPLE_FLAGS,
  SYNC_SAMPLE_FLAGS,
  type FragmentOptions,
  type FragmentTrack,
} from './fragment';
export { eventMessage, ID3_SCHEME_ID_URI, UNKNOWN_EVENT_DURATION, type EventMessage } from './emsg';
export { id3TextTag } from './id3';
export { ID3_BRAND, metadataEmsg } from './metadata-emsg';
export {
  checkCue,
  cuesOverlapping,
  cueText,
  DEFAULT_SUBTITLE_DURATION_MS,
  subtitleCue,
  type SubtitleCue,
} from './subtitle-cue';
export { producerReferenceTime, unixMsToNtp, type ProducerReference } from './prft';
export { wvttFragment, wvttInitBrands, wvttInitSegment, type WvttFragmentOptions } from './wvtt';
