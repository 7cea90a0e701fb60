/** Bytes done and expected for one file of a download, for progress bars. */
export interface DownloadProgress {
  file: string;
  bytesDone: number;
  /** Null when the server did not say and the size is not known in advance. */
  bytesTotal: number | null;
}

export type ProgressListener = (progress: DownloadProgress) => void;
