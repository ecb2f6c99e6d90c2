/**
 * Escaping for everything a report embeds. Histories can come from anywhere (a Jepsen file, a
 * hostile key), so no value ever reaches the page as markup.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes so no
 * string can close the script element or open a comment, and U+2028/2029 cannot end a line.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A link target a report may carry: a relative path only. Anything with a scheme
 * (`javascript:`, `http:`, `file:`), a protocol-relative `//host` or a backslash trick is refused
 * (null), so a crafted summary can neither run script nor reach the network.
 */
export function safeRelativeHref(path: string): string | null {
  if (path.length === 0 || /^[\s]/.test(path)) return null;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) return null;
  if (path.startsWith('//') || path.includes('\\')) return null;
  if (/[\u0000-\u001f\u007f]/.test(path)) return null;
  return path
    .split('/')
    .map((segment) => encodeURIComponent(decodeSafely(segment)))
    .join('/');
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A short, single-line rendering of any value (op values, params), cut to `max` characters. */
export function describeValue(value: unknown, max = 120): string {
  let text: string;
  if (value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
