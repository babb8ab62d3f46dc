/** Saving the chart: as a standalone SVG (with its legend drawn in) and as a PNG. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The chart's <svg> inside the element Plot returned (a <figure> when it has a legend). */
function chartSvg(root: Element): SVGSVGElement | null {
  if (root instanceof SVGSVGElement) return root;
  const all = [...root.querySelectorAll('svg')];
  return all.find((s) => !s.closest('[class*="-swatches"]')) ?? null;
}

/** The legend's entries (label and colour) from Plot's swatches. */
function legendEntries(root: Element): { label: string; color: string }[] {
  return [...root.querySelectorAll('[class$="-swatch"]')]
    .filter((el) => el.querySelector('svg') !== null)
    .map((el) => ({
      label: (el.textContent ?? '').trim(),
      // Plot puts the colour on the swatch's <svg> itself.
      color: el.querySelector('svg')?.getAttribute('fill') ?? 'black',
    }));
}

/**
 * A standalone SVG document of the chart: the plot with its legend drawn as SVG text above it, links
 * kept out (they point into this lab), fonts inline.
 */
export function chartSvgText(root: Element): string {
  const svg = chartSvg(root);
  if (!svg) throw new Error('The chart has not been drawn yet.');
  const width = Number(svg.getAttribute('width') ?? 640);
  const height = Number(svg.getAttribute('height') ?? 320);
  const entries = legendEntries(root);
  const legendHeight = entries.length * 20 + 10;
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height + legendHeight));
  out.setAttribute('viewBox', `0 0 ${width} ${height + legendHeight}`);
  out.setAttribute('font-family', 'system-ui, sans-serif');
  out.setAttribute('font-size', '13');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', 'white');
  out.append(background);
  entries.forEach((entry, i) => {
    const swatch = document.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', '10');
    swatch.setAttribute('y', String(8 + i * 20));
    swatch.setAttribute('width', '12');
    swatch.setAttribute('height', '12');
    swatch.setAttribute('fill', entry.color);
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', '28');
    text.setAttribute('y', String(18 + i * 20));
    text.textContent = entry.label;
    out.append(swatch, text);
  });
  const body = svg.cloneNode(true) as SVGSVGElement;
  body.setAttribute('y', String(legendHeight));
  // Links point into this lab; in a saved file they would be dead.
  for (const a of body.querySelectorAll('a')) a.replaceWith(...a.childNodes);
  out.append(body);
  return new XMLSerializer().serializeToString(out);
}

/** The chart as PNG bytes at `scale` × its size. */
export async function chartPng(root: Element, scale = 2): Promise<Blob> {
  const text = chartSvgText(root);
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const width = Number(doc.getAttribute('width'));
  const height = Number(doc.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw to a canvas.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
