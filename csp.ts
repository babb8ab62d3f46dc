/**
 * The production build's Content-Security-Policy: scripts only from this origin (no inline script,
 * no `eval`), WebAssembly compiled for the engines and the code sandbox, workers from this origin or
 * a `blob:` URL (wllama starts its own), no plugins, no `<base>` or form elsewhere. Models and
 * OpenAI-compatible servers live at whatever origin a person types or pastes (a laptop's llama.cpp,
 * a LAN's vLLM, Hugging Face), and a static policy cannot know them in advance, so `connect-src`
 * allows any http(s) origin; a link never connects anywhere without a click (the lab's own rule).
 * Styles allow inline: Svelte writes `style` attributes (bar widths, the maze grid).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' https: http: blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
