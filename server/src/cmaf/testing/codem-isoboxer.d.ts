/**
 * The part of codem-isoboxer (dash.js's ISO BMFF parser, a dependency of dashjs) that the wvtt test
 * uses to read fragments the way dash.js does. The package ships no types.
 */
declare module 'codem-isoboxer' {
  interface IsoBox {
    type: string;
    boxes?: IsoBox[];
    [field: string]: unknown;
  }
  interface IsoFile {
    boxes: IsoBox[];
    fetch(type: string): IsoBox | undefined;
    fetchAll(type: string): IsoBox[];
  }
  const ISOBoxer: { parseBuffer(buffer: ArrayBuffer): IsoFile };
  export default ISOBoxer;
}
