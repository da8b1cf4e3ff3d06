export { WhipSession, type WhipSessionOptions } from './whip-session';
export { WhipError, type WhipErrorCode } from './whip-error';
export { parseIceServerLinks } from './link-header';
export {
  buildSdpFrag,
  parseSdpFrag,
  readIceCredentials,
  replaceIceCredentials,
  firstMid,
  type IceCredentials,
  type FragCandidate,
} from './sdp-frag';
export { preferCodec } from './codec-preferences';
