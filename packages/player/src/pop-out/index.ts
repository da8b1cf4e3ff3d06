export { openPopOut, popOutAvailable, type PopOut, type PopOutOptions } from './pop-out-window';
export { PopOutError, type PopOutErrorCode } from './pop-out-error';
export {
  documentPip,
  type DocumentPictureInPicture,
  type DocumentPictureInPictureOptions,
} from './document-pip';
/** Test double of `window.documentPictureInPicture` for DOM unit tests (tree-shaken from builds). */
export { createFakeDocumentPip, type FakePipWindow } from './fake-document-pip';
