/**
 * Text from the results made safe for the page: escaped for HTML content and attributes, or
 * JSON that cannot end the `<script>` element it sits in.
 */

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a `<script>` element: no `<` (so no `</script>` or `<!--`) and no
 *  U+2028/2029 line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
