/**
 * The search params of the address bar as they are now.
 *
 * React Router 7 applies a navigation inside a transition, so the params a component rendered with can lag the URL
 * by a render. A page that merges a patch into "the current view" must read the URL itself; otherwise two filters
 * changed in quick succession (or on a busy machine) lose the first change.
 */
export function currentSearchParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}
