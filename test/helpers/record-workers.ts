/**
 * From the call on, the URL of every Worker the page creates (a test's way to see which engine
 * files load, and that nothing starts a worker from elsewhere). No imports: a test calls it first.
 */
export function recordWorkers(): string[] {
  const urls: string[] = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      urls.push(new URL(String(url), location.href).href);
    }
  };
  return urls;
}
