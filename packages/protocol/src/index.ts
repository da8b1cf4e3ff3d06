export { parseStreamName, isValidStreamName, type StreamName } from './stream-name';
export {
  offlineStreamInfo,
  type StreamState,
  type TrackKind,
  type TrackInfo,
  type SourceProtocol,
  type SourceInfo,
  type StreamTimeline,
  type StreamInfo,
  type StreamSummary,
  type StreamList,
  type StreamFeedMessage,
} from './stream-info';
export type { ViewerProtocol, BitrateSample, StreamStats, StatsResponse } from './stream-stats';
export { ErrorCodes, isErrorBody, type ErrorBody, type ErrorCode } from './errors';
export {
  WS_CLOSE_KICKED,
  type SessionProtocol,
  type AdminSession,
  type AdminStreamEntry,
  type AdminStream,
  type AdminStreamList,
  type AdminSessionList,
  type AdminConfig,
  type ConfigProblemBody,
  type ConfigInvalidBody,
} from './admin-api';
export {
  TIMECODE_CELLS,
  TIMECODE_TIME_BITS,
  TIMECODE_CRC_BITS,
  TIMECODE_STRIP_FRACTION,
  timecodeStripHeight,
  TIMECODE_SAMPLE_WIDTH,
  timecodeSampleSize,
  frameLatencyMs,
  crc8,
  encodeTimecode,
  decodeTimecodeLevels,
  sampleTimecodeLevels,
  unwrapTimecode,
  decodeTimecode,
} from './timecode';
export { Emitter, reportListenerError, type Listener } from './emitter';
export {
  mp4MimeType,
  parseWsMediaClientMessage,
  parseWsMediaServerMessage,
  type WsMediaTrack,
  type WsMediaServerMessage,
  type WsMediaClientMessage,
} from './ws-media';
export {
  METADATA_TRACK_NAME,
  MAX_METADATA_EVENT_BYTES,
  isValidMetadataTrackName,
  type MetadataTrackKind,
  type MetadataTrack,
  type MetadataEvent,
  type MetadataIngestReply,
} from './metadata';
export {
  ID3_EMSG_SCHEME,
  METADATA_ID3_DESCRIPTION,
  parseEventMessage,
  parseId3TextFrames,
  metadataEventFromId3,
  metadataEventFromId3Frame,
  metadataEventFromEmsg,
  metadataEventFromJson,
  metadataEventFromValue,
  type EventMessageBox,
  type Id3TextFrame,
} from './metadata-id3';
export { WHEP_METADATA_CHANNEL, parseWhepMetadataMessage, type WhepMetadataMessage } from './whep-metadata';
export {
  SEI_TIMECODE_UUID,
  seiTimecodeNal,
  readSeiTimecode,
  findSeiTimecodeAvcc,
  findSeiTimecodeAnnexB,
  findSeiTimecodeRtp,
  annexBUnits,
  unescapeRbsp,
} from './sei-timecode';
