/** Saving a file from the page: a Blob behind a temporary object URL and a clicked link. */

/** Offer `text` as a download named `fileName`. */
export function downloadText(text: string, fileName: string, type = 'application/x-ndjson'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** Offer a Blob (an export made in the worker, a PNG) as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
