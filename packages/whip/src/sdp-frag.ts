/**
 * SDP fragments for trickle ICE and ICE restarts (`application/trickle-ice-sdpfrag`, RFC 8840).
 * Pure text helpers: no RTCPeerConnection here, so they are tested on strings.
 */

export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

export interface FragCandidate {
  mid: string;
  candidate: string;
}

/** Reads the session's first ice-ufrag / ice-pwd (bundled sessions share one pair). */
export function readIceCredentials(sdp: string): IceCredentials | undefined {
  const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
  const pwd = /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1];
  return ufrag && pwd ? { ufrag, pwd } : undefined;
}

/** The mid of the first media section: bundled candidates all travel on it. */
export function firstMid(sdp: string): string | undefined {
  return /^a=mid:(\S+)/m.exec(sdp)?.[1];
}

/**
 * Builds a fragment carrying candidates, and credentials when restarting ICE. `candidate` values are
 * `candidate:...` lines without the `a=` prefix, as RTCIceCandidate.candidate gives them.
 */
export function buildSdpFrag(options: {
  credentials?: IceCredentials;
  mid: string;
  candidates: readonly string[];
  endOfCandidates?: boolean;
}): string {
  const lines: string[] = [];
  if (options.credentials) {
    lines.push(`a=ice-ufrag:${options.credentials.ufrag}`, `a=ice-pwd:${options.credentials.pwd}`);
  }
  lines.push('m=audio 9 RTP/AVP 0', `a=mid:${options.mid}`);
  for (const c of options.candidates) lines.push(`a=${c}`);
  if (options.endOfCandidates) lines.push('a=end-of-candidates');
  return lines.join('\r\n') + '\r\n';
}

/** Reads credentials and candidates from a fragment the server sent back after an ICE restart. */
export function parseSdpFrag(frag: string): { credentials?: IceCredentials; candidates: FragCandidate[] } {
  const credentials = readIceCredentials(frag);
  const candidates: FragCandidate[] = [];
  let mid = '0';
  for (const raw of frag.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('a=mid:')) mid = line.slice(6);
    else if (line.startsWith('a=candidate:')) candidates.push({ mid, candidate: line.slice(2) });
  }
  return credentials ? { credentials, candidates } : { candidates };
}

/** Replaces every ice-ufrag/ice-pwd in a description (an ICE restart answer keeps everything else). */
export function replaceIceCredentials(sdp: string, credentials: IceCredentials): string {
  return sdp
    .replace(/^a=ice-ufrag:\S+/gm, `a=ice-ufrag:${credentials.ufrag}`)
    .replace(/^a=ice-pwd:\S+/gm, `a=ice-pwd:${credentials.pwd}`)
    .replace(/^a=candidate:.*\r?\n/gm, '')
    .replace(/^a=end-of-candidates\r?\n/gm, '');
}
