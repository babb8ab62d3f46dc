/** Presenter mode in the URL's query (`?present`): read, and written in or out keeping the rest. */

/** Whether a URL's query asks for presenter mode (`?present`, `?present=1`; not `?present=0`). */
export function presentRequested(search: string): boolean {
  const value = new URLSearchParams(search).get('present');
  return value !== null && value !== '0' && value !== 'false';
}

/** `search` with presenter mode on or off, the other parameters kept: "?present&x=1", "?x=1", "". */
export function withPresent(search: string, present: boolean): string {
  const params = new URLSearchParams(search);
  params.delete('present');
  const rest = params.toString();
  const query = present ? (rest ? `present&${rest}` : 'present') : rest;
  return query ? `?${query}` : '';
}
