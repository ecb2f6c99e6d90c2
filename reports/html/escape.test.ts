import { describe, expect, it } from 'vitest';
import { describeValue, embedJson, escapeHtml, safeRelativeHref } from './escape.js';

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml("a & 'b'")).toBe('a &amp; &#39;b&#39;');
  });
  it('renders non-strings as their text', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });
});

describe('embedJson', () => {
  it('cannot close the script element it sits in, and reads back unchanged', () => {
    const value = { key: '</script><script>alert(1)</script>', note: '<!-- & -->', sep: '\u2028\u2029' };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });
});

describe('safeRelativeHref', () => {
  it('keeps relative paths to run reports', () => {
    expect(safeRelativeHref('runs/gc-pause-zombie/unsafe/seed-7/report.html')).toBe('runs/gc-pause-zombie/unsafe/seed-7/report.html');
    expect(safeRelativeHref('../a b/report.html')).toBe('../a%20b/report.html');
  });
  it('refuses anything that could run script or reach the network', () => {
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'https://example.com/x', 'http://x', '//evil.com/x', 'data:text/html,hi', 'file:///etc/passwd', '\\\\evil\\x', ' javascript:x', 'a\u0000b', '']) {
      expect(safeRelativeHref(bad), bad).toBeNull();
    }
  });
  it('encodes characters that would end the attribute or start a fragment', () => {
    expect(safeRelativeHref('runs/"x"#<y>.html')).toBe('runs/%22x%22%23%3Cy%3E.html');
  });
});

describe('describeValue', () => {
  it('shows values on one line, cut to length', () => {
    expect(describeValue({ token: 3, value: 'a\nb' })).toBe('{"token":3,"value":"a\\nb"}');
    expect(describeValue('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(describeValue(undefined)).toBe('');
  });
});
