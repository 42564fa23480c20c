/*
 * duckdb-wasm's worker script (its URL in `?inner=`), run inside a wrapper that times each
 * message's synchronous handling (a statement runs there from start to end) and broadcasts the
 * running total on the 'strata-bench-worker' channel: the benchmark's account of the worker's own
 * busy time. A file of the page's origin, as the page's CSP (worker-src 'self') wants.
 */
importScripts(new URL(location.href).searchParams.get('inner'));
const inner = self.onmessage;
const channel = new BroadcastChannel('strata-bench-worker');
let busyMs = 0;
let messages = 0;
self.onmessage = (event) => {
  const start = performance.now();
  inner.call(self, event);
  busyMs += performance.now() - start;
  messages++;
  channel.postMessage({ busyMs, messages });
};
