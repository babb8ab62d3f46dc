/** Constants shared by the OpenAI-compatible test server (Node) and the browser tests that call it. */

/** The only key the 'auth' model accepts. */
export const TEST_API_KEY = 'test-key-123';

/** The pieces the split-N behaviour streams (multi-byte text, so byte splits land inside characters). */
export const SPLIT_REPLY = ['Grüße ', 'aus ', 'Köln: ', '迷路 ', 'solved 🧩', '\nnext line'];
