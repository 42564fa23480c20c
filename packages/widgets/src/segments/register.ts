import { StrataSegments } from './segments.ts';

if (!customElements.get('strata-segments')) customElements.define('strata-segments', StrataSegments);

declare global {
  interface HTMLElementTagNameMap {
    'strata-segments': StrataSegments;
  }
}
