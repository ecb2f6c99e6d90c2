/**
 * The shell every report shares: one self-contained HTML document. The Content-Security-Policy
 * forbids the page any network access (no fetch, no external script, style, font or image), so
 * a report opened from disk can never reach out, whatever a history contains.
 */
import { escapeHtml } from './escape.js';
import { BASE_CSS } from './style.js';

export interface PageParts {
  title: string;
  /** Extra CSS for this kind of report. */
  css?: string;
  /** Already-escaped body markup. */
  body: string;
  /** Inline scripts, in order; data goes in `<script type="application/json">` inside the body. */
  scripts?: string[];
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderPage(parts: PageParts): string {
  const scripts = (parts.scripts ?? []).map((s) => `<script>${s.replace(/<\/(script)/gi, '<\\/$1')}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lockstep">
<title>${escapeHtml(parts.title)}</title>
<style>
${BASE_CSS}
${parts.css ?? ''}
</style>
</head>
<body>
${parts.body}
${scripts}
</body>
</html>
`;
}
