/** IPC between the cluster's front process and its workers (`child_process` messages, JSON). */

/** Front → worker. */
export type ToWorker =
  /**
   * A client connection handed over with the message (its socket as the send handle): `head` is what
   * the front already read of it (base64), to be replayed before the socket's own bytes.
   */
  | { type: 'connection'; head: string }
  /** Every worker's loopback port (null while one restarts), for pulls between workers. */
  | { type: 'peers'; ports: (number | null)[] };

/** Worker → front. */
export type ToPrimary =
  /** Listening on 127.0.0.1:`port`; requests may be forwarded. */
  { type: 'ready'; port: number };
